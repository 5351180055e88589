"""Readings typed by hand (from a paper record or a meter without Bluetooth), checked.

A typed number passes only if a device could have reported it: the plausible range of the
thresholds table, and a diastolic below the systolic. What is refused is said in plain words,
and where a slip of the finger is likely (3.6 or 366 for 36.6) the message asks "did you mean
36.6?". Numbers are accepted as people type them: full-width digits, a comma for the point.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from app.vitals.thresholds import Thresholds, ValueTable, load_thresholds

TypedValue = str | int | float | None

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Marks a person may type after a number on a keyboard; the number pad has none.
_UNIT_MARKS = ("°c", "℃", "°", "%")

# The message of each problem: plain words, one sentence to say what and one what to do.
_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("请填上{label}。", "Please fill in the {label}."),
    "not_a_number": ("{label}要填一个数字。", "The {label} must be a number."),
    "too_high": (
        "{label}不会高过{limit}，请再看一看。",
        "The {label} cannot be above {limit}. Please check it.",
    ),
    "too_low": (
        "{label}不会低于{limit}，请再看一看。",
        "The {label} cannot be below {limit}. Please check it.",
    ),
    "diastolic_above_systolic": (
        "低压要比高压小，请再看一看。",
        "The lower number (diastolic) must be below the upper one (systolic). Please check them.",
    ),
}
_SUGGESTION = ("是不是{suggestion}？", " Did you mean {suggestion}?")


@dataclass(frozen=True)
class TypedProblem:
    """One thing wrong with a typed reading: which value, what (``code``: missing,
    not_a_number, too_high, too_low, diastolic_above_systolic), the limit it broke, and a
    likely meant value where one stands out."""

    value: str
    code: str
    limit: float | None = None
    suggestion: float | None = None
    label: tuple[str, str] = ("", "")  # the value's name in zh_CN and en_US
    decimals: int = 0

    def message(self, language: str) -> str:
        english = language.startswith("en")
        zh, en = _MESSAGES[self.code]
        text = (en if english else zh).format(
            label=self.label[1 if english else 0], limit=self._show(self.limit)
        )
        if self.suggestion is not None:
            zh, en = _SUGGESTION
            text += (en if english else zh).format(suggestion=self._show(self.suggestion))
        return text

    def _show(self, number: float | None) -> str:
        if number is None:
            return ""
        return f"{number:.{self.decimals}f}"


class TypedReadingError(ValueError):
    """A typed reading that cannot be kept; ``problems`` say why."""

    def __init__(self, problems: list[TypedProblem]) -> None:
        super().__init__("; ".join(p.message("en_US") for p in problems))
        self.problems = problems


def parse_number(typed: TypedValue) -> float | None:
    """The number in what a person typed ("120", "36,6", "３６．６", "36.6℃"), or None."""
    if typed is None or isinstance(typed, bool):
        return None
    if isinstance(typed, int | float):
        return float(typed) if math.isfinite(typed) else None
    text = unicodedata.normalize("NFKC", str(typed)).strip().lower()
    for mark in _UNIT_MARKS:
        text = text.removesuffix(mark).strip()
    text = text.replace(",", ".").replace("。", ".").replace(" ", "")
    if not _NUMBER.match(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def check_typed(
    kind: str, values: Mapping[str, TypedValue], *, thresholds: Thresholds | None = None
) -> list[TypedProblem]:
    """Everything wrong with a typed reading of ``kind``; an empty list means it can be kept.
    Raises ValueError only for a kind that does not exist."""
    table = thresholds or load_thresholds()
    kind_table = table.kind(kind)
    problems: list[TypedProblem] = []
    numbers: dict[str, float] = {}
    for name in kind_table.all_values:
        value_table = table.values[name]
        typed = values.get(name)
        if typed is None or (isinstance(typed, str) and not typed.strip()):
            if name in kind_table.values:
                problems.append(_problem(value_table, "missing"))
            continue
        number = parse_number(typed)
        if number is None:
            problems.append(_problem(value_table, "not_a_number"))
            continue
        low, high = value_table.plausible
        if number > high:
            problems.append(
                _problem(value_table, "too_high", high, _suggest(value_table, typed, number))
            )
        elif number < low:
            problems.append(
                _problem(value_table, "too_low", low, _suggest(value_table, typed, number))
            )
        else:
            numbers[name] = value_table.round(number)
    systolic, diastolic = numbers.get("systolic"), numbers.get("diastolic")
    if systolic is not None and diastolic is not None and diastolic >= systolic:
        problems.append(
            _problem(table.values["diastolic"], "diastolic_above_systolic", limit=systolic)
        )
    return problems


def parse_typed(
    kind: str, values: Mapping[str, TypedValue], *, thresholds: Thresholds | None = None
) -> dict[str, float]:
    """The typed values as numbers, rounded as shown; raises :class:`TypedReadingError`."""
    table = thresholds or load_thresholds()
    problems = check_typed(kind, values, thresholds=table)
    if problems:
        raise TypedReadingError(problems)
    parsed = {}
    for name in table.kind(kind).all_values:
        number = parse_number(values.get(name))
        if number is not None:
            parsed[name] = table.values[name].round(number)
    return parsed


def _problem(
    table: ValueTable,
    code: str,
    limit: float | None = None,
    suggestion: float | None = None,
) -> TypedProblem:
    return TypedProblem(
        table.name,
        code,
        limit=limit,
        suggestion=suggestion,
        label=(table.label.zh, table.label.en),
        decimals=table.decimals,
    )


def _suggest(table: ValueTable, typed: TypedValue, number: float) -> float | None:
    """The value most likely meant by an impossible one, if a slip explains it.

    Two slips are common on a number pad: the point in the wrong place or left out (366,
    1200), and a digit left out (3.6 for 36.6). Where the point was typed on purpose a left
    out digit is the likelier slip; otherwise a moved point is. Among the explanations the
    one nearest the value's typical reading wins."""
    text = unicodedata.normalize("NFKC", str(typed)).strip().replace(",", ".").lstrip("+")
    moved = [number * 10.0**shift for shift in (1, 2, -1, -2)]
    missing_digit = []
    if re.fullmatch(r"\d+(\.\d+)?", text):
        for at in range(len(text) + 1):
            for digit in "0123456789":
                candidate = text[:at] + digit + text[at:]
                if not candidate.startswith("0"):
                    missing_digit.append(float(candidate))
    groups = [missing_digit, moved] if "." in text else [moved, missing_digit]
    for group in groups:
        fitting = [c for c in group if _fits(table, c)]
        if fitting:
            best = min(fitting, key=lambda c: (abs(c - table.typical), c))
            return table.round(best)
    return None


def _fits(table: ValueTable, candidate: float) -> bool:
    """A candidate a person could have meant: a usual reading, with no more decimals than
    the value is shown with."""
    if not table.usual[0] <= candidate <= table.usual[1]:
        return False
    return math.isclose(table.round(candidate), candidate, abs_tol=1e-9)
