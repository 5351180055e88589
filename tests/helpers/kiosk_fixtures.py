"""Fixtures for the screens: a whole kiosk window on a fresh store, with speech recorded.

``kiosk_factory`` builds the window the way ``main.py`` does (store with the demo residents,
shipped catalog, theme at the home-tablet DPI, task runner, speaker, session, translations) and
tears it down along the same one shutdown path. Speech goes to a :class:`RecordingSpeechBackend`,
so a test can assert on what the elder heard, not on mocks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from app.catalog import load_catalog
from app.config import Config
from app.demo import seed_demo
from app.people import find_by_card
from app.store import Store
from tests.helpers.queries import pragma
from ui.context import AppContext
from ui.features import FeatureRegistry
from ui.screen import Screen
from ui.session import Session
from ui.shell import MainWindow
from ui.tasks import TaskRunner
from ui.theme import Theme
from ui.translations import install_language
from ui.window import build_window
from voice.tts import Speaker, Utterance

HOME_RESIDENT_CARD = "10002"  # 李建国, subsidised
TABLET_DPI = 149.0
DEFAULT_LANGUAGE = "zh_CN"
WAIT_MS = 5000
# The kiosk's clock in tests: a Tuesday at 08:30 in the center's time zone (Asia/Shanghai),
# before every cut-off of the shipped catalog, so that no test depends on the time of day.
MORNING = datetime(2026, 6, 9, 0, 30, tzinfo=UTC)


class RecordingSpeechBackend:
    """A speech backend that writes down what it was asked to say instead of making sound."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._texts: list[str] = []
        self.utterances: list[Utterance] = []
        self.stops = 0
        self.spoke = threading.Event()
        """Set each time something was spoken; clear it to wait for the next utterance."""

    def speak(self, utterance: Utterance) -> None:
        with self._lock:
            self._texts.append(utterance.text)
            self.utterances.append(utterance)
        self.spoke.set()

    def stop(self) -> None:
        with self._lock:
            self.stops += 1

    @property
    def texts(self) -> list[str]:
        """A copy of the spoken texts, oldest first."""
        with self._lock:
            return list(self._texts)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Kiosk:
    """One running kiosk window and what a test needs to drive and inspect it."""

    window: MainWindow
    ctx: AppContext
    store: Store
    speech: RecordingSpeechBackend
    qtbot: Any
    _max_page_count: int = field(default=0, repr=False)

    @property
    def spoken(self) -> list[str]:
        """Everything the speaker said so far, oldest first."""
        return self.speech.texts

    @property
    def idle(self) -> Any:
        """The idle sign-out watcher (the sign-in feature's part of the window)."""
        return self.window.part("signin").idle

    @property
    def idle_banner(self) -> Any:
        """The idle warning strip above the page."""
        return self.window.part("signin").banner

    def current(self) -> Screen:
        screen = self.window.current()
        assert screen is not None
        return screen

    def wait_idle(self, timeout: int = WAIT_MS) -> None:
        """Wait until every background task has delivered its result or error."""
        self.qtbot.waitUntil(lambda: not self.ctx.tasks.busy, timeout=timeout)

    def wait_screen(self, kind: type[Screen], timeout: int = WAIT_MS) -> Any:
        """Wait until the visible screen is a ``kind``; return it."""
        self.qtbot.waitUntil(lambda: isinstance(self.window.current(), kind), timeout=timeout)
        return self.current()

    def wait_spoken(self, fragment: str, timeout: int = WAIT_MS) -> str:
        """Wait until something containing ``fragment`` was said; return that sentence."""

        def heard() -> None:
            assert any(fragment in text for text in self.spoken), (fragment, self.spoken)

        self.qtbot.waitUntil(heard, timeout=timeout)
        return next(text for text in self.spoken if fragment in text)

    def tap(self, widget: QWidget) -> None:
        """A single finger tap in the middle of ``widget``."""
        assert widget.isVisible(), f"{widget.objectName() or widget!r} is not visible"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())

    def visible_texts(self) -> list[str]:
        """The texts of every label and button the elder can see now, top to bottom."""
        found = []
        for widget in self.window.findChildren(QWidget):
            if (
                isinstance(widget, QLabel | QAbstractButton)
                and widget.isVisible()
                and widget.text()
            ):
                found.append((self.top_left_in_window(widget).y(), widget.text()))
        return [text for _, text in sorted(found, key=lambda item: item[0])]

    def activate(self) -> None:
        """Make the window the active one, so keys go where a keyboard would send them."""
        self.window.activateWindow()
        self.qtbot.waitUntil(self.window.isActiveWindow, timeout=WAIT_MS)

    def _key_target(self) -> QWidget:
        return QApplication.focusWidget() or self.window

    def type_keys(self, text: str) -> None:
        """Type ``text`` as a keyboard (or a card reader) does: each key to the focus widget."""
        self.activate()
        for character in text:
            self.qtbot.keyClicks(self._key_target(), character)

    def press_key(self, key: Qt.Key) -> None:
        self.activate()
        self.qtbot.keyClick(self._key_target(), key)

    def top_left_in_window(self, widget: QWidget) -> QPoint:
        return widget.mapTo(self.window, QPoint(0, 0))

    def hurry_sos_countdown(self, interval_ms: int = 20) -> None:
        """Make the SOS countdown on screen tick fast (the real-time run has its own test)."""
        countdown = self.current().countdown  # type: ignore[attr-defined]
        countdown._timer.setInterval(interval_ms)

    def use_fake_idle_clock(self, start: float = 1000.0) -> FakeClock:
        """Drive idle sign-out by a clock the test moves (before anyone signs in)."""
        clock = FakeClock(start)
        self.idle.clock = clock
        return clock

    def fill_disk(self) -> None:
        """Let the database grow no more, as on a full disk (until :meth:`free_disk`)."""
        pages = pragma(self.store, "page_count")
        with self.store.reading() as conn:
            self._max_page_count = conn.execute("PRAGMA max_page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {int(pages)}")

    def free_disk(self) -> None:
        with self.store.reading() as conn:
            conn.execute(f"PRAGMA max_page_count = {int(self._max_page_count)}")


