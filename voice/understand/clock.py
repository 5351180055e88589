"""Clock times said for a time of day: "明天两三点", "tomorrow around three", "at 10 am".

The order questions ask for a part of the day (morning, afternoon), not an hour, and people
answer with an hour. An hour is read as the part of the day a person at the center would take
it for: seven to eleven the morning, twelve noon, one to five the afternoon (nobody is visited
at three at night), six to nine at night the evening where "pm" or 晚上 says so. An hour of
six to nine said bare is left alone: morning or evening, it cannot be told.

Chinese hours are words ending in 点 (三点, 两三点: the later one, 十点半, 3点钟); English ones
need a word that makes a number an hour ("at three", "around 3", "3 o'clock", "3pm"), so
that "three portions" stays a count. Each hour becomes the word of its part of the day, which
the ``[slots.when]`` lists know.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ZH_DIGITS = {
    "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9,
}  # fmt: skip
_ZH_HOUR = re.compile(r"^([零一二两三四五六七八九十\d]+)点(?:钟|半|多|左右|前后)?$")
_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Words before a number that make it an hour, and words after it.
_EN_BEFORE = frozenset({"at", "around", "round", "by", "after", "before", "till", "until"})
_EN_AFTER_HOUR = frozenset({"o", "clock", "oclock", "pm", "am", "thirty", "ish"})
_EN_DIGITS_AMPM = re.compile(r"^(\d{1,2})(am|pm)$")
_ZH_PARTS = {"morning": "上午", "noon": "中午", "afternoon": "下午", "evening": "晚上"}
_EN_PARTS = {"morning": "morning", "noon": "noon", "afternoon": "afternoon", "evening": "evening"}


def part_of_day(hour: int, *, evening: bool = False, morning: bool = False) -> str | None:
    """The part of the day an hour said is in; None where it cannot be told."""
    if hour > 12:
        hour -= 12
        evening = evening or hour >= 6
        return "evening" if evening else "afternoon" if hour <= 5 else None
    if morning:
        return "morning" if 5 <= hour <= 11 else None
    if evening:
        return "evening" if 6 <= hour <= 11 else "afternoon" if 1 <= hour <= 5 else None
    if 7 <= hour <= 11:
        return "morning"
    if hour == 12:
        return "noon"
    if 1 <= hour <= 5:
        return "afternoon"
    return None


def _zh_number(text: str) -> int | None:
    if text.isdecimal():
        return int(text)
    if text.startswith("十"):
        rest = text[1:]
        return 10 + (_ZH_DIGITS.get(rest, -100) if rest else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = _ZH_DIGITS.get(tens[-1:], -100) * 10
        return value + (_ZH_DIGITS.get(ones, -100) if ones else 0)
    if not text:
        return None
    return _ZH_DIGITS.get(text[-1])  # 两三点: the later hour


def chinese_hours(words: Sequence[str]) -> list[str]:
    """``words`` with each hour (三点, 十点半) as the word of its part of the day."""
    found: list[str] = []
    for word in words:
        match = _ZH_HOUR.match(word)
        number = _zh_number(match.group(1)) if match else None
        part = part_of_day(number) if number is not None and 0 < number <= 24 else None
        found.append(_ZH_PARTS[part] if part else word)
    return found


def english_hours(words: Sequence[str]) -> list[str]:
    """``words`` with each hour ("at three", "3 o'clock", "3pm") as its part of the day."""
    found: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        ampm = _EN_DIGITS_AMPM.match(word)
        number = int(word) if word.isdecimal() else _EN_NUMBERS.get(word)
        if ampm:
            part = part_of_day(int(ampm.group(1)), evening=ampm.group(2) == "pm",
                               morning=ampm.group(2) == "am")  # fmt: skip
            found.append(_EN_PARTS[part] if part else word)
            index += 1
            continue
        if number is not None:
            after = words[index + 1 : index + 3]
            before = found[-1] if found else ""
            marked = bool(after) and after[0] in _EN_AFTER_HOUR
            if marked or before in _EN_BEFORE:
                said = [w for w in after if w in _EN_AFTER_HOUR]
                part = part_of_day(number, evening="pm" in said, morning="am" in said)
                if part is not None:
                    if before in _EN_BEFORE:
                        found.pop()
                    found.append(_EN_PARTS[part])
                    index += 1 + _hour_words(after)
                    continue
        found.append(word)
        index += 1
    return found


def _hour_words(after: Sequence[str]) -> int:
    """How many of the words after an hour belong to it ("o clock", "pm", "thirty")."""
    count = 0
    for word in after:
        if word not in _EN_AFTER_HOUR:
            break
        count += 1
    return count
