"""Plain words for things the domain reports: prices, choices, cut-offs and days, and
storage failures."""

from __future__ import annotations

import itertools
import re
from datetime import time

from PySide6.QtCore import QCoreApplication, QLocale

from app.catalog import NOT_OFFERED_TODAY, PAST_CUTOFF, Availability, Service
from app.store import StoreError


def join_items(items: list[str]) -> str:
    """Items of one phrase: "助餐，今天午餐" / "Meals, lunch today"."""
    return QCoreApplication.translate("Wording", ", ").join(i for i in items if i)


# Where a text may break into blocks of a page: after a full stop, or within a sentence after
# a comma or a colon (a Chinese mark, or a Western one with the space that follows it).
_SENTENCE_END = re.compile(r"[。！？]|[.!?]\s+")
_CLAUSE_END = re.compile(r"[，；：、]|[,;:]\s+")
# Where a line may break: between words, and between any two Chinese characters.
# Compiled at first use (re keeps it): the wide ranges take about 0.8 ms to compile, and
# nothing before the first frame needs them.
_UNBREAKABLE = r"[^\s\u2e80-\u9fff\uff00-\uffef]+|\S"


def _cut_after(text: str, boundary: re.Pattern[str], exact: bool) -> list[str]:
    cuts = [0, *(match.end() for match in boundary.finditer(text)), len(text)]
    pieces = [text[a:b] for a, b in itertools.pairwise(cuts)]
    return [p if exact else p.strip() for p in pieces if p.strip()]


def sentences(text: str, *, exact: bool = False) -> list[str]:
    """``text`` cut after each full stop; with ``exact`` the pieces keep their spaces, so
    put together they give the text back."""
    return _cut_after(text, _SENTENCE_END, exact)


def clauses(text: str, *, exact: bool = False) -> list[str]:
    """A sentence cut after each comma, semicolon or colon."""
    return _cut_after(text, _CLAUSE_END, exact)


def unbreakable_runs(text: str) -> list[str]:
    """The parts of ``text`` a line cannot break inside: words, and single Chinese
    characters."""
    return re.findall(_UNBREAKABLE, text)


def join_sentences(sentences: list[str]) -> str:
    """Sentences read one after another, each ending in its own or the language's full stop."""
    stop = QCoreApplication.translate("Wording", ". ")
    ended = []
    for sentence in (s.strip() for s in sentences):
        if sentence:
            ended.append(sentence if sentence[-1] in "。.？?！!：:" else sentence + stop.strip())
    return (" " if stop.endswith(" ") else "").join(ended)


def money(fen: int) -> str:
    return "¥" + QLocale().toString(fen / 100, "f", 2)


def price_text(service: Service, tier: str, quantity: int = 1) -> str:
    """What the resident pays, said plainly with their subsidy tier."""
    paid = service.price_fen[tier] * quantity
    full = service.price_fen["full"] * quantity
    if paid == 0:
        return QCoreApplication.translate("Wording", "Free of charge")
    if tier == "subsidised" and paid < full:
        return (
            QCoreApplication.translate("Wording", "%1 after your subsidy (full price %2)")
            .replace("%1", money(paid))
            .replace("%2", money(full))
        )
    return QCoreApplication.translate("Wording", "%1, full price").replace("%1", money(paid))


def choices_text(service: Service, choices: dict[str, str], language: str) -> list[str]:
    """The labels of the picked options, in the service's order of questions."""
    labels = []
    for choice_list in service.choices:
        option = choice_list.option(choices.get(choice_list.id, ""))
        if option is not None:
            labels.append(option.label.get(language))
    return labels


