"""How far each resident got in each lesson, kept on the kiosk and told to the center.

A change of progress is written with its ``tutorial.progress`` outbox event in one
transaction, like an order. Progress only ever grows: going back to an earlier step, or
seeing a step again, keeps the furthest step reached, and a lesson once practised, mastered
or completed stays so. Progress a resident made on another kiosk comes back through the
center and is merged by :func:`merge_center_progress`, again taking the furthest.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from app import outbox
from app.clock import iso, parse_iso, utc_now
from app.people import Resident
from app.store import Store
from app.tutorials.model import Lesson
from app.tutorials.schema import LESSON_ID

EVENT_KIND = "tutorial.progress"
_CARD = re.compile(r"^[0-9]{4,20}$")
_MAX_STEPS_ON_WIRE = 1000


class ProgressError(ValueError):
    """Progress that cannot be recorded: a step outside the lesson, or a malformed record
    from the center (the message says which field)."""


@dataclass(frozen=True)
class Progress:
    """One resident's progress in one lesson."""

    lesson_id: str
    step: int  # the furthest step reached, counted from 0
    steps: int  # how many steps the lesson had when that step was reached
    completed: bool  # every step has been seen
    practised: bool  # tried in the practice screens
    mastered: bool  # done without help (a volunteer's mark, or practice without a miss)
    started_at: datetime
    updated_at: datetime

    @property
    def steps_done(self) -> int:
        """Steps reached so far, as people count them ("4 of 8")."""
        return self.step + 1

    def same_state(self, other: Progress) -> bool:
        """Whether two records say the same, whenever they were written."""
        return replace(self, started_at=other.started_at, updated_at=other.updated_at) == other


def resume_step(progress: Progress | None, lesson: Lesson) -> int:
    """The step (from 0) to open ``lesson`` at: where the resident left off; the first step
    for a new or completed lesson. A lesson that has since become shorter resumes at its
    last step."""
    if progress is None or progress.completed:
        return 0
    return min(progress.step, len(lesson.steps) - 1)


def _from_row(row: sqlite3.Row) -> Progress:
    return Progress(
        lesson_id=row["lesson_id"],
        step=row["step"],
        steps=row["steps"],
        completed=bool(row["completed"]),
        practised=bool(row["practised"]),
        mastered=bool(row["mastered"]),
        started_at=parse_iso(row["started_at"]),
        updated_at=parse_iso(row["updated_at"]),
    )


def _read(conn: sqlite3.Connection, resident_id: int, lesson_id: str) -> Progress | None:
    row = conn.execute(
        "SELECT * FROM tutorial_progress WHERE resident_id = ? AND lesson_id = ?",
        (resident_id, lesson_id),
    ).fetchone()
    return _from_row(row) if row else None


def _write(conn: sqlite3.Connection, resident_id: int, progress: Progress) -> None:
    conn.execute(
        "INSERT INTO tutorial_progress (resident_id, lesson_id, step, steps, completed,"
        " practised, mastered, started_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (resident_id, lesson_id) DO UPDATE SET step = excluded.step,"
        " steps = excluded.steps, completed = excluded.completed,"
        " practised = excluded.practised, mastered = excluded.mastered,"
        " started_at = excluded.started_at, updated_at = excluded.updated_at",
        (
            resident_id,
            progress.lesson_id,
            progress.step,
            progress.steps,
            int(progress.completed),
            int(progress.practised),
            int(progress.mastered),
            iso(progress.started_at),
            iso(progress.updated_at),
        ),
    )


def progress_payload(card: str, progress: Progress) -> dict[str, Any]:
    """The ``tutorial.progress`` event for ``progress`` (sync.protocol.TutorialProgress)."""
    return {
        "resident_card": card,
        "lesson_id": progress.lesson_id,
        "step": progress.step,
        "steps": progress.steps,
        "completed": progress.completed,
        "practised": progress.practised,
        "mastered": progress.mastered,
        "recorded_at": iso(progress.updated_at),
    }


def record_progress(
    store: Store,
    resident: Resident,
    lesson: Lesson,
    step: int,
    *,
    practised: bool = False,
    mastered: bool = False,
    now: datetime | None = None,
) -> Progress:
    """Note that ``resident`` reached ``step`` (from 0) of ``lesson``, and whether they
    practised or mastered it; return the progress as it now stands.

    The row and its outbox event are written in one transaction, and only when something
    changed: seeing an earlier step again writes nothing and sends nothing.
    """
    with store.transaction() as conn:
        return record_progress_in(
            conn, resident, lesson, step, practised=practised, mastered=mastered, now=now
        )


