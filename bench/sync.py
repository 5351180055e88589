"""Outbox drain throughput: a real kiosk store and SyncWorker against a real center process.

1. Starts ``python -m server serve`` on loopback (SQLite in a temporary folder by default,
   ``--database postgres`` for a throwaway PostgreSQL) after ``python -m server migrate``.
2. Each round enrols a new kiosk the way a kiosk does (``python -m server enrolment-code``,
   then ``CenterClient.enrol``) with its own ``app.store.Store`` file (WAL,
   ``synchronous=FULL``).
3. Batched round: queues ``--items`` ``reading.record`` events with ``outbox.enqueue`` in
   transactions of 1,000, then drains them with a real ``SyncWorker`` (``--batch-size``,
   default the worker's 200) by calling ``drain_once()`` in a loop in this process until it
   finds nothing to send. The clock runs from the first call to the last and holds claim,
   HTTP POST, server ingest and commit, and the write-back of the answers.
4. One-per-item round: the same with batch size 1 on ``--one-per-item`` events. That rate is
   measured on fewer events and taken to hold for ``--items`` (``one_per_item_extrapolated``).
5. The two kinds take turns for ``--rounds`` rounds each; the medians are the figures.
6. After the server has stopped, reads its database (SQLAlchemy): for every kiosk, the rows
   in ``ingested_events`` and ``readings`` must match the kiosk's event ids one to one
   (``lost``: ids the server lacks; ``duplicated``: more rows than ids, or ids the kiosk never
   queued), and every local outbox event must be ``sent``.

CPU seconds of the kiosk (this process), the server and everything else on the machine
during the median batched round are reported, since another load slows the figures down.

    python -m bench sync [--items 10000] [--one-per-item 1000] [--batch-size 200]
                         [--rounds 3] [--database sqlite|postgres] [--timeout 600]
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from bench.center import CenterProcess, on_throwaway_center
from bench.machine import CpuMeter, describe, postgres_pids
from bench.stats import median

REPO_ROOT = Path(__file__).resolve().parent.parent
_PLAIN = False  # set from --plain
GOAL_ITEMS_PER_S = 2000.0
GOAL_RATIO = 20.0
ENQUEUE_CHUNK = 1000


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench sync",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--items", type=int, default=10_000, help="events drained in batches")
    parser.add_argument(
        "--one-per-item", type=int, default=1_000, help="events drained one request each"
    )
    parser.add_argument("--batch-size", type=int, default=200, help="the worker's batch size")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="kiosk stores unencrypted (as before encryption at rest), to measure its cost",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of each (a new kiosk each); medians count"
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per drain at most")
    args = parser.parse_args(argv)
    if args.items < 1 or args.one_per_item < 1 or not 1 <= args.rounds <= 20:
        parser.error("--items and --one-per-item must be at least 1, --rounds 1..20")
    if not 1 <= args.batch_size <= 500:
        parser.error("--batch-size must be 1..500 (the protocol's MAX_BATCH)")
    return args


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    return on_throwaway_center(
        args.database, "kiosk-bench-sync-", lambda folder, url: _measure(args, folder, url)
    )


def queue_readings(store: Any, count: int) -> list[str]:
    """``count`` blood-pressure readings in the outbox, as the vitals screen would queue them."""
    from app import outbox

    ids: list[str] = []
    started = time.time()
    for start in range(0, count, ENQUEUE_CHUNK):
        with store.transaction() as conn:
            for index in range(start, min(count, start + ENQUEUE_CHUNK)):
                ids.append(
                    outbox.enqueue(
                        conn,
                        "reading.record",
                        {
                            "reading_id": str(uuid.uuid4()),
                            "resident_card": f"{10001 + index % 50}",
                            "kind": "blood_pressure",
                            "systolic": 110 + index % 40,
                            "diastolic": 70 + index % 20,
                            "pulse": 60 + index % 30,
                            "unit": "mmHg",
                            "measured_at": started + index,
                            "device": "simulator",
                        },
                    )
                )
    return ids


def drain(worker: Any, store: Any, expected: int, timeout: float) -> tuple[float, int]:
    """Call ``drain_once`` until it finds nothing to send; return (seconds, requests).

    The loop asks the worker, not the outbox, whether it is done, so the timing holds only
    what the worker does; emptiness is checked once at the end.
    """
    from app import outbox

    # Every batch needs one request; a few spare calls allow for a retried batch.
    budget = -(-expected // worker.batch_size) + 50
    requests = 0
    started = time.perf_counter()
    deadline = started + timeout
    while worker.drain_once():
        requests += 1
        if requests >= budget or time.perf_counter() > deadline:
            raise RuntimeError(f"the outbox did not drain after {requests} requests")
    seconds = time.perf_counter() - started
    state = outbox.queue_state(store)
    if state.pending or state.failed:
        # A failed send is put back with a backoff: report it rather than wait it out.
        waiting = outbox.events(store, state="pending")[:1]
        raise RuntimeError(f"the outbox did not drain: {state}; first waiting: {waiting}")
    return seconds, requests


def drain_one_kiosk(
    center: CenterProcess,
    code: str,
    store_path: Path,
    name: str,
    count: int,
    batch_size: int,
    timeout: float,
) -> dict[str, Any]:
    """Enrol a kiosk, queue ``count`` readings in its own store, drain them; what happened."""
    from app import outbox
    from app.store import Store
    from sync.client import CenterClient
    from sync.worker import SyncWorker

    client = CenterClient(center.url)
    enrolled = client.enrol(code, f"bench-{name}", "kiosk")
    client.token = enrolled.token
    # Encrypted as a kiosk's is (SQLCipher, app.privacy), unless --plain.
    store = Store(store_path, key=None if _PLAIN else secrets.token_bytes(32))
    try:
        ids = queue_readings(store, count)
        worker = SyncWorker(store, client, batch_size=batch_size)
        assert center.process is not None
        groups = {"server": [center.process.pid]}
        if not center.database_url.startswith("sqlite"):
            groups["postgresql"] = postgres_pids(center.database_url)
        meter = CpuMeter(groups, self_name="kiosk")
        meter.start()
        seconds, requests = drain(worker, store, count, timeout)
        cpu = meter.stop()
        print(
            f"{name}: drained {count} events in {seconds:.2f} s ({count / seconds:.0f}/s,"
            f" {requests} requests of {batch_size}); CPU s: {cpu}",
            file=sys.stderr,
        )
        return {
            "device_id": enrolled.device_id,
            "ids": set(ids),
            "count": count,
            "seconds": seconds,
            "rate": count / seconds,
            "requests": requests,
            "cpu_s": cpu,
            "local_sent": len(outbox.events(store, state="sent")),
            "local_total": len(outbox.events(store)),
        }
    finally:
        store.close()
        client.close()


def _measure(args: argparse.Namespace, folder: Path, url: str) -> dict[str, Any]:
    global _PLAIN
    _PLAIN = args.plain
    center = CenterProcess(url, folder)
    center.cli("migrate")
    machine = describe()
    # Batched and one-per-item rounds take turns, so a machine that gets busier or quieter
    # during the run affects both alike; each round is a new kiosk with its own store.
    plan = [(kind, index) for index in range(args.rounds) for kind in ("batched", "one_per_item")]
    codes = [center.cli("enrolment-code", "--by", "bench") for _ in plan]
    runs: dict[str, list[dict[str, Any]]] = {"batched": [], "one_per_item": []}
    with center.serving():
        for (kind, index), code in zip(plan, codes, strict=True):
            count, batch_size = (
                (args.items, args.batch_size) if kind == "batched" else (args.one_per_item, 1)
            )
            runs[kind].append(
                drain_one_kiosk(
                    center,
                    code,
                    folder / f"kiosk-{kind}-{index}.sqlite3",
                    f"{kind} {index + 1}/{args.rounds}",
                    count,
                    batch_size,
                    args.timeout,
                )
            )
    # The server has stopped: everything it answered is committed and on disk.
    for round_ in runs["batched"] + runs["one_per_item"]:
        round_.update(server_view(url, round_["device_id"], round_["ids"]))

    everything = runs["batched"] + runs["one_per_item"]
    items_per_s = median([r["rate"] for r in runs["batched"]])
    one_per_item_per_s = median([r["rate"] for r in runs["one_per_item"]])
    lost = sum(r["lost"] for r in everything)
    duplicated = sum(r["duplicated"] for r in everything)
    not_sent = sum(r["local_total"] - r["local_sent"] for r in everything)
    ratio = items_per_s / one_per_item_per_s
    return {
        "items": args.items,
        "items_per_s": round(items_per_s, 1),
        "one_per_item_per_s": round(one_per_item_per_s, 1),
        "ratio": round(ratio, 2),
        "lost": lost,
        "duplicated": duplicated,
        "database": "sqlite" if args.database == "sqlite" else "postgresql",
        "batch_size": args.batch_size,
        "kiosk_store": "plain" if args.plain else "encrypted",
        "rounds": args.rounds,
        "items_per_s_all": [round(r["rate"], 1) for r in runs["batched"]],
        "one_per_item_per_s_all": [round(r["rate"], 1) for r in runs["one_per_item"]],
        "requests_per_round": runs["batched"][0]["requests"],
        "one_per_item_items": args.one_per_item,
        "one_per_item_extrapolated": args.one_per_item != args.items,
        "one_per_item_note": (
            f"rate measured on {args.one_per_item} events sent one per request, taken to hold"
            f" for {args.items}"
        ),
        "server_ingested": [r["ingested"] for r in runs["batched"]],
        "server_records": [r["records"] for r in runs["batched"]],
        "local_not_sent": not_sent,
        "cpu_s_batched": runs["batched"][len(runs["batched"]) // 2]["cpu_s"],
        "machine": machine,
        "goal_items_per_s": GOAL_ITEMS_PER_S,
        "goal_ratio": GOAL_RATIO,
        "goals_met": items_per_s >= GOAL_ITEMS_PER_S
        and ratio >= GOAL_RATIO
        and lost == 0
        and duplicated == 0
        and not_sent == 0,
    }


def server_view(url: str, device_id: str, local_ids: set[str]) -> dict[str, int]:
    """Compare what the center stored for one device with the ids the kiosk queued."""
    from sqlalchemy import func, select

    from server.db import make_engine
    from server.models import IngestedEvent, Reading

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ingested = [
                row[0]
                for row in conn.execute(
                    select(IngestedEvent.event_id).where(IngestedEvent.device_id == device_id)
                )
            ]
            # Readings are stored as readings, under the event that brought them.
            records = [
                row[0]
                for row in conn.execute(
                    select(Reading.event_id).where(Reading.device_id == device_id)
                )
            ]
            applied = (
                conn.scalar(
                    select(func.count())
                    .select_from(IngestedEvent)
                    .where(IngestedEvent.device_id == device_id, IngestedEvent.status == "applied")
                )
                or 0
            )
    finally:
        engine.dispose()
    lost = len(local_ids - set(ingested)) + len(local_ids - set(records))
    # The primary keys make a second row for one id impossible; this checks that they held
    # and that nothing was stored under an id the kiosk never queued.
    duplicated = (
        (len(ingested) - len(set(ingested)))
        + (len(records) - len(set(records)))
        + len(set(ingested) - local_ids)
        + len(set(records) - local_ids)
    )
    if applied != len(ingested):  # reading.record is never refused; say so if it was
        print(f"warning: {len(ingested) - applied} events were rejected", file=sys.stderr)
    return {
        "ingested": len(ingested),
        "records": len(records),
        "lost": lost,
        "duplicated": duplicated,
    }
