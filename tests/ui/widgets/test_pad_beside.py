"""The number pad beside the words where there is room, below them on the same pager where
there is not, and a smallest size that never pushes the window off a tablet."""

from __future__ import annotations

from typing import Any

from ui.layout.pager import Pager
from ui.theme import Theme
from ui.widgets.numberpad import PHONE, ROW, SPAN, NumberPad
from ui.widgets.pad_beside import PadBeside

KIOSK_DPI, TABLET_DPI = 102.0, 149.0


def fitted(qtbot: Any, theme: Theme, width: int, height: int) -> PadBeside:
    pager = Pager(theme)
    pager.add_text("Type the staff PIN, then OK.", "heading")
    fit = PadBeside(pager, NumberPad(theme), theme)
    fit.setStyleSheet(theme.stylesheet())
    qtbot.add_widget(fit)
    fit.resize(width, height)
    fit.show()
    qtbot.waitExposed(fit)
    return fit


def test_on_a_kiosk_the_pad_stands_beside_the_words_as_on_a_telephone(qtbot: Any) -> None:
    theme = Theme.create(theme="light", font_scale=100, dpi=KIOSK_DPI)
    fit = fitted(qtbot, theme, 1880, 820)
    assert fit.pad_is_beside()
    assert fit.pad.parentWidget() is fit and fit.pad.isVisible()
    assert fit.pad.arrangement == PHONE and fit.pad.large
    assert fit.pad.geometry().left() > fit.pager.geometry().right()  # side by side
    assert not fit.below.isVisible()


def test_at_large_type_on_a_tablet_the_pad_goes_below_the_words_on_the_same_page(
    qtbot: Any,
) -> None:
    theme = Theme.create(theme="light", font_scale=200, dpi=TABLET_DPI)
    fit = fitted(qtbot, theme, 1244, 439)  # the body of the tablet at 200 %
    assert not fit.pad_is_beside()
    assert fit.pad.parentWidget() is fit.below and fit.pad.isVisible()
    assert fit.pager.page_count == 1
    assert fit.pad.arrangement in (SPAN, ROW)  # a band across the page
    assert fit.below.geometry().bottom() < 439
    assert fit.minimumSizeHint().height() <= 439


def test_the_smallest_size_is_the_pads_lowest_shape_whatever_shape_it_has_now(
    qtbot: Any,
) -> None:
    theme = Theme.create(theme="light", font_scale=200, dpi=TABLET_DPI)
    fit = fitted(qtbot, theme, 1244, 439)
    smallest = fit.minimumSizeHint()
    fit.pad.arrange(PHONE, large=True)  # its tallest shape: more than the body's 439 px
    assert fit.pad.needed().height() > 439
    assert fit.minimumSizeHint() == smallest
    lowest = min(fit.pad.needed(a, False).height() for a in (SPAN, ROW))
    bar = fit.pager.next_button.sizeHint().height()
    assert smallest.height() == lowest + fit.pager.gap + bar


def test_the_pad_moves_between_beside_and_below_as_the_room_changes(qtbot: Any) -> None:
    theme = Theme.create(theme="light", font_scale=100, dpi=TABLET_DPI)
    fit = fitted(qtbot, theme, 1244, 620)
    assert fit.pad_is_beside()
    fit.resize(700, 620)  # too narrow for words and pad side by side
    qtbot.waitUntil(lambda: fit.pad.parentWidget() is fit.below)
    assert fit.pad.isVisible() and fit.below.isVisible()
    fit.resize(1244, 620)
    qtbot.waitUntil(fit.pad_is_beside)
    assert fit.pad.parentWidget() is fit and fit.pad.isVisible()
    assert not fit.below.isVisible()


def test_a_pad_put_away_is_shown_in_neither_place(qtbot: Any) -> None:
    theme = Theme.create(theme="light", font_scale=200, dpi=TABLET_DPI)
    for width, height in ((1244, 439), (1880, 820)):
        fit = fitted(qtbot, theme, width, height)
        fit.set_pad_shown(False)
        assert not fit.pad.isVisible() and not fit.below.isVisible()
        assert fit.pager.geometry().width() == width  # the words take all the room
        fit.set_pad_shown(True)
        assert fit.pad.isVisible()
