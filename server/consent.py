"""Residents' consent at the center, gathered from the ``consent.record`` events kiosks send.

Each answer is stored once under its (device, event id) key in the ``records`` table, as sent
(server.ingest), so a retried event is never counted twice. :func:`resident_consent` reads a
resident's answers back, oldest first, and :func:`current` gives the answer that holds for
each purpose: the newest by when it was given (a withdrawal is a later "no"). An export of a
resident's data lists them; an erasure removes them with the resident's other records.

Each new answer also goes to every kiosk, as a ``resident.consent`` update carrying the answer
(:func:`tell_kiosks`, in the ingest's transaction): a resident asked at one kiosk is not asked
again at another, and a withdrawal at one stops readings being kept at all of them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from server import records, staff
from sync.protocol import ConsentRecord

log = logging.getLogger(__name__)
KIND = "consent.record"
UPDATE_KIND = "resident.consent"


def gather(payloads: list[Any], card: str) -> list[ConsentRecord]:
    """The card's answers from stored payloads (JSON text or dicts), oldest first, each
    once. A payload that no longer reads as an answer is logged and left out."""
    answers: dict[str, ConsentRecord] = {}
    for payload in payloads:
        try:
            data = json.loads(payload) if isinstance(payload, str) else payload
            record = ConsentRecord.model_validate(data)
        except (ValueError, ValidationError) as exc:
            log.warning("a stored consent.record is left out: %s", exc)
            continue
        if record.resident_card == card:
            answers.setdefault(str(record.consent_id), record)
    return sorted(answers.values(), key=lambda r: (r.recorded_at, str(r.consent_id)))


def current(answers: list[ConsentRecord]) -> dict[str, ConsentRecord]:
    """The answer that holds for each purpose: the newest one."""
    holding: dict[str, ConsentRecord] = {}
    for answer in answers:  # oldest first: a later one replaces an earlier one
        holding[answer.purpose] = answer
    return holding


def resident_consent(session: Session, card: str) -> list[ConsentRecord]:
    """Every answer the center holds of ``card``, oldest first."""
    return gather([row.payload for row in records.stored(session, KIND, card)], card)


def tell_kiosks(
    connection: Connection, answers: list[ConsentRecord], now: float
) -> list[tuple[int, str | None]]:
    """Queue a ``resident.consent`` update for every kiosk per answer, in the transaction the
    caller holds on ``connection`` (it commits, or rolls back, with the answers themselves);
    the (seq, device) of each, for ``PushHub.committed`` once committed. The payload is the
    answer as the kiosk sent it, sealed like every update's (server.models.Update)."""
    # The session joins the caller's transaction (SQLAlchemy's "conditional_savepoint":
    # neither its commit nor its close ends a transaction it did not begin).
    with Session(bind=connection, join_transaction_mode="conditional_savepoint") as session:
        for answer in answers:
            staff.queue_update(session, None, UPDATE_KIND, answer.model_dump(mode="json"), now)
        session.flush()
        return staff.queued_updates(session)
