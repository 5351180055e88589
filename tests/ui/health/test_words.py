"""The Health screens' words and the chart's value axis: plain words for a reading in either
language, and axis steps that hold every value and band in round numbers."""

from __future__ import annotations

import pytest

from ui.health.chart import _value_steps
from ui.health.words import (
    capitalised,
    in_sentence,
    level_word,
    main_figure,
    reading_words,
)
from ui.translations import install_language

pytestmark = pytest.mark.usefixtures("qapp")


def test_a_reading_in_words_in_both_languages() -> None:
    values = {"systolic": 150.0, "diastolic": 95.0, "pulse": 72.0}
    install_language("en_US")
    try:
        assert reading_words("blood_pressure", values) == "150/95 mmHg, Pulse 72 beats/min"
        assert level_word("a_bit_high", "en_US") == "A bit high"
    finally:
        install_language("zh_CN")
    assert reading_words("blood_pressure", values) == "150/95 毫米汞柱，脉搏 72 次/分"
    assert level_word("a_bit_high", "zh_CN") == "偏高"
    assert level_word("no such level", "zh_CN") == level_word("unsure", "zh_CN")


def test_decimals_are_shown_as_the_value_is_measured() -> None:
    assert main_figure("temperature", {"temperature_c": 36.75}) in ("36.8", "36.7")
    assert main_figure("weight", {"weight_kg": 61.0}) == "61.0"
    assert main_figure("pulse_oximetry", {"spo2": 97.0, "pulse": 70.0}) == "97"
    assert main_figure("blood_pressure", {"systolic": 120.0}) == "120"  # no diastolic sent


def test_names_inside_a_sentence_keep_their_own_capitals() -> None:
    assert in_sentence("Upper number (systolic)") == "upper number (systolic)"
    assert in_sentence("SpO2") == "SpO2"
    assert in_sentence("高压") == "高压"
    assert capitalised("a bit high") == "A bit high"


@pytest.mark.parametrize(
    ("low", "high"), [(60, 152), (36.2, 38.9), (95, 99), (55, 62.5), (4.2, 12.8), (0.5, 0.6)]
)
@pytest.mark.parametrize("steps", [1, 3])
def test_the_value_axis_holds_every_value_in_round_steps(
    low: float, high: float, steps: int
) -> None:
    bottom, step = _value_steps(low, high, steps)
    assert bottom <= low and bottom + steps * step >= high
    # A round step: 1, 2, 2.5, 4 or 5 times a power of ten.
    mantissa = step / 10 ** int(f"{step:e}".split("e")[1])
    assert round(mantissa, 6) in (1, 2, 2.5, 4, 5)
    # No more than a few steps' worth of empty axis.
    assert (bottom + steps * step) - bottom <= max(4 * (high - low), 4 * step)
