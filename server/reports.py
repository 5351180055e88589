"""Reports for the district: orders per service and per day, how long orders waited to be
accepted and to be done, how long emergencies waited for a person, and the subsidy spent per
tier, over a period of days in the center's time zone.

Everything is counted by the center's own clock (``received_at``), never a kiosk's. The
counting is SQL that runs the same on SQLite and PostgreSQL (grouping, sums, the first
history row of each kind); the durations are taken between the receive time and the ISO 8601
stamps of the history rows, and their median and 90th percentile computed here. The subsidy
of an order is what its service costs at the full price, at the catalog's prices now, less
what the resident was charged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from server.models import Order, OrderHistory, SosEvent

DAY_S = 86_400
MAX_DAYS = 366
FIRST_RESPONSE = ("accepted", "on_the_way")  # an order can be sent on its way unaccepted


class day_number(FunctionElement[int]):  # noqa: N801 - an SQL function's name
    """Whole days since 1970 of an epoch time (already shifted to the center's zone)."""

    type = Integer()
    inherit_cache = True


@compiles(day_number)
def _day_number(element: day_number, compiler: object, **kw: object) -> str:
    (argument,) = list(element.clauses)
    inner = compiler.process(argument, **kw)  # type: ignore[attr-defined]
    return f"CAST(FLOOR(({inner}) / {DAY_S}) AS BIGINT)"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: object, **kw: object) -> str:
    # SQLite's CAST truncates, which is the floor for the positive times of a report.
    (argument,) = list(element.clauses)
    inner = compiler.process(argument, **kw)  # type: ignore[attr-defined]
    return f"CAST(({inner}) / {DAY_S} AS INTEGER)"


@dataclass(frozen=True)
class Period:
    """The days ``first`` to ``last`` (both included) in ``zone``."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def start(self) -> float:
        return datetime.combine(self.first, datetime.min.time(), self.zone).timestamp()

    @property
    def end(self) -> float:
        after = self.last + timedelta(days=1)
        return datetime.combine(after, datetime.min.time(), self.zone).timestamp()

    @property
    def offset_s(self) -> float:
        """The zone's offset from UTC at the start (the center's zones keep one offset)."""
        moment = datetime.fromtimestamp(self.start, self.zone)
        shift = moment.utcoffset()
        return shift.total_seconds() if shift is not None else 0.0

    def within(self, column: Any) -> ColumnElement[bool]:
        return (column >= self.start) & (column < self.end)


class PeriodProblem(ValueError):
    """A period that cannot be reported on; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def period(first: str, last: str, zone: ZoneInfo) -> Period:
    """The period from two ``YYYY-MM-DD`` dates; PeriodProblem for bad ones."""
    try:
        begin, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError as exc:
        raise PeriodProblem("bad_date") from exc
    if end < begin:
        raise PeriodProblem("backwards")
    if (end - begin).days >= MAX_DAYS:
        raise PeriodProblem("too_long")
    if begin.year < 2000 or end.year > 2999:
        raise PeriodProblem("bad_date")
    return Period(begin, end, zone)


@dataclass(frozen=True)
class ServiceRow:
    service_id: str
    orders: int
    cancelled: int
    quantity: int
    charged_fen: int


@dataclass(frozen=True)
class DayRow:
    day: date
    orders: int
    cancelled: int


@dataclass(frozen=True)
class Durations:
    """How long things took, in seconds."""

    count: int
    median_s: float | None
    p90_s: float | None
    max_s: float | None

    @staticmethod
    def of(values: list[float]) -> Durations:
        if not values:
            return Durations(0, None, None, None)
        ordered = sorted(values)
        return Durations(
            len(ordered), _quantile(ordered, 0.5), _quantile(ordered, 0.9), ordered[-1]
        )


@dataclass(frozen=True)
class SosSummary:
    raised: int
    acknowledged: int
    waiting: int  # nobody acknowledged yet
    withdrawn: int
    to_acknowledged: Durations


@dataclass(frozen=True)
class TierRow:
    tier: str
    orders: int
    quantity: int
    charged_fen: int
    subsidy_fen: int
    unpriced: int  # orders of services the catalog no longer has: no subsidy counted


@dataclass(frozen=True)
class Report:
    period: Period
    per_service: list[ServiceRow]
    per_day: list[DayRow]
    to_accepted: Durations
    to_done: Durations
    sos: SosSummary
    per_tier: list[TierRow]


def _quantile(ordered: list[float], q: float) -> float:
    """The q-quantile by the nearest rank."""
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def _seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp).timestamp()
    except (ValueError, OverflowError, OSError):
        return None


