"""Vital signs on the kiosk: what a reading means, typed readings checked, readings kept.

The Health screens use this package and nothing below it:

- :func:`judge` gives a :class:`Judgement` (level, alert, words) from the thresholds table
  (assets/vitals/thresholds.toml, loaded by :func:`load_thresholds`) and the resident's own
  targets (:func:`targets_for`);
- :func:`check_typed` lists the :class:`TypedProblem` of a reading typed by hand;
- :func:`record_reading` keeps a judged reading with its outbox event (when
  :func:`may_record` allows); :func:`history` and :func:`latest` read them back.
"""

from app.vitals.center import replace_targets
from app.vitals.judge import Judgement, Target, judge
from app.vitals.levels import Level
from app.vitals.records import (
    ReadingError,
    SavedReading,
    get_reading,
    history,
    latest,
    may_record,
    record_reading,
    targets_for,
)
from app.vitals.thresholds import Thresholds, ThresholdsError, load_thresholds
from app.vitals.typed import (
    TypedProblem,
    TypedReadingError,
    check_typed,
    parse_number,
    parse_typed,
)

__all__ = [
    "Judgement",
    "Level",
    "ReadingError",
    "SavedReading",
    "Target",
    "Thresholds",
    "ThresholdsError",
    "TypedProblem",
    "TypedReadingError",
    "check_typed",
    "get_reading",
    "history",
    "judge",
    "latest",
    "load_thresholds",
    "may_record",
    "parse_number",
    "parse_typed",
    "record_reading",
    "replace_targets",
    "targets_for",
]
