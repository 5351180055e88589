"""The center as the authority for orders: its catalog's rules and its residents register
decide what an order costs and whether it is taken at all.

:func:`parse_rules` reads a catalog (the TOML kiosks show, see assets/catalog) into the
rules the center applies: each service's questions and their options, prices per subsidy
tier, the days it is offered (``days = ["mon", ...]``, all days when absent) and cut-off
times (``until = "10:00"`` on a service, or on one option such as today's lunch), in the
catalog's ``timezone`` (default Asia/Shanghai). :func:`price_order` applies them to an
``order.create``; a refusal is :class:`Refusal` with a stable code (``ORDER_REFUSALS`` of
sync.protocol) and a sentence.

The moment an order counts as placed is when the center received it; the kiosk's own time
is believed only when it is at most ``QUEUE_GRACE_S`` earlier (an order typed at 9:55 on a
kiosk that was offline a few minutes is still in time for a 10:00 cut-off), never when it
is later or far earlier: a kiosk's clock can be wrong.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.db import Sql
from sync.protocol import MAX_CATALOG_CHARS, MAX_CATALOG_DEPTH, OrderCreate, toml_nesting

log = logging.getLogger(__name__)
TIERS = ("free", "subsidised", "full")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIMEZONE = "Asia/Shanghai"
QUEUE_GRACE_S = 15 * 60
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_QUANTITY = re.compile(r"^[1-9][0-9]?$")


class CatalogProblems(ValueError):
    """A catalog the center will not publish or price by; the message lists what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:20]))
        self.problems = problems


