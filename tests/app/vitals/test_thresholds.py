"""The thresholds table (assets/vitals/thresholds.toml): it agrees with the wire format, and
a broken copy is refused with the file, the place and what is wrong."""

from __future__ import annotations

import typing
from pathlib import Path

import annotated_types
import pytest

from app.vitals import Level, ThresholdsError, judge, load_thresholds
from app.vitals.thresholds import KIND_VALUES, VALUE_NAMES, Thresholds
from sync.protocol import READING_LEVELS, READING_VALUES, ReadingKind, ReadingRecord, ReadingValue
from tests.helpers.vitals import thresholds_copy


@pytest.fixture(scope="module")
def table() -> Thresholds:
    return load_thresholds()


def wire_bounds(name: str) -> tuple[float, float]:
    field = ReadingRecord.model_fields[name]
    low = next(m.ge for m in field.metadata if isinstance(m, annotated_types.Ge))
    high = next(m.le for m in field.metadata if isinstance(m, annotated_types.Le))
    return (float(low), float(high))


def test_levels_are_the_wire_formats_levels() -> None:
    assert tuple(level.value for level in Level) == READING_LEVELS


def test_kinds_and_values_are_the_wire_formats(table: Thresholds) -> None:
    assert KIND_VALUES == READING_VALUES
    assert set(typing.get_args(ReadingKind)) == set(table.kinds)
    assert set(typing.get_args(ReadingValue)) == set(VALUE_NAMES) == set(table.values)
    for kind, kind_table in table.kinds.items():
        assert kind_table.values == READING_VALUES[kind]


def test_plausible_ranges_are_the_bounds_the_center_accepts(table: Thresholds) -> None:
    for name, value in table.values.items():
        assert value.plausible == wire_bounds(name), name


def test_values_the_wire_carries_as_whole_numbers_are_shown_whole(table: Thresholds) -> None:
    for name, value in table.values.items():
        annotation = str(ReadingRecord.model_fields[name].annotation)
        assert (value.decimals == 0) == ("int" in annotation), name


def test_every_judged_value_names_its_source_and_has_a_normal_band(table: Thresholds) -> None:
    for name, value in table.values.items():
        assert value.source, name
        if value.judged:
            assert value.normal_band() is not None, name
    assert not table.values["weight_kg"].judged


def test_the_shipped_file_is_read_once(table: Thresholds) -> None:
    assert load_thresholds() is load_thresholds()


