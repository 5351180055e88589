"""The pager (ui/layout/pager.py) and the wrapping button: what fits stays on one page, what
does not goes on further pages of whole rows, reached by taps on Previous and More."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.layout.pager import Pager
from ui.theme import Theme
from ui.widgets.buttons import BigButton, WrapButton

TABLET_DPI = 149.0


def make_pager(qtbot: Any, font_scale: int = 100, size: tuple[int, int] = (1200, 600)):
    theme = Theme.create(theme="light", font_scale=font_scale, dpi=TABLET_DPI)
    holder = QWidget()
    holder.setStyleSheet(theme.stylesheet())
    qtbot.add_widget(holder)
    pager = Pager(theme)
    QVBoxLayout(holder).addWidget(pager)
    holder.resize(*size)
    return theme, holder, pager


def answers(theme: Theme, count: int, text: str = "今天午餐") -> list[WrapButton]:
    return [WrapButton(f"{text}{i}", theme) for i in range(count)]


def shown(widgets: list[Any]) -> list[Any]:
    return [w for w in widgets if w.isVisible()]


def test_what_fits_is_one_page_without_a_bar(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot)
    question = QLabel("订哪一餐？")
    question.setProperty("role", "heading")
    pager.add_block(question)
    buttons = answers(theme, 4)
    pager.add_grid(buttons, 2)
    holder.show()
    qtbot.waitExposed(holder)
    assert pager.page_count == 1
    assert shown(buttons) == buttons
    assert not pager.next_button.isVisible() and not pager.previous_button.isVisible()
    # Two columns, and the rows share the height left under the question.
    assert buttons[0].y() == buttons[1].y() < buttons[2].y()
    assert buttons[3].geometry().bottom() >= pager.height() - 2


def test_too_much_goes_on_pages_of_whole_rows(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, size=(1200, 420))
    buttons = answers(theme, 12)
    pager.add_grid(buttons, 3)
    holder.show()
    qtbot.waitExposed(holder)
    assert pager.page_count > 1
    seen: list[WrapButton] = []
    for page in range(pager.page_count):
        pager.show_page(page)
        on_page = shown(buttons)
        assert on_page, f"page {page + 1} is empty"
        assert len(on_page) % 3 == 0 or page == pager.page_count - 1  # whole rows only
        for button in on_page:
            # Nothing reaches under the bar or off the pager.
            assert button.geometry().bottom() < pager.next_button.y() or not (
                pager.next_button.isVisible()
            )
            assert button.geometry().bottom() < pager.height()
        seen += on_page
    assert seen == buttons  # every answer once, in order
    # "3 of 3" or "3 / 3 页", in the language installed
    assert pager.page_label.text().count(str(pager.page_count)) == 2


def test_more_and_previous_turn_the_pages(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, size=(1200, 420))
    buttons = answers(theme, 12)
    pager.add_grid(buttons, 3)
    holder.show()
    qtbot.waitExposed(holder)
    with qtbot.waitSignal(pager.sig_page_changed):
        qtbot.mouseClick(pager.next_button, Qt.MouseButton.LeftButton)
    assert pager.page == 1 and pager.previous_button.isVisible()
    pager.show_widget(buttons[0])
    assert pager.page == 0 and not pager.previous_button.isVisible()
    pager.show_page(99)
    assert pager.page == pager.page_count - 1 and not pager.next_button.isVisible()


def test_a_grid_drops_columns_before_words_are_cut(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1200, 2000))
    buttons = answers(theme, 4, text="Tomorrow morning ")
    pager.add_grid(buttons, 2)
    holder.show()
    qtbot.waitExposed(holder)
    for button in buttons:
        words = button.fontMetrics().horizontalAdvance("Tomorrow")
        assert button.width() >= words
        for line in button.lines(button.width() - 30):
            assert button.fontMetrics().horizontalAdvance(line) <= button.width()


def test_a_long_question_takes_the_body_size_when_the_page_is_split(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1200, 410))
    question = QLabel("您想要什么时候来？")
    question.setProperty("role", "heading")
    pager.add_block(question)
    buttons = answers(theme, 6)
    pager.add_grid(buttons, 2)
    holder.show()
    qtbot.waitExposed(holder)
    assert pager.page_count > 1
    assert question.property("compact") is True
    assert question.isVisible() and buttons[0].isVisible()  # the question is not alone
    pager.set_shown(buttons[2], False)
    for button in buttons[3:]:
        pager.set_shown(button, False)
    holder.resize(1200, 1400)
    qtbot.waitUntil(lambda: pager.page_count == 1)
    assert question.property("compact") is False
    assert not buttons[2].isVisible()


def test_a_wrap_button_keeps_its_words_and_grows_for_more_lines(qtbot: Any) -> None:
    theme = Theme.create(theme="light", font_scale=100, dpi=TABLET_DPI)
    button = WrapButton("Tomorrow morning, before ten", theme)
    button.setStyleSheet(theme.stylesheet())
    qtbot.add_widget(button)
    assert button.text() == "Tomorrow morning, before ten"
    wide, narrow = button.heightForWidth(2000), button.heightForWidth(300)
    assert narrow > wide
    assert len(button.lines(250)) > 1
    assert "".join(button.lines(250)).replace(" ", "") == button.text().replace(" ", "")
    assert button.minimumSizeHint().width() < button.sizeHint().width()


def test_a_big_button_may_show_its_icon_alone_only_when_allowed(qtbot: Any) -> None:
    theme = Theme.create(theme="light", font_scale=200, dpi=TABLET_DPI)
    button = BigButton("Read aloud", theme, role="nav", icon="speaker", description="Read")
    button.setStyleSheet(theme.stylesheet())
    qtbot.add_widget(button)
    button.show()
    button.resize(button.minimumSizeHint().width(), button.height())
    assert button.text() == "Read aloud"  # words first, without the icon
    assert button.icon().isNull()
    button.allow_icon_only(True)
    button.resize(button.minimumSizeHint().width(), button.height())
    assert button.text() == "" and not button.icon().isNull()
    assert button.accessibleName() == "Read aloud" == button.label_text()
    button.resize(button.sizeHint().width(), button.height())
    assert button.text() == "Read aloud" and not button.icon().isNull()


def test_one_long_name_does_not_make_every_row_a_single_cell(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1244, 3000))
    names = ["Meals", "Cleaning", "Bathing", "Medical", "Companionship", "Errands"]
    tiles = [BigButton(name, theme, role="choice") for name in names]
    pager.add_grid(tiles, 3)
    holder.show()
    qtbot.waitExposed(holder)
    rows = {tile.y() for tile in tiles}
    assert len(rows) < len(tiles)  # short names share rows
    long_one = tiles[names.index("Companionship")]
    assert long_one.width() >= long_one.minimumSizeHint().width()
    for tile in tiles:
        assert tile.width() >= tile.minimumSizeHint().width(), tile.text()


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    return label


def pages_of(pager: Pager, widgets: list[Any]) -> list[list[Any]]:
    """The widgets of ``widgets`` shown on each page, page by page."""
    found = []
    for page in range(pager.page_count):
        pager.show_page(page)
        found.append(shown(widgets))
    pager.show_page(0)
    return found


def test_a_question_is_on_every_page_of_its_answers_and_page_one_has_two(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1240, 660))
    question = heading("Which meal would you like?")
    buttons = answers(theme, 6, text="Lunch tomorrow ")
    pager.add_question(question, buttons, 2)
    holder.show()
    qtbot.waitExposed(holder)
    assert pager.page_count > 1
    pages = pages_of(pager, [question, *buttons])
    for on_page in pages:
        assert on_page[0] is question and len(on_page) > 1
    assert len(pages[0]) >= 3  # the question and two answers
    assert [b for page in pages for b in page if b is not question] == buttons
    assert pager.questions() == [(question, buttons)]


def test_a_one_page_group_shortens_instead_of_taking_pages(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1800, 600))
    intro = pager.add_text("Please check your order:", optional=True)
    summary = heading("Meals, Lunch today, 2 portions")
    pager.add_block(summary)
    price = pager.add_text("¥16.00 after your subsidy (full price ¥30.00)")
    no, yes = WrapButton("No, go back", theme), WrapButton("Yes, order", theme, role="primary")
    pager.add_grid([no, yes], 2, stretch=False, natural=True)
    pager.keep_together([intro, summary, price, no, yes], one_page=True, cost=price)
    holder.show()
    qtbot.waitExposed(holder)
    assert pager.page_count == 1
    assert not intro.isVisible()  # the optional words go first
    for widget in (summary, price, no, yes):
        assert widget.isVisible() and widget.geometry().bottom() < pager.height()
    assert pager.costs() == [(price, [no, yes])]  # the buttons among them, unless named
    # With room enough, nothing is left out or made smaller.
    holder.resize(1240, 1600)
    qtbot.waitUntil(lambda: intro.isVisible())
    assert summary.property("compact") is not True


def test_a_long_text_turns_the_page_between_sentences(qtbot: Any) -> None:
    _theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1000, 420))
    words = "The kiosk could not save this. Please ask staff for help. Or phone the center."
    first = pager.add_text(words)
    holder.show()
    qtbot.waitExposed(holder)
    assert pager.page_count > 1
    labels = [
        w
        for w in pager.findChildren(QLabel)
        if w.parentWidget() is pager and w is not pager.page_label
    ]
    parts = [" ".join(w.text() for w in page) for page in pages_of(pager, labels)]
    assert " ".join(parts).split() == words.split()
    pager.set_text(first, "Saved.")
    qtbot.waitUntil(lambda: pager.page_count == 1)
    assert first.text() == "Saved." and first.isVisible()


def test_a_group_goes_whole_onto_the_next_page(qtbot: Any) -> None:
    _theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1000, 620))
    lead = pager.add_text("Help is called.")
    name, number = QLabel("Community center:"), QLabel("010-6512-3456")
    for label in (name, number):
        pager.add_block(label)
    tail = pager.add_text("If you can, also phone.")
    pager.keep_together([name, number])
    holder.show()
    qtbot.waitExposed(holder)
    for page in pages_of(pager, [lead, name, number, tail]):
        assert (name in page) == (number in page)


def test_tile_descriptions_wrap_to_two_lines_rather_than_vanish(qtbot: Any) -> None:
    from app.catalog import load_catalog
    from ui.widgets.buttons import BigTile

    # The kiosk's body at 100 % (1920 x 1080 at 102 DPI), in English.
    theme = Theme.create(theme="light", font_scale=100, dpi=102.0)
    holder = QWidget()
    holder.setStyleSheet(theme.stylesheet())
    qtbot.add_widget(holder)
    pager = Pager(theme)
    QVBoxLayout(holder).addWidget(pager)
    services = load_catalog().services[:9]
    tiles = [
        BigTile(s.name.get("en_US"), s.description.get("en_US"), s.icon, theme) for s in services
    ]
    pager.add_grid(tiles, 3)
    holder.resize(1900, 880)
    holder.show()
    qtbot.waitExposed(holder)
    assert pager.page_count == 1
    wrapped = 0
    for tile in tiles:
        label = tile.description_label
        assert label.isVisible(), tile.name_label.text()
        assert label.height() >= label.heightForWidth(label.width())
        wrapped += label.heightForWidth(label.width()) > label.fontMetrics().lineSpacing() * 1.5
    assert wrapped >= 1  # the long ones take a second line


def _question_pager(qtbot: Any, size: tuple[int, int], hook_answers: bool):
    """Meals' question at 200 % type in a page too low for it and two of its answers."""
    theme, holder, pager = make_pager(qtbot, font_scale=200, size=size)
    question = QLabel("Which meal?")
    question.setProperty("role", "heading")
    buttons = [
        WrapButton(text, theme)
        for text in ("Lunch today", "Dinner today", "Lunch tomorrow", "Dinner tomorrow")
    ]
    told: list[str | None] = []

    def hook(text: str | None) -> bool:
        told.append(text)
        return hook_answers or text is None

    holder.layout().setContentsMargins(0, 0, 0, 0)  # the pager as high as on the tablet
    pager.add_question(question, buttons, 2)
    pager.set_title_hook(hook)
    return holder, pager, question, buttons, told


