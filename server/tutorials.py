"""Residents' lesson progress at the center, gathered from the ``tutorial.progress`` events
kiosks send, so a resident continues a lesson on another kiosk.

Each event is stored once under its (device, event id) key (server.ingest keeps it in the
``records`` table as sent, sealed; server.records reads them back), so a retried event is
never counted twice; and the gathering itself takes, per lesson, the furthest step any kiosk
reached and every flag any kiosk set, so the answer is the same however often or in whatever
order the events arrived.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from server import records
from sync.protocol import ResidentTutorialProgress, TutorialProgress

log = logging.getLogger(__name__)
KIND = "tutorial.progress"


def _further(kept: TutorialProgress, new: TutorialProgress) -> TutorialProgress:
    """The furthest of two records of one lesson: the later step (with that record's length
    of the lesson), every flag either set, the later time."""
    ahead = new if new.step > kept.step else kept
    return TutorialProgress(
        resident_card=kept.resident_card,
        lesson_id=kept.lesson_id,
        step=ahead.step,
        steps=ahead.steps,
        completed=kept.completed or new.completed,
        practised=kept.practised or new.practised,
        mastered=kept.mastered or new.mastered,
        recorded_at=max(kept.recorded_at, new.recorded_at),
    )


def gather(payloads: list[Any], card: str) -> ResidentTutorialProgress:
    """A resident's progress from the stored payloads of their events (JSON text or dicts):
    one record per lesson, by lesson id. A payload that no longer reads as a progress
    event is logged and left out."""
    lessons: dict[str, TutorialProgress] = {}
    for payload in payloads:
        try:
            data = json.loads(payload) if isinstance(payload, str) else payload
            record = TutorialProgress.model_validate(data)
        except (ValueError, ValidationError) as exc:
            log.warning("a stored tutorial.progress record is left out: %s", exc)
            continue
        if record.resident_card != card:
            continue
        kept = lessons.get(record.lesson_id)
        lessons[record.lesson_id] = record if kept is None else _further(kept, record)
    return ResidentTutorialProgress(
        resident_card=card, lessons=[lessons[key] for key in sorted(lessons)]
    )


def resident_progress(session: Session, card: str) -> ResidentTutorialProgress:
    """What the center knows of ``card``'s progress in every lesson."""
    return gather([row.payload for row in records.stored(session, KIND, card)], card)
