"""Where texts break into the blocks of a page (ui/wording.py)."""

from __future__ import annotations

from ui.wording import clauses, sentences, unbreakable_runs


def test_sentences_break_after_chinese_and_western_full_stops() -> None:
    assert sentences("没有找到这张卡。请再试一次！") == ["没有找到这张卡。", "请再试一次！"]
    assert sentences("Not saved. Try again? Ask staff.") == [
        "Not saved.",
        "Try again?",
        "Ask staff.",
    ]
    assert sentences("Version 1.5 is here") == ["Version 1.5 is here"]  # no space, no break
    assert sentences("  ") == []


def test_exact_pieces_give_the_text_back() -> None:
    text = "Help is called. The center, and staff, know: stay calm."
    assert "".join(sentences(text, exact=True)) == text
    for sentence in sentences(text, exact=True):
        assert "".join(clauses(sentence, exact=True)) == sentence
    assert clauses("社区中心：010-6512-3456，急救电话：120") == [
        "社区中心：",
        "010-6512-3456，",
        "急救电话：",
        "120",
    ]


def test_a_line_breaks_between_words_and_between_chinese_characters() -> None:
    assert unbreakable_runs("Tomorrow morning") == ["Tomorrow", "morning"]
    assert unbreakable_runs("明天上午") == ["明", "天", "上", "午"]
    assert unbreakable_runs("2 份") == ["2", "份"]
