"""The catalog of community services, read from a TOML file a center can edit.

A center's own ``catalog.toml`` in the config folder replaces the shipped one. A file with
errors never leaves the kiosk without services: a broken service is left out and named in a
:class:`CatalogProblem`; a file that cannot be read at all falls back to the shipped catalog.

Cut-offs and days are read as the center reads them (server/pricing.py): ``until = "10:00"``
on an option or a service, ``days = ["mon", ...]`` on a service, in the catalog's
``timezone``. :func:`availability` says, for a moment the caller passes in, whether a service
or one of its answers can still be ordered and until when, so the kiosk offers only what the
center will take, from its own copy and offline.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.paths import ASSETS_DIR

SHIPPED_CATALOG = ASSETS_DIR / "catalog" / "services.toml"
TIERS = ("free", "subsidised", "full")
MAX_CHOICE_LISTS = 2
MAX_OPTIONS = 9
_QUANTITY = re.compile(r"[1-9][0-9]?")
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
# Weekday names as a catalog writes them, Monday first (datetime.weekday() 0).
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_ZONE = ZoneInfo(DEFAULT_TIMEZONE)
# The center's refusal codes (sync.protocol.ORDER_REFUSALS) for what the kiosk can foresee.
PAST_CUTOFF = "past_cutoff"
NOT_OFFERED_TODAY = "not_offered_today"


class Text(NamedTuple):
    """A label in both languages.

    The catalog's records are named tuples rather than frozen dataclasses: they are made at
    every start, before the first frame, where a frozen dataclass costs about 0.4 ms to
    define and a named tuple about 0.05 ms."""

    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh


class ChoiceOption(NamedTuple):
    id: str
    label: Text
    until: time | None = None
    """It can be ordered until this time each day (today's lunch until 10:00)."""


class ChoiceList(NamedTuple):
    """One question a service asks, such as 'when?' or 'how many portions?'."""

    id: str
    title: Text
    options: tuple[ChoiceOption, ...]
    is_quantity: bool = False

    def option(self, option_id: str) -> ChoiceOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class Service(NamedTuple):
    id: str
    icon: str
    name: Text
    description: Text
    choices: tuple[ChoiceList, ...]
    price_fen: dict[str, int]
    days: frozenset[int] = EVERY_DAY
    """The weekdays it is offered on, Monday 0."""
    until: time | None = None
    """It can be ordered until this time each day."""
    timezone: ZoneInfo = DEFAULT_ZONE
    """The center's time zone, in which ``days`` and every ``until`` are meant."""


class CatalogProblem(NamedTuple):
    """One error found in a catalog file, saying where it is."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Catalog:
    source: Path
    services: list[Service]
    problems: list[CatalogProblem] = field(default_factory=list)
    timezone: ZoneInfo = DEFAULT_ZONE

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)


class CatalogError(Exception):
    """The file could not be used at all."""

    def __init__(self, problems: list[CatalogProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _text(data: dict[str, Any], key: str, where: str, problems: list[CatalogProblem]) -> Text:
    zh, en = data.get(f"{key}_zh"), data.get(f"{key}_en")
    if not isinstance(zh, str) or not zh.strip():
        problems.append(CatalogProblem(where, f"'{key}_zh' must be a non-empty text"))
        zh = ""
    if not isinstance(en, str) or not en.strip():
        problems.append(CatalogProblem(where, f"'{key}_en' must be a non-empty text"))
        en = ""
    return Text(zh.strip(), en.strip())


def _clock(value: Any, where: str, problems: list[CatalogProblem]) -> time | None:
    """An ``until`` time of day ("10:00"); None when there is none or it is not one."""
    if value is None:
        return None
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        problems.append(CatalogProblem(where, "'until' must be a time of day like \"10:00\""))
        return None
    return time(int(match[1]), int(match[2]))


def _days(value: Any, where: str, problems: list[CatalogProblem]) -> frozenset[int]:
    if value is None:
        return EVERY_DAY
    if not isinstance(value, list) or not value or any(d not in DAYS for d in value):
        problems.append(CatalogProblem(where, f"'days' must list days among {', '.join(DAYS)}"))
        return EVERY_DAY
    return frozenset(DAYS.index(d) for d in value)


def _timezone(value: Any, source: Path, problems: list[CatalogProblem]) -> ZoneInfo:
    """The catalog's time zone; a wrong one is named and the usual one used."""
    if value is None:
        return DEFAULT_ZONE
    try:
        if isinstance(value, str) and value:
            return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    problems.append(
        CatalogProblem(
            str(source),
            f"'timezone' {value!r} is not a time zone such as {DEFAULT_TIMEZONE};"
            f" {DEFAULT_TIMEZONE} is used",
        )
    )
    return DEFAULT_ZONE


def _choice_list(list_id: str, data: Any, problems: list[CatalogProblem]) -> ChoiceList | None:
    where = f"choices.{list_id}"
    if not isinstance(data, dict):
        problems.append(CatalogProblem(where, "must be a table"))
        return None
    before = len(problems)
    title = _text(data, "title", where, problems)
    raw_options = data.get("options")
    options: list[ChoiceOption] = []
    if not isinstance(raw_options, list) or not raw_options:
        problems.append(CatalogProblem(where, "'options' must be a non-empty list"))
    else:
        if len(raw_options) > MAX_OPTIONS:
            problems.append(CatalogProblem(where, f"at most {MAX_OPTIONS} options fit a screen"))
        seen: set[str] = set()
        for i, item in enumerate(raw_options, 1):
            if not isinstance(item, dict):
                problems.append(CatalogProblem(f"{where} option {i}", "must be a table"))
                continue
            oid, zh, en = item.get("id"), item.get("zh"), item.get("en")
            if not (
                isinstance(oid, str)
                and oid
                and isinstance(zh, str)
                and zh.strip()
                and isinstance(en, str)
                and en.strip()
            ):
                problems.append(
                    CatalogProblem(f"{where} option {i}", "needs 'id', 'zh' and 'en' texts")
                )
                continue
            if oid in seen:
                problems.append(CatalogProblem(f"{where} option {i}", f"id '{oid}' repeats"))
                continue
            seen.add(oid)
            until = _clock(item.get("until"), f"{where} option {i}", problems)
            options.append(ChoiceOption(oid, Text(zh.strip(), en.strip()), until))
    is_quantity = data.get("quantity", False)
    if not isinstance(is_quantity, bool):
        problems.append(CatalogProblem(where, "'quantity' must be true or false"))
        is_quantity = False
    if is_quantity and any(not _QUANTITY.fullmatch(o.id) for o in options):
        problems.append(CatalogProblem(where, "quantity options need ids 1 to 99"))
    if len(problems) > before:
        return None
    return ChoiceList(list_id, title, tuple(options), is_quantity)


def _service(
    index: int,
    data: Any,
    choice_lists: dict[str, ChoiceList],
    problems: list[CatalogProblem],
    zone: ZoneInfo,
) -> Service | None:
    where = f"services[{index}]"
    if not isinstance(data, dict):
        problems.append(CatalogProblem(where, "must be a table"))
        return None
    sid = data.get("id")
    if isinstance(sid, str) and sid:
        where = f"service '{sid}'"
    else:
        problems.append(CatalogProblem(where, "'id' must be a non-empty text"))
    before = len(problems)
    name = _text(data, "name", where, problems)
    description = _text(data, "description", where, problems)
    icon = data.get("icon")
    if not isinstance(icon, str) or not icon.endswith(".svg"):
        problems.append(CatalogProblem(where, "'icon' must name an .svg file"))
    choices: list[ChoiceList] = []
    raw_choices = data.get("choices", [])
    if not isinstance(raw_choices, list):
        problems.append(CatalogProblem(where, "'choices' must be a list of choice names"))
        raw_choices = []
    if len(raw_choices) > MAX_CHOICE_LISTS:
        problems.append(CatalogProblem(where, f"at most {MAX_CHOICE_LISTS} choice lists"))
    for name_ in raw_choices:
        if not isinstance(name_, str):
            problems.append(CatalogProblem(where, f"choice names must be texts, not {name_!r}"))
        elif name_ not in choice_lists:
            problems.append(CatalogProblem(where, f"choice list '{name_}' is not defined"))
        else:
            choices.append(choice_lists[name_])
    prices = data.get("price_fen")
    price_fen: dict[str, int] = {}
    if not isinstance(prices, dict):
        problems.append(CatalogProblem(where, "'price_fen' must give a price for each tier"))
    else:
        for tier in TIERS:
            value = prices.get(tier)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(
                    CatalogProblem(where, f"price_fen.{tier} must be a whole number of fen >= 0")
                )
            else:
                price_fen[tier] = value
    days = _days(data.get("days"), where, problems)
    until = _clock(data.get("until"), where, problems)
    if len(problems) > before or not isinstance(sid, str) or not sid:
        return None
    assert isinstance(icon, str)
    return Service(
        sid, icon, name, description, tuple(choices), price_fen, days, until, timezone=zone
    )


def parse_catalog(text: str, source: Path) -> Catalog:
    """Parse catalog text; raise :class:`CatalogError` when nothing usable is in it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError([CatalogProblem(str(source), f"not valid TOML: {exc}")]) from exc
    problems: list[CatalogProblem] = []
    if data.get("version") != 1:
        problems.append(CatalogProblem(str(source), "'version' must be 1"))
    zone = _timezone(data.get("timezone"), source, problems)
    choice_lists: dict[str, ChoiceList] = {}
    raw_lists = data.get("choices", {})
    if isinstance(raw_lists, dict):
        for list_id, raw in raw_lists.items():
            parsed = _choice_list(list_id, raw, problems)
            if parsed is not None:
                choice_lists[list_id] = parsed
    services: list[Service] = []
    raw_services = data.get("services")
    if not isinstance(raw_services, list):
        problems.append(CatalogProblem(str(source), "no [[services]] entries"))
        raw_services = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_services, 1):
        service = _service(i, raw, choice_lists, problems, zone)
        if service is None:
            continue
        if service.id in seen:
            problems.append(CatalogProblem(f"service '{service.id}'", "id repeats; left out"))
            continue
        seen.add(service.id)
        services.append(service)
    if len(services) > 9:
        problems.append(CatalogProblem(str(source), "more than 9 services; only the first 9 show"))
        services = services[:9]
    if not services:
        raise CatalogError(problems or [CatalogProblem(str(source), "no usable services")])
    return Catalog(source, services, problems, zone)


def install_catalog(text: str, center_file: Path) -> Catalog:
    """Check a catalog the center sent and make it this kiosk's catalog.

    The file is replaced atomically and only when the text is usable, so a bad catalog from
    the center leaves the one in use untouched; :class:`CatalogError` says what was wrong.
    """
    catalog = parse_catalog(text, center_file)
    center_file.parent.mkdir(parents=True, exist_ok=True)
    partial = center_file.with_suffix(".toml.new")
    partial.write_text(text, encoding="utf-8")
    partial.replace(center_file)
    return catalog


def load_catalog(center_file: Path | None = None) -> Catalog:
    """The center's catalog if it has one and it is usable, else the shipped catalog."""
    if center_file is not None and center_file.exists():
        try:
            text = center_file.read_text(encoding="utf-8")
            return parse_catalog(text, center_file)
        except (CatalogError, OSError, UnicodeDecodeError) as exc:
            problems = (
                exc.problems
                if isinstance(exc, CatalogError)
                else [CatalogProblem(str(center_file), f"cannot be read: {exc}")]
            )
            shipped = parse_catalog(SHIPPED_CATALOG.read_text(encoding="utf-8"), SHIPPED_CATALOG)
            shipped.problems = [
                *problems,
                CatalogProblem(str(center_file), "not used; the standard catalog is shown"),
            ]
            return shipped
    return parse_catalog(SHIPPED_CATALOG.read_text(encoding="utf-8"), SHIPPED_CATALOG)


def valid_answers(
    service: Service, answers: dict[str, str], now: datetime | None = None
) -> dict[str, str]:
    """Of answers given ahead (by voice), those that are one of ``service``'s questions and
    one of its options, and at ``now`` (when given) not past its cut-off; the rest are asked
    as usual, where the screen says why an answer is no longer offered."""
    options = {c.id: {o.id for o in c.options} for c in service.choices}
    valid = {k: v for k, v in answers.items() if v in options.get(k, ())}
    if now is None:
        return valid
    return {k: v for k, v in valid.items() if availability(service, now, {k: v}).open}


class Availability(NamedTuple):
    """Whether something can be ordered at a given moment, and until when today."""

    open: bool
    until: time | None = None
    """The cut-off that applies today (the earliest of the service's and the answers'), to
    show before the resident chooses; None: no cut-off."""
    reason: str | None = None
    """Why not, as the center's refusal code: PAST_CUTOFF or NOT_OFFERED_TODAY."""


def local_time(service: Service, now: datetime) -> datetime:
    """``now`` in the center's time zone (a moment without a zone is taken as UTC)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(service.timezone)


def availability(
    service: Service, now: datetime, choices: Mapping[str, str] | None = None
) -> Availability:
    """Whether ``service`` with the answers in ``choices`` (question id -> option id; none to
    ask of the service alone) can be ordered at ``now``, by the center's rules: offered on
    this weekday of the center's time zone, and before every cut-off that applies (a cut-off
    at 10:00 closes at 10:00 sharp)."""
    local = local_time(service, now)
    cutoffs = [service.until]
    for choice_list in service.choices:
        option = choice_list.option((choices or {}).get(choice_list.id, ""))
        if option is not None:
            cutoffs.append(option.until)
    until = min((c for c in cutoffs if c is not None), default=None)
    if local.weekday() not in service.days:
        return Availability(False, until, NOT_OFFERED_TODAY)
    if until is not None and local.time() >= until:
        return Availability(False, until, PAST_CUTOFF)
    return Availability(True, until)
