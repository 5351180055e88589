"""Plain words for things the domain reports: prices, choices, and storage failures."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.catalog import Service
from app.store import StoreError


def join_items(items: list[str]) -> str:
    """Items of one phrase: "助餐，今天午餐" / "Meals, lunch today"."""
    return QCoreApplication.translate("Wording", ", ").join(i for i in items if i)


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
