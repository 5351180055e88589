"""Judging a reading: the bands at and around every boundary, alerts, the resident's own
targets, the device's own flags, and the words in both languages."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.vitals import Judgement, Level, Target, judge, load_thresholds
from app.vitals.thresholds import Band, ValueTable
from tests.helpers.vitals import SOUND_VALUES

TABLE = load_thresholds()

# The figures of the sources, written out by hand (not read from the file): value, reading,
# level, whether the staff are told. The file must agree with them.
SOURCES = [
    # Chinese hypertension guideline 2018; hypotension <90/<60
    ("systolic", 89, "low", False),
    ("systolic", 90, "normal", False),
    ("systolic", 119, "normal", False),
    ("systolic", 120, "a_bit_high", False),  # high-normal
    ("systolic", 139, "a_bit_high", False),
    ("systolic", 140, "high", False),  # grade 1
    ("systolic", 159, "high", False),
    ("systolic", 160, "high", True),  # grade 2
    ("systolic", 179, "high", True),
    ("systolic", 180, "very_high", True),  # grade 3
    ("diastolic", 59, "low", False),
    ("diastolic", 60, "normal", False),
    ("diastolic", 79, "normal", False),
    ("diastolic", 80, "a_bit_high", False),
    ("diastolic", 89, "a_bit_high", False),
    ("diastolic", 90, "high", False),
    ("diastolic", 99, "high", False),
    ("diastolic", 100, "high", True),
    ("diastolic", 109, "high", True),
    ("diastolic", 110, "very_high", True),
    # resting heart rate
    ("pulse", 49, "very_low", True),
    ("pulse", 50, "low", False),
    ("pulse", 59, "low", False),
    ("pulse", 60, "normal", False),
    ("pulse", 100, "normal", False),
    ("pulse", 101, "a_bit_high", False),
    ("pulse", 120, "a_bit_high", False),
    ("pulse", 121, "high", True),
    # SpO2
    ("spo2", 89, "very_low", True),
    ("spo2", 90, "low", False),
    ("spo2", 94, "low", False),
    ("spo2", 95, "normal", False),
    ("spo2", 100, "normal", False),
    # temperature, older people
    ("temperature_c", 34.9, "very_low", True),
    ("temperature_c", 35.0, "normal", False),
    ("temperature_c", 37.2, "normal", False),
    ("temperature_c", 37.3, "a_bit_high", False),
    ("temperature_c", 37.9, "a_bit_high", False),
    ("temperature_c", 38.0, "high", True),
    ("temperature_c", 38.9, "high", True),
    ("temperature_c", 39.0, "very_high", True),
    # weight is not judged
    ("weight_kg", 10, "normal", False),
    ("weight_kg", 180, "normal", False),
]
GLUCOSE = [
    # (meal, mmol/L, level, alert): WHO 2006 / Chinese diabetes guideline 2020
    ("fasting", 2.9, "very_low", True),
    ("fasting", 3.0, "low", False),
    ("fasting", 3.8, "low", False),
    ("fasting", 3.9, "normal", False),
    ("fasting", 6.0, "normal", False),
    ("fasting", 6.1, "a_bit_high", False),  # impaired fasting glucose
    ("fasting", 6.9, "a_bit_high", False),
    ("fasting", 7.0, "high", False),
    ("fasting", 16.6, "high", False),
    ("fasting", 16.7, "very_high", True),
    ("after_meal", 3.8, "low", False),
    ("after_meal", 3.9, "normal", False),
    ("after_meal", 7.7, "normal", False),
    ("after_meal", 7.8, "a_bit_high", False),  # impaired glucose tolerance
    ("after_meal", 11.0, "a_bit_high", False),
    ("after_meal", 11.1, "high", False),
    ("unknown", 7.7, "normal", False),
    (None, 11.1, "high", False),
]
# Readings of the other values that are normal, to judge one value at a time.
KIND_OF = {
    "systolic": ("blood_pressure", {"diastolic": 70}),
    "diastolic": ("blood_pressure", {"systolic": 115}),
    "pulse": ("heart_rate", {}),
    "spo2": ("pulse_oximetry", {}),
    "temperature_c": ("temperature", {}),
    "weight_kg": ("weight", {}),
}


def one_value(name: str, value: float, **kwargs: object) -> Judgement:
    kind, others = KIND_OF[name]
    return judge(kind, {**others, name: value}, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "value", "level", "alert"), SOURCES)
def test_the_bands_are_the_sources_figures(
    name: str, value: float, level: str, alert: bool
) -> None:
    judged = one_value(name, value)
    assert judged.value_levels[name] == level
    assert judged.level == level
    assert judged.alert is alert
    assert not judged.remeasure


@pytest.mark.parametrize(("meal", "value", "level", "alert"), GLUCOSE)
def test_glucose_bands_follow_the_meal(
    meal: str | None, value: float, level: str, alert: bool
) -> None:
    judged = judge("glucose", {"glucose_mmol_l": value}, meal=meal)
    assert (judged.level, judged.alert) == (level, alert)


# Every limit in the file, checked from both sides: a band with `below = X` ends just under X,
# one with `at_most = X` takes X itself.
def boundaries() -> list[object]:
    found = []
    for name, value in TABLE.values.items():
        for meal in ("fasting", None) if value.bands_fasting else (None,):
            bands = value.bands_for(meal)
            for lower, upper in itertools.pairwise(bands):
                found.append(
                    pytest.param(value, meal, lower, upper, id=f"{name}-{meal}-{lower.limit}")
                )
    return found


@pytest.mark.parametrize(("value", "meal", "lower", "upper"), boundaries())
def test_each_limit_is_where_the_file_says(
    value: ValueTable, meal: str | None, lower: Band, upper: Band
) -> None:
    step = 10.0**-value.decimals
    assert lower.limit is not None
    inside = lower.limit - step if lower.below is not None else lower.limit
    outside = lower.limit if lower.below is not None else lower.limit + step
    assert value.band_of(value.round(inside), meal) == lower
    assert value.band_of(value.round(outside), meal) == upper


# The same limits as devices in other units report them, converted as a parser converts:
# 1 kPa = 7.50062 mmHg, F = C * 9/5 + 32. Rounding to what is shown keeps them on the limit.
@pytest.mark.parametrize(
    ("name", "mmhg", "level"),
    [
        ("systolic", 140, "high"),
        ("systolic", 160, "high"),
        ("systolic", 180, "very_high"),
        ("diastolic", 90, "high"),
        ("systolic", 120, "a_bit_high"),
        ("diastolic", 60, "normal"),
    ],
)
def test_a_pressure_measured_in_kpa_is_judged_as_in_mmhg(name: str, mmhg: int, level: str) -> None:
    kpa = round(mmhg / 7.50062, 3)  # what a kPa device reports, to its resolution
    assert one_value(name, kpa * 7.50062).value_levels[name] == level


@pytest.mark.parametrize(
    ("celsius", "level"),
    [(37.3, "a_bit_high"), (38.0, "high"), (39.0, "very_high"), (35.0, "normal")],
)
def test_a_temperature_measured_in_fahrenheit_is_judged_as_in_celsius(
    celsius: float, level: str
) -> None:
    fahrenheit = round(celsius * 9 / 5 + 32, 2)
    assert one_value("temperature_c", (fahrenheit - 32) * 5 / 9).level == level


def test_the_worst_value_decides_and_any_alerting_value_tells_the_staff() -> None:
    judged = judge("blood_pressure", {"systolic": 125, "diastolic": 102, "pulse": 70})
    assert judged.value_levels == {"systolic": "a_bit_high", "diastolic": "high", "pulse": "normal"}
    assert judged.level == "high" and judged.alert
    racing = judge("blood_pressure", {"systolic": 115, "diastolic": 70, "pulse": 130})
    assert racing.level == "high" and racing.alert  # the cuff's pulse is a heart rate too


def test_values_are_judged_as_shown() -> None:
    judged = judge("temperature", {"temperature_c": 37.25})
    assert judged.values == {"temperature_c": 37.3}
    assert judged.level == "a_bit_high"
    assert judge("blood_pressure", {"systolic": 139.5, "diastolic": 70}).level == "high"


# -- the resident's own targets ------------------------------------------------------------


def test_a_target_widens_what_is_normal_for_the_resident() -> None:
    own = [Target("systolic", None, 150.0)]
    judged = judge("blood_pressure", {"systolic": 145, "diastolic": 75}, targets=own)
    assert judged.level == "normal" and not judged.alert
    assert judged.band("systolic") == (90.0, 150.0)
    assert judged.band("diastolic") == (60.0, 80.0)


def test_a_value_outside_the_residents_target_tells_the_staff() -> None:
    own = [("systolic", 100.0, 130.0)]
    above = judge("blood_pressure", {"systolic": 135, "diastolic": 75}, targets=own)
    assert (above.level, above.alert) == ("a_bit_high", True)
    higher = judge("blood_pressure", {"systolic": 150, "diastolic": 75}, targets=own)
    assert (higher.level, higher.alert) == ("high", True)
    below = judge("blood_pressure", {"systolic": 95, "diastolic": 65}, targets=own)
    assert (below.level, below.alert) == ("low", True)
    assert below.band("systolic") == (100.0, 130.0)
    assert "工作人员" in below.sentence("zh_CN")


def test_a_target_never_silences_an_emergency() -> None:
    own = [Target("spo2", 80.0, None)]
    judged = judge("pulse_oximetry", {"spo2": 85}, targets=own)
    assert (judged.level, judged.alert) == ("very_low", True)


def test_a_target_for_another_value_changes_nothing() -> None:
    judged = judge("temperature", {"temperature_c": 37.5}, targets=[Target("spo2", 90.0, None)])
    assert (judged.level, judged.alert) == ("a_bit_high", False)


# -- the device's own flags ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "body_movement",
        "cuff_loose",
        "improper_position",
        "no_sensor_contact",
        "weak_signal",
        "sensor_fault",
        "measurement_unsuccessful",
        "out_of_device_range",
        "not_a_person",
        "value_unavailable",
        "Body Movement",
        "cuff-loose",
        "sensor_displaced",
    ],
)
def test_a_flagged_measurement_asks_to_measure_again_and_tells_nobody(code: str) -> None:
    judged = judge("blood_pressure", {"systolic": 200, "diastolic": 120}, problems=[code])
    assert judged.level == "unsure" and judged.remeasure and not judged.alert
    assert judged.value_levels == {"systolic": "unsure", "diastolic": "unsure"}
    assert judged.word("zh_CN") == "需要重测"
    for language in ("zh_CN", "en_US"):
        sentence = judged.sentence(language)
        assert "工作人员" not in sentence and "staff" not in sentence
        assert "很高" not in sentence and "high" not in sentence
    assert "再量一次" in judged.sentence("zh_CN")
    assert "measure again" in judged.sentence("en_US")


def test_the_sentence_says_what_went_wrong() -> None:
    judged = judge("blood_pressure", {"systolic": 120, "diastolic": 80}, problems=["cuff_loose"])
    assert judged.sentence("zh_CN") == "这次血压没有量好：袖带没有绑紧。请再量一次。"
    assert judged.sentence("en_US") == (
        "Your blood pressure was not measured well: the cuff was too loose. Please measure again."
    )


def test_an_irregular_pulse_is_noted_but_the_reading_is_judged() -> None:
    judged = judge(
        "blood_pressure", {"systolic": 118, "diastolic": 75}, problems=["irregular_pulse"]
    )
    assert judged.level == "normal" and not judged.remeasure
    assert judged.problems == ("irregular_pulse",)


@pytest.mark.parametrize(
    "values",
    [
        {"systolic": 120},
        {"systolic": math.nan, "diastolic": 80},
        {"systolic": math.inf, "diastolic": 80},
        {"systolic": 500, "diastolic": 80},
        {"systolic": 0, "diastolic": 80},
        {"systolic": "120", "diastolic": 80},
    ],
)
def test_a_missing_or_impossible_value_is_measured_again_not_judged(values: dict) -> None:
    judged = judge("blood_pressure", values)
    assert judged.level == "unsure" and judged.remeasure and not judged.alert


def test_an_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a kind of reading"):
        judge("cholesterol", {"x": 1})


@given(
    kind=st.sampled_from(sorted(TABLE.kinds)),
    number=st.floats(allow_nan=True, allow_infinity=True),
    meal=st.sampled_from(["fasting", "after_meal", "unknown", None, "brunch"]),
    problems=st.lists(st.text(max_size=20), max_size=3),
)
def test_any_number_gives_a_level_and_words_never_an_exception(
    kind: str, number: float, meal: str | None, problems: list[str]
) -> None:
    values = {name: number for name in TABLE.kinds[kind].all_values}
    judged = judge(kind, values, meal=meal, problems=problems)
    assert isinstance(judged.level, Level)
    assert judged.sentence("zh_CN") and judged.sentence("en_US")
    if not judged.remeasure:
        assert all(TABLE.values[n].is_plausible(v) for n, v in judged.values.items())
    else:
        assert not judged.alert


# -- words ---------------------------------------------------------------------------------

WORDS = {
    "very_low": ("很低", "very low"),
    "low": ("偏低", "a bit low"),
    "normal": ("正常", "normal"),
    "a_bit_high": ("偏高", "a bit high"),
    "high": ("高", "high"),
    "very_high": ("很高", "very high"),
    "unsure": ("需要重测", "measure again"),
}


@pytest.mark.parametrize("level", list(Level))
def test_each_level_has_its_word_in_both_languages(level: Level) -> None:
    judged = Judgement("temperature", level, {}, alert=False, remeasure=level is Level.UNSURE)
    assert (judged.word("zh_CN"), judged.word("en_US")) == WORDS[level.value]


@pytest.mark.parametrize("kind", sorted(TABLE.kinds))
@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("alert", [False, True])
def test_each_kind_and_level_has_a_plain_sentence_that_claims_no_more_than_is_true(
    kind: str, level: Level, alert: bool
) -> None:
    unsure = level is Level.UNSURE
    judged = Judgement(kind, level, {}, alert=alert and not unsure, remeasure=unsure)
    for language, staff, told in (
        ("zh_CN", "工作人员", "已经告诉"),
        ("en_US", "staff", "have been told"),
    ):
        name = TABLE.kinds[kind].label.get(language)
        waiting, confirmed = judged.sentence(language), judged.sentence(language, told=True)
        for sentence in (waiting, confirmed):
            assert name in sentence.lower() or name in sentence
            assert "{" not in sentence and "_" not in sentence
            assert (staff in sentence) is (alert and not unsure and kind != "weight")
        assert told not in waiting
        if kind == "weight" and not unsure:
            assert judged.word(language) not in waiting  # a weight is not called normal


def test_the_example_sentences() -> None:
    normal = judge("blood_pressure", {"systolic": 115, "diastolic": 75})
    assert normal.sentence("zh_CN") == "血压正常。"
    assert normal.sentence("en_US") == "Your blood pressure is normal."
    severe = judge("blood_pressure", {"systolic": 185, "diastolic": 95})
    assert severe.sentence("zh_CN") == "血压很高，正在告诉工作人员。"
    assert severe.sentence("zh_CN", told=True) == "血压很高，已经告诉工作人员。"
    assert severe.sentence("en_US", told=True) == (
        "Your blood pressure is very high. The staff have been told."
    )
    assert judge("weight", {"weight_kg": 70}).sentence("zh_CN") == "体重已经量好。"


def test_the_normal_band_for_charts() -> None:
    bands = {
        (kind, name): judge(kind, SOUND_VALUES[kind]).band(name)
        for kind in TABLE.kinds
        for name in TABLE.kinds[kind].values
    }
    assert bands == {
        ("blood_pressure", "systolic"): (90.0, 120.0),
        ("blood_pressure", "diastolic"): (60.0, 80.0),
        ("heart_rate", "pulse"): (60.0, 100.0),
        ("pulse_oximetry", "spo2"): (95.0, 100.0),
        ("temperature", "temperature_c"): (35.0, 37.3),
        ("glucose", "glucose_mmol_l"): (3.9, 7.8),
        ("weight", "weight_kg"): None,
    }
    fasting = judge("glucose", {"glucose_mmol_l": 5.0}, meal="fasting")
    assert fasting.band("glucose_mmol_l") == (3.9, 6.1)
    assert fasting.band("no_such_value") is None


def test_a_pulse_the_cuff_measured_too_is_said_by_its_own_name() -> None:
    racing = judge("blood_pressure", {"systolic": 115, "diastolic": 70, "pulse": 130})
    assert racing.sentence("zh_CN") == "血压正常，心率高，正在告诉工作人员。"
    assert racing.sentence("en_US") == (
        "Your blood pressure is normal. Your heart rate is high. The staff are being told."
    )
    calm = judge("pulse_oximetry", {"spo2": 97, "pulse": 72})
    assert calm.sentence("zh_CN") == "血氧正常。"
