"""Child program of the crash-durability test: places orders until it is killed.

Run from the repository root as ``python -m tests.helpers.order_writer DB_PATH SEED``. After each
action has been committed it prints one line and flushes at once, so every line the parent reads
names something that must survive the kill:

    saved <order_id>        place_order returned
    cancelled <order_id>    cancel_order returned
    sos <sos_id>            raise_sos returned
"""

from __future__ import annotations

import random
import sys

from app.catalog import load_catalog
from app.demo import DEMO_RESIDENTS, seed_demo
from app.emergency import raise_sos
from app.orders import cancel_order, list_orders, place_order
from app.people import Resident, find_by_card
from app.store import Store

# A safety net: the parent always kills the child long before this many actions.
MAX_ACTIONS = 100_000


def report(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def demo_residents(store: Store) -> list[Resident]:
    seed_demo(store)
    found = [find_by_card(store, card) for card, *_ in DEMO_RESIDENTS]
    return [r for r in found if r is not None]


def main(argv: list[str]) -> int:
    db_path, seed = argv[1], int(argv[2])
    key = bytes.fromhex(argv[3]) if len(argv) > 3 else None  # encrypted, as a kiosk's is
    rng = random.Random(seed)
    store = Store(db_path, key=key)
    residents = demo_residents(store)
    services = load_catalog().services
    for number in range(MAX_ACTIONS):
        resident = residents[number % len(residents)]
        roll = rng.random()
        if roll < 0.12:
            open_orders = [o for o in list_orders(store, resident.id) if o.cancellable]
            if open_orders:
                order = rng.choice(open_orders)
                cancel_order(store, order.id)
                report(f"cancelled {order.id}")
                continue
        if roll > 0.97:
            sos = raise_sos(store, resident, device_location="crash test")
            report(f"sos {sos.id}")
            continue
        service = rng.choice(services)
        choices = {c.id: rng.choice(c.options).id for c in service.choices}
        order = place_order(store, resident, service, choices)
        report(f"saved {order.id}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
