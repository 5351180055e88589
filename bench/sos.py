"""An emergency under load: how fast the center answers an SOS and staff see it, with 10,000
kiosks connected.

1. Starts a throwaway PostgreSQL on loopback, runs ``python -m server migrate``, creates the
   kiosks' devices in the database (``bench.fleet.create_devices``) and one member of staff
   (``python -m server create-staff``), then ``python -m server serve --workers K`` on
   127.0.0.1, as ``bench server`` does.
2. Before the clock starts: every kiosk opens its update socket and keeps it open, as real
   kiosks do (bench/fleet.py; evenly over ``--connect-over``, 25 s); a staff console opens
   the staff socket (``/api/v1/staff/ws``, server/routes/staff_socket.py) with the staff
   token and reads its hello.
3. For ``--seconds``: the kiosks send readings and orders at the realistic rate of
   bench/fleet.py (``--send-every``, 60 s on average), and kiosk 0 raises an SOS every
   ``--sos-every`` seconds (2 s): one ``sos.raise`` event (a new ``sos_id`` each time), POSTed
   to ``/api/v1/events`` on a new connection, as a kiosk whose last request is more than the
   server's keep-alive (5 s) ago does; so the raise reaches either worker, whichever the
   kernel gives it.
4. What is timed, all on this process's clock (``time.perf_counter``):

   * ``received``: from just before the raise is sent to the last byte of the center's answer
     saying ``applied`` for it (the kiosk's "the center has your call");
   * ``staff_seen``: from the same moment to the staff socket's message ``raised`` for that
     ``sos_id`` (taken when its bytes arrive);
   * ``ack_heard``: the staff console acknowledges each SOS as soon as it sees it
     (``POST /api/v1/staff/sos/{id}/ack``, "on the way"), and this is from just before that
     request to kiosk 0's update socket bringing the ``sos.status`` update "acknowledged".

   ``lost`` counts the SOS raised and never answered ``applied`` or never seen by staff,
   ``--grace`` seconds (10) after the last raise; ``acks_not_heard`` the acknowledgements that
   never reached the kiosk. Goal: p99 of ``received`` and of ``staff_seen`` at most 1,000 ms
   each, with ``lost`` 0.
5. Besides: the kiosks' sends (p50/p99, errors), their sockets (opened, ended early), the
   staff socket (ended early), and the CPU seconds of the server, PostgreSQL, this process and
   everything else on the machine during the clock.

The benchmark raises its limit of open files as ``bench server`` does. Traffic goes only to
127.0.0.1.

    python -m bench sos [--kiosks 10000] [--seconds 60] [--sos-every 2] [--send-every 60]
                        [--workers 2] [--connections 100] [--grace 10] [--no-ack]
                        [--connect-over 25]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.center import LOOPBACK, CenterProcess, on_throwaway_center
from bench.fleet import SEND_EVERY_S, Fleet, create_devices, plan_sends
from bench.http import HttpPool, RequestFailed, http_request
from bench.machine import CpuMeter, describe, postgres_pids, raise_open_files_limit
from bench.server import CONNECT_OVER_S, FILES_PER_KIOSK, Samples, send_all
from bench.stats import median, percentile
from bench.wsclient import ClientSocket, connect

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL_P99_MS = 1000.0
GOAL_KIOSKS = 10_000
STAFF_PATH = "/api/v1/staff/ws"
SOS_KIOSK = 0  # the kiosk that raises the emergencies


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench sos",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--kiosks", type=int, default=GOAL_KIOSKS)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run")
    parser.add_argument("--sos-every", type=float, default=2.0, help="seconds between SOS")
    parser.add_argument(
        "--send-every", type=float, default=SEND_EVERY_S, help="mean seconds between sends"
    )
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--connections", type=int, default=100, help="kiosks' connection pool")
    parser.add_argument("--grace", type=float, default=10.0, help="seconds allowed after a run")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument(
        "--no-ack", dest="ack", action="store_false", help="staff do not acknowledge"
    )
    parser.add_argument(
        "--connect-over",
        type=float,
        default=CONNECT_OVER_S,
        help="seconds over which the sockets open before the clock, evenly (0: at once)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 1 <= args.kiosks <= 30_000:
        parser.error("--kiosks must be 1..30000")
    if not 1 <= args.seconds <= 600 or not 0.2 <= args.sos_every <= args.seconds:
        parser.error("--seconds must be 1..600 and --sos-every 0.2..--seconds")
    if not 0.1 <= args.send_every <= 3600:
        parser.error("--send-every must be 0.1..3600")
    if not 1 <= args.workers <= 8 or not 1 <= args.connections <= 1000:
        parser.error("--workers must be 1..8 and --connections 1..1000")
    return args


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    files = raise_open_files_limit(FILES_PER_KIOSK * args.kiosks + 1_000)
    if files < args.kiosks + 1_000:
        raise SystemExit(f"the limit of open files is {files}: too low for {args.kiosks}")
    return on_throwaway_center(
        "postgres", "kiosk-bench-sos-", lambda folder, url: _measure(args, folder, url)
    )


def raise_request(token: str, sos_id: str) -> bytes:
    """A kiosk's ``sos.raise``, as app.emergency writes it, alone in its batch."""
    now = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}"
    event = {
        "event_id": str(uuid.uuid4()),
        "kind": "sos.raise",
        "payload": {
            "sos_id": sos_id,
            "resident_card": "10001",
            "location": "bench kiosk 0, ground floor",
            "raised_at": stamp + "+00:00",
        },
        "created_at": now,
    }
    return http_request("POST", "/api/v1/events", token, json.dumps({"events": [event]}).encode())


