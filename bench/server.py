"""Center server under many kiosks: request latency with PostgreSQL, N simulated kiosks that
behave as real kiosks do.

1. Starts a throwaway PostgreSQL on loopback (``server.pgtemp.TempPostgres``), runs
   ``python -m server migrate`` once, and creates the kiosks' devices directly in the database
   with the server's own token helpers (``bench.fleet.create_devices``).
2. Starts ``python -m server serve --host 127.0.0.1 --workers K`` (uvicorn, uvloop, httptools;
   with K > 1 one process per worker, each with its own listening socket, see server/serve.py).
3. For each ``--kiosks`` count, before the clock starts, every kiosk opens its update socket
   (``/api/v1/updates/ws``) and sends ``{"since": 0}``, as ``sync/updates.py`` does, and keeps
   it open for the whole run: it answers the server's pings, pings every 20 s itself and
   receives an empty page every 25 s (bench/fleet.py, bench/wsclient.py). The sockets open
   one after the other, evenly over ``--connect-over`` (25 s), so that their keepalives and
   pings are spread in time as those of kiosks that connected at different moments. Then, for
   ``--seconds``, each kiosk POSTs ``/api/v1/events`` when it has something to send: on
   average once every ``--send-every`` seconds (60), at random moments, 1-3 readings and in one
   send of five an order the center takes, for a resident of its register (the rate, the
   orders and why: bench/fleet.py). At 10,000 kiosks that is about
   167 sends a second and 10,000 open sockets. The schedule is open loop: every send is made
   before the clock starts and is due at a fixed time whatever the server does, so a slow
   server shows up as latency rather than as fewer requests.
4. The load generator is this process: one asyncio loop (uvloop), the sockets on a minimal
   WebSocket client (``bench.wsclient``) and the sends on a plain HTTP/1.1 client
   (``bench.http.HttpPool``) over ``--connections`` keep-alive connections, opened before the
   clock starts. A send takes the next free connection, as behind a proxy. Its latency runs
   from the moment the kiosk wants to send (so waiting for a free connection counts) to the
   last byte of the answer. Any exception or non-2xx answer is an error, and so is an event
   the center refused in its answer (``error_causes`` ``event_rejected:CODE``; the events and
   orders it applied are counted), a send still waiting when the run is stopped, a socket
   that could not be opened and one that ended before the benchmark closed it.
5. What else it reports: ``lag`` (how late sends started against their schedule; it grows
   when the generator itself is short of CPU), ``keepalive_late`` (how much later than 25 s
   after the previous message each empty page came: the server's event loop falling behind),
   the time it took to open the sockets, the CPU seconds of the server, PostgreSQL, the
   generator and everything else on the machine during the clock, and how the sockets and
   the pool's connections fell on the server's worker processes (the kernel spreads them,
   see server/serve.py).

Each kiosk holds a socket, so the benchmark raises its limit of open files (``RLIMIT_NOFILE``,
``bench.machine.raise_open_files_limit``) to the hard limit before it starts anything; the
server and PostgreSQL inherit it. Every loop is bounded: sends are due only within
``--seconds``, and each run is stopped ``--grace`` seconds after its last send was due.
Traffic goes only to 127.0.0.1.

    python -m bench server [--kiosks 1000 10000] [--seconds 60] [--send-every 60]
                           [--workers 2] [--connections 100] [--grace 60] [--timeout 30]
                           [--compression deflate|none] [--ping-interval 20]
                           [--connect-over 25]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.center import LOOPBACK, CenterProcess, on_throwaway_center
from bench.fleet import SEND_EVERY_S, Fleet, create_devices, plan_sends
from bench.http import HttpPool, RequestFailed
from bench.machine import CpuMeter, describe, postgres_pids, raise_open_files_limit
from bench.stats import median, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
GOAL_P99_MS = 250.0
GOAL_KIOSKS = 10_000
FILES_PER_KIOSK = 2  # the generator holds one socket per kiosk; so does the server
CONNECT_OVER_S = 25.0  # the server's keepalive period (server.routes.updates.KEEPALIVE_S)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--kiosks", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each run")
    parser.add_argument(
        "--send-every",
        type=float,
        default=SEND_EVERY_S,
        help="mean seconds between a kiosk's sends (at random moments)",
    )
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--connections", type=int, default=100, help="client connection pool")
    parser.add_argument("--grace", type=float, default=60.0, help="seconds allowed after a run")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument(
        "--compression",
        choices=("deflate", "none"),
        default="deflate",
        help="what the sockets offer (the kiosk's websockets client offers deflate)",
    )
    parser.add_argument(
        "--ping-interval",
        type=float,
        default=20.0,
        help="seconds between a socket's pings, 0 for none (websockets' default: 20)",
    )
    parser.add_argument(
        "--connect-over",
        type=float,
        default=CONNECT_OVER_S,
        help="seconds over which the sockets open before the clock, evenly (0: at once)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if min(args.kiosks) < 1 or max(args.kiosks) > 30_000:
        parser.error("--kiosks must be 1..30000 (each holds a socket and a client port)")
    if not 1 <= args.seconds <= 600 or not 0.1 <= args.send_every <= 3600:
        parser.error("--seconds must be 1..600 and --send-every 0.1..3600")
    if not 1 <= args.workers <= 8 or not 1 <= args.connections <= 1000:
        parser.error("--workers must be 1..8 and --connections 1..1000")
    if not 0 <= args.ping_interval <= 600 or not 0 <= args.connect_over <= 600:
        parser.error("--ping-interval and --connect-over must be 0..600")
    return args


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    files = raise_open_files_limit(FILES_PER_KIOSK * max(args.kiosks) + 1_000)
    if files < max(args.kiosks) + 1_000:
        raise SystemExit(f"the limit of open files is {files}: too low for {max(args.kiosks)}")
    return on_throwaway_center(
        "postgres", "kiosk-bench-server-", lambda folder, url: _measure(args, folder, url)
    )


@dataclass
class Samples:
    """What one run's sends saw: latencies, errors by cause, start lag."""

    latency: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lag: list[float] = field(default_factory=list)
    in_flight: int = 0
    cut_off: int = 0  # sends still waiting for an answer when the run was stopped
    planned: int = 0
    started: int = 0
    events_applied: int = 0
    orders_applied: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # events refused, by their code

    def count_results(self, body: bytes) -> None:
        """Count what the center did with each event of one answered send
        (``sync.protocol.BatchResult``): an event it refused counts as an error."""
        try:
            results = json.loads(body)["results"]
            for result in results:
                if result["status"] == "applied":
                    self.events_applied += 1
                    if "order_id" in result.get("result", {}):
                        self.orders_applied += 1
                else:
                    code = str(result.get("error") or "no reason").split(":")[0][:40]
                    self.rejected[code] += 1
        except (ValueError, KeyError, TypeError, AttributeError):
            self.errors["send:unreadable_answer"] += 1


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


