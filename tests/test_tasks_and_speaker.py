"""The two pieces of plumbing the screens lean on: the background task runner and the speaker."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from tests.helpers.kiosk_fixtures import RecordingSpeechBackend
from ui.tasks import TaskRunner
from voice.tts import Speaker, Utterance

WAIT_S = 5.0


@pytest.fixture
def runner(qapp: Any) -> Iterator[TaskRunner]:
    tasks = TaskRunner("test")
    yield tasks
    tasks.shutdown()


def ui_thread() -> QThread:
    app = QCoreApplication.instance()
    assert app is not None
    return app.thread()


# -- TaskRunner ----------------------------------------------------------------------------------


def test_results_arrive_on_the_ui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}
    gate = threading.Event()

    def work() -> int:
        seen["work thread"] = QThread.currentThread()
        assert gate.wait(WAIT_S)
        return 42

    def on_result(value: int) -> None:
        seen["result"] = value
        seen["callback thread"] = QThread.currentThread()

    runner.run(work, on_result)
    assert runner.busy
    with qtbot.wait_signal(runner.sig_idle, timeout=5000):
        gate.set()

    assert seen["result"] == 42
    assert seen["callback thread"] is ui_thread()
    assert seen["work thread"] is not ui_thread()
    assert not runner.busy


def test_errors_arrive_on_the_ui_thread(qtbot: Any, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}
    failure = ValueError("the disk said no")

    def work() -> None:
        raise failure

    def on_error(error: BaseException) -> None:
        seen["error"] = error
        seen["callback thread"] = QThread.currentThread()

    with qtbot.wait_signal(runner.sig_idle, timeout=5000):
        runner.run(work, lambda _: seen.setdefault("result", "unexpected"), on_error)

    assert seen["error"] is failure
    assert "result" not in seen
    assert seen["callback thread"] is ui_thread()


def test_an_error_without_a_handler_is_logged_not_raised(
    qtbot: Any, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def work() -> None:
        raise RuntimeError("nobody listens")

    with caplog.at_level(logging.ERROR, logger="ui.tasks"), qtbot.wait_signal(runner.sig_idle):
        runner.run(work)
    [record] = [r for r in caplog.records if r.name == "ui.tasks"]
    assert record.levelno == logging.ERROR
    assert isinstance(record.exc_info[1], RuntimeError)


def test_one_worker_keeps_submissions_in_order(qtbot: Any, runner: TaskRunner) -> None:
    ran: list[int] = []
    delivered: list[int] = []
    gate = threading.Event()

    def work(n: int) -> int:
        assert gate.wait(WAIT_S)
        ran.append(n)  # one worker: no two of these run at once
        return n

    for n in range(50):
        runner.run(lambda n=n: work(n), delivered.append)
    assert delivered == []
    with qtbot.wait_signal(runner.sig_idle, timeout=5000):
        gate.set()
    assert ran == list(range(50))
    assert delivered == list(range(50))


def test_a_result_is_never_delivered_inside_run(qtbot: Any) -> None:
    early: list[int] = []
    for attempt in range(20):
        runner = TaskRunner(f"test-early-{attempt}")
        delivered: list[int] = []
        runner.run(lambda n=attempt: n, delivered.append)
        if delivered:
            early.append(attempt)
        qtbot.waitUntil(lambda d=delivered: d != [], timeout=5000)
        runner.shutdown()
    assert early == []


def test_shutdown_waits_for_work_already_submitted(qapp: Any) -> None:
    runner = TaskRunner("test-shutdown")
    started, gate = threading.Event(), threading.Event()
    finished: list[str] = []

    def slow() -> None:
        started.set()
        assert gate.wait(WAIT_S)
        finished.append("slow")

    runner.run(slow)
    runner.run(lambda: finished.append("queued"))
    assert started.wait(WAIT_S)
    # Opened from another thread while this one is inside shutdown().
    threading.Timer(0.1, gate.set).start()
    runner.shutdown()
    # Both tasks ran to the end before shutdown returned: nothing the elder did is dropped.
    assert finished == ["slow", "queued"]


def test_work_submitted_after_shutdown_is_refused_with_a_warning(
    qapp: Any, caplog: pytest.LogCaptureFixture
) -> None:
    runner = TaskRunner("test-closed")
    runner.shutdown()
    ran: list[str] = []
    with caplog.at_level(logging.WARNING, logger="ui.tasks"):
        assert runner.run(lambda: ran.append("late")) is None
    assert ran == []
    assert not runner.busy
    assert any("after shutdown" in r.getMessage() for r in caplog.records)


# -- Speaker -------------------------------------------------------------------------------------


class BlockingBackend(RecordingSpeechBackend):
    """Speaks the first utterance only when released, like a long sentence playing."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.release = threading.Event()

    def speak(self, utterance: Utterance) -> None:
        self.started.set()
        if not self.release.wait(WAIT_S):
            raise AssertionError("the test never released the speaker")
        super().speak(utterance)


class BrokenBackend:
    """An engine that fails every time, as with no audio device."""

    def __init__(self) -> None:
        self.calls = 0
        self.tried = threading.Event()

    def speak(self, utterance: Utterance) -> None:
        self.calls += 1
        self.tried.set()
        raise OSError("no audio device")

    def stop(self) -> None:
        raise OSError("no audio device")