KioskFactory = Callable[..., Kiosk]


@pytest.fixture
def kiosk_factory(qtbot: Any, tmp_path: Path) -> Iterator[KioskFactory]:
    """Build kiosk windows: ``kiosk_factory(mode="kiosk", language="en_US", ...)``."""
    built: list[tuple[Kiosk, Speaker]] = []

    def build(
        mode: str = "home",
        language: str = DEFAULT_LANGUAGE,
        theme: str = "light",
        font_scale: int = 100,
        config_changes: dict[str, Any] | None = None,
        features: FeatureRegistry | None = None,
        now: datetime = MORNING,
    ) -> Kiosk:
        folder = tmp_path / f"kiosk{len(built)}"
        folder.mkdir()
        store = Store(folder / "kiosk.sqlite3")
        seed_demo(store)
        config = Config().with_changes(
            mode=mode,
            language=language,
            theme=theme,
            font_scale=font_scale,
            **(config_changes or {}),
        )
        speech = RecordingSpeechBackend()
        speaker = Speaker(lambda: speech, language=language)
        resident = find_by_card(store, HOME_RESIDENT_CARD) if mode == "home" else None
        install_language(language)
        ctx = AppContext(
            config=config,
            store=store,
            catalog=load_catalog(),
            theme=Theme.create(theme=theme, font_scale=font_scale, dpi=TABLET_DPI),
            tasks=TaskRunner("test-store"),
            speaker=speaker,
            session=Session(mode, resident),
            voice_models=folder / "voice-models",
            clock=lambda: now,
        )
        window = build_window(ctx) if features is None else build_window(ctx, features=features)
        qtbot.add_widget(window)
        window.resize(1280, 800)
        window.show()
        kiosk = Kiosk(window=window, ctx=ctx, store=store, speech=speech, qtbot=qtbot)
        built.append((kiosk, speaker))
        return kiosk

    yield build

    for kiosk, speaker in reversed(built):
        # Let callbacks of finished work land while the screens still exist.
        kiosk.qtbot.waitUntil(lambda k=kiosk: not k.ctx.tasks.busy, timeout=WAIT_MS)
        kiosk.window.shutdown()
        kiosk.ctx.tasks.shutdown()
        speaker.close()
        kiosk.store.close()
    install_language(DEFAULT_LANGUAGE)
    if QApplication.instance() is not None:
        QApplication.processEvents()


def understood_by_voice(kiosk: Kiosk, text: str, intent: str) -> None:
    """As if the listener had just understood ``text`` as ``intent`` on the current screen:
    a new session offering the screen's actions, then its "understood" report."""
    from voice.asr import VoiceEvent
    from voice.intents import Match

    voice = kiosk.window.voice
    voice._commands = voice.commands(kiosk.current())
    voice._session += 1
    match = Match(text, intent, 1.0)
    voice._on_event(VoiceEvent("understood", voice._session, text=text, match=match))


def said_to_kiosk(kiosk: Kiosk, text: str, *, grammar_intent: str | None = None) -> None:
    """As if the listener had just heard ``text`` on the current screen: a new session
    offering the screen's actions, the grammar's verdict (``grammar_intent``; without it the
    grammar had its doubts and the free model heard the sentence), and the understanding of
    the words in the listener's thread."""
    from voice.asr import VoiceEvent
    from voice.intents import Match

    voice = kiosk.window.voice
    screen = kiosk.current()
    voice._commands = voice.commands(screen)
    voice._listening_for = (voice.language, tuple(voice._commands), screen.voice_slots())
    voice._session += 1
    if grammar_intent is None:
        unclear = Match(text, None, reason="unclear")
        event = VoiceEvent(
            "not_understood", voice._session, text="", match=unclear, free_text=text, chosen="free"
        )
    else:
        match = Match(text, grammar_intent, 1.0)
        event = VoiceEvent(
            "understood", voice._session, text=text, match=match, free_text=text, chosen="grammar"
        )
    voice._heard(event)
    kiosk.qtbot.waitUntil(lambda: voice.last_event is event, timeout=WAIT_MS)
