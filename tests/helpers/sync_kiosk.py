"""Child program of the sync kill test: a kiosk that sends its outbox while orders keep coming.

Run from the repository root as

    ELDERKIOSK_TEST_TOKEN=... python -m tests.helpers.sync_kiosk DB_PATH CENTER_URL SEED MODE

It opens the kiosk store, starts the real SyncWorker against the center and, in MODE ``place``,
keeps placing orders at about an elder's pace (MODE ``sync`` only sends). Each line it prints is
flushed at once and names something already committed:

    saved <order_id>            place_order returned
    status <pending> <failed>   the worker's report after a batch (or at start)
"""

from __future__ import annotations

import os
import random
import sys
import threading

from app.catalog import load_catalog
from app.orders import place_order
from app.store import Store
from sync.client import CenterClient
from sync.worker import SyncStatus, SyncWorker
from tests.helpers.order_writer import demo_residents, report

BATCH_SIZE = 25
# A safety net: the parent kills the child long before this many orders.
MAX_ORDERS = 20_000
MAX_PAUSE_S = 0.02


def main(argv: list[str]) -> int:
    db_path, url, seed, mode = argv[1], argv[2], int(argv[3]), argv[4]
    rng = random.Random(seed)
    store = Store(db_path)
    residents = demo_residents(store)
    services = load_catalog().services
    client = CenterClient(url, os.environ["ELDERKIOSK_TEST_TOKEN"], timeout=(5.0, 10.0))

    def on_status(status: SyncStatus) -> None:
        report(f"status {status.pending} {status.failed}")

    worker = SyncWorker(store, client, on_status=on_status, batch_size=BATCH_SIZE)
    worker.start()
    pace = threading.Event()  # never set: only its timed wait is used, as an elder's pause
    if mode == "place":
        for number in range(MAX_ORDERS):
            resident = residents[number % len(residents)]
            service = rng.choice(services)
            choices = {c.id: rng.choice(c.options).id for c in service.choices}
            order = place_order(store, resident, service, choices)
            report(f"saved {order.id}")
            worker.wake()
            pace.wait(rng.uniform(0, MAX_PAUSE_S))
    else:
        pace.wait(3600)  # the parent ends it
    worker.stop()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
