"""The accessibility audit's rules for pages (tests/helpers/audit.py): each fails when broken.

The layout engine keeps these rules by itself, so each page here breaks one on purpose, after
the pager has laid it out: two texts drawn over each other, a question without its answers,
an action without its cost, and a one-page decision that had to take pages.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tests.helpers.audit import Reference, audit
from ui.layout.pager import Pager
from ui.theme import Theme
from ui.widgets.buttons import WrapButton

REFERENCE = Reference("tablet", (1280, 800), 149.0)


def shown_page(qtbot: Any, size: tuple[int, int] = (1280, 800)) -> tuple[Theme, QWidget, Pager]:
    theme = Theme.create(theme="light", font_scale=100, dpi=REFERENCE.dpi)
    page = QWidget()
    qtbot.add_widget(page)
    page.setStyleSheet(theme.stylesheet())
    pager = Pager(theme)
    QVBoxLayout(page).addWidget(pager)
    page.resize(*size)
    return theme, page, pager


def found(theme: Theme, page: QWidget) -> list[str]:
    return list(
        audit(page, theme, REFERENCE, places="none", language="en_US", font_scale=100, page=None)
    )


def test_texts_drawn_over_each_other_are_found(qtbot: Any) -> None:
    theme, page, _pager = shown_page(qtbot)
    area = QWidget()
    layout = page.layout()
    assert layout is not None
    layout.addWidget(area)
    first, second = QLabel("Lunch today", area), QLabel("Dinner today", area)
    for label in (first, second):
        label.setObjectName(label.text().split()[0].lower())
    page.show()
    qtbot.waitExposed(page)
    first.setGeometry(10, 10, 300, 60)
    second.setGeometry(200, 40, 300, 60)
    lines = found(theme, page)
    assert any(line.startswith("lunch “Lunch today” and dinner") for line in lines), lines
    second.move(200, 200)
    assert not any("drawn over" in line for line in found(theme, page))


def test_a_question_without_its_answers_is_found(qtbot: Any) -> None:
    theme, page, pager = shown_page(qtbot)
    question = QLabel("Which meal?")
    question.setProperty("role", "heading")
    answers = [WrapButton(text, theme) for text in ("Lunch today", "Dinner today")]
    pager.add_question(question, answers)
    page.show()
    qtbot.waitExposed(page)
    assert not any("question" in line for line in found(theme, page))
    for answer in answers:
        answer.hide()  # as a page that left them out would
    assert any(
        "a question on a page without any of its answers" in line for line in found(theme, page)
    )


def test_an_action_without_its_cost_is_found(qtbot: Any) -> None:
    theme, page, pager = shown_page(qtbot)
    price = pager.add_text("¥8.00 after your subsidy")
    order = WrapButton("Yes, order", theme, role="primary")
    pager.add_block(order)
    pager.keep_together([price, order], cost=price)
    page.show()
    qtbot.waitExposed(page)
    assert not any("without its cost" in line for line in found(theme, page))
    price.hide()
    assert any("an action on a page without its cost" in line for line in found(theme, page))


def test_a_one_page_decision_on_several_pages_is_found(qtbot: Any) -> None:
    theme, page, pager = shown_page(qtbot, size=(1280, 400))
    parts = [QLabel("\n".join(["Meals, Lunch today, 2 portions"] * 3)) for _ in range(3)]
    for part in parts:
        pager.add_block(part)
    pager.keep_together(parts, one_page=True)
    page.show()
    qtbot.waitExposed(page)
    assert pager.page_count > 1  # higher than the page at its shortest: split, not cut off
    assert any("one decision on" in line for line in found(theme, page))