async def send_all(
    pool: HttpPool,
    plan: list[tuple[float, int, bytes]],
    samples: Samples,
    started: float,
    stop_at: float,
) -> None:
    """Send every planned request at its time (loop clock ``started`` + offset); return when
    all are answered or at ``stop_at``, counting what is still waiting as cut off."""
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    async def send(due: float, data: bytes) -> None:
        samples.lag.append(loop.time() - due)
        samples.started += 1
        t0 = time.perf_counter()
        samples.in_flight += 1
        try:
            status, body, done = await pool.request(data)
        except Exception as exc:  # every failure counts, whatever it is
            name = exc.args[0] if isinstance(exc, RequestFailed) else exc.__class__.__name__
            samples.errors[f"send:{name}"] += 1
            return
        finally:
            samples.in_flight -= 1
        samples.latency.append(done - t0)
        if not 200 <= status < 300:
            samples.errors[f"send:{status}"] += 1
            return
        samples.count_results(body)

    def launch(due: float, data: bytes) -> None:
        task = loop.create_task(send(due, data))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    samples.planned = len(plan)
    handles = [loop.call_at(started + at, launch, started + at, data) for at, _, data in plan]
    while loop.time() < stop_at:
        await asyncio.sleep(0.1)
        if samples.started == samples.planned and not tasks:
            break
    samples.cut_off = samples.in_flight
    for handle in handles:
        handle.cancel()
    for task in list(tasks):
        task.cancel()
    if tasks:
        await asyncio.wait(list(tasks))


