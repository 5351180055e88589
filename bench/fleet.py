"""Simulated kiosks for the server benchmarks: enrolled devices, open update sockets, and the
events they send at a realistic rate.

A real kiosk (``sync/updates.py``, ``sync/worker.py``) holds one WebSocket open to
``/api/v1/updates/ws``: it sends ``{"since": cursor}`` once and then listens; the server sends
each change as it is committed and an empty page every 25 s (``KEEPALIVE_S`` in
server/routes/updates.py), and the kiosk's ``websockets`` client pings every 20 s. Besides
that, it POSTs ``/api/v1/events`` only when its outbox has something to send. :class:`Fleet`
holds one :class:`bench.wsclient.ClientSocket` per kiosk and keeps what they saw;
:func:`plan_sends` makes every kiosk's sends before the clock starts.

**The rate of sends.** Each kiosk sends on average once a minute (``SEND_EVERY_S``), at
random moments (a Poisson process: exponential gaps, the same for every kiosk), each send
1-3 events: blood-pressure readings, and in one send of five an order (``sync_body``) that the
center takes: for one of the residents the fleet registers (``fleet_card``, written into the
register by ``create_devices``), a service and answers of the center's catalog with no cut-off
and no day off, so it is taken whenever the benchmark runs, at the center's own price for the
resident's tier (the center prices every order itself and refuses an unknown service, card or
answer: server/pricing.py). That is
a busy hour at every kiosk of the group at once: a community center's kiosk serves one
resident at a time, and a visit (sign in, a reading or an order, read back, sign out) takes
one to two minutes, so one send a minute means a queue in front of every kiosk. A home tablet
(one resident) sends a few times a day. ``--send-every`` changes the rate: at 10 s it posts as
often as the old benchmark's kiosks did (which also polled every 10 s).
"""

from __future__ import annotations

import asyncio
import functools
import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.http import http_request
from bench.wsclient import ClientSocket, connect

SEND_EVERY_S = 60.0
ORDER_SHARE = 0.2  # of sends that carry an order besides readings
# The fleet's residents: cards FIRST_CARD, FIRST_CARD + 1, ... (apart from the demo's), one
# register entry each, their subsidy tiers in turn; kiosk i serves card i modulo their number.
FLEET_RESIDENTS = 5_000
FIRST_CARD = 300_001
TIERS = ("free", "subsidised", "full")
UPDATES_PATH = "/api/v1/updates/ws"
CONNECTING_AT_ONCE = 100  # handshakes in flight while the fleet connects


def fleet_card(index: int) -> str:
    """The card of the resident kiosk ``index`` serves (``FLEET_RESIDENTS`` take turns)."""
    return str(FIRST_CARD + index % FLEET_RESIDENTS)


def tier_of(card: str) -> str:
    """The subsidy tier the center's register has for ``card``: a demo resident's
    (server.residents.DEMO_RESIDENTS) or a fleet resident's (they take the tiers in turn)."""
    from server.residents import DEMO_RESIDENTS

    for demo_card, _name, _phone, tier, _language in DEMO_RESIDENTS:
        if demo_card == card:
            return tier
    return TIERS[int(card) % len(TIERS)] if card.isdigit() else "full"


@dataclass(frozen=True)
class Orderable:
    """A service of the center's catalog that can be ordered at any moment: its questions
    with the options that have no cut-off, its prices per tier, and its quantity question."""

    service_id: str
    answers: dict[str, tuple[str, ...]]
    price_fen: dict[str, int]
    quantity_list: str | None


