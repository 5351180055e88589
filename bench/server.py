"""Center server under many kiosks: request latency with PostgreSQL, N simulated kiosks.

1. Starts a throwaway PostgreSQL on loopback (``server.pgtemp.TempPostgres``), runs
   ``python -m server migrate`` once, and creates the kiosks' devices directly in the database
   with the server's own token helpers (``auth.new_token``, ``auth.token_hash``), in one bulk
   insert: enrolling 10,000 kiosks through one-time codes would take two round trips each and
   is not what is measured here.
2. Starts ``python -m server serve --host 127.0.0.1 --workers K`` (uvicorn, uvloop, httptools).
3. For each ``--kiosks`` count, simulates that many kiosks for ``--seconds``. Each kiosk has a
   start offset spread uniformly over the ``--period`` (10 s) and then, every period, makes
   one sync (``POST /api/v1/events`` with 1-3 events: blood-pressure readings, and one order in
   five) followed by one poll (``GET /api/v1/updates?since=CURSOR``). The schedule is open
   loop: a kiosk's cycles are due at fixed times whatever the server does, so a slow server
   shows up as latency rather than as fewer requests.
4. The load generator is this process: one asyncio loop (uvloop) and ``httpx.AsyncClient``
   (aiohttp is not installed) with a bounded pool, ``--connections`` in all, split over
   clients of 10 connections each. A request's latency runs from the moment the kiosk wants
   to send (so waiting for a free connection counts) to the last byte of the answer. Any
   exception or non-2xx answer is an error, and so is a request still waiting when the run is
   stopped. ``lag`` is how late cycles started against their schedule: when it grows, the
   generator itself is short of CPU. It shares the machine's cores with the server and
   PostgreSQL; the CPU seconds of each, and of everything else on the machine, are reported.

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
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.center import LOOPBACK, CenterProcess, center_database
from bench.machine import CpuMeter, describe, postgres_pids
from bench.stats import median, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL_P99_MS = 250.0
GOAL_KIOSKS = 10_000
SHARD_CONNECTIONS = 10
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
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-server-"))
    try:
        with center_database("postgres", folder) as url:
            return _measure(args, folder, url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
    finally:
        engine.dispose()
    return tokens


def sync_body(rng: random.Random, card: str) -> bytes:
    """1-3 events as a kiosk's outbox would send them: readings, sometimes an order."""
    now = time.time()
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


async def simulate(
    url: str, tokens: list[str], args: argparse.Namespace, rng: random.Random
) -> tuple[Samples, float]:
    """Run ``len(tokens)`` kiosks for ``args.seconds``; return the samples and the wall time."""
    import httpx

    samples = Samples()
    loop = asyncio.get_running_loop()
    cycles = math.ceil(args.seconds / args.period)
    # Several clients with small pools rather than one with a big pool: httpcore's pool does
    # work proportional to (waiting requests x connections) on every change, which made one
    # 100-connection client spend 3 ms of CPU per request, against about 1 ms this way.
    shards = math.ceil(args.connections / SHARD_CONNECTIONS)
    per_shard = math.ceil(args.connections / shards)
    limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
    clients = [
        httpx.AsyncClient(base_url=url, limits=limits, timeout=httpx.Timeout(args.timeout))
        for _ in range(shards)
    ]
    # Requests wait for a free connection here, in a cheap asyncio queue, and never inside
    # httpcore's pool (same cost problem); the wait is part of their latency.
    gates = [asyncio.Semaphore(per_shard) for _ in range(shards)]
    async with contextlib.AsyncExitStack() as stack:
        for client_ in clients:
            await stack.enter_async_context(client_)
        # Open the pools' connections before the clock starts, as long-running kiosks would.
        await asyncio.gather(*(c.get("/healthz") for c in clients for _ in range(per_shard)))
        started = loop.time() + 0.5

        async def request(
            shard: int, kind: str, method: str, path: str, **kw: Any
        ) -> httpx.Response | None:
            # perf_counter, not loop.time(): uvloop's clock moves in whole milliseconds.
            t0 = time.perf_counter()
            samples.in_flight += 1
            try:
                async with gates[shard]:
                    response = await clients[shard].request(method, path, **kw)
            except Exception as exc:  # every failure counts, whatever it is
                samples.errors[f"{kind}:{exc.__class__.__name__}"] += 1
                return None
            finally:
                samples.in_flight -= 1
            samples.latency[kind].append(time.perf_counter() - t0)
            if not 200 <= response.status_code < 300:
                samples.errors[f"{kind}:{response.status_code}"] += 1
                return None
            return response

        async def kiosk(index: int, token: str, offset: float, seed: float) -> None:
            own = random.Random(seed)
            shard = index % shards
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            card = f"{10001 + index % 5000}"
            cursor = 0
            for cycle in range(cycles):
                due = started + offset + cycle * args.period
                if due >= started + args.seconds:
                    break
                await asyncio.sleep(max(0.0, due - loop.time()))
                samples.lag.append(loop.time() - due)
                samples.cycles_started += 1
                body = sync_body(own, card)
                await request(
                    shard, "sync", "POST", "/api/v1/events", content=body, headers=headers
                )
                answer = await request(
                    shard,
                    "poll",
                    "GET",
                    "/api/v1/updates",
                    params={"since": cursor},
                    headers=headers,
                )
                if answer is not None:
                    cursor = int(answer.json().get("cursor", cursor))

        offsets = [rng.uniform(0, args.period) for _ in tokens]
        samples.cycles_planned = sum(
            sum(1 for c in range(cycles) if offset + c * args.period < args.seconds)
            for offset in offsets
        )
        tasks = [
            asyncio.create_task(kiosk(i, token, offsets[i], rng.random()))
            for i, token in enumerate(tokens)
        ]
        _, pending = await asyncio.wait(tasks, timeout=args.seconds + args.period + args.grace)
        samples.cut_off = samples.in_flight
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
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
            samples, wall = runner(simulate(center.url, tokens[:count], args, rng))
            result = summarise(count, samples, wall)
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
        "client": "httpx.AsyncClient on uvloop, in the benchmark's process",
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