async def simulate(
    url: str,
    tokens: list[str],
    args: argparse.Namespace,
    rng: random.Random,
    meter: CpuMeter,
    server_pid: int | None = None,
) -> dict[str, Any]:
    """Run ``len(tokens)`` kiosks for ``args.seconds``; their figures."""
    loop = asyncio.get_running_loop()
    plan = plan_sends(tokens, args.seconds, args.send_every, rng, time.time() + 1.0)
    host, port = url.removeprefix("http://").rsplit(":", 1)
    pool = HttpPool(host, int(port), args.connections, args.timeout)
    await pool.open()
    fleet = Fleet(
        host,
        int(port),
        tokens,
        deflate=args.compression == "deflate",
        ping_interval=args.ping_interval or None,
    )
    try:
        open_s = await fleet.open(args.connect_over)
        print(f"  {fleet.stats.opened} sockets open in {open_s:.1f} s", file=sys.stderr)
        spread = {}
        if server_pid is not None:
            spread["connections_per_worker"] = connections_per_worker(
                server_pid, pool.local_ports()
            )
            spread["sockets_per_worker"] = connections_per_worker(server_pid, fleet.local_ports())
        samples = Samples()
        fleet.start_measuring()
        meter.start()
        started = loop.time() + 0.5
        await send_all(pool, plan, samples, started, started + args.seconds + args.grace)
        # The sockets are measured for the whole clock, whenever the last send came back.
        await asyncio.sleep(max(0.0, started + args.seconds - loop.time()))
        wall = loop.time() - started
        cpu = meter.stop()
        fleet.stop_measuring()
    finally:
        pool.close()
        await fleet.close()
    result = summarise(len(tokens), samples, wall, fleet, open_s)
    result.update(spread)
    result["cpu_s"] = cpu
    result["machine_busy_pct"] = round(100 * cpu["machine"] / (cpu["wall"] * (os.cpu_count() or 1)))
    result["cpu_ms_per_send"] = {
        name: round(cpu[name] * 1000 / max(1, result["sends"]), 2)
        for name in ("server", "postgresql", "load_generator")
    }
    return result


def _measure(args: argparse.Namespace, folder: Path, url: str) -> dict[str, Any]:
    center = CenterProcess(url, folder)
    center.cli("migrate")
    started = time.perf_counter()
    tokens = create_devices(url, max(args.kiosks))
    print(
        f"created {len(tokens)} devices in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )
    runner: Callable[[Coroutine[Any, Any, dict[str, Any]]], dict[str, Any]]
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
            load_before = round(os.getloadavg()[0], 2)
            simulation = simulate(center.url, tokens[:count], args, rng, meter, center.process.pid)
            result = runner(simulation)
            result["loadavg_1m_before"] = load_before
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
        "send_every_s": args.send_every,
        "compression": args.compression,
        "ping_interval_s": args.ping_interval or None,
        "host": LOOPBACK,
        "client": "sockets on bench.wsclient, sends on HttpPool, on uvloop, in the bench process",
        "devices": "created in the database with server.auth.new_token/token_hash",
        "machine": machine,
        "goal_p99_ms": GOAL_P99_MS,
        "goal_kiosks": GOAL_KIOSKS,
        "goal_met": largest["kiosks"] >= GOAL_KIOSKS
        and largest["p99_ms"] is not None
        and largest["p99_ms"] <= GOAL_P99_MS
        and largest["errors"] == 0,
    }


def summarise(
    count: int, samples: Samples, wall: float, fleet: Fleet, open_s: float
) -> dict[str, Any]:
    def ms(value: float) -> float:
        return round(value * 1000, 1)

    latency = samples.latency
    sockets = fleet.stats
    send_errors = sum(samples.errors.values()) + samples.cut_off + sum(samples.rejected.values())
    # Answered (any status) + failed without an answer + cut off at the end of the run.
    sends = (
        len(latency)
        + sum(n for cause, n in samples.errors.items() if not cause.split(":")[1].isdigit())
        + samples.cut_off
    )
    causes: dict[str, int] = dict(samples.errors)
    if samples.cut_off:
        causes["send:cut_off_at_deadline"] = samples.cut_off
    causes.update({f"event_rejected:{code}": n for code, n in samples.rejected.items()})
    causes.update(sockets.error_causes())
    late = sockets.keepalive_late
    return {
        "kiosks": count,
        "p50_ms": ms(median(latency)) if latency else None,
        "p99_ms": ms(percentile(latency, 99)) if latency else None,
        "errors": send_errors + sockets.errors(),
        "sends": sends,
        "sends_per_s": round(sends / wall, 1),
        "events_applied": samples.events_applied,
        "orders_applied": samples.orders_applied,
        "max_ms": ms(max(latency)) if latency else None,
        "lag_p99_ms": ms(percentile(samples.lag, 99)) if samples.lag else None,
        "sends_not_started": samples.planned - samples.started,
        "sockets_open": sockets.opened,
        "sockets_open_s": round(open_s, 1),
        "keepalive_pages": sockets.keepalives,
        "keepalive_late_p99_ms": ms(percentile(late, 99)) if late else None,
        "keepalive_late_max_ms": ms(max(late)) if late else None,
        "error_causes": causes,
        "wall_s": round(wall, 1),
    }