@dataclass
class Emergencies:
    """Every SOS of the run and when each thing happened to it (perf_counter seconds)."""

    sent: dict[str, float] = field(default_factory=dict)
    received: dict[str, float] = field(default_factory=dict)
    staff_seen: dict[str, float] = field(default_factory=dict)
    ack_sent: dict[str, float] = field(default_factory=dict)
    ack_heard: dict[str, float] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    staff_ended: str | None = None

    def settled(self, ack: bool) -> bool:
        done = len(self.received) == len(self.staff_seen) == len(self.sent)
        return done and (not ack or len(self.ack_heard) == len(self.sent))

    def delays(self, moments: dict[str, float], since: dict[str, float]) -> list[float]:
        return [moments[k] - since[k] for k in moments if k in since]


class SosRun:
    """The SOS kiosk, the staff console and what they saw."""

    def __init__(self, host: str, port: int, kiosk_token: str, staff_token: str, ack: bool):
        self.host, self.port = host, port
        self.kiosk_token, self.staff_token = kiosk_token, staff_token
        self.ack = ack
        self.seen = Emergencies()
        self.staff_pool = HttpPool(host, port, 1, 30.0)
        self.staff: ClientSocket | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    async def open_staff(self) -> None:
        self.staff = await connect(
            self.host,
            self.port,
            STAFF_PATH,
            {"Authorization": f"Bearer {self.staff_token}"},
            self._staff_message,
        )
        self.staff.closed.add_done_callback(self._staff_ended)

    def _staff_ended(self, closed: asyncio.Future[str]) -> None:
        if closed.result() != "closed by us":
            self.seen.staff_ended = closed.result()

    def _staff_message(self, _: ClientSocket, text: str, received_at: float) -> None:
        message = json.loads(text)
        kind = message.get("type")
        if kind == "hello":
            ids = [s["sos_id"] for s in message.get("sos", [])]
        elif kind == "sos" and message.get("event") == "raised":
            ids = [message["sos"]["sos_id"]]
        else:
            return
        for sos_id in ids:
            if sos_id in self.seen.sent and sos_id not in self.seen.staff_seen:
                self.seen.staff_seen[sos_id] = received_at
                if self.ack:
                    self._spawn(self._acknowledge(sos_id))

    def kiosk_update(self, index: int, update: dict[str, Any], received_at: float) -> None:
        """kiosk 0's socket brought an update: an acknowledgement of one of its calls?"""
        payload = update.get("payload") or {}
        if index != SOS_KIOSK or update.get("kind") != "sos.status":
            return
        sos_id = payload.get("sos_id")
        if payload.get("status") == "acknowledged" and sos_id in self.seen.ack_sent:
            self.seen.ack_heard.setdefault(sos_id, received_at)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def raise_sos(self) -> None:
        self._spawn(self._raise())

    async def _raise(self) -> None:
        sos_id = str(uuid.uuid4())
        request = raise_request(self.kiosk_token, sos_id)
        pool = HttpPool(self.host, self.port, 1, 30.0)  # a new connection, see the docstring
        self.seen.sent[sos_id] = time.perf_counter()
        try:
            status, body, done = await pool.request(request)
        except Exception as exc:  # every failure counts, whatever it is
            name = exc.args[0] if isinstance(exc, RequestFailed) else exc.__class__.__name__
            self.seen.errors[f"raise:{name}"] += 1
            return
        finally:
            pool.close()
        if status != 200:
            self.seen.errors[f"raise:{status}"] += 1
            return
        result = json.loads(body)["results"][0]
        if result.get("status") != "applied" or result.get("result", {}).get("sos_id") != sos_id:
            self.seen.errors[f"raise:{result.get('status')}:{result.get('error')}"] += 1
            return
        self.seen.received[sos_id] = done

    async def _acknowledge(self, sos_id: str) -> None:
        body = json.dumps({"action": "on_the_way"}).encode()
        path = f"/api/v1/staff/sos/{sos_id}/ack"
        self.seen.ack_sent[sos_id] = time.perf_counter()
        try:
            status, _, _ = await self.staff_pool.request(
                http_request("POST", path, self.staff_token, body)
            )
        except Exception as exc:  # every failure counts, whatever it is
            name = exc.args[0] if isinstance(exc, RequestFailed) else exc.__class__.__name__
            self.seen.errors[f"ack:{name}"] += 1
            return
        if status != 200:
            self.seen.errors[f"ack:{status}"] += 1

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        if self.tasks:
            await asyncio.wait(list(self.tasks))
        self.staff_pool.close()
        if self.staff is not None:
            self.staff.close()
            await asyncio.wait([self.staff.closed], timeout=5)
            self.staff.abort()