def storage_failure(error: BaseException, center_phone: str) -> str:
    """What happened and what to do next, for a write that failed."""
    kind = error.kind if isinstance(error, StoreError) else "io"
    if kind == "locked":
        return QCoreApplication.translate(
            "Wording", "The kiosk was busy and did not save this. Please tap again in a moment."
        )
    if kind == "disk_full":
        return QCoreApplication.translate(
            "Wording",
            "The kiosk's storage is full, so this was not saved. Please ask staff for help,"
            " or phone the center: %1.",
        ).replace("%1", center_phone)
    return QCoreApplication.translate(
        "Wording",
        "The kiosk could not save this. Please ask staff for help, or phone the center: %1.",
    ).replace("%1", center_phone)


# -- cut-offs and days: what can still be ordered, said before the resident chooses ---------


def clock_time(moment: time) -> str:
    """A time of day as the kiosk shows it: "10:00"."""
    return f"{moment:%H:%M}"


def cutoff_label(label: str, until: time) -> str:
    """An answer with its cut-off: "今天午餐 · 10:00前可订" / "Lunch today · order by 10:00"."""
    return (
        QCoreApplication.translate("Wording", "%1 · order by %2")
        .replace("%1", label)
        .replace("%2", clock_time(until))
    )


def closed_label(label: str, available: Availability) -> str:
    """An answer no longer offered, with why: "今天午餐 · 10:00已截止" / "Lunch today · closed
    at 10:00"; "… · 今天不提供" / "… · not offered today"."""
    if available.reason == PAST_CUTOFF and available.until is not None:
        return (
            QCoreApplication.translate("Wording", "%1 · closed at %2")
            .replace("%1", label)
            .replace("%2", clock_time(available.until))
        )
    return QCoreApplication.translate("Wording", "%1 · not offered today").replace("%1", label)


def closed_note(labels: list[str]) -> str:
    """Under answers some of which are closed: why they cannot be tapped, and what to do."""
    return QCoreApplication.translate(
        "Wording", "Too late to order %1. Please choose another."
    ).replace("%1", join_items(labels))


def spoken_answer(label: str, until: time | None) -> str:
    """An answer as read aloud, with its cut-off: "今天午餐，10:00前可订"."""
    if until is None:
        return label
    return join_items(
        [
            label,
            QCoreApplication.translate("Wording", "order by %1").replace("%1", clock_time(until)),
        ]
    )


def service_cutoff(until: time) -> str:
    """A service's own cut-off, said on its first screen: "今天10:00前可订。"."""
    return QCoreApplication.translate("Wording", "Can be ordered today until %1.").replace(
        "%1", clock_time(until)
    )


def offered_days(service: Service) -> str:
    """The weekdays ``service`` is offered on, in the kiosk's language: "星期一、星期三"."""
    locale = QLocale()
    return join_items([locale.dayName(day + 1) for day in sorted(service.days)])


def service_closed(name: str, service: Service, available: Availability) -> str:
    """Why ``service`` (called ``name``) cannot be ordered now, and what to do instead."""
    if available.reason == NOT_OFFERED_TODAY:
        return (
            QCoreApplication.translate(
                "Wording", "%1 is not offered today. It can be ordered on: %2."
            )
            .replace("%1", name)
            .replace("%2", offered_days(service))
        )
    until = clock_time(available.until) if available.until is not None else ""
    return (
        QCoreApplication.translate(
            "Wording",
            "%1 can be ordered until %2 each day. It is too late today: please order it tomorrow.",
        )
        .replace("%1", name)
        .replace("%2", until)
    )


def choice_closed(label: str, available: Availability) -> str:
    """An answer that closed while the resident was choosing: nothing was ordered, and what
    to do now."""
    until = clock_time(available.until) if available.until is not None else ""
    if available.reason == NOT_OFFERED_TODAY or not until:
        template = QCoreApplication.translate(
            "Wording", "%1 is not offered today. Nothing was ordered; please choose another."
        )
    else:
        template = QCoreApplication.translate(
            "Wording",
            "Too late for %1: it could be ordered until %2. Nothing was ordered; please choose"
            " another.",
        )
    return template.replace("%1", label).replace("%2", until)
