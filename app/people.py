"""Residents: looked up by service-card number, shown masked on a shared kiosk; kept as the
center's register says (``resident`` updates, :func:`upsert_from_center_in`)."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from datetime import datetime
from typing import Any, NamedTuple

from app.clock import iso, utc_now
from app.store import Store

_CARD = re.compile(r"^[0-9]{4,20}$")
log = logging.getLogger(__name__)


class Resident(NamedTuple):
    id: int
    card_number: str
    name: str
    phone: str
    subsidy_tier: str
    language: str


class InvalidCard(ValueError):
    """The typed or read card number is not a card number at all."""


def normalise_card(raw: str) -> str:
    """Digits of a card number as a reader or a person typed it; raise :class:`InvalidCard`."""
    digits = re.sub(r"[\s\-]", "", raw or "")
    if not _CARD.match(digits):
        raise InvalidCard(raw)
    return digits


def _row(row: object) -> Resident:
    return Resident(
        id=row["id"],  # type: ignore[index]
        card_number=row["card_number"],  # type: ignore[index]
        name=row["name"],  # type: ignore[index]
        phone=row["phone"],  # type: ignore[index]
        subsidy_tier=row["subsidy_tier"],  # type: ignore[index]
        language=row["language"],  # type: ignore[index]
    )


def find_by_card(store: Store, raw_card: str) -> Resident | None:
    """The resident with this card, or None (also for a card the center marked inactive);
    raises :class:`InvalidCard` for non-numbers."""
    card = normalise_card(raw_card)
    with store.reading() as conn:
        row = conn.execute(
            "SELECT * FROM residents WHERE card_number = ? AND active = 1", (card,)
        ).fetchone()
    return _row(row) if row else None


TIERS = ("free", "subsidised", "full")
LANGUAGES = ("zh_CN", "en_US")


def upsert_from_center_in(conn: sqlite3.Connection, payload: dict[str, Any]) -> str | None:
    """Apply a ``resident`` update from the center (``sync.protocol.ResidentRecord``) in the
    caller's transaction: add the resident or change them. Return the card, or None when the
    payload is not usable (logged; the kiosk keeps what it had). An update older than the
    one applied last for this card changes nothing."""
    try:
        card = normalise_card(str(payload.get("card", "")))
    except InvalidCard:
        log.warning("skipped a resident update without a usable card: %r", payload.get("card"))
        return None
    name = payload.get("name")
    tier = payload.get("subsidy_tier")
    language = payload.get("language", "zh_CN")
    updated_at = payload.get("updated_at", 0.0)
    contacts = payload.get("contacts", [])
    if (
        not isinstance(name, str)
        or not name.strip()
        or tier not in TIERS
        or language not in LANGUAGES
        or not isinstance(updated_at, int | float)
        or not isinstance(contacts, list)
    ):
        log.warning("skipped a resident update for card %s with bad fields", card)
        return None
    phone = payload.get("phone") if isinstance(payload.get("phone"), str) else ""
    active = 0 if payload.get("active") is False else 1
    row = conn.execute(
        "SELECT center_updated_at FROM residents WHERE card_number = ?", (card,)
    ).fetchone()
    known = row["center_updated_at"] if row is not None else None
    if known is not None and float(known) > float(updated_at):
        return None
    values = (
        name.strip()[:100],
        str(phone)[:30],
        tier,
        language,
        active,
        json.dumps(contacts, ensure_ascii=False)[:10_000],
        float(updated_at),
    )
    if row is None:
        conn.execute(
            "INSERT INTO residents (name, phone, subsidy_tier, language, active, contacts_json,"
            " center_updated_at, card_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, card, iso(utc_now())),
        )
    else:
        conn.execute(
            "UPDATE residents SET name = ?, phone = ?, subsidy_tier = ?, language = ?,"
            " active = ?, contacts_json = ?, center_updated_at = ? WHERE card_number = ?",
            (*values, card),
        )
    return card


def get_resident(store: Store, resident_id: int) -> Resident | None:
    with store.reading() as conn:
        row = conn.execute("SELECT * FROM residents WHERE id = ?", (resident_id,)).fetchone()
    return _row(row) if row else None


def add_resident(
    store: Store,
    *,
    card_number: str,
    name: str,
    phone: str = "",
    subsidy_tier: str = "full",
    language: str = "zh_CN",
    now: datetime | None = None,
) -> Resident:
    card = normalise_card(card_number)
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO residents (card_number, name, phone, subsidy_tier, language, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (card, name, phone, subsidy_tier, language, iso(now or utc_now())),
        )
        resident_id = int(cursor.lastrowid or 0)
    return Resident(resident_id, card, name, phone, subsidy_tier, language)


def mask_name(name: str) -> str:
    """张小华 -> 张*华, 张华 -> 张*, Robert Smith -> R***** S****: enough to recognise oneself."""
    name = name.strip()
    if not name:
        return ""
    if " " in name:
        return " ".join(part[0] + "*" * (len(part) - 1) for part in name.split())
    if len(name) == 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """13812341234 -> 138****1234; short numbers keep only their last two digits."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) > 2:
        return "*" * (len(digits) - 2) + digits[-2:]
    return digits