# Each broken copy: what is changed, and what the error must name.
BROKEN = [
    pytest.param(
        '{ below = 120, level = "normal" },',
        '{ below = 120, level = "fine" },',
        ["values.systolic.bands[1].level", "'fine'"],
        id="unknown level",
    ),
    pytest.param(
        '{ below = 140, level = "a_bit_high", note = "high-normal" },',
        '{ below = 110, level = "a_bit_high", note = "high-normal" },',
        ["values.systolic.bands[2]", "rise"],
        id="limits out of order",
    ),
    pytest.param(
        '{ below = 120, level = "normal" },',
        '{ below = "120", level = "normal" },',
        ["values.systolic.bands[1].below", "number"],
        id="limit not a number",
    ),
    pytest.param(
        '{ level = "very_high", note = "grade 3 hypertension" },',
        '{ below = 250, level = "very_high", note = "grade 3 hypertension" },',
        ["values.systolic.bands[5]", "last band"],
        id="last band bounded",
    ),
    pytest.param(
        '{ below = 60, level = "low"',
        '{ below = 60, at_most = 61, level = "low"',
        ["values.diastolic.bands[0]", "both"],
        id="two limits",
    ),
    pytest.param(
        "plausible = [50, 100]",
        "plausible = [100, 50]",
        ["values.spo2.plausible"],
        id="range upside down",
    ),
    pytest.param(
        'source = "WHO Pulse Oximetry Training Manual, 2011"',
        "",
        ["values.spo2.source"],
        id="no source",
    ),
    pytest.param(
        '[kinds.weight]\nname_zh = "体重"',
        '[kinds.weight]\nname_zh = ""',
        ["kinds.weight.name_zh"],
        id="empty name",
    ),
    pytest.param(
        'values = ["pulse"]\noptional = []',
        'values = ["pulse", "heartbeat"]\noptional = []',
        ["kinds.heart_rate.values", "'heartbeat'"],
        id="unknown value in a kind",
    ),
    pytest.param(
        "[kinds.glucose]", "[kinds.sugar]", ["kinds.glucose", "missing"], id="a kind missing"
    ),
    pytest.param(
        "decimals = 1\nplausible = [25, 45]",
        "decimals = 7\nplausible = [25, 45]",
        ["values.temperature_c.decimals"],
        id="too many decimals",
    ),
    pytest.param(
        'alert = true, note = "grade 2',
        'alert = "yes", note = "grade 2',
        ["values.systolic.bands[4].alert"],
        id="alert not a boolean",
    ),
    pytest.param(
        '[levels.unsure]\nzh = "需要重测"',
        "[levels.unsure]\nzh = 3",
        ["levels.unsure.zh"],
        id="word not a text",
    ),
    pytest.param(
        'clause_en = "Your {name} is {word}"',
        'clause_en = "Your {nme} is {word}"',
        ["sentences.clause_en", "placeholder"],
        id="unknown placeholder",
    ),
    pytest.param(
        "[problems.unknown]",
        "[problems.other]",
        ["problems.unknown", "missing"],
        id="no words for unknown problems",
    ),
    pytest.param(
        'alert_levels = ["very_low", "very_high"]',
        'alert_levels = ["unsure"]',
        ["alert_levels"],
        id="unsure cannot alert",
    ),
    pytest.param(
        "judged = false",
        'judged = false\nbands = [{ level = "normal" }]',
        ["values.weight_kg", "not judged"],
        id="bands on weight",
    ),
    pytest.param(
        "[values.weight_kg]",
        "[values.mass_kg]",
        ["values.weight_kg", "missing"],
        id="a value missing",
    ),
    pytest.param(
        '{ below = 3.0, level = "very_low", note = "level 2 hypoglycaemia" },',
        '{ below = 0.1, level = "very_low", note = "level 2 hypoglycaemia" },',
        ["values.glucose_mmol_l.bands[0]", "plausible"],
        id="limit outside plausible",
    ),
]


@pytest.mark.parametrize(("old", "new", "named"), BROKEN)
def test_a_broken_file_is_refused_naming_the_file_the_place_and_the_fault(
    tmp_path: Path, old: str, new: str, named: list[str]
) -> None:
    path = thresholds_copy(tmp_path, old, new)
    with pytest.raises(ThresholdsError) as refused:
        load_thresholds(path)
    message = str(refused.value)
    assert str(path) in message
    for part in named:
        assert part in message


def test_a_file_that_is_not_toml_or_not_there_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.toml"
    path.write_text("[kinds\nvalues = ", encoding="utf-8")
    with pytest.raises(ThresholdsError, match="not valid TOML"):
        load_thresholds(path)
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ThresholdsError, match="not UTF-8"):
        load_thresholds(path)
    with pytest.raises(ThresholdsError, match="cannot be read"):
        load_thresholds(tmp_path / "gone.toml")


def test_every_mistake_is_listed_at_once(tmp_path: Path) -> None:
    path = thresholds_copy(tmp_path, 'unit = "mmHg"', 'unit = ""', count=2)
    text = path.read_text(encoding="utf-8").replace('unit = "mmHg"', 'unit = ""')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThresholdsError) as refused:
        load_thresholds(path)
    assert {p.split(":")[0] for p in refused.value.problems} >= {
        "values.systolic.unit",
        "values.diastolic.unit",
    }


def test_a_corrected_copy_loads_and_is_used(tmp_path: Path) -> None:
    path = thresholds_copy(tmp_path, "{ below = 37.3, level", "{ below = 37.5, level")
    corrected = load_thresholds(path)
    assert judge("temperature", {"temperature_c": 37.4}, thresholds=corrected).level == "normal"
    assert judge("temperature", {"temperature_c": 37.4}).level == "a_bit_high"


def test_every_problem_a_device_reports_has_words_and_a_decision(table: Thresholds) -> None:
    from app.devices import PROBLEMS

    missing = set(PROBLEMS) - set(table.problems)
    assert not missing, f"no words in thresholds.toml for {sorted(missing)}"
    assert not table.problems["irregular_pulse"].remeasure
    assert table.problems["cuff_loose"].remeasure
