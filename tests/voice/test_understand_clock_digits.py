"""Hours said with digits: characters that count as digits but are no decimal numbers ("⓵",
"²") are words like any other, never a crash."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import said
from voice.understand.clock import chinese_hours, english_hours


@pytest.mark.parametrize("word", ["⓵", "²", "⑩"])
def test_a_digit_that_is_no_number_is_kept_as_a_word(word: str) -> None:
    assert english_hours(["at", word]) == ["at", word]
    assert chinese_hours([f"{word}点"]) == [f"{word}点"]


def test_an_arabic_indic_digit_is_still_an_hour() -> None:
    assert english_hours(["at", "٣", "o'clock"]) == english_hours(["at", "3", "o'clock"])


@pytest.mark.parametrize("language", ["en_US", "zh_CN"])
def test_understanding_such_text_gives_an_answer(understanders, language):
    result = said(understanders, language, "when_choice", "⓵ ² 点 at ⑩ pm")
    assert result.decision in ("act", "ask", "none")