def test_a_question_without_room_for_two_answers_moves_up_into_the_title(qtbot: Any) -> None:
    holder, pager, question, buttons, told = _question_pager(qtbot, (1244, 439), True)
    holder.show()
    qtbot.waitExposed(holder)
    qtbot.waitUntil(lambda: told == ["Which meal?"])
    assert pager.titled_heading() is question and not question.isVisible()
    assert shown(buttons) == buttons[:2]  # two answers on the first page, under the title
    # With room again, the question comes back into the page and the title is given back.
    holder.resize(1244, 1400)
    qtbot.waitUntil(lambda: told == ["Which meal?", None])
    assert question.isVisible() and pager.titled_heading() is None
    assert shown(buttons) == buttons


def test_a_title_that_cannot_hold_the_question_leaves_it_in_the_page(qtbot: Any) -> None:
    holder, pager, question, _buttons, told = _question_pager(qtbot, (1244, 439), False)
    holder.show()
    qtbot.waitExposed(holder)
    qtbot.waitUntil(lambda: told == ["Which meal?"])
    qtbot.waitUntil(lambda: question.isVisible())
    assert pager.titled_heading() is None


def test_short_answers_share_a_row_where_long_ones_would_wrap_every_row(qtbot: Any) -> None:
    theme, holder, pager = make_pager(qtbot, font_scale=200, size=(1244, 433))
    holder.layout().setContentsMargins(0, 0, 0, 0)  # the pager as high as on the tablet
    question = QLabel("When do you need it?")
    question.setProperty("role", "heading")
    buttons = [
        WrapButton(text, theme)
        for text in ("Now", "Today", "Tomorrow morning", "Tomorrow afternoon")
    ]
    pager.add_question(question, buttons, 2)
    holder.show()
    qtbot.waitExposed(holder)
    # "Now" and "Today" side by side under the question, each long one a row of its own.
    assert question.isVisible() and shown(buttons) == buttons[:2]
    assert buttons[0].y() == buttons[1].y()
    pager.show_page(1)
    assert question.isVisible() and shown(buttons) == [buttons[2]]
    assert buttons[2].width() > pager.width() - 4


def test_wrapped_lines_are_spaced_by_the_theme_not_the_fonts_line_box(qtbot: Any) -> None:
    theme = Theme.create(theme="light", font_scale=200, dpi=TABLET_DPI)
    button = WrapButton("Lunch tomorrow", theme)
    button.setStyleSheet(theme.stylesheet())
    qtbot.add_widget(button)
    button.ensurePolished()
    pixels = button.fontInfo().pixelSize()
    assert 1.3 <= button.line_pitch() / pixels <= 1.4
    one, two = button.heightForWidth(4000), button.heightForWidth(500)
    assert 0 < two - one <= button.line_pitch() + 2  # a second line costs one pitch
