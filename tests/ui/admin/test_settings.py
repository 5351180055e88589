"""Each staff setting is used at once and kept in the config file; the speaker and the
microphone tests work with pretend devices and say plainly when a device fails."""

from __future__ import annotations

import array
import math
from pathlib import Path

from tests.helpers.admin import StaffKiosk
from tests.helpers.audio import write_wav
from tests.helpers.kiosk_fixtures import KioskFactory
from voice.audio_in import WavFileSource
from voice.audio_out import MemorySink
from voice.errors import VoiceUnavailable


def staff(kiosk_factory: KioskFactory, tmp_path: Path, **options: object) -> StaffKiosk:
    return StaffKiosk(kiosk_factory(language="en_US", **options), tmp_path)


def test_volume_rate_and_speech_apply_to_the_speaker_and_are_saved(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    screen = admin.open_section("admin_sound")
    kiosk = admin.kiosk
    admin.tap(screen.volume.up)
    admin.tap(screen.rate.down)
    admin.tap(screen.rate.down)
    speaker = kiosk.ctx.speaker
    assert (speaker.volume, speaker.rate) == (100, 120)
    assert not screen.volume.up.isEnabled()  # 100 % is the most
    assert screen.volume.value.text() == "Volume: 100 %"
    admin.tap(screen.speech.toggle)
    assert speaker.enabled is False
    assert admin.saved() == {"speech_volume": 100, "speech_rate": 120, "speech_enabled": False}
    assert "Speech: off: saved." in screen.news.text()


def test_voice_commands_off_hides_the_speak_button(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    screen = admin.open_section("admin_sound")
    assert admin.kiosk.window.speak_button.isVisibleTo(admin.kiosk.window)
    admin.tap(screen.voice.toggle)
    assert not admin.kiosk.window.speak_button.isVisibleTo(admin.kiosk.window)
    assert admin.saved() == {"voice_enabled": False}


def test_a_larger_text_size_rebuilds_the_screens_on_a_new_theme(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    kiosk = admin.kiosk
    screen = admin.open_section("admin_text_size")
    old_body = kiosk.ctx.theme.pt(20)
    admin.tap(screen.scale_row.up)
    new_screen = kiosk.current()
    assert new_screen is not screen and new_screen.title() == "Text size"
    assert kiosk.ctx.theme.font_scale == 125
    assert kiosk.ctx.theme.pt(20) > old_body
    assert f"font-size: {kiosk.ctx.theme.pt(20)}px" in kiosk.window.styleSheet()
    assert new_screen.scale_row.value.text() == "Text size: 125 %"
    assert admin.saved() == {"font_scale": 125}
    kiosk.qtbot.waitUntil(lambda: "saved" in new_screen.news.text())


def test_sign_out_time_and_sos_countdown_apply_and_are_saved(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path, mode="kiosk")
    kiosk = admin.kiosk
    screen = admin.open_section("admin_times")
    admin.tap(screen.sign_out.up)
    admin.tap(screen.countdown.up)
    admin.tap(screen.countdown.up)
    assert kiosk.idle.idle.timeout_s == 180  # the residents' sign-out
    assert admin.part.idle.timeout_s == 180  # and the staff's own session
    assert kiosk.ctx.config.sos_countdown_s == 7
    assert admin.saved() == {"idle_signout_s": 180, "sos_countdown_s": 7}
    kiosk.window.home()
    kiosk.window.start_sos()
    assert kiosk.current().countdown.remaining == 7  # type: ignore[attr-defined]


def test_a_settings_file_that_is_not_toml_is_left_and_the_change_holds_for_now(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    admin.paths.config_file.write_text("mode = home home\n", encoding="utf-8")
    screen = admin.open_section("admin_times")
    admin.tap(screen.countdown.up)
    admin.kiosk.wait_idle()
    assert admin.kiosk.ctx.config.sos_countdown_s == 6
    assert "not saved" in screen.news.text() and "not valid TOML" in screen.news.text()
    assert admin.paths.config_file.read_text(encoding="utf-8") == "mode = home home\n"


def test_the_speaker_test_says_a_sentence(kiosk_factory: KioskFactory, tmp_path: Path) -> None:
    admin = staff(kiosk_factory, tmp_path)
    screen = admin.open_section("admin_sound")
    admin.tap(screen.speaker_button)
    admin.kiosk.wait_spoken("This is the speaker test")
    admin.tap(screen.speech.toggle)
    admin.tap(screen.speaker_button)
    assert "Speech is off" in screen.news.text()


def tone(seconds: float, amplitude: int, rate: int = 16000) -> bytes:
    count = int(seconds * rate)
    wave = (int(amplitude * math.sin(2 * math.pi * 220 * i / rate)) for i in range(count))
    return array.array("h", wave).tobytes()


def test_the_microphone_test_shows_the_level_and_plays_the_recording_back(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    wav = write_wav(tmp_path / "voice.wav", tone(4.0, 8000))
    admin.part.open_microphone = lambda: WavFileSource(wav)
    sink = admin.part.sound_sink = MemorySink()
    screen = admin.open_section("admin_sound")
    admin.tap(screen.microphone_button)
    admin.kiosk.qtbot.waitUntil(lambda: len(sink.finished()) == 1, timeout=5000)
    assert (
        "clearly" in screen.news.text() and "-15 dB" in screen.news.text()
    )  # RMS of a sine: peak - 3 dB
    played = sink.finished()[0]
    assert played.rate == 16000 and len(played.data) == 3 * 16000 * 2  # three seconds


def test_a_silent_or_missing_microphone_is_said_plainly(
    kiosk_factory: KioskFactory, tmp_path: Path
) -> None:
    admin = staff(kiosk_factory, tmp_path)
    wav = write_wav(tmp_path / "quiet.wav", b"\0\0" * 16000 * 3)
    admin.part.open_microphone = lambda: WavFileSource(wav)
    sink = admin.part.sound_sink = MemorySink()
    screen = admin.open_section("admin_sound")
    admin.tap(screen.microphone_button)
    admin.kiosk.qtbot.waitUntil(lambda: "Nothing was heard" in screen.news.text())
    assert sink.streams == []  # nothing to play back

    def no_microphone() -> WavFileSource:
        raise VoiceUnavailable("no_microphone", "arecord (alsa-utils) is not installed")

    admin.part.open_microphone = no_microphone
    admin.kiosk.qtbot.waitUntil(screen.microphone_button.isEnabled)
    admin.tap(screen.microphone_button)
    admin.kiosk.qtbot.waitUntil(lambda: "could not be used" in screen.news.text())
    assert "arecord" in screen.news.text()