@pytest.fixture
def speakers() -> Iterator[list[Speaker]]:
    made: list[Speaker] = []
    yield made
    for speaker in made:
        speaker.close()


def test_speaker_says_things_in_order_with_its_settings(
    qtbot: Any, speakers: list[Speaker]
) -> None:
    backend = RecordingSpeechBackend()
    speaker = Speaker(lambda: backend, language="en_US", rate=120, volume=70)
    speakers.append(speaker)
    speaker.say("one")
    speaker.say("two", interrupt=False)
    qtbot.waitUntil(lambda: len(backend.texts) == 2, timeout=5000)
    assert backend.texts == ["one", "two"]
    assert backend.utterances[0] == Utterance("one", "en_US", 120, 70)


def test_say_returns_at_once_while_speech_plays(qtbot: Any, speakers: list[Speaker]) -> None:
    backend = BlockingBackend()
    speaker = Speaker(lambda: backend)
    speakers.append(speaker)
    speaker.say("您好，这是一句很长的话")
    assert backend.started.wait(WAIT_S)
    for n in range(20):
        speaker.say(f"第{n}句", interrupt=False)  # returns although nothing can be spoken yet
    assert backend.texts == []
    backend.release.set()
    qtbot.waitUntil(lambda: len(backend.texts) == 21, timeout=5000)
    assert backend.texts[0] == "您好，这是一句很长的话"
    assert backend.texts[-1] == "第19句"


def test_interrupt_drops_what_is_queued_and_stops_what_plays(
    qtbot: Any, speakers: list[Speaker]
) -> None:
    backend = BlockingBackend()
    speaker = Speaker(lambda: backend)
    speakers.append(speaker)
    speaker.say("old screen")
    assert backend.started.wait(WAIT_S)
    speaker.say("queued one", interrupt=False)
    speaker.say("queued two", interrupt=False)

    speaker.say("new screen")  # interrupt=True is the default
    assert backend.stops == 1
    backend.release.set()
    qtbot.waitUntil(lambda: "new screen" in backend.texts, timeout=5000)
    speaker.close()
    assert backend.texts == ["old screen", "new screen"]


def test_a_broken_engine_warns_once_then_the_kiosk_goes_on_quietly(
    qtbot: Any, speakers: list[Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    backend = BrokenBackend()
    speaker = Speaker(lambda: backend)
    speakers.append(speaker)
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        speaker.say("first")
        assert backend.tried.wait(WAIT_S)
        qtbot.waitUntil(lambda: any(r.name == "voice.tts" for r in caplog.records), timeout=5000)
        for text in ("second", "third", "fourth"):
            speaker.say(text)  # stop() raises too; the caller never sees it
        speaker.say("fifth", interrupt=False)
        qtbot.waitUntil(speaker._queue.empty, timeout=5000)
        speaker.close()
    assert backend.calls == 1
    warnings = [r for r in caplog.records if r.name == "voice.tts" and r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "text only" in warnings[0].getMessage()


def test_an_engine_that_cannot_start_is_the_same_as_a_broken_one(
    qtbot: Any, speakers: list[Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[int] = []

    def no_engine() -> RecordingSpeechBackend:
        attempts.append(1)
        raise RuntimeError("espeak-ng is not installed")

    speaker = Speaker(no_engine)
    speakers.append(speaker)
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        speaker.say("first")
        qtbot.waitUntil(lambda: attempts != [], timeout=5000)
        speaker.say("second", interrupt=False)
        qtbot.waitUntil(speaker._queue.empty, timeout=5000)
        speaker.close()
    assert attempts == [1]
    assert len([r for r in caplog.records if r.name == "voice.tts"]) == 1


def test_a_disabled_speaker_says_nothing(qtbot: Any, speakers: list[Speaker]) -> None:
    backend = RecordingSpeechBackend()
    speaker = Speaker(lambda: backend, enabled=False)
    speakers.append(speaker)
    speaker.say("不该说出来")
    speaker.say("也不该", interrupt=False)

    # Turned on again, the next sentence is the first one heard: nothing was waiting.
    speaker.enabled = True
    speaker.say("现在可以说了", interrupt=False)
    qtbot.waitUntil(lambda: backend.texts != [], timeout=5000)
    assert backend.texts == ["现在可以说了"]


def test_blank_text_is_not_spoken(qtbot: Any, speakers: list[Speaker]) -> None:
    backend = RecordingSpeechBackend()
    speaker = Speaker(lambda: backend)
    speakers.append(speaker)
    speaker.say("   ")
    speaker.say("")
    speaker.say("好", interrupt=False)
    qtbot.waitUntil(lambda: backend.texts != [], timeout=5000)
    assert backend.texts == ["好"]


def test_close_stops_the_speaker_thread(qtbot: Any, speakers: list[Speaker]) -> None:
    backend = RecordingSpeechBackend()
    speaker = Speaker(lambda: backend)
    speaker.say("再见")
    qtbot.waitUntil(backend.spoke.is_set, timeout=5000)
    speaker.close()
    assert not speaker._thread.is_alive()