@functools.cache
def orderable_services() -> tuple[Orderable, ...]:
    """What the center's default catalog (server.settings.DEFAULT_CATALOG, the shipped one)
    takes at any hour of any day."""
    from server.pricing import parse_rules
    from server.settings import DEFAULT_CATALOG

    rules = parse_rules(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    found = []
    for service in rules.services.values():
        if service.until is not None or len(service.days) < 7:
            continue
        answers = {
            question: tuple(sorted(o for o in options if (question, o) not in service.option_until))
            for question, options in service.questions.items()
        }
        if all(answers.values()):
            found.append(
                Orderable(service.id, answers, dict(service.price_fen), service.quantity_list)
            )
    if not found:
        raise RuntimeError(f"{DEFAULT_CATALOG} has no service that can be ordered at any hour")
    return tuple(sorted(found, key=lambda o: o.service_id))


def order_payload(rng: random.Random, card: str, now: float) -> dict[str, Any]:
    """An ``order.create`` payload the center takes for the registered resident ``card``,
    priced as the center prices it."""
    service = rng.choice(orderable_services())
    choices = {question: rng.choice(options) for question, options in service.answers.items()}
    quantity = 1
    if service.quantity_list is not None:
        quantity = int(choices[service.quantity_list])
    tier = tier_of(card)
    return {
        "order_id": str(uuid.uuid4()),
        "resident_card": card,
        "service_id": service.service_id,
        "choices": choices,
        "quantity": quantity,
        "price_fen": service.price_fen[tier] * quantity,
        "subsidy_tier": tier,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now)),
    }


def create_devices(url: str, count: int) -> list[str]:
    """``count`` enrolled kiosks, written straight into the devices table, and the residents
    they serve (``fleet_card``) in the register; the kiosks' tokens.

    Enrolling 10,000 kiosks through one-time codes would take two round trips each, and is
    not what the benchmarks measure (``bench sync`` enrols the real way); the register is
    written the same way for the same reason."""
    from sqlalchemy import insert

    from server import auth
    from server.db import make_engine
    from server.models import Device, ResidentRow

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
    cards = sorted({fleet_card(index) for index in range(count)})
    residents = [
        {
            "card": card,
            "name": f"bench resident {card}",
            "phone": "",
            "subsidy_tier": tier_of(card),
            "contacts": "[]",
            "language": "zh_CN",
            "active": True,
            "updated_at": now,
            "updated_by": "bench",
        }
        for card in cards
    ]
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for start in range(0, count, 5_000):
                conn.execute(insert(Device), rows[start : start + 5_000])
            conn.execute(insert(ResidentRow), residents)
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
    order the center takes (``card`` must be registered: ``fleet_card``, or a demo card on a
    center with ``CENTER_DEMO_RESIDENTS=1``)."""
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
            "payload": order_payload(rng, card, now),
            "created_at": now,
        }
    return json.dumps({"events": events}).encode()


def plan_sends(
    tokens: list[str], seconds: float, send_every: float, rng: random.Random, wall_start: float
) -> list[tuple[float, int, bytes]]:
    """Every send of every kiosk within ``seconds``: (offset from the start, kiosk index,
    the whole request), ordered by time. The events carry their planned wall-clock time."""
    plan = []
    for index, token in enumerate(tokens):
        own = random.Random(rng.random())
        card = fleet_card(index)
        at = own.expovariate(1 / send_every)
        while at < seconds:
            body = sync_body(own, card, wall_start + at)
            plan.append((at, index, http_request("POST", "/api/v1/events", token, body)))
            at += own.expovariate(1 / send_every)
    plan.sort(key=lambda item: item[0])
    return plan


@dataclass
class SocketStats:
    """What the fleet's update sockets saw."""

    opened: int = 0
    failed_to_open: Counter[str] = field(default_factory=Counter)
    ended: Counter[str] = field(default_factory=Counter)  # sockets that ended before the close
    keepalives: int = 0  # empty pages while measuring
    updates: int = 0
    keepalive_late: list[float] = field(default_factory=list)  # seconds beyond KEEPALIVE_S
    measuring: bool = False

    def errors(self) -> int:
        return sum(self.failed_to_open.values()) + sum(self.ended.values())

    def error_causes(self) -> dict[str, int]:
        causes = {f"socket_open:{k}": n for k, n in self.failed_to_open.items()}
        causes.update({f"socket_ended:{k}": n for k, n in self.ended.items()})
        return causes


UpdateHandler = Callable[[int, dict[str, Any], float], None]