def per_service(session: Session, span: Period) -> list[ServiceRow]:
    cancelled = case((Order.status == "cancelled", 1), else_=0)
    charged = case((Order.status == "cancelled", 0), else_=Order.price_fen)
    query = (
        select(
            Order.service_id,
            func.count(),
            func.coalesce(func.sum(cancelled), 0),
            func.coalesce(func.sum(Order.quantity), 0),
            func.coalesce(func.sum(charged), 0),
        )
        .where(span.within(Order.received_at))
        .group_by(Order.service_id)
        .order_by(func.count().desc(), Order.service_id)
    )
    return [
        ServiceRow(str(s), int(n), int(c), int(q), int(f))
        for s, n, c, q, f in session.execute(query)
    ]


def per_day(session: Session, span: Period) -> list[DayRow]:
    """Every day of the period, with its orders (none on a quiet day)."""
    day = day_number(Order.received_at + span.offset_s)
    cancelled = case((Order.status == "cancelled", 1), else_=0)
    query = (
        select(day, func.count(), func.coalesce(func.sum(cancelled), 0))
        .where(span.within(Order.received_at))
        .group_by(day)
    )
    counted = {int(d): (int(n), int(c)) for d, n, c in session.execute(query)}
    epoch = date(1970, 1, 1)
    rows = []
    current = span.first
    while current <= span.last:
        orders, gone = counted.get((current - epoch).days, (0, 0))
        rows.append(DayRow(current, orders, gone))
        current += timedelta(days=1)
    return rows


def order_times(session: Session, span: Period) -> tuple[Durations, Durations]:
    """(received to first accepted or on its way, received to done) of the period's orders."""
    query = (
        select(Order.id, Order.received_at, OrderHistory.status, func.min(OrderHistory.at))
        .join(OrderHistory, OrderHistory.order_id == Order.id)
        .where(span.within(Order.received_at))
        .where(OrderHistory.status.in_((*FIRST_RESPONSE, "done")))
        .group_by(Order.id, Order.received_at, OrderHistory.status)
    )
    first: dict[str, float] = {}
    done: list[float] = []
    for order_id, received, status, stamp in session.execute(query):
        moment = _seconds(stamp)
        if moment is None or received is None:
            continue
        waited = max(0.0, moment - received)
        if status == "done":
            done.append(waited)
        elif order_id not in first or waited < first[order_id]:
            first[order_id] = waited
    return Durations.of(list(first.values())), Durations.of(done)


def sos_summary(session: Session, span: Period) -> SosSummary:
    query = select(SosEvent.received_at, SosEvent.acknowledged_at, SosEvent.withdrawn_at).where(
        span.within(SosEvent.received_at)
    )
    raised = acknowledged = withdrawn = 0
    waits: list[float] = []
    for received, acked, gone in session.execute(query):
        raised += 1
        withdrawn += gone is not None
        moment = _seconds(acked)
        if acked is not None:
            acknowledged += 1
            if moment is not None and received is not None:
                waits.append(max(0.0, moment - received))
    return SosSummary(raised, acknowledged, raised - acknowledged, withdrawn, Durations.of(waits))


def per_tier(session: Session, span: Period, full_price_fen: dict[str, int]) -> list[TierRow]:
    tier = func.coalesce(Order.subsidy_tier, "unknown")
    query = (
        select(
            tier,
            Order.service_id,
            func.count(),
            func.coalesce(func.sum(Order.quantity), 0),
            func.coalesce(func.sum(Order.price_fen), 0),
        )
        .where(span.within(Order.received_at))
        .where(Order.status != "cancelled")
        .group_by(tier, Order.service_id)
    )
    totals: dict[str, list[int]] = {}
    for name, service_id, count, quantity, charged in session.execute(query):
        row = totals.setdefault(str(name), [0, 0, 0, 0, 0])
        row[0] += int(count)
        row[1] += int(quantity)
        row[2] += int(charged)
        full = full_price_fen.get(str(service_id))
        if full is None:
            row[4] += int(count)
        else:
            row[3] += max(0, full * int(quantity) - int(charged))
    order = {"free": 0, "subsidised": 1, "full": 2}
    return [
        TierRow(name, *values)
        for name, values in sorted(totals.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))
    ]


def report(session: Session, span: Period, full_price_fen: dict[str, int]) -> Report:
    to_accepted, to_done = order_times(session, span)
    return Report(
        period=span,
        per_service=per_service(session, span),
        per_day=per_day(session, span),
        to_accepted=to_accepted,
        to_done=to_done,
        sos=sos_summary(session, span),
        per_tier=per_tier(session, span, full_price_fen),
    )
