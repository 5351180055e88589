"""The thresholds table (assets/vitals/thresholds.toml): bands, alerts and words, checked.

The file is data a clinician can read and a center can correct; this module turns it into
typed tables and refuses a broken file with a :class:`ThresholdsError` that names the file,
the kind or value, and the field, so a mistake shows at start-up, not on an elder's reading.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from app.catalog import Text
from app.paths import ASSETS_DIR
from app.vitals.levels import Level

SHIPPED_THRESHOLDS = ASSETS_DIR / "vitals" / "thresholds.toml"

# The kinds of reading and the values each must carry: the same as the wire format's
# READING_VALUES (sync.protocol), repeated because app/ does not import sync; a test keeps
# them equal.
KIND_VALUES: dict[str, tuple[str, ...]] = {
    "blood_pressure": ("systolic", "diastolic"),
    "heart_rate": ("pulse",),
    "pulse_oximetry": ("spo2",),
    "temperature": ("temperature_c",),
    "glucose": ("glucose_mmol_l",),
    "weight": ("weight_kg",),
}
KINDS = tuple(KIND_VALUES)
# Every value a reading can carry (the wire's ReadingValue).
VALUE_NAMES = (
    "systolic",
    "diastolic",
    "pulse",
    "spo2",
    "temperature_c",
    "glucose_mmol_l",
    "weight_kg",
)
MEALS = ("fasting", "after_meal", "unknown")
SENTENCES = ("clause", "and", "end", "alert_waiting", "alert_told", "unjudged", "remeasure")
REQUIRED_PROBLEMS = ("missing_value", "out_of_range", "unknown")
_PLACEHOLDERS = {"name": "N", "word": "W", "problem": "P"}


class ThresholdsError(Exception):
    """The thresholds file cannot be used; ``problems`` lists each mistake and where it is."""

    def __init__(self, source: Path, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class Band:
    """Values under ``below`` (or up to ``at_most``) not taken by a lower band; neither: the
    rest."""

    level: Level
    below: float | None = None
    at_most: float | None = None
    alert: bool = False
    note: str = ""

    def holds(self, value: float) -> bool:
        if self.below is not None:
            return value < self.below
        if self.at_most is not None:
            return value <= self.at_most
        return True

    @property
    def limit(self) -> float | None:
        return self.below if self.below is not None else self.at_most


@dataclass(frozen=True)
class ValueTable:
    """One value (systolic, spo2 ...): its unit, what is plausible, and its bands."""

    name: str
    label: Text
    unit: str
    decimals: int
    plausible: tuple[float, float]
    usual: tuple[float, float]
    typical: float
    source: str
    judged: bool
    bands: tuple[Band, ...]
    bands_fasting: tuple[Band, ...] = ()

    def bands_for(self, meal: str | None) -> tuple[Band, ...]:
        if meal == "fasting" and self.bands_fasting:
            return self.bands_fasting
        return self.bands

    def band_of(self, value: float, meal: str | None = None) -> Band:
        """The band holding ``value`` (finite, already rounded)."""
        bands = self.bands_for(meal)
        return next((band for band in bands if band.holds(value)), bands[-1])

    def normal_band(self, meal: str | None = None) -> tuple[float, float] | None:
        """The normal range, open ends closed at the plausible bounds (for chart shading)."""
        if not self.judged:
            return None
        bands = self.bands_for(meal)
        indices = [i for i, band in enumerate(bands) if band.level is Level.NORMAL]
        if not indices:
            return None
        first, last = indices[0], indices[-1]
        below = bands[first - 1].limit if first > 0 else None
        above = bands[last].limit
        low = below if below is not None else self.plausible[0]
        high = above if above is not None else self.plausible[1]
        return (float(low), float(high))

    def round(self, value: float) -> float:
        """``value`` rounded as it is shown (half up), so word and number agree."""
        quantum = Decimal(1).scaleb(-self.decimals)
        return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))

    def is_plausible(self, value: float) -> bool:
        return math.isfinite(value) and self.plausible[0] <= value <= self.plausible[1]


@dataclass(frozen=True)
class KindTable:
    kind: str
    label: Text
    values: tuple[str, ...]  # must be present
    optional: tuple[str, ...]  # judged when present

    @property
    def all_values(self) -> tuple[str, ...]:
        return self.values + self.optional


@dataclass(frozen=True)
class DeviceProblem:
    """What a device reported about its own measurement, and whether to measure again."""

    code: str
    remeasure: bool
    text: Text


@dataclass(frozen=True)
class Thresholds:
    """The whole table, as loaded from ``source``."""

    source: Path
    kinds: dict[str, KindTable]
    values: dict[str, ValueTable]
    words: dict[Level, Text]
    sentences: dict[str, Text]
    problems: dict[str, DeviceProblem]

    def kind(self, kind: str) -> KindTable:
        try:
            return self.kinds[kind]
        except KeyError:
            raise ValueError(f"not a kind of reading: {kind!r}") from None

    def problem(self, code: str) -> DeviceProblem:
        """The problem named by a device's code (any case, spaces or hyphens); else unknown."""
        key = "_".join(str(code).strip().lower().replace("-", " ").split())
        return self.problems.get(key) or self.problems["unknown"]


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Read and check a thresholds file (the shipped one by default, read once)."""
    if path is None:
        return _shipped()
    return _load(Path(path))


@cache
def _shipped() -> Thresholds:
    return _load(SHIPPED_THRESHOLDS)


def _load(path: Path) -> Thresholds:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ThresholdsError(path, [f"cannot be read: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise ThresholdsError(path, [f"is not UTF-8 text: {exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdsError(path, [f"is not valid TOML: {exc}"]) from exc
    reader = _Reader()
    table = reader.thresholds(path, data)
    if reader.problems or table is None:
        raise ThresholdsError(path, reader.problems)
    return table


class _Reader:
    """Builds the tables and collects every mistake, so one start-up shows them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def thresholds(self, path: Path, data: dict[str, Any]) -> Thresholds | None:
        alert_levels = self.levels_list(data.get("alert_levels"), "alert_levels")
        values = {}
        raw_values = self.table(data, "values", "")
        for name in VALUE_NAMES:
            if name not in raw_values:
                self.fail(f"values.{name}", "is missing")
        for name, raw in raw_values.items():
            if name not in VALUE_NAMES:
                self.fail(f"values.{name}", f"is not a value (one of {', '.join(VALUE_NAMES)})")
                continue
            value = self.value(name, raw, alert_levels)
            if value is not None:
                values[name] = value
        kinds = {}
        raw_kinds = self.table(data, "kinds", "")
        for kind in KINDS:
            if kind not in raw_kinds:
                self.fail(f"kinds.{kind}", "is missing")
        for kind, raw in raw_kinds.items():
            if kind not in KINDS:
                self.fail(f"kinds.{kind}", f"is not a kind of reading (one of {', '.join(KINDS)})")
                continue
            table = self.kind(kind, raw, raw_values)
            if table is not None:
                kinds[kind] = table
        words = self.words(self.table(data, "levels", ""))
        sentences = self.sentences(self.table(data, "sentences", ""))
        problems = self.device_problems(self.table(data, "problems", ""))
        if self.problems:
            return None
        return Thresholds(path, kinds, values, words, sentences, problems)

    # -- pieces -----------------------------------------------------------------------------

    def table(self, data: Any, key: str, where: str) -> dict[str, Any]:
        found = data.get(key) if isinstance(data, dict) else None
        if not isinstance(found, dict):
            self.fail(f"{where}{key}" or "file", "must be a table")
            return {}
        return found

    def text(self, data: dict[str, Any], key: str, where: str, *, strip: bool = True) -> str:
        found = data.get(key)
        if not isinstance(found, str) or not found.strip():
            self.fail(f"{where}.{key}", "must be a non-empty text")
            return ""
        return found.strip() if strip else found

    def number(self, data: dict[str, Any], key: str, where: str) -> float | None:
        found: Any = data.get(key)
        if not _is_number(found):
            self.fail(f"{where}.{key}", "must be a number")
            return None
        return float(found)

    def pair(self, data: dict[str, Any], key: str, where: str) -> tuple[float, float] | None:
        found = data.get(key)
        if (
            not isinstance(found, list)
            or len(found) != 2
            or not all(_is_number(x) for x in found)
            or not found[0] < found[1]
        ):
            self.fail(f"{where}.{key}", "must be two numbers, the lower first")
            return None
        return (float(found[0]), float(found[1]))

    def levels_list(self, found: Any, where: str) -> frozenset[Level]:
        if not isinstance(found, list) or not all(isinstance(x, str) for x in found):
            self.fail(where, "must be a list of levels")
            return frozenset()
        levels = set()
        for name in found:
            level = _level(name)
            if level is None or level is Level.UNSURE:
                self.fail(where, f"{name!r} is not a level a value can have")
            else:
                levels.add(level)
        return frozenset(levels)

    def kind(self, kind: str, raw: Any, raw_values: dict[str, Any]) -> KindTable | None:
        where = f"kinds.{kind}"
        if not isinstance(raw, dict):
            self.fail(where, "must be a table")
            return None
        label = Text(self.text(raw, "name_zh", where), self.text(raw, "name_en", where))
        names: dict[str, tuple[str, ...]] = {}
        for key in ("values", "optional"):
            found = raw.get(key)
            if not isinstance(found, list) or not all(isinstance(x, str) for x in found):
                self.fail(f"{where}.{key}", "must be a list of value names")
                found = []
            for name in found:
                if name not in raw_values:
                    self.fail(f"{where}.{key}", f"{name!r} has no table under [values]")
            names[key] = tuple(found)
        if names["values"] != KIND_VALUES[kind]:
            needed = ", ".join(KIND_VALUES[kind])
            self.fail(f"{where}.values", f"a {kind} reading carries exactly: {needed}")
        for name in set(names["values"]) & set(names["optional"]):
            self.fail(f"{where}.optional", f"{name!r} is already a value it must carry")
        return KindTable(kind, label, names["values"], names["optional"])

    def value(self, name: str, raw: Any, alert_levels: frozenset[Level]) -> ValueTable | None:
        where = f"values.{name}"
        if not isinstance(raw, dict):
            self.fail(where, "must be a table")
            return None
        before = len(self.problems)
        label = Text(self.text(raw, "name_zh", where), self.text(raw, "name_en", where))
        unit = self.text(raw, "unit", where)
        source = self.text(raw, "source", where)
        decimals = raw.get("decimals")
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 3:
            self.fail(f"{where}.decimals", "must be a whole number from 0 to 3")
            decimals = 0
        plausible = self.pair(raw, "plausible", where)
        usual = self.pair(raw, "usual", where)
        typical = self.number(raw, "typical", where)
        if usual and typical is not None and not usual[0] <= typical <= usual[1]:
            self.fail(f"{where}.typical", "must lie within 'usual'")
        judged = raw.get("judged", True)
        if not isinstance(judged, bool):
            self.fail(f"{where}.judged", "must be true or false")
            judged = True
        bands: tuple[Band, ...] = ()
        fasting: tuple[Band, ...] = ()
        if judged:
            bands = self.bands(raw.get("bands"), f"{where}.bands", alert_levels, plausible)
            if "bands_fasting" in raw:
                fasting = self.bands(
                    raw["bands_fasting"], f"{where}.bands_fasting", alert_levels, plausible
                )
        elif "bands" in raw or "bands_fasting" in raw:
            self.fail(where, "a value that is not judged has no bands")
        if len(self.problems) > before or plausible is None or usual is None or typical is None:
            return None
        return ValueTable(
            name, label, unit, decimals, plausible, usual, typical, source, judged, bands, fasting
        )

    def bands(
        self,
        raw: Any,
        where: str,
        alert_levels: frozenset[Level],
        plausible: tuple[float, float] | None,
    ) -> tuple[Band, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(where, "must be a non-empty list of bands")
            return ()
        bands: list[Band] = []
        previous: float | None = None
        for index, item in enumerate(raw):
            at = f"{where}[{index}]"
            last = index == len(raw) - 1
            if not isinstance(item, dict):
                self.fail(at, "must be a table")
                continue
            unknown = set(item) - {"level", "below", "at_most", "alert", "note"}
            if unknown:
                self.fail(at, f"unknown field {', '.join(sorted(unknown))}")
            level = _level(item.get("level"))
            if level is None or level is Level.UNSURE:
                self.fail(f"{at}.level", f"{item.get('level')!r} is not a level a value can have")
                continue
            limits = {k: item[k] for k in ("below", "at_most") if k in item}
            if len(limits) > 1:
                self.fail(at, "has both 'below' and 'at_most'")
                continue
            if last and limits:
                self.fail(at, "the last band holds the rest and has no 'below' or 'at_most'")
                continue
            if not last and not limits:
                self.fail(at, "needs 'below' or 'at_most' (only the last band has neither)")
                continue
            limit = next(iter(limits.values()), None)
            if limits and not _is_number(limit):
                self.fail(f"{at}.{next(iter(limits))}", "must be a number")
                continue
            if limit is not None:
                if previous is not None and not float(limit) > previous:
                    self.fail(at, "limits must rise from one band to the next")
                if plausible and not plausible[0] < float(limit) <= plausible[1]:
                    self.fail(at, "the limit lies outside the plausible range")
                previous = float(limit)
            alert = item.get("alert", level in alert_levels)
            if not isinstance(alert, bool):
                self.fail(f"{at}.alert", "must be true or false")
                continue
            note = item.get("note", "")
            if not isinstance(note, str):
                self.fail(f"{at}.note", "must be a text")
                continue
            bands.append(
                Band(
                    level,
                    below=float(item["below"]) if "below" in item else None,
                    at_most=float(item["at_most"]) if "at_most" in item else None,
                    alert=alert,
                    note=note,
                )
            )
        if bands and not any(band.level is Level.NORMAL for band in bands):
            self.fail(where, "needs a normal band")
        return tuple(bands)

    def words(self, raw: dict[str, Any]) -> dict[Level, Text]:
        words = {}
        for level in Level:
            item = raw.get(level.value)
            where = f"levels.{level.value}"
            if not isinstance(item, dict):
                self.fail(where, "is missing")
                continue
            words[level] = Text(self.text(item, "zh", where), self.text(item, "en", where))
        for name in set(raw) - {level.value for level in Level}:
            self.fail(f"levels.{name}", "is not a level")
        return words

    def sentences(self, raw: dict[str, Any]) -> dict[str, Text]:
        sentences = {}
        for name in SENTENCES:
            pair = []
            for language in ("zh", "en"):
                key = f"{name}_{language}"
                text = self.text(raw, key, "sentences", strip=False)  # ". " joins
                try:
                    text.format(**_PLACEHOLDERS)
                except (KeyError, IndexError, ValueError) as exc:
                    self.fail(f"sentences.{key}", f"has a placeholder that is not known: {exc}")
                pair.append(text)
            sentences[name] = Text(pair[0], pair[1])
        return sentences

    def device_problems(self, raw: dict[str, Any]) -> dict[str, DeviceProblem]:
        problems = {}
        for code, item in raw.items():
            where = f"problems.{code}"
            if not isinstance(item, dict):
                self.fail(where, "must be a table")
                continue
            remeasure = item.get("remeasure")
            if not isinstance(remeasure, bool):
                self.fail(f"{where}.remeasure", "must be true or false")
                continue
            text = Text(self.text(item, "zh", where), self.text(item, "en", where))
            problems[code] = DeviceProblem(code, remeasure, text)
        for code in REQUIRED_PROBLEMS:
            if code not in raw:
                self.fail(f"problems.{code}", "is missing")
        return problems


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _level(name: Any) -> Level | None:
    try:
        return Level(name)
    except ValueError:
        return None
