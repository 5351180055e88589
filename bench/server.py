"""Center server under many kiosks: request latency with PostgreSQL, N simulated kiosks.

1. Starts a throwaway PostgreSQL on loopback (``server.pgtemp.TempPostgres``), runs
   ``python -m server migrate`` once, and creates the kiosks' devices directly in the database
   with the server's own token helpers (``auth.new_token``, ``auth.token_hash``), in one bulk
   insert: enrolling 10,000 kiosks through one-time codes would take two round trips each and
   is not what is measured here.
2. Starts ``python -m server serve --host 127.0.0.1 --workers K`` (uvicorn, uvloop, httptools;
   with K > 1 one process per worker, each with its own listening socket, see server/serve.py).
3. For each ``--kiosks`` count, simulates that many kiosks for ``--seconds``. Each kiosk has a
   start offset spread uniformly over the ``--period`` (10 s) and then, every period, makes
   one sync (``POST /api/v1/events`` with 1-3 events: blood-pressure readings, and one order in
   five) followed by one poll (``GET /api/v1/updates?since=CURSOR``). The schedule is open
   loop: a kiosk's cycles are due at fixed times whatever the server does, so a slow server
   shows up as latency rather than as fewer requests. Every sync request is made before the
   clock starts (its events carry the cycle's planned time); polls are made when they are due,
   with the cursor of the kiosk's last answer.
4. The load generator is this process: one asyncio loop (uvloop) and a plain HTTP/1.1 client
   on asyncio protocols (``HttpPool``; httpx cost 1.2 ms of CPU per request, and the generator
   shares the machine's 2 cores with the server) over ``--connections`` keep-alive
   connections, opened before the clock starts. Any request takes the next free connection,
   as behind a proxy, so a kiosk's sync and poll may reach different server processes. A
   request's latency runs from the moment the kiosk wants to send (so waiting for a free
   connection counts) to the last byte of the answer. Any exception or non-2xx answer is an
   error, and so is a request still waiting when the run is stopped. ``lag`` is how late
   cycles started against their schedule: when it grows, the generator itself is short of
   CPU. The CPU seconds of the server, PostgreSQL, the generator and everything else on the
   machine are reported, and how the connections fell on the server's worker processes
   (``connections_per_worker``; the kernel spreads them, see server/serve.py).

Every loop is bounded: a kiosk makes at most ``ceil(seconds / period)`` cycles, only those due
within ``--seconds``, and each run is stopped ``--period + --grace`` seconds after the last
cycle was due. Traffic goes only to 127.0.0.1.

    python -m bench server [--kiosks 1000 10000] [--seconds 30] [--workers 2]
                           [--connections 100] [--period 10] [--grace 60] [--timeout 30]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import sys
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.center import LOOPBACK, CenterProcess, on_throwaway_center
from bench.machine import CpuMeter, describe, postgres_pids
from bench.stats import median, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL_P99_MS = 250.0
GOAL_KIOSKS = 10_000
ORDER_SHARE = 0.2  # of syncs that carry an order besides readings
SERVICES = ("meal_lunch", "meal_dinner", "haircut", "cleaning", "escort")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--kiosks", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run")
    parser.add_argument(
        "--period", type=float, default=10.0, help="seconds between a kiosk's syncs"
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--connections", type=int, default=100, help="client connection pool")
    parser.add_argument("--grace", type=float, default=60.0, help="seconds allowed after a run")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if min(args.kiosks) < 1 or max(args.kiosks) > 100_000:
        parser.error("--kiosks must be 1..100000")
    if not 1 <= args.seconds <= 600 or not 0.1 <= args.period <= 600:
        parser.error("--seconds must be 1..600 and --period 0.1..600")
    if not 1 <= args.workers <= 8 or not 1 <= args.connections <= 1000:
        parser.error("--workers must be 1..8 and --connections 1..1000")
    return args


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    return on_throwaway_center(
        "postgres", "kiosk-bench-server-", lambda folder, url: _measure(args, folder, url)
    )


def create_devices(url: str, count: int) -> list[str]:
    """``count`` enrolled kiosks, written straight into the devices table; their tokens."""
    from sqlalchemy import insert

    from server import auth
    from server.db import make_engine
    from server.models import Device

    tokens = [auth.new_token() for _ in range(count)]
    now = time.time()
    rows = [
        {
            "id": str(uuid.uuid4()),
            "name": f"bench-kiosk-{index:05d}",
            "mode": "kiosk",
            "token_hash": auth.token_hash(token),
            "created_at": now,
        }
        for index, token in enumerate(tokens)
    ]
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for start in range(0, count, 5_000):
                conn.execute(insert(Device), rows[start : start + 5_000])
        with engine.connect() as conn:
            # Planner statistics, as a center's database has them (autovacuum would gather
            # them within a minute): without them the look-up of revoked devices reads the
            # whole table instead of its partial index.
            conn.exec_driver_sql("ANALYZE devices")
            conn.commit()
    finally:
        engine.dispose()
    return tokens


def sync_body(rng: random.Random, card: str, now: float | None = None) -> bytes:
    """1-3 events as a kiosk's outbox would send them at ``now``: readings, sometimes an
    order."""
    now = time.time() if now is None else now
    events: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 3)):
        events.append(
            {
                "event_id": str(uuid.uuid4()),
                "kind": "reading.record",
                "payload": {
                    "reading_id": str(uuid.uuid4()),
                    "resident_card": card,
                    "kind": "blood_pressure",
                    "systolic": rng.randint(100, 160),
                    "diastolic": rng.randint(60, 100),
                    "pulse": rng.randint(55, 100),
                    "unit": "mmHg",
                    "measured_at": now,
                },
                "created_at": now,
            }
        )
    if rng.random() < ORDER_SHARE:
        events[-1] = {
            "event_id": str(uuid.uuid4()),
            "kind": "order.create",
            "payload": {
                "order_id": str(uuid.uuid4()),
                "resident_card": card,
                "service_id": rng.choice(SERVICES),
                "choices": {"portion": "normal"},
                "quantity": 1,
                "price_fen": 1200,
                "subsidy_tier": "subsidised",
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now)),
            },
            "created_at": now,
        }
    return json.dumps({"events": events}).encode()


@dataclass
class Samples:
    """What one run saw: latencies per request kind, errors by cause, cycle start lag."""

    latency: dict[str, list[float]] = field(default_factory=lambda: {"sync": [], "poll": []})
    errors: Counter[str] = field(default_factory=Counter)
    lag: list[float] = field(default_factory=list)
    in_flight: int = 0
    cut_off: int = 0  # requests still waiting for an answer when the run was stopped
    cycles_planned: int = 0
    cycles_started: int = 0
    connections_per_worker: list[int] = field(default_factory=list)


class RequestFailed(Exception):
    """No usable answer: the connection broke, the answer was malformed, or it took too long."""


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection that carries one request at a time.

    The answer is complete when its ``Content-Length`` bytes have arrived (the server always
    sends one); the moment is taken in ``data_received``, before anything else runs.
    """

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes, float]] | None = None
        self.head: tuple[int, int, bool] | None = None  # status, length, keep alive
        self.open = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        self.open = True

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self._fail(RequestFailed("ConnectionClosed"))

    def _fail(self, exc: Exception) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)

    def send(self, data: bytes) -> asyncio.Future[tuple[int, bytes, float]]:
        assert self.transport is not None and self.waiter is None
        self.waiter = asyncio.get_running_loop().create_future()
        self.buffer.clear()
        self.head = None
        self.transport.write(data)
        return self.waiter

    def abort(self) -> None:
        self.open = False
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(self.buffer[:end]).lower().split(b"\r\n")
            del self.buffer[: end + 4]
            length, keep = -1, True
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip() == b"close":
                    keep = False
            if length < 0:
                self.abort()
                self._fail(RequestFailed("NoContentLength"))
                return
            self.head = (int(lines[0][9:12]), length, keep)
        status, length, keep = self.head
        if len(self.buffer) < length:
            return
        body = bytes(self.buffer[:length])
        done = time.perf_counter()
        if not keep:
            self.open = False
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result((status, body, done))


