"""The staff screens that change a setting: sound and voice (with the speaker and microphone
tests), text size, and the waiting times. Each change is used at once (ui.admin.part) and
saved to the config file; the news line says which."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.admin.base import AdminScreen

if TYPE_CHECKING:
    from ui.admin.part import AdminPart
    from ui.admin.sound_check import Recording
    from ui.context import AppContext
    from ui.navigator import Navigator

log = logging.getLogger("kiosk.admin")

FONT_SCALES = (100, 125, 150, 175, 200)
SIGN_OUT_TIMES_S = (60, 90, 120, 180, 300, 600)
SOS_COUNTDOWNS_S = tuple(range(3, 16))
VOLUMES = tuple(range(0, 101, 10))
SPEAKING_RATES = tuple(range(80, 261, 20))


def step(choices: Sequence[int], value: int, direction: int) -> int:
    """The next choice above (``direction`` 1) or below (-1) ``value``, or ``value``."""
    if direction > 0:
        return next((c for c in choices if c > value), value)
    return next((c for c in reversed(choices) if c < value), value)


class SteppedRow:
    """A number setting: its words ("Volume: 90 %") and a button down and one up."""

    def __init__(
        self,
        screen: AdminScreen,
        key: str,
        choices: Sequence[int],
        words: Callable[[int], str],
        down: tuple[str, str],
        up: tuple[str, str],
    ) -> None:
        self.screen, self.key, self.choices, self.words = screen, key, choices, words
        self.value = screen.label("")
        self.value.setObjectName(f"value_{key}")
        self.down = screen.button(*down, lambda: self.move(-1), f"{key}_down")
        self.up = screen.button(*up, lambda: self.move(1), f"{key}_up")
        screen.add_row(self.value, [self.down, self.up])
        self.show()

    def current(self) -> int:
        return int(getattr(self.screen.ctx.config, self.key))

    def show(self) -> None:
        value = self.current()
        self.value.setText(self.words(value))
        self.down.setEnabled(step(self.choices, value, -1) != value)
        self.up.setEnabled(step(self.choices, value, 1) != value)

    def move(self, direction: int) -> None:
        value = step(self.choices, self.current(), direction)
        if value == self.current():
            return
        self.screen.part.change(self.key, value, self.screen.saved_news(self.words(value)))
        self.screen.changed(self.key)


class SwitchRow:
    """An on/off setting: its words ("Speech: on") and one button to turn it the other way."""

    def __init__(self, screen: AdminScreen, key: str, name: Callable[[], str]) -> None:
        self.screen, self.key, self.name = screen, key, name
        self.value = screen.label("")
        self.value.setObjectName(f"value_{key}")
        self.toggle = screen.button("", "", self.flip, f"{key}_switch")
        screen.add_row(self.value, [self.toggle])
        self.show()

    def on(self) -> bool:
        return bool(getattr(self.screen.ctx.config, self.key))

    def words(self, on: bool) -> str:
        translate = QCoreApplication.translate
        state = translate("AdminScreen", "on") if on else translate("AdminScreen", "off")
        words = translate("AdminScreen", "%1: %2", "a setting and its state: Speech: on")
        return words.replace("%1", self.name()).replace("%2", state)

    def show(self) -> None:
        self.value.setText(self.words(self.on()))
        label = (
            QCoreApplication.translate("AdminScreen", "Turn off")
            if self.on()
            else QCoreApplication.translate("AdminScreen", "Turn on")
        )
        self.toggle.set_label(label, f"{label}: {self.name()}")

    def flip(self) -> None:
        on = not self.on()
        self.screen.part.change(self.key, on, self.screen.saved_news(self.words(on)))
        self.show()


class SoundScreen(AdminScreen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav, part)
        self.speech = SwitchRow(self, "speech_enabled", lambda: self.tr("Speech"))
        self.volume = SteppedRow(
            self,
            "speech_volume",
            VOLUMES,
            lambda v: self.tr("Volume: %1 %").replace("%1", str(v)),
            (self.tr("Quieter"), self.tr("Speak more quietly")),
            (self.tr("Louder"), self.tr("Speak more loudly")),
        )
        self.rate = SteppedRow(
            self,
            "speech_rate",
            SPEAKING_RATES,
            lambda v: self.tr("Speed: %1 words a minute").replace("%1", str(v)),
            (self.tr("Slower"), self.tr("Speak more slowly")),
            (self.tr("Faster"), self.tr("Speak faster")),
        )
        self.voice = SwitchRow(self, "voice_enabled", lambda: self.tr("Voice commands"))
        self.speaker_button = self.button(
            self.tr("Test the speaker"),
            self.tr("Say a sentence aloud"),
            self.test_speaker,
            "admin_test_speaker",
        )
        self.microphone_button = self.button(
            self.tr("Test the microphone"),
            self.tr("Record three seconds, show how loud, and play it back"),
            self.test_microphone,
            "admin_test_microphone",
        )
        self.pager.add_grid([self.speaker_button, self.microphone_button], 2)

    def title(self) -> str:
        return self.tr("Sound and voice")

    def changed(self, key: str) -> None:
        for row in (self.volume, self.rate):
            row.show()

    def test_speaker(self) -> None:
        speaker = self.ctx.speaker
        if not speaker.enabled:
            self.say_news(self.tr("Speech is off: turn it on to hear the test."))
            return
        speaker.recheck_audio()  # a speaker plugged in since the last failure
        speaker.say(
            self.tr("This is the speaker test. If you can hear this sentence, the speaker works.")
        )
        self.say_news(
            self.tr("Speaking a test sentence now. If nothing is heard, check the speaker.")
        )

    def test_microphone(self) -> None:
        from ui.admin.sound_check import record

        self.microphone_button.setEnabled(False)
        self.say_news(self.tr("Recording for three seconds: please speak now."))
        self.part.sound.run(
            lambda: record(self.part.open_microphone), self._recorded, self._no_recording
        )

    def _no_recording(self, error: BaseException) -> None:
        log.warning("microphone test: %s", error)
        self.microphone_button.setEnabled(True)
        self.say_news(
            self.tr("The microphone could not be used. Check that it is plugged in. (%1)").replace(
                "%1", str(error)
            )
        )

    def _recorded(self, recording: Recording) -> None:
        from ui.admin.sound_check import play
        from voice.audio_out import AplaySink

        self.microphone_button.setEnabled(True)
        level = (
            f"{recording.peak_dbfs:.0f} dB" if recording.peak_dbfs > -1000 else self.tr("silence")
        )
        verdict = {
            "clear": self.tr("A voice comes through clearly (loudest %1). Playing it back now."),
            "quiet": self.tr("Heard, but quietly (loudest %1): speak closer or check the level."),
            "silent": self.tr("Nothing was heard (%1). Check the microphone and its cable."),
        }[recording.verdict].replace("%1", level)
        log.info("microphone test: loudest %s, %s", level, recording.verdict)
        self.say_news(verdict)
        if recording.verdict != "silent":
            sink = self.part.sound_sink or AplaySink()
            self.part.sound.run(
                lambda: play(recording.pcm, sink),
                None,
                lambda error: self.say_news(
                    self.tr("The recording could not be played back (%1).").replace(
                        "%1", str(error)
                    )
                ),
            )


class TextSizeScreen(AdminScreen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav, part)
        self.scale_row = SteppedRow(
            self,
            "font_scale",
            FONT_SCALES,
            lambda v: self.tr("Text size: %1 %").replace("%1", str(v)),
            (self.tr("Smaller"), self.tr("Make the words smaller")),
            (self.tr("Larger"), self.tr("Make the words larger")),
        )

    def title(self) -> str:
        return self.tr("Text size")

    def changed(self, key: str) -> None:
        # Every screen is built again on the new theme, this one too, with the news kept.
        news = self._news_text
        again = TextSizeScreen(self.ctx, self.nav, self.part)
        self.nav.replace(again)
        again.say_news(news)


class TimesScreen(AdminScreen):
    def __init__(self, ctx: AppContext, nav: Navigator, part: AdminPart) -> None:
        super().__init__(ctx, nav, part)
        self.sign_out = SteppedRow(
            self,
            "idle_signout_s",
            SIGN_OUT_TIMES_S,
            lambda v: self.tr("Sign-out time: %1 seconds").replace("%1", str(v)),
            (self.tr("Sooner"), self.tr("Sign residents out sooner")),
            (self.tr("Later"), self.tr("Sign residents out later")),
        )
        self.countdown = SteppedRow(
            self,
            "sos_countdown_s",
            SOS_COUNTDOWNS_S,
            lambda v: self.tr("SOS countdown: %1 seconds").replace("%1", str(v)),
            (self.tr("Shorter"), self.tr("Make the SOS countdown shorter")),
            (self.tr("Longer"), self.tr("Make the SOS countdown longer")),
        )

    def title(self) -> str:
        return self.tr("Time limits")

    def changed(self, key: str) -> None:
        for row in (self.sign_out, self.countdown):
            row.show()
