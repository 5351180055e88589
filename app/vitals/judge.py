"""What a reading means: its level, whether the staff are told, and the words for it.

:func:`judge` reads the values of one measurement against the thresholds table and the
resident's own targets. A measurement the device itself flagged (the cuff was loose, the
arm moved) is not judged: it is ``unsure`` and asks to be measured again, because numbers the
device does not trust must not frighten an elder or call a nurse.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.vitals.levels import ABOVE_NORMAL, BELOW_NORMAL, Level, worst
from app.vitals.thresholds import Thresholds, load_thresholds


@dataclass(frozen=True)
class Target:
    """A resident's own band for one value, set by staff (as the wire's VitalTarget)."""

    value: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Judgement:
    """The meaning of one measurement. ``values`` are the values as judged and shown
    (rounded as the table says); ``problems`` the device's codes that asked to measure
    again."""

    kind: str
    level: Level
    value_levels: dict[str, Level]
    alert: bool
    remeasure: bool
    values: dict[str, float] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    meal: str | None = None
    targets: tuple[Target, ...] = ()
    thresholds: Thresholds = field(default_factory=load_thresholds, repr=False, compare=False)

    def word(self, language: str) -> str:
        """The level word: 正常 / normal, 偏高 / a bit high, 需要重测 / measure again ..."""
        return self._level_word(self.level, language)

    def sentence(self, language: str, *, told: bool = False) -> str:
        """One plain sentence for the screen and the voice. An alerting reading says the
        staff "are being told" until ``told`` (the center has the reading), then "have been
        told"; a reading that does not alert never mentions the staff."""
        kind = self.thresholds.kind(self.kind)
        name = kind.label.get(language)
        if self.remeasure:
            problems = [self.thresholds.problem(code) for code in self.problems]
            remeasuring = [p for p in problems if p.remeasure] or [
                self.thresholds.problem("unknown")
            ]
            separator = "，" if _is_zh(language) else ", "
            problem = separator.join(dict.fromkeys(p.text.get(language) for p in remeasuring))
            template = self.thresholds.sentences["remeasure"]
            return template.get(language).format(name=name, problem=problem, word="")
        sentences = self.thresholds.sentences
        if not any(self.thresholds.values[v].judged for v in kind.values):
            return sentences["unjudged"].get(language).format(name=name, word="", problem="")
        parts = [
            sentences["clause"].get(language).format(name=label, word=word, problem="")
            for label, word in self._clauses(language)
        ]
        if self.alert:
            parts.append(sentences["alert_told" if told else "alert_waiting"].get(language))
        return sentences["and"].get(language).join(parts) + sentences["end"].get(language)

    def _clauses(self, language: str) -> list[tuple[str, str]]:
        """(name, level word) to say: the kind by its own values, then each value it carries
        besides that is not normal (a cuff's pulse), named by itself."""
        kind = self.thresholds.kind(self.kind)
        own = [self.value_levels[n] for n in kind.values if n in self.value_levels]
        main = worst(own) if own else self.level
        clauses = [(kind.label.get(language), self._level_word(main, language))]
        for name in kind.optional:
            level = self.value_levels.get(name)
            if level is not None and level is not Level.NORMAL:
                label = self.thresholds.values[name].label.get(language)
                clauses.append((label, self._level_word(level, language)))
        return clauses

    def _level_word(self, level: Level, language: str) -> str:
        return self.thresholds.words[level].get(language)

    def band(self, value_name: str) -> tuple[float, float] | None:
        """The normal band of one value (the resident's own target where staff set one),
        for shading the trend chart; None for a value that is not judged."""
        table = self.thresholds.values.get(value_name)
        if table is None:
            return None
        general = table.normal_band(self.meal)
        if general is None:
            return None
        target = _target_for(self.targets, value_name)
        if target is None:
            return general
        low = target.low if target.low is not None else general[0]
        high = target.high if target.high is not None else general[1]
        return (low, high) if low < high else general


def judge(
    kind: str,
    values: Mapping[str, float],
    *,
    problems: Iterable[str] = (),
    meal: str | None = None,
    targets: Iterable[Target | tuple[str, float | None, float | None]] = (),
    thresholds: Thresholds | None = None,
) -> Judgement:
    """Judge one measurement of ``kind`` (see the thresholds table for the value names).

    ``problems`` are the device's own codes about the measurement (body_movement,
    cuff_loose, no_sensor_contact, weak_signal, irregular_pulse ... as app.devices names
    them; an unknown code counts as a reason to measure again). ``meal`` is fasting,
    after_meal or unknown for glucose. ``targets`` are the resident's own bands (see
    :func:`app.vitals.targets_for`). Raises ValueError only for a kind that does not
    exist; any number gives a level."""
    table = thresholds or load_thresholds()
    kind_table = table.kind(kind)
    own = tuple(_as_target(t) for t in targets)
    codes = tuple(str(code) for code in problems)
    flagged = [code for code in codes if table.problem(code).remeasure]
    meal = meal if meal in ("fasting", "after_meal", "unknown") else None

    shown: dict[str, float] = {}
    value_levels: dict[str, Level] = {}
    alerts = False
    for name in kind_table.all_values:
        raw = values.get(name)
        if raw is None:
            if name in kind_table.values:
                flagged.append("missing_value")
            continue
        value_table = table.values[name]
        number = _finite(raw)
        if number is None or not value_table.is_plausible(number):
            flagged.append("out_of_range")
            continue
        number = value_table.round(number)
        shown[name] = number
        if not value_table.judged:
            value_levels[name] = Level.NORMAL
            continue
        band = value_table.band_of(number, meal)
        level, alert = band.level, band.alert
        target = _target_for(own, name)
        if target is not None:
            level, alert = _against_target(level, alert, number, target)
        value_levels[name] = level
        alerts = alerts or alert

    if flagged:
        return Judgement(
            kind,
            Level.UNSURE,
            {name: Level.UNSURE for name in kind_table.all_values if name in values},
            alert=False,
            remeasure=True,
            values=shown,
            problems=tuple(dict.fromkeys([*codes, *flagged])),
            meal=meal,
            targets=own,
            thresholds=table,
        )
    return Judgement(
        kind,
        worst(list(value_levels.values())),
        value_levels,
        alert=alerts,
        remeasure=False,
        values=shown,
        problems=codes,
        meal=meal,
        targets=own,
        thresholds=table,
    )


def _against_target(level: Level, alert: bool, value: float, target: Target) -> tuple[Level, bool]:
    """A value inside the resident's own band is normal for them; outside it, it tells the
    staff. A level the table counts as an emergency (very low, very high) stays one: a
    target widens what is normal, it never silences an emergency."""
    if level in (Level.VERY_LOW, Level.VERY_HIGH):
        return level, alert
    if target.low is not None and value < target.low:
        return (level if level in BELOW_NORMAL else Level.LOW), True
    if target.high is not None and value > target.high:
        return (level if level in ABOVE_NORMAL else Level.A_BIT_HIGH), True
    return Level.NORMAL, False


def _target_for(targets: Iterable[Target], value_name: str) -> Target | None:
    return next((t for t in targets if t.value == value_name), None)


def _as_target(target: Target | tuple[str, float | None, float | None]) -> Target:
    if isinstance(target, Target):
        return target
    value, low, high = target
    return Target(str(value), low, high)


def _finite(raw: object) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    number = float(raw)
    return number if math.isfinite(number) else None


def _is_zh(language: str) -> bool:
    return not language.startswith("en")