class HttpPool:
    """``size`` keep-alive connections to one server; requests wait their turn in FIFO order.

    A plain asyncio protocol instead of httpx: at 2,000 requests/s the load generator shares
    the same 2 cores as the server, and httpx cost about 1.2 ms of CPU per request.
    """

    def __init__(self, host: str, port: int, size: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.idle: list[_Connection | None] = [None] * size
        self.waiters: deque[asyncio.Future[_Connection | None]] = deque()

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        _, protocol = await loop.create_connection(_Connection, self.host, self.port)
        return protocol

    async def open(self) -> None:
        """Open every connection and send one request on it, before the clock starts."""
        self.idle = [await self._connect() for _ in self.idle]
        for conn in list(self.idle):
            assert conn is not None
            await self.request(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")

    async def request(self, data: bytes) -> tuple[int, bytes, float]:
        """Send ``data`` (a whole request); return (status, body, perf_counter at the end)."""
        if self.idle:
            conn = self.idle.pop()
        else:
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            conn = await waiter
        try:
            if conn is None or not conn.open:
                conn = await self._connect()
            answer = conn.send(data)
            timer = asyncio.get_running_loop().call_later(
                self.timeout, lambda: (conn.abort(), conn._fail(RequestFailed("Timeout")))
            )
            try:
                return await answer
            finally:
                timer.cancel()
        except BaseException:
            if conn is not None:
                conn.abort()
            raise
        finally:
            self._release(conn)

    def _release(self, conn: _Connection | None) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        self.idle.append(conn)


def http_request(method: str, path: str, token: str, body: bytes = b"") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def connections_per_worker(server_pid: int, client_ports: set[int]) -> list[int]:
    """How many of the connections from these local ports each process of the server's tree
    holds, most first (Linux ``/proc``; empty where that cannot be read)."""
    try:
        inodes = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()  # local, remote (hex ip:port), state (01: established), inode
            if fields[3] == "01" and int(fields[2].split(":")[1], 16) in client_ports:
                inodes.add(fields[9])
        parents = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text()
                    parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree, grew = {server_pid}, True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= more
            grew = bool(more)
        counts = []
        for pid in tree:
            held = 0
            with contextlib.suppress(OSError):
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    with contextlib.suppress(OSError):
                        link = os.readlink(fd)
                        held += link.startswith("socket:[") and link[8:-1] in inodes
            if held:
                counts.append(held)
        return sorted(counts, reverse=True)
    except (OSError, ValueError, IndexError):
        return []


async def simulate(
    url: str,
    tokens: list[str],
    args: argparse.Namespace,
    rng: random.Random,
    server_pid: int | None = None,
) -> tuple[Samples, float]:
    """Run ``len(tokens)`` kiosks for ``args.seconds``; return the samples and the wall time."""
    samples = Samples()
    loop = asyncio.get_running_loop()
    cycles = math.ceil(args.seconds / args.period)
    # Every sync request is made before the clock starts, so that the generator spends its
    # share of the CPU on sending and timing; its events carry the cycle's planned time.
    plan: list[tuple[float, int, bytes]] = []
    planned_from = time.time() + 1.0
    for index, token in enumerate(tokens):
        offset = rng.uniform(0, args.period)
        own = random.Random(rng.random())
        card = f"{10001 + index % 5000}"
        for number in range(cycles):
            at = offset + number * args.period
            if at >= args.seconds:
                break
            body = sync_body(own, card, planned_from + at)
            plan.append((at, index, http_request("POST", "/api/v1/events", token, body)))
    host, port = url.removeprefix("http://").rsplit(":", 1)
    pool = HttpPool(host, int(port), args.connections, args.timeout)
    await pool.open()
    if server_pid is not None:
        ports = {c.transport.get_extra_info("sockname")[1] for c in pool.idle if c and c.transport}
        samples.connections_per_worker = connections_per_worker(server_pid, ports)

    async def request(kind: str, data: bytes) -> bytes | None:
        t0 = time.perf_counter()
        samples.in_flight += 1
        try:
            status, body, done = await pool.request(data)
        except Exception as exc:  # every failure counts, whatever it is
            name = exc.args[0] if isinstance(exc, RequestFailed) else exc.__class__.__name__
            samples.errors[f"{kind}:{name}"] += 1
            return None
        finally:
            samples.in_flight -= 1
        samples.latency[kind].append(done - t0)
        if not 200 <= status < 300:
            samples.errors[f"{kind}:{status}"] += 1
            return None
        return body

    cursors = [0] * len(tokens)
    tasks: set[asyncio.Task[None]] = set()

    async def cycle(index: int, due: float, sync: bytes) -> None:
        samples.lag.append(loop.time() - due)
        samples.cycles_started += 1
        await request("sync", sync)
        poll = http_request("GET", f"/api/v1/updates?since={cursors[index]}", tokens[index])
        answer = await request("poll", poll)
        if answer is not None:
            cursors[index] = int(json.loads(answer).get("cursor", cursors[index]))

    def launch(index: int, due: float, sync: bytes) -> None:
        task = loop.create_task(cycle(index, due, sync))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    samples.cycles_planned = len(plan)
    started = loop.time() + 0.5
    handles = [loop.call_at(started + at, launch, i, started + at, sync) for at, i, sync in plan]
    del plan
    stop_at = started + args.seconds + args.period + args.grace
    while loop.time() < stop_at:
        await asyncio.sleep(0.1)
        if samples.cycles_started == samples.cycles_planned and not tasks:
            break
    samples.cut_off = samples.in_flight
    for handle in handles:
        handle.cancel()
    for task in list(tasks):
        task.cancel()
    if tasks:
        await asyncio.wait(list(tasks))
    wall = loop.time() - started
    return samples, wall


def _measure(args: argparse.Namespace, folder: Path, url: str) -> dict[str, Any]:
    center = CenterProcess(url, folder)
    center.cli("migrate")
    started = time.perf_counter()
    tokens = create_devices(url, max(args.kiosks))
    print(
        f"created {len(tokens)} devices in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )
    runner: Callable[[Coroutine[Any, Any, tuple[Samples, float]]], tuple[Samples, float]]
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # uvicorn[standard] brings it; plain asyncio otherwise
        runner = asyncio.run
    rng = random.Random(args.seed)
    runs = []
    machine = describe()
    with center.serving(workers=args.workers):
        assert center.process is not None
        meter = CpuMeter({"server": [center.process.pid], "postgresql": postgres_pids(url)})
        for count in args.kiosks:
            print(f"{count} kiosks for {args.seconds:.0f} s ...", file=sys.stderr)
            meter.start()
            simulation = simulate(center.url, tokens[:count], args, rng, center.process.pid)
            samples, wall = runner(simulation)
            result = summarise(count, samples, wall)
            result["connections_per_worker"] = samples.connections_per_worker
            result["cpu_s"] = meter.stop()
            result["cpu_ms_per_request"] = {
                name: round(result["cpu_s"][name] * 1000 / max(1, result["requests"]), 2)
                for name in ("server", "postgresql", "load_generator")
            }
            result["server_log"] = center.log_problems()
            print(f"  {json.dumps(result)}", file=sys.stderr)
            runs.append(result)
    largest = max(runs, key=lambda r: r["kiosks"])
    return {
        "runs": runs,
        "database": "postgresql",
        "workers": args.workers,
        "connections": args.connections,
        "seconds": args.seconds,
        "period_s": args.period,
        "host": LOOPBACK,
        "client": "HttpPool (asyncio protocols, keep-alive) on uvloop, in the benchmark's process",
        "devices": "created in the database with server.auth.new_token/token_hash",
        "machine": machine,
        "goal_p99_ms": GOAL_P99_MS,
        "goal_kiosks": GOAL_KIOSKS,
        "goal_met": largest["kiosks"] >= GOAL_KIOSKS
        and largest["p99_ms"] <= GOAL_P99_MS
        and largest["errors"] == 0,
    }


def summarise(count: int, samples: Samples, wall: float) -> dict[str, Any]:
    def ms(value: float) -> float:
        return round(value * 1000, 1)

    everything = samples.latency["sync"] + samples.latency["poll"]
    errors = sum(samples.errors.values()) + samples.cut_off
    # Answered (any status) + failed without an answer + cut off at the end of the run.
    requests = (
        len(everything)
        + sum(n for cause, n in samples.errors.items() if not cause.split(":")[1].isdigit())
        + samples.cut_off
    )
    result: dict[str, Any] = {
        "kiosks": count,
        "p50_ms": ms(percentile(everything, 50)) if everything else None,
        "p99_ms": ms(percentile(everything, 99)) if everything else None,
        "errors": errors,
        "requests": requests,
        "rps": round(requests / wall, 1),
        "max_ms": ms(max(everything)) if everything else None,
    }
    for kind, values in samples.latency.items():
        if values:
            result[f"{kind}_p50_ms"] = ms(median(values))
            result[f"{kind}_p99_ms"] = ms(percentile(values, 99))
    result["lag_p99_ms"] = ms(percentile(samples.lag, 99)) if samples.lag else None
    result["error_causes"] = dict(samples.errors)
    if samples.cut_off:
        result["error_causes"]["cut_off_at_deadline"] = samples.cut_off
    result["cycles_planned"] = samples.cycles_planned
    result["cycles_not_started"] = samples.cycles_planned - samples.cycles_started
    return result