def record_progress_in(
    conn: sqlite3.Connection,
    resident: Resident,
    lesson: Lesson,
    step: int,
    *,
    practised: bool = False,
    mastered: bool = False,
    now: datetime | None = None,
) -> Progress:
    """:func:`record_progress` inside the caller's transaction (a group session's end
    writes the elders' marks with the session's own event)."""
    steps = len(lesson.steps)
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step < steps:
        raise ProgressError(f"step {step!r} is not a step of '{lesson.id}' (0 to {steps - 1})")
    now = now or utc_now()
    before = _read(conn, resident.id, lesson.id)
    furthest = step if before is None else max(min(before.step, steps - 1), step)
    after = Progress(
        lesson_id=lesson.id,
        step=furthest,
        steps=steps,
        completed=furthest == steps - 1 or (before is not None and before.completed),
        practised=practised or (before is not None and before.practised),
        mastered=mastered or (before is not None and before.mastered),
        started_at=now if before is None else before.started_at,
        updated_at=now,
    )
    if before is not None and before.same_state(after):
        return before
    _write(conn, resident.id, after)
    outbox.enqueue(
        conn,
        "tutorial.progress",  # EVENT_KIND, written out so the protocol tests check it
        progress_payload(resident.card_number, after),
        now=now.timestamp(),
    )
    return after


def progress_for(store: Store, resident: Resident) -> dict[str, Progress]:
    """The resident's progress in every lesson they started, by lesson id."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT * FROM tutorial_progress WHERE resident_id = ? ORDER BY lesson_id",
            (resident.id,),
        ).fetchall()
    return {row["lesson_id"]: _from_row(row) for row in rows}


def _field(record: Mapping[str, Any], name: str, kind: type, default: Any = None) -> Any:
    value = record.get(name, default)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ProgressError(f"progress from the center: '{name}' must be a whole number")
    if not isinstance(value, kind):
        raise ProgressError(f"progress from the center: '{name}' must be a {kind.__name__}")
    return value


def merge_center_progress(store: Store, record: Mapping[str, Any]) -> Progress | None:
    """Merge progress a resident made elsewhere, as the center passes it on, into this
    kiosk's record, taking the furthest of the two (the later step, and every flag either
    side has set). ``record`` has the fields of a ``tutorial.progress`` event
    (sync.protocol.TutorialProgress), plus ``practised`` and ``mastered`` when the center
    sends them.

    Writes no outbox event: the center already knows. Returns the progress as it now stands,
    or None when the resident is not known on this kiosk (their progress comes with them
    when they are). Raises :class:`ProgressError` for a malformed record, which the caller
    logs and skips.
    """
    card = _field(record, "resident_card", str)
    lesson_id = _field(record, "lesson_id", str)
    step = _field(record, "step", int)
    steps = _field(record, "steps", int)
    completed = _field(record, "completed", bool, False)
    practised = _field(record, "practised", bool, False)
    mastered = _field(record, "mastered", bool, False)
    stamp = _field(record, "recorded_at", str)
    if not _CARD.match(card):
        raise ProgressError("progress from the center: 'resident_card' is not a card number")
    if not LESSON_ID.match(lesson_id):
        raise ProgressError(f"progress from the center: lesson id {lesson_id!r} is not valid")
    if not 1 <= steps <= _MAX_STEPS_ON_WIRE or not 0 <= step < steps:
        raise ProgressError(f"progress from the center: step {step} of {steps} is not possible")
    try:
        recorded_at = parse_iso(stamp)
    except ValueError as exc:
        message = f"progress from the center: 'recorded_at' {stamp!r} is not a time"
        raise ProgressError(message) from exc
    if recorded_at.tzinfo is None:
        raise ProgressError("progress from the center: 'recorded_at' has no time zone")
    with store.transaction() as conn:
        resident = conn.execute(
            "SELECT id FROM residents WHERE card_number = ?", (card,)
        ).fetchone()
        if resident is None:
            return None
        resident_id = int(resident["id"])
        before = _read(conn, resident_id, lesson_id)
        theirs = Progress(
            lesson_id, step, steps, completed, practised, mastered, recorded_at, recorded_at
        )
        if before is None:
            after = theirs
        else:
            further = theirs if theirs.step > before.step else before
            after = Progress(
                lesson_id=lesson_id,
                step=further.step,
                steps=further.steps,
                completed=before.completed or completed,
                practised=before.practised or practised,
                mastered=before.mastered or mastered,
                started_at=min(before.started_at, recorded_at),
                updated_at=max(before.updated_at, recorded_at),
            )
            if before.same_state(after) and after.started_at == before.started_at:
                return before
        _write(conn, resident_id, after)
    return after
