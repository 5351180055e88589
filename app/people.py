"""Residents: looked up by service-card number, shown masked on a shared kiosk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from app.clock import iso, utc_now
from app.store import Store

_CARD = re.compile(r"^[0-9]{4,20}$")


@dataclass(frozen=True)
class Resident:
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
    """The resident with this card, or None; raises :class:`InvalidCard` for non-numbers."""
    card = normalise_card(raw_card)
    with store.reading() as conn:
        row = conn.execute("SELECT * FROM residents WHERE card_number = ?", (card,)).fetchone()
    return _row(row) if row else None


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