class Refusal(Exception):
    """The center does not take this order: ``code`` (sync.protocol.ORDER_REFUSALS) and a
    sentence for staff's logs; the kiosk words the code for the resident."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ServiceRules:
    id: str
    name_en: str
    questions: dict[str, frozenset[str]]  # choice list id -> its option ids
    quantity_list: str | None
    price_fen: dict[str, int]
    days: frozenset[int]  # weekdays offered, Monday 0
    until: time | None  # the service's daily cut-off
    option_until: dict[tuple[str, str], time]  # (list, option) -> its cut-off
    option_names: dict[tuple[str, str], str]  # (list, option) -> English label


@dataclass(frozen=True)
class Rules:
    timezone: ZoneInfo
    services: dict[str, ServiceRules] = field(default_factory=dict)


@dataclass(frozen=True)
class Priced:
    """What the center charges: the resident's tier (from its register), the quantity and
    the price in fen."""

    subsidy_tier: str
    quantity: int
    price_fen: int


def _clock(value: object, where: str, problems: list[str]) -> time | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _CLOCK.match(value):
        problems.append(f"{where}: 'until' must be a time of day like \"10:00\"")
        return None
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _text(data: dict[str, object], key: str, where: str, problems: list[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: '{key}' must be a non-empty text")
        return ""
    return value.strip()


def _lists(
    data: dict[str, object], problems: list[str]
) -> dict[str, tuple[dict[str, str], dict[str, time], bool]]:
    """choice list id -> (option id -> English label, option id -> cut-off, is quantity)."""
    raw = data.get("choices", {})
    found: dict[str, tuple[dict[str, str], dict[str, time], bool]] = {}
    if not isinstance(raw, dict):
        problems.append("'choices' must be a table of choice lists")
        return found
    for list_id, body in raw.items():
        where = f"choices.{list_id}"
        if not isinstance(body, dict):
            problems.append(f"{where}: must be a table")
            continue
        _text(body, "title_zh", where, problems)
        _text(body, "title_en", where, problems)
        options = body.get("options")
        labels: dict[str, str] = {}
        cutoffs: dict[str, time] = {}
        if not isinstance(options, list) or not options:
            problems.append(f"{where}: 'options' must be a non-empty list")
            continue
        for number, option in enumerate(options, 1):
            spot = f"{where} option {number}"
            if not isinstance(option, dict):
                problems.append(f"{spot}: must be a table")
                continue
            option_id = option.get("id")
            if not isinstance(option_id, str) or not option_id:
                problems.append(f"{spot}: needs an 'id'")
                continue
            if option_id in labels:
                problems.append(f"{spot}: id '{option_id}' repeats")
                continue
            _text(option, "zh", spot, problems)
            labels[option_id] = _text(option, "en", spot, problems)
            cutoff = _clock(option.get("until"), spot, problems)
            if cutoff is not None:
                cutoffs[option_id] = cutoff
        quantity = body.get("quantity", False)
        if not isinstance(quantity, bool):
            problems.append(f"{where}: 'quantity' must be true or false")
            quantity = False
        if quantity and not all(_QUANTITY.match(o) for o in labels):
            problems.append(f"{where}: quantity options need ids 1 to 99")
        found[list_id] = (labels, cutoffs, quantity)
    return found


def _service(
    number: int,
    data: object,
    lists: dict[str, tuple[dict[str, str], dict[str, time], bool]],
    problems: list[str],
) -> ServiceRules | None:
    where = f"services[{number}]"
    if not isinstance(data, dict):
        problems.append(f"{where}: must be a table")
        return None
    service_id = data.get("id")
    if not isinstance(service_id, str) or not service_id:
        problems.append(f"{where}: 'id' must be a non-empty text")
        return None
    where = f"service '{service_id}'"
    before = len(problems)
    for key in ("name_zh", "name_en", "description_zh", "description_en"):
        _text(data, key, where, problems)
    icon = data.get("icon")
    if not isinstance(icon, str) or not icon.endswith(".svg"):
        problems.append(f"{where}: 'icon' must name an .svg file")
    questions: dict[str, frozenset[str]] = {}
    option_until: dict[tuple[str, str], time] = {}
    option_names: dict[tuple[str, str], str] = {}
    quantity_list = None
    names = data.get("choices", [])
    if not isinstance(names, list) or len(names) > 2:
        problems.append(f"{where}: 'choices' must be a list of at most 2 choice names")
        names = []
    for list_id in names:
        if not isinstance(list_id, str) or list_id not in lists:
            problems.append(f"{where}: choice list {list_id!r} is not defined")
            continue
        labels, cutoffs, is_quantity = lists[list_id]
        questions[list_id] = frozenset(labels)
        option_until.update({(list_id, o): t for o, t in cutoffs.items()})
        option_names.update({(list_id, o): label for o, label in labels.items()})
        if is_quantity:
            quantity_list = list_id
    prices = data.get("price_fen")
    price_fen: dict[str, int] = {}
    if not isinstance(prices, dict):
        problems.append(f"{where}: 'price_fen' must give a price for each tier")
    else:
        for tier in TIERS:
            value = prices.get(tier)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(f"{where}: price_fen.{tier} must be a whole number of fen >= 0")
            else:
                price_fen[tier] = value
    days = data.get("days", list(DAYS))
    if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
        problems.append(f"{where}: 'days' must list days among {', '.join(DAYS)}")
        days = list(DAYS)
    until = _clock(data.get("until"), where, problems)
    if len(problems) > before:
        return None
    return ServiceRules(
        id=service_id,
        name_en=str(data.get("name_en", service_id)),
        questions=questions,
        quantity_list=quantity_list,
        price_fen=price_fen,
        days=frozenset(DAYS.index(d) for d in days),
        until=until,
        option_until=option_until,
        option_names=option_names,
    )


def parse_rules(text: str) -> Rules:
    """The rules of a catalog; :class:`CatalogProblems` naming every problem found, since a
    catalog the center publishes must be one every kiosk can show whole. A text over
    MAX_CATALOG_CHARS or nested deeper than MAX_CATALOG_DEPTH is refused before parsing."""
    if len(text) > MAX_CATALOG_CHARS:
        raise CatalogProblems([f"the catalog is over {MAX_CATALOG_CHARS} characters"])
    depth = toml_nesting(text)
    if depth > MAX_CATALOG_DEPTH:
        raise CatalogProblems(
            [f"the catalog is nested {depth} deep; a catalog may nest {MAX_CATALOG_DEPTH}"]
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogProblems([f"not valid TOML: {exc}"]) from exc
    except RecursionError as exc:  # nesting the count above missed: still refused
        raise CatalogProblems(["the catalog is nested too deep"]) from exc
    problems: list[str] = []
    if data.get("version") != 1:
        problems.append("'version' must be 1")
    zone_name = data.get("timezone", DEFAULT_TIMEZONE)
    zone = ZoneInfo("UTC")
    try:
        if not isinstance(zone_name, str):
            raise ZoneInfoNotFoundError(str(zone_name))
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"'timezone' {zone_name!r} is not a time zone such as Asia/Shanghai")
    lists = _lists(data, problems)
    raw_services = data.get("services")
    services: dict[str, ServiceRules] = {}
    if not isinstance(raw_services, list) or not raw_services:
        problems.append("no [[services]] entries")
        raw_services = []
    if len(raw_services) > 9:
        problems.append("more than 9 services; a kiosk shows 9")
    for number, raw in enumerate(raw_services, 1):
        service = _service(number, raw, lists, problems)
        if service is None:
            continue
        if service.id in services:
            problems.append(f"service '{service.id}': id repeats")
            continue
        services[service.id] = service
    if problems:
        raise CatalogProblems(problems)
    return Rules(zone, services)


def ordered_at(order: OrderCreate, received_at: float) -> float:
    """When the order counts as placed (see the module's docstring)."""
    try:
        kiosk = datetime.fromisoformat(order.created_at).timestamp()
    except (ValueError, OverflowError, OSError):
        return received_at
    if received_at - QUEUE_GRACE_S <= kiosk <= received_at:
        return kiosk
    return received_at


def price_order(
    rules: Rules, order: OrderCreate, resident: tuple[str, bool] | None, received_at: float
) -> Priced:
    """The center's price for ``order`` given the resident's (tier, active) from its
    register (None: not registered), or :class:`Refusal`."""
    service = rules.services.get(order.service_id)
    if service is None:
        raise Refusal("unknown_service", f"The center offers no service {order.service_id!r}.")
    for list_id, option in order.choices.items():
        if option not in service.questions.get(list_id, ()):
            raise Refusal(
                "unknown_choice", f"{service.name_en} has no choice {list_id}={option!r}."
            )
    # An unanswered quantity counts as one; every other question needs its answer.
    missing = [
        q for q in service.questions if q not in order.choices and q != service.quantity_list
    ]
    if missing:
        raise Refusal("unknown_choice", f"{service.name_en} needs an answer to {missing[0]}.")
    if order.resident_card is None:
        raise Refusal("unknown_card", "An order needs the card of a registered resident.")
    if resident is None:
        raise Refusal(
            "unknown_card", f"The center has no resident with card {order.resident_card}."
        )
    tier, active = resident
    if not active:
        raise Refusal("inactive_card", f"The card {order.resident_card} is no longer in use.")
    moment = datetime.fromtimestamp(ordered_at(order, received_at), rules.timezone)
    if moment.weekday() not in service.days:
        raise Refusal(
            "not_offered_today", f"{service.name_en} is not offered on {DAYS[moment.weekday()]}."
        )
    cutoffs = [(service.until, service.name_en)] + [
        (service.option_until.get((q, o)), service.option_names.get((q, o), o))
        for q, o in order.choices.items()
    ]
    for until, what in cutoffs:
        if until is not None and moment.time() >= until:
            raise Refusal("past_cutoff", f"{what} can be ordered until {until:%H:%M}.")
    quantity = 1
    if service.quantity_list is not None and service.quantity_list in order.choices:
        quantity = int(order.choices[service.quantity_list])
    if tier not in service.price_fen:
        tier = "full"
    return Priced(tier, quantity, service.price_fen[tier] * quantity)


class Authority:
    """The rules orders are priced by now: the newest catalog staff published, else the
    default catalog file; parsed once per version and kept. Asked from ingest's batches
    (hand-written SQL, server.db.Sql), in any thread."""

    def __init__(self, default_catalog: Path) -> None:
        self.default_catalog = default_catalog
        self._current: tuple[int, Rules] | None = None  # (version, rules); 0 the default

    def rules(self, sql: Sql) -> Rules:
        row = sql.one("SELECT MAX(version) FROM catalog_versions")
        version = int(row[0]) if row and row[0] is not None else 0
        current = self._current
        if current is not None and current[0] == version:
            return current[1]
        rules = None
        if version:
            text = sql.one("SELECT toml FROM catalog_versions WHERE version = ?", (version,))
            try:
                rules = parse_rules(str(text[0])) if text else None
            except CatalogProblems as exc:  # published before the center checked catalogs
                log.error("catalog %d cannot price orders (%s); using the default", version, exc)
        if rules is None:
            rules = parse_rules(self.default_catalog.read_text(encoding="utf-8"))
        self._current = (version, rules)
        return rules

    def price(self, sql: Sql, order: OrderCreate, received_at: float) -> Priced:
        """The center's price for ``order``, or :class:`Refusal`."""
        rules = self.rules(sql)
        resident = None
        if order.resident_card is not None:
            row = sql.one(
                "SELECT subsidy_tier, active FROM residents WHERE card = ?",
                (order.resident_card,),
            )
            resident = (str(row[0]), bool(row[1])) if row else None
        return price_order(rules, order, resident, received_at)
