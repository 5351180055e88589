"""The catalog as the console shows it: each service's and choice's name in both languages,
the full price of each service (for the subsidy report) and the center's time zone, from the
newest catalog staff published (else the default file). Read once per version."""

from __future__ import annotations

import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import CatalogVersion
from server.pricing import DEFAULT_TIMEZONE

Names = tuple[str, str]  # (Chinese, English)


@dataclass(frozen=True)
class CatalogView:
    version: int  # 0: the default file
    toml: str
    zone: ZoneInfo
    services: dict[str, Names] = field(default_factory=dict)
    options: dict[tuple[str, str], Names] = field(default_factory=dict)
    full_price_fen: dict[str, int] = field(default_factory=dict)

    def service_name(self, service_id: str, language: str) -> str:
        names = self.services.get(service_id)
        if names is None:  # a service of an older catalog: its id is all there is
            return service_id
        return names[0] if language == "zh_CN" else names[1]

    def option_name(self, list_id: str, option: str, language: str) -> str:
        names = self.options.get((list_id, option))
        if names is None:
            return option
        return names[0] if language == "zh_CN" else names[1]


def read(version: int, text: str) -> CatalogView:
    """What the console shows of a catalog's text; parts that do not read are left out (the
    catalog's own check, server.pricing, is what refuses a catalog)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return CatalogView(version, text, ZoneInfo(DEFAULT_TIMEZONE))
    try:
        zone = ZoneInfo(str(data.get("timezone", DEFAULT_TIMEZONE)))
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TIMEZONE)
    options: dict[tuple[str, str], Names] = {}
    choices = data.get("choices")
    for list_id, spec in (choices if isinstance(choices, dict) else {}).items():
        raw = spec.get("options") if isinstance(spec, dict) else None
        for option in raw if isinstance(raw, list) else []:
            if isinstance(option, dict) and "id" in option:
                oid = str(option["id"])
                options[(list_id, oid)] = (
                    str(option.get("zh", oid)),
                    str(option.get("en", oid)),
                )
    services: dict[str, Names] = {}
    prices: dict[str, int] = {}
    raw_services = data.get("services")
    for service in raw_services if isinstance(raw_services, list) else []:
        if not isinstance(service, dict) or "id" not in service:
            continue
        sid = str(service["id"])
        services[sid] = (str(service.get("name_zh", sid)), str(service.get("name_en", sid)))
        price = service.get("price_fen")
        if isinstance(price, dict) and isinstance(price.get("full"), int):
            prices[sid] = price["full"]
    return CatalogView(version, text, zone, services, options, prices)


class CatalogViews:
    """The view of the newest catalog, kept until a newer one is published."""

    def __init__(self, default_catalog: Path) -> None:
        self.default_catalog = default_catalog
        self._lock = threading.Lock()
        self._current: CatalogView | None = None

    def current(self, session: Session) -> CatalogView:
        version = session.scalar(select(func.max(CatalogVersion.version))) or 0
        with self._lock:
            if self._current is not None and self._current.version == version:
                return self._current
        if version:
            text = session.scalar(
                select(CatalogVersion.toml).where(CatalogVersion.version == version)
            )
        else:
            text = self.default_catalog.read_text(encoding="utf-8")
        view = read(version, text or "")
        with self._lock:
            self._current = view
        return view
