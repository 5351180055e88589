"""Readings typed by hand: impossible values refused in plain words, slips of the finger
caught with a suggestion, numbers accepted as people type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.vitals import TypedProblem, TypedReadingError, check_typed, parse_number, parse_typed


def only(problems: list[TypedProblem]) -> TypedProblem:
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("120", 120.0),
        (" 36.6 ", 36.6),
        ("36,6", 36.6),
        ("３６．６", 36.6),  # full-width, as a Chinese keyboard may give
        ("３６，６", 36.6),
        ("36。6", 36.6),
        ("36.6℃", 36.6),
        ("98%", 98.0),
        (".5", 0.5),
        (72, 72.0),
        (5.5, 5.5),
    ],
)
def test_numbers_are_read_as_people_type_them(typed: str | float, number: float) -> None:
    assert parse_number(typed) == number


@pytest.mark.parametrize(
    "typed", ["", "abc", "1.2.3", "nan", "inf", "-", "1e3", "12 0 x", None, True, float("nan")]
)
def test_what_is_not_a_number_is_none(typed: object) -> None:
    assert parse_number(typed) is None  # type: ignore[arg-type]


def test_a_sound_reading_has_no_problems_and_parses_rounded() -> None:
    typed = {"systolic": "128", "diastolic": "８２", "pulse": ""}
    assert check_typed("blood_pressure", typed) == []
    assert parse_typed("blood_pressure", typed) == {"systolic": 128.0, "diastolic": 82.0}
    assert parse_typed("temperature", {"temperature_c": "36,64"}) == {"temperature_c": 36.6}


def test_a_systolic_of_400_is_refused_in_plain_words() -> None:
    problem = only(check_typed("blood_pressure", {"systolic": "400", "diastolic": "90"}))
    assert (problem.value, problem.code, problem.limit) == ("systolic", "too_high", 300)
    assert problem.suggestion is None  # no slip explains it
    assert problem.message("zh_CN") == "高压不会高过300，请再看一看。"
    assert problem.message("en_US") == (
        "The upper number (systolic) cannot be above 300. Please check it."
    )


def test_a_diastolic_above_the_systolic_is_refused() -> None:
    problem = only(check_typed("blood_pressure", {"systolic": "80", "diastolic": "120"}))
    assert (problem.value, problem.code, problem.limit) == (
        "diastolic",
        "diastolic_above_systolic",
        80,
    )
    assert "低压" in problem.message("zh_CN") and "高压" in problem.message("zh_CN")
    equal = only(check_typed("blood_pressure", {"systolic": "90", "diastolic": "90"}))
    assert equal.code == "diastolic_above_systolic"


def test_spo2_over_100_is_refused() -> None:
    problem = only(check_typed("pulse_oximetry", {"spo2": "101"}))
    assert (problem.code, problem.limit) == ("too_high", 100)
    assert "100" in problem.message("en_US") and "100" in problem.message("zh_CN")


@pytest.mark.parametrize(
    ("kind", "name", "typed", "code", "meant"),
    [
        ("temperature", "temperature_c", "3.6", "too_low", 36.6),  # a digit left out
        ("temperature", "temperature_c", "366", "too_high", 36.6),  # the point left out
        ("temperature", "temperature_c", "3.75", "too_low", 37.5),  # the point misplaced
        ("blood_pressure", "systolic", "12", "too_low", 120),
        ("blood_pressure", "systolic", "1350", "too_high", 135),
        ("glucose", "glucose_mmol_l", "56", "too_high", 5.6),
        ("pulse_oximetry", "spo2", "9.8", "too_low", 98),
        ("weight", "weight_kg", "655", "too_high", 65.5),
    ],
)
def test_a_slip_of_the_finger_gets_a_suggestion(
    kind: str, name: str, typed: str, code: str, meant: float
) -> None:
    others = {"diastolic": "80"} if kind == "blood_pressure" else {}
    problem = only(check_typed(kind, {name: typed, **others}))
    assert (problem.code, problem.suggestion) == (code, meant)


def test_the_suggestion_is_asked_in_both_languages() -> None:
    problem = only(check_typed("temperature", {"temperature_c": "3.6"}))
    assert problem.message("zh_CN") == "体温不会低于25.0，请再看一看。是不是36.6？"
    assert problem.message("en_US").endswith("Did you mean 36.6?")


def test_missing_and_unreadable_values_are_named() -> None:
    problems = check_typed("blood_pressure", {"systolic": "一百二", "pulse": "70"})
    assert [(p.value, p.code) for p in problems] == [
        ("systolic", "not_a_number"),
        ("diastolic", "missing"),
    ]
    assert problems[0].message("zh_CN") == "高压要填一个数字。"
    assert problems[1].message("en_US") == "Please fill in the lower number (diastolic)."


def test_an_optional_value_is_still_checked_when_given() -> None:
    problem = only(
        check_typed("blood_pressure", {"systolic": "120", "diastolic": "80", "pulse": "900"})
    )
    assert (problem.value, problem.code) == ("pulse", "too_high")


def test_parsing_a_reading_with_problems_raises_them() -> None:
    with pytest.raises(TypedReadingError) as refused:
        parse_typed("pulse_oximetry", {"spo2": "120"})
    assert [p.code for p in refused.value.problems] == ["too_high"]


def test_an_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a kind of reading"):
        check_typed("mood", {})


@given(
    kind=st.sampled_from(
        ["blood_pressure", "heart_rate", "pulse_oximetry", "temperature", "glucose", "weight"]
    ),
    typed=st.dictionaries(
        st.sampled_from(
            [
                "systolic",
                "diastolic",
                "pulse",
                "spo2",
                "temperature_c",
                "glucose_mmol_l",
                "weight_kg",
                "other",
            ]
        ),
        st.one_of(st.text(max_size=12), st.floats(), st.integers(), st.none()),
    ),
)
def test_anything_typed_gives_problems_or_numbers_never_an_exception(
    kind: str, typed: dict[str, object]
) -> None:
    problems = check_typed(kind, typed)  # type: ignore[arg-type]
    for problem in problems:
        assert problem.message("zh_CN") and problem.message("en_US")
    if not problems:
        assert parse_typed(kind, typed)  # type: ignore[arg-type]