class Fleet:
    """One update socket per kiosk, opened before the clock starts and closed after it.

    ``on_update(kiosk index, update, received_at)`` hears every update the kiosks receive.
    """

    def __init__(
        self,
        host: str,
        port: int,
        tokens: list[str],
        *,
        deflate: bool = True,
        ping_interval: float | None = 20.0,
        on_update: UpdateHandler | None = None,
    ) -> None:
        from server.routes.updates import KEEPALIVE_S

        self.host, self.port, self.tokens = host, port, tokens
        self.deflate, self.ping_interval = deflate, ping_interval
        self.on_update = on_update
        self.keepalive_s = KEEPALIVE_S
        self.stats = SocketStats()
        self.sockets: list[ClientSocket | None] = [None] * len(tokens)
        self.cursors = [0] * len(tokens)
        self.index: dict[int, int] = {}  # id(socket) -> kiosk index

    async def open(self, over_s: float = 0.0, timeout: float = 60.0) -> float:
        """Open every kiosk's socket and send its hello, one after the other evenly over
        ``over_s`` seconds (or as fast as they open); the seconds it took.

        Kiosks connected at different moments, so their keepalive pages and pings are spread
        evenly in time; sockets all opened at once would bring them in bursts every 20-25 s,
        as after a restart of the server, which is not the steady state measured here."""
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        begin = loop.time()
        gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
        step = over_s / max(1, len(self.tokens))

        async def one(index: int) -> None:
            await asyncio.sleep(max(0.0, begin + index * step - loop.time()))
            async with gate:
                try:
                    sock = await connect(
                        self.host,
                        self.port,
                        UPDATES_PATH,
                        {"Authorization": f"Bearer {self.tokens[index]}"},
                        self._message,
                        timeout=timeout,
                        deflate=self.deflate,
                        ping_interval=self.ping_interval,
                    )
                except Exception as exc:  # every failure counts, whatever it is
                    self.stats.failed_to_open[exc.__class__.__name__] += 1
                    return
                self.index[id(sock)] = index
                self.sockets[index] = sock
                sock.send_text(json.dumps({"since": self.cursors[index]}))
                sock.closed.add_done_callback(self._ended)
                self.stats.opened += 1

        await asyncio.gather(*(one(i) for i in range(len(self.tokens))))
        return time.perf_counter() - started

    def local_ports(self) -> set[int]:
        """The client ports of the open sockets (to see where they landed)."""
        return {
            s.transport.get_extra_info("sockname")[1]
            for s in self.sockets
            if s is not None and s.transport is not None
        }

    def start_measuring(self) -> None:
        self.stats.measuring = True

    def stop_measuring(self) -> None:
        self.stats.measuring = False

    def _ended(self, closed: asyncio.Future[str]) -> None:
        why = closed.result()
        if why != "closed by us":
            self.stats.ended[why] += 1

    def _message(self, sock: ClientSocket, text: str, received_at: float) -> None:
        previous = sock.last_message_at  # still the one before this message
        page = json.loads(text)
        updates = page.get("updates") or []
        index = self.index.get(id(sock), -1)
        if index >= 0:
            self.cursors[index] = max(self.cursors[index], int(page.get("cursor", 0)))
        if not updates:
            if self.stats.measuring:
                self.stats.keepalives += 1
                self.stats.keepalive_late.append(received_at - previous - self.keepalive_s)
            return
        self.stats.updates += len(updates)
        if self.on_update is not None:
            for update in updates:
                self.on_update(index, update, received_at)

    async def close(self, timeout: float = 15.0) -> None:
        """The closing handshake on every open socket; those that do not finish in time are
        aborted."""
        open_sockets = [s for s in self.sockets if s is not None and not s.closed.done()]
        for sock in open_sockets:
            sock.close()
        if open_sockets:
            await asyncio.wait([s.closed for s in open_sockets], timeout=timeout)
        for sock in open_sockets:
            sock.abort()
        self.sockets = [None] * len(self.tokens)
