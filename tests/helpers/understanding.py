"""Asking the understanding of speech about one sentence, as the tests do."""

from __future__ import annotations

from voice.understand import Understander, Understanding

LANGUAGES = ("zh_CN", "en_US")


def said(
    understanders: dict[str, Understander], language: str, screen: str, text: str
) -> Understanding:
    """What ``text`` means on the named screen of the shared list, in ``language``."""
    return understanders[language].understand_screen(text, screen)


def acts(result: Understanding, action: str, slots: dict[str, str] | None = None) -> bool:
    """Whether the decision is to do ``action`` (with exactly ``slots``, when given)."""
    return (
        result.decision == "act"
        and result.action == action
        and (slots is None or result.slots == slots)
    )
