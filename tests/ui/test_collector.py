"""Reference cycles are collected on the UI thread between events, never on a worker thread
(where destroying a Qt object crashes the process or hangs it)."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from ui.collector import FULL_AT_MOST_EVERY_S, Collector, UiThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self


def garbage_cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def allocate_many(into: list[Any]) -> None:
    # Far more new containers kept than generation 0's threshold (Python counts the ones
    # made and not yet freed): automatic collection would run.
    into.extend([] for _ in range(max(gc.get_threshold()[0], 1) * 20))


def test_a_worker_thread_never_collects_and_the_ui_thread_does(qtbot: Any) -> None:
    before = gc.isenabled()
    collector = UiThreadCollector(interval_ms=10)
    collector.start()
    try:
        assert not gc.isenabled()
        gc.collect()
        dead = garbage_cycle()
        kept: list[Any] = []
        worker = threading.Thread(target=allocate_many, args=(kept,))
        worker.start()
        worker.join()
        assert dead() is not None, "the worker thread collected"
        qtbot.waitUntil(lambda: dead() is None, timeout=5000)
        del kept
    finally:
        collector.stop()
    assert gc.isenabled() == before


def test_nothing_is_collected_before_it_is_due() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        dead = garbage_cycle()
        assert Collector().collect_due() == 0
        assert dead() is not None
        kept: list[Any] = []
        allocate_many(kept)
        assert Collector().collect_due() >= 1
        assert dead() is None
    finally:
        if was:
            gc.enable()


def test_the_oldest_generation_waits_its_turn() -> None:
    now = [1000.0]
    collector = Collector(clock=lambda: now[0])
    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.disable()
    try:
        gc.set_threshold(1, 1, 1)
        gc.collect()
        kept: list[Any] = []
        for _ in range(12):
            allocate_many(kept)
            collector.collect_due()
        # Generations 0 and 1 keep being collected, but not a full collection within the
        # minute after the last one (the collector's start counts as one).
        assert gc.get_count()[2] > 1
        now[0] += FULL_AT_MOST_EVERY_S + 1
        allocate_many(kept)
        collector.collect_due()
        assert gc.get_count()[2] == 0
    finally:
        gc.set_threshold(*thresholds)
        if was:
            gc.enable()
