"""A kiosk killed (SIGKILL) in the middle of sending, again and again, loses nothing and
doubles nothing at the center.

A child process (tests/helpers/sync_kiosk.py) places orders on the kiosk store while its real
SyncWorker sends them to a real center process, through a proxy that gives every request 10 to
40 ms of network time. The parent kills it at random moments and
starts it again on the same store, at least 20 times; then a last kiosk run drains the outbox
and the center's rows are compared with everything the children reported saved. Set
SYNC_KILL_SEED to replay a run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from app import outbox
from app.orders import OrderStatus
from tests.app.test_crash_durability import ChildOutput
from tests.helpers.center import REPO_ROOT, EnrolledKiosk, wait_until
from tests.helpers.fault_proxy import FaultProxy, Faults
from tests.helpers.queries import fetch_all

SEED = int(os.environ.get("SYNC_KILL_SEED", "20240613"))
# The kiosks' requests cross a network; on loopback the center answers a batch in a few
# milliseconds, and kills would almost never find one on its way.
NETWORK = Faults(delay=1.0, min_delay_s=0.01, max_delay_s=0.04)
KILLS = 24
MAX_LINES_BEFORE_KILL = 60
MAX_EXTRA_WAIT_S = 0.1
CHILD_DEADLINE_S = 30.0
# Events a killed kiosk had in flight are leased for outbox.DEFAULT_LEASE_S; the final drain
# may have to wait that out (see test_events_in_flight_at_a_kill_are_sent_soon_after_restart).
FINAL_DRAIN_S = outbox.DEFAULT_LEASE_S + 30.0
RESTART_SEND_S = 10.0

# Kiosk child processes killed again and again: durability, for the full run only.
pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
    pytest.mark.slow,
]


class SyncKiosk:
    """One run of the child kiosk."""

    def __init__(self, kiosk: EnrolledKiosk, url: str, seed: int, mode: str) -> None:
        env = dict(os.environ, ELDERKIOSK_TEST_TOKEN=kiosk.token)
        command = [sys.executable, "-m", "tests.helpers.sync_kiosk", kiosk.store.path, url]
        self.process = subprocess.Popen(
            [*command, str(seed), mode],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        self.output = ChildOutput(self.process.stdout)
        self.lines: list[str] = []

    def read(self, deadline: float) -> list[str]:
        lines = self.output.lines_until(deadline)
        self.lines += lines
        return lines

    def read_until(self, wanted: str, timeout: float) -> bool:
        """Read until a line equal to ``wanted``; False at the deadline or the child's end."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.output.eof:
            if wanted in self.read(deadline):
                return True
        return False

    def kill(self) -> str:
        """SIGKILL; return what it wrote to stderr. Lines still in the pipe count as read."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        rest, errors = self.process.communicate(timeout=CHILD_DEADLINE_S)
        self.lines += self.output.feed(rest)
        self.output.close()
        return errors.decode("utf-8", "replace")


def saved_ids(lines: list[str]) -> set[str]:
    return {line.split(" ", 1)[1] for line in lines if line.startswith("saved ")}


def test_a_kiosk_killed_mid_sync_again_and_again_loses_nothing_and_doubles_nothing(
    enrolled_kiosk: EnrolledKiosk, sync_threads
) -> None:
    kiosk, store, center = enrolled_kiosk, enrolled_kiosk.store, enrolled_kiosk.center
    rng = random.Random(SEED)
    saved: set[str] = set()
    kills_while_sending = 0
    started = time.monotonic()
    with FaultProxy(center.port, NETWORK, seed=SEED) as network:
        for kill in range(1, KILLS + 1):
            context = f"seed {SEED} (SYNC_KILL_SEED to replay), kill {kill}"
            child = SyncKiosk(kiosk, network.url, rng.getrandbits(32), "place")
            try:
                wanted = rng.randint(1, MAX_LINES_BEFORE_KILL)
                deadline = time.monotonic() + CHILD_DEADLINE_S
                while len(child.lines) < wanted and child.read(deadline):
                    pass
                assert len(child.lines) >= wanted, f"{context}: the child went quiet: {child.lines}"
                extra = time.monotonic() + rng.uniform(0, MAX_EXTRA_WAIT_S)
                while time.monotonic() < extra and child.read(extra):
                    pass
            finally:
                errors = child.kill()
            assert child.process.returncode == -signal.SIGKILL, f"{context}:\n{errors}"
            saved |= saved_ids(child.lines)
            statuses = [line for line in child.lines if line.startswith("status ")]
            kills_while_sending += bool(statuses) and statuses[-1] != "status 0 0"
    killing = time.monotonic() - started

    assert store.integrity_check() == "ok"
    in_flight = len(outbox.events(store, state="in_flight"))
    threads = sync_threads(store, kiosk.client, batch_size=200, listen=False)
    threads.wait_drained(FINAL_DRAIN_S)
    threads.stop()
    drained = time.monotonic() - started - killing

    context = f"seed {SEED} (SYNC_KILL_SEED to replay)"
    assert store.integrity_check() == "ok", context
    events = outbox.events(store)
    assert {e.state for e in events} == {"sent"}, f"{context}: {Counter(e.state for e in events)}"
    local_orders = {r["id"]: r["status"] for r in fetch_all(store, "SELECT id, status FROM orders")}
    assert saved <= local_orders.keys(), f"{context}: saved orders lost on the kiosk"
    assert set(local_orders.values()) == {OrderStatus.SENT.value}, context

    mine = {"device": kiosk.device_id}
    ingested = Counter(
        r[0]
        for r in center.query(
            "SELECT event_id FROM ingested_events WHERE device_id = :device", **mine
        )
    )
    assert sum(ingested.values()) == len(events), context
    assert set(ingested) == {e.event_id for e in events}, context
    at_center = Counter(
        r[0] for r in center.query("SELECT id FROM orders WHERE device_id = :device", **mine)
    )
    assert set(at_center.values()) == {1}, f"{context}: orders doubled at the center"
    assert set(at_center) == set(local_orders), f"{context}: orders missing at the center"
    assert saved <= set(at_center), context
    # Some kills must land while events wait to be sent (through the proxy most do).
    assert kills_while_sending >= 2, (
        f"{context}: only {kills_while_sending} of {KILLS} kills came while events waited"
    )
    print(
        f"\nsync kill: {KILLS} kills ({kills_while_sending} with events waiting) in "
        f"{killing:.1f} s, {len(saved)} orders saved, {in_flight} events left in flight, "
        f"final drain {drained:.1f} s"
    )


def test_events_in_flight_at_a_kill_are_sent_soon_after_restart(
    enrolled_kiosk: EnrolledKiosk,
) -> None:
    """A kiosk that lost power while a request was on the way starts again and sends those
    events at once (an SOS among them must not wait), not only when their lease runs out."""
    kiosk, store, center = enrolled_kiosk, enrolled_kiosk.store, enrolled_kiosk.center
    from app.emergency import raise_sos

    raise_sos(store, kiosk.residents["10001"], device_location="kitchen")
    slow = Faults(delay=1.0, min_delay_s=5.0, max_delay_s=5.0)
    with FaultProxy(center.port, slow, seed=SEED) as proxy:
        child = SyncKiosk(kiosk, proxy.url, SEED, "sync")
        try:
            wait_until(
                lambda: any(s.path.endswith("/events") for s in proxy.seen),
                CHILD_DEADLINE_S,
                "the child's first request",
            )
        finally:
            child.kill()
        stuck = outbox.events(store, state="in_flight")
        assert [e.kind for e in stuck] == ["sos.raise"]

        restarted = SyncKiosk(kiosk, center.url, SEED, "sync")
        started = time.monotonic()
        try:
            sent = restarted.read_until("status 0 0", RESTART_SEND_S)
        finally:
            restarted.kill()
    took = time.monotonic() - started
    assert sent, (
        f"the restarted kiosk had not sent the SOS it had in flight when it was killed after "
        f"{took:.0f} s; its outbox: {[(e.kind, e.state) for e in outbox.events(store)]}"
    )
    count = center.scalar(
        "SELECT COUNT(*) FROM ingested_events WHERE device_id = :device", device=kiosk.device_id
    )
    assert count == 1