async def simulate(
    url: str, tokens: list[str], staff_token: str, args: argparse.Namespace, meter: CpuMeter
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    rng = random.Random(args.seed)
    plan = plan_sends(tokens, args.seconds, args.send_every, rng, time.time() + 1.0)
    host, port_text = url.removeprefix("http://").rsplit(":", 1)
    port = int(port_text)
    sos = SosRun(host, port, tokens[SOS_KIOSK], staff_token, args.ack)
    pool = HttpPool(host, port, args.connections, args.timeout)
    await pool.open()
    fleet = Fleet(host, port, tokens, on_update=sos.kiosk_update)
    samples = Samples()
    try:
        open_s = await fleet.open(args.connect_over)
        print(f"  {fleet.stats.opened} sockets open in {open_s:.1f} s", file=sys.stderr)
        await sos.open_staff()
        fleet.start_measuring()
        meter.start()
        started = loop.time() + 0.5
        raises = int(args.seconds // args.sos_every)
        handles = [
            loop.call_at(started + 1.0 + n * args.sos_every, sos.raise_sos)
            for n in range(raises)
            if 1.0 + n * args.sos_every < args.seconds
        ]
        await send_all(pool, plan, samples, started, started + args.seconds + args.grace)
        last_raise = started + 1.0 + (len(handles) - 1) * args.sos_every
        while loop.time() < max(last_raise, started + args.seconds):
            await asyncio.sleep(0.1)
        give_up = last_raise + args.grace
        while loop.time() < give_up and not sos.seen.settled(args.ack):
            await asyncio.sleep(0.1)
        wall = loop.time() - started
        cpu = meter.stop()
        fleet.stop_measuring()
    finally:
        await sos.close()
        pool.close()
        await fleet.close()
    return summarise(args, sos.seen, samples, fleet, open_s, wall, cpu)


def summarise(
    args: argparse.Namespace,
    seen: Emergencies,
    samples: Samples,
    fleet: Fleet,
    open_s: float,
    wall: float,
    cpu: dict[str, float],
) -> dict[str, Any]:
    def ms(value: float) -> float:
        return round(value * 1000, 1)

    def figures(name: str, values: list[float]) -> dict[str, Any]:
        if not values:
            return {f"{name}_p50_ms": None, f"{name}_p99_ms": None, f"{name}_max_ms": None}
        return {
            f"{name}_p50_ms": ms(median(values)),
            f"{name}_p99_ms": ms(percentile(values, 99)),
            f"{name}_max_ms": ms(max(values)),
        }

    received = seen.delays(seen.received, seen.sent)
    staff_seen = seen.delays(seen.staff_seen, seen.sent)
    ack_heard = seen.delays(seen.ack_heard, seen.ack_sent)
    lost = sum(1 for k in seen.sent if k not in seen.received or k not in seen.staff_seen)
    latency = samples.latency
    sockets = fleet.stats
    send_errors = sum(samples.errors.values()) + samples.cut_off
    result: dict[str, Any] = {
        "kiosks": len(fleet.tokens),
        "raised": len(seen.sent),
        **figures("received", received),
        **figures("staff_seen", staff_seen),
        "lost": lost,
        "not_answered": len(seen.sent) - len(seen.received),
        "not_seen_by_staff": len(seen.sent) - len(seen.staff_seen),
        **figures("ack_heard", ack_heard),
        "acks_not_heard": len(seen.ack_sent) - len(seen.ack_heard) if args.ack else None,
        "sos_errors": dict(seen.errors),
        "staff_socket_ended": seen.staff_ended,
        "kiosks_sends": {
            "sends": len(latency) + send_errors,
            "p50_ms": ms(median(latency)) if latency else None,
            "p99_ms": ms(percentile(latency, 99)) if latency else None,
            "errors": send_errors + sockets.errors(),
            "error_causes": {**samples.errors, **sockets.error_causes()},
            "lag_p99_ms": ms(percentile(samples.lag, 99)) if samples.lag else None,
        },
        "sockets_open": sockets.opened,
        "sockets_open_s": round(open_s, 1),
        "keepalive_late_p99_ms": (
            ms(percentile(sockets.keepalive_late, 99)) if sockets.keepalive_late else None
        ),
        "wall_s": round(wall, 1),
        "cpu_s": cpu,
        "machine_busy_pct": round(100 * cpu["machine"] / (cpu["wall"] * (os.cpu_count() or 1))),
    }
    return result


def _measure(args: argparse.Namespace, folder: Path, url: str) -> dict[str, Any]:
    center = CenterProcess(url, folder)
    center.cli("migrate")
    staff_token = center.cli("create-staff", "Bench Nurse").splitlines()[-1].strip()
    started = time.perf_counter()
    tokens = create_devices(url, args.kiosks)
    print(
        f"created {len(tokens)} devices in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )
    runner: Callable[[Coroutine[Any, Any, dict[str, Any]]], dict[str, Any]]
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # uvicorn[standard] brings it; plain asyncio otherwise
        runner = asyncio.run
    machine = describe()
    with center.serving(workers=args.workers):
        assert center.process is not None
        meter = CpuMeter({"server": [center.process.pid], "postgresql": postgres_pids(url)})
        print(f"{args.kiosks} kiosks, an SOS every {args.sos_every} s ...", file=sys.stderr)
        result = runner(simulate(center.url, tokens, staff_token, args, meter))
        result["server_log"] = center.log_problems()
    result.update(
        {
            "database": "postgresql",
            "workers": args.workers,
            "seconds": args.seconds,
            "sos_every_s": args.sos_every,
            "send_every_s": args.send_every,
            "staff_acknowledge": args.ack,
            "host": LOOPBACK,
            "machine": machine,
            "goal_p99_ms": GOAL_P99_MS,
            "goal_kiosks": GOAL_KIOSKS,
        }
    )
    result["goal_met"] = (
        args.kiosks >= GOAL_KIOSKS
        and result["lost"] == 0
        and result["raised"] > 0
        and all(
            result[name] is not None and result[name] <= GOAL_P99_MS
            for name in ("received_p99_ms", "staff_seen_p99_ms")
        )
    )
    return result
