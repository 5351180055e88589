"""A page body that fits the room it is given: blocks of text and grids of buttons, and where
they do not all fit (large type, a small tablet, a long English text) further pages reached by
big "Previous" and "More" buttons. A tap, never a swipe; nothing is ever cut off or shrunk.

Where everything fits, the extra height goes to the stretching rows (service tiles and answer
buttons grow), so a page looks as before at ordinary sizes. Grids drop to fewer columns where
a cell's words no longer fit beside each other, before anything moves to another page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ui.theme import PRIMARY_LABEL_PT, Theme
from ui.widgets.buttons import BigButton


@dataclass
class _Group:
    """Widgets placed together: one block across the width, or a grid of cells."""

    widgets: list[QWidget]
    columns: int  # 0: a block
    stretch: bool
    natural: bool = False  # cells as wide as their words ask, in proportion


@dataclass
class _Line:
    """One row on a page: its cells as (widget, x, width), its height, whether it grows."""

    cells: list[tuple[QWidget, int, int]]
    height: int
    stretch: bool


class Pager(QWidget):
    """Lays out a screen's blocks and grids, a page at a time when they do not all fit."""

    sig_page_changed = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pager")
        self._theme = theme
        # The gap floor (3 mm) with a little to spare, but less than the theme's 4 mm: at
        # large type every pixel of a page counts.
        self._gap = theme.mm(3.2)
        self._groups: list[_Group] = []
        self._off: set[int] = set()  # widgets the screen keeps hidden
        self._pages: list[list[_Line]] = []
        self._page = 0
        self._busy = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.previous_button = BigButton(
            self.tr("Previous"),
            theme,
            role="nav",
            icon="page_up",
            description=self.tr("Show the part of this screen before this one"),
            parent=self,
        )
        self.previous_button.setObjectName("previous_part")
        self.next_button = BigButton(
            self.tr("More"),
            theme,
            role="nav",
            icon="page_down",
            description=self.tr("Show the rest of this screen"),
            parent=self,
        )
        self.next_button.setObjectName("next_part")
        self.page_label = QLabel(self)
        self.page_label.setObjectName("part_of")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self._page + 1))
        for widget in (self.previous_button, self.next_button, self.page_label):
            widget.hide()

    # -- building ---------------------------------------------------------------------------

    def add_block(self, widget: QWidget, *, stretch: bool = False) -> QWidget:
        """A widget across the whole width (a text, a panel); ``stretch`` lets it grow."""
        self._add(_Group([widget], 0, stretch))
        return widget

    def add_grid(
        self,
        widgets: list[QWidget],
        columns: int,
        *,
        stretch: bool = True,
        natural: bool = False,
    ) -> None:
        """Cells in rows of ``columns`` (fewer where their words do not fit side by side),
        of equal width, or with ``natural`` as wide as their words ask, in proportion."""
        self._add(_Group(list(widgets), max(1, columns), stretch, natural))

    def add_stretch(self) -> None:
        """Empty room that takes what is left over, so what follows sits at the bottom."""
        self._groups.append(_Group([], 0, True))
        self.relayout()

    def _add(self, group: _Group) -> None:
        for widget in group.widgets:
            widget.setParent(self)
        self._groups.append(group)
        self.relayout()

    def set_shown(self, widget: QWidget, shown: bool) -> None:
        """Show or hide one of the pager's widgets for good (not just off this page)."""
        if shown:
            self._off.discard(id(widget))
        else:
            self._off.add(id(widget))
        self.relayout()

    # -- pages ------------------------------------------------------------------------------

    @property
    def gap(self) -> int:
        """Pixels between the rows and cells it places."""
        return self._gap

    def page_room(self) -> int:
        """The height one page of a split body has for its rows (above the bar)."""
        return self.height() - self._bar_height() - self._gap

    @property
    def page(self) -> int:
        return self._page

    @property
    def page_count(self) -> int:
        return max(1, len(self._pages))

    def show_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count - 1))
        if page != self._page:
            self._page = page
            self.relayout()
            self.sig_page_changed.emit(page)

    def page_of(self, widget: QWidget) -> int | None:
        for index, lines in enumerate(self._pages):
            if any(cell[0] is widget for line in lines for cell in line.cells):
                return index
        return None

    def show_widget(self, widget: QWidget) -> None:
        """Turn to the page that holds ``widget``."""
        page = self.page_of(widget)
        if page is not None:
            self.show_page(page)

    # -- measuring --------------------------------------------------------------------------

    def _managed(self) -> list[QWidget]:
        return [w for g in self._groups for w in g.widgets]

    def _shown(self, group: _Group) -> list[QWidget]:
        return [w for w in group.widgets if id(w) not in self._off]

    @staticmethod
    def _min_width(widget: QWidget) -> int:
        return max(widget.minimumSizeHint().width(), widget.minimumWidth())

    @staticmethod
    def _height(widget: QWidget, width: int) -> int:
        if widget.hasHeightForWidth():
            wanted = widget.heightForWidth(width)
        else:
            wanted = widget.minimumSizeHint().height()
        return max(wanted, widget.minimumHeight(), widget.minimumSizeHint().height())

    def _lines(self, width: int, room: int = 1 << 30) -> list[_Line]:
        """The rows at ``width``; of a grid's possible shapes, one whose rows each fit in
        ``room`` (a page) if there is one, and of those the lowest."""
        lines: list[_Line] = []
        for group in self._groups:
            shown = self._shown(group)
            if group.columns == 0:
                if not group.widgets:
                    lines.append(_Line([], 0, True))
                elif shown:
                    lines.append(
                        _Line([(shown[0], 0, width)], self._height(shown[0], width), group.stretch)
                    )
                continue
            if not shown:
                continue
            # The most columns whose words fit, unless fewer columns (words on one line
            # instead of wrapped) make the group lower.
            best: list[_Line] = []
            for columns in range(min(group.columns, len(shown)), 0, -1):
                if columns > 1 and not self._row_fits(shown, columns, group.natural, width):
                    continue
                rows = self._grid_lines(shown, columns, group, width)
                if not best or self._better(rows, best, room):
                    best = rows
            # Where one long word ("Companionship") would leave every row a single cell,
            # rows of as many cells as fit each are lower.
            packed = self._packed_lines(shown, group, width)
            if len(best) > 1 and self._better(packed, best, room):
                best = packed
            lines += best
        return lines

    def _better(self, lines: list[_Line], than: list[_Line], room: int) -> bool:
        def key(shape: list[_Line]) -> tuple[bool, int]:
            return (any(line.height > room for line in shape), self._span(shape))

        return key(lines) < key(than)

    def _packed_lines(self, shown: list[QWidget], group: _Group, width: int) -> list[_Line]:
        rows: list[list[QWidget]] = [[]]
        for widget in shown:
            candidate = [*rows[-1], widget]
            fits = len(candidate) <= group.columns and self._row_fits(
                candidate, len(candidate), group.natural, width
            )
            if rows[-1] and not fits:
                rows.append([widget])
            else:
                rows[-1] = candidate
        return [self._row_line(row, len(row), group, width) for row in rows]

    def _grid_lines(
        self, shown: list[QWidget], columns: int, group: _Group, width: int
    ) -> list[_Line]:
        return [
            self._row_line(shown[start : start + columns], columns, group, width)
            for start in range(0, len(shown), columns)
        ]

    def _row_line(self, row: list[QWidget], columns: int, group: _Group, width: int) -> _Line:
        cells = self._cells(row, columns, group.natural, width)
        height = max(self._height(w, cw) for w, _, cw in cells)
        return _Line(cells, height, group.stretch)

    def _span(self, lines: list[_Line]) -> int:
        return sum(line.height for line in lines) + self._gap * max(0, len(lines) - 1)

    def _cells(
        self, row: list[QWidget], columns: int, natural: bool, width: int
    ) -> list[tuple[QWidget, int, int]]:
        room = width - self._gap * (columns - 1)
        weights = [w.sizeHint().width() for w in row] if natural else [1] * len(row)
        weights += [weights[-1]] * (columns - len(row))  # a short last row keeps the columns
        total = max(1, sum(weights))
        cells, x = [], 0
        for index, widget in enumerate(row):
            last = index == columns - 1
            cell_w = width - x if last else room * weights[index] // total
            cells.append((widget, x, cell_w))
            x += cell_w + self._gap
        return cells

    def _row_fits(self, widgets: list[QWidget], columns: int, natural: bool, width: int) -> bool:
        for start in range(0, len(widgets), columns):
            row = widgets[start : start + columns]
            for widget, _, cell_w in self._cells(row, columns, natural, width):
                if self._min_width(widget) > cell_w:
                    return False
        return True

    def _bar_height(self) -> int:
        return max(self.previous_button.sizeHint().height(), self.next_button.sizeHint().height())

    def _paginate(self, lines: list[_Line], height: int) -> list[list[_Line]]:
        gap = self._gap
        total = sum(line.height for line in lines) + gap * max(0, len(lines) - 1)
        if total <= height:
            return [lines]
        room = height - self._bar_height() - gap
        pages: list[list[_Line]] = [[]]
        used = 0
        for line in lines:
            if not line.cells:
                continue  # empty room has no place on a page of its own
            needed = line.height + (gap if pages[-1] else 0)
            if pages[-1] and used + needed > room:
                pages.append([])
                used, needed = 0, line.height
            pages[-1].append(line)
            used += needed
        return pages

    # -- headings ---------------------------------------------------------------------------

    def _headings(self) -> list[QLabel]:
        return [
            w
            for g in self._groups
            if g.columns == 0
            for w in self._shown(g)
            if isinstance(w, QLabel) and w.property("role") == "heading"
        ]

    def _fits_with_full_headings(self, width: int, height: int) -> bool:
        """Would everything fit on one page with the headings at their full size?"""
        full = self._theme.font(PRIMARY_LABEL_PT, bold=True)
        metrics = QFontMetrics(full)
        wrap = int(Qt.TextFlag.TextWordWrap.value)
        total = 0
        lines = self._lines(width)
        for line in lines:
            widget = line.cells[0][0] if line.cells else None
            if isinstance(widget, QLabel) and widget.property("role") == "heading":
                text = metrics.boundingRect(QRect(0, 0, width, 100_000), wrap, widget.text())
                total += text.height()
            else:
                total += line.height
        return total + self._gap * max(0, len(lines) - 1) <= height

    def _compact_headings(self, full_fits: bool) -> None:
        """A page that must be split gives its headings (a question above its answers) the
        body size instead of the primary one, so a heading shares its page with what it asks
        about rather than standing alone on the first."""
        for label in self._headings():
            if (label.property("compact") is True) != (not full_fits):
                label.setProperty("compact", not full_fits)
                label.style().unpolish(label)
                label.style().polish(label)

    # -- placing ----------------------------------------------------------------------------

    def relayout(self) -> None:
        # Hidden, it has no final size yet; it lays out when shown.
        if self._busy or not self.isVisible() or self.width() <= 0 or self.height() <= 0:
            return
        self._busy = True
        try:
            self._place()
        finally:
            self._busy = False

    def _place(self) -> None:
        width, height = self.width(), self.height()
        gap = self._gap
        if self._headings():
            self._compact_headings(self._fits_with_full_headings(width, height))
        room = height - self._bar_height() - self._gap
        self._pages = self._paginate(self._lines(width, room), height)
        paged = len(self._pages) > 1
        self._page = max(0, min(self._page, len(self._pages) - 1))
        lines = self._pages[self._page]
        room = height - (self._bar_height() + gap if paged else 0)
        used = sum(line.height for line in lines) + gap * max(0, len(lines) - 1)
        growing = [line for line in lines if line.stretch]
        extra = max(0, room - used)
        on_page: set[int] = set()
        y = 0
        for index, line in enumerate(lines):
            line_h = line.height
            if growing and line.stretch:
                share = extra // len(growing)
                if line is growing[-1]:
                    share = extra - share * (len(growing) - 1)
                line_h += share
            for widget, x, cell_w in line.cells:
                widget.setGeometry(x, y, cell_w, line_h)
                on_page.add(id(widget))
            y += line_h + (gap if index < len(lines) - 1 else 0)
        for widget in self._managed():
            wanted = id(widget) in on_page
            if widget.isHidden() == wanted:
                widget.setVisible(wanted)
        self._place_bar(paged, width, height)

    def _place_bar(self, paged: bool, width: int, height: int) -> None:
        bar_h = self._bar_height()
        top = height - bar_h
        previous, following = self.previous_button, self.next_button
        previous.setVisible(paged and self._page > 0)
        following.setVisible(paged and self._page < len(self._pages) - 1)
        self.page_label.setVisible(paged)
        if not paged:
            return
        left_w = max(min(previous.sizeHint().width(), width // 3), self._min_width(previous))
        right_w = max(min(following.sizeHint().width(), width // 3), self._min_width(following))
        previous.setGeometry(0, top, left_w, bar_h)
        following.setGeometry(width - right_w, top, right_w, bar_h)
        text = self.tr("%1 of %2").replace("%1", str(self._page + 1))
        text = text.replace("%2", str(len(self._pages)))
        self.page_label.setText(text)
        label_w = width - 2 * max(left_w, right_w) - 2 * self._gap
        self.page_label.setGeometry((width - label_w) // 2, top, label_w, bar_h)

    # -- Qt ---------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        widths = [w.sizeHint().width() for w in self._managed()] or [0]
        width = max(max(widths), self._bar_min_width())
        for group in self._groups:
            shown = self._shown(group)
            if group.columns and shown:
                columns = min(group.columns, len(shown))
                cell = max(w.sizeHint().width() for w in shown)
                width = max(width, columns * cell + (columns - 1) * self._gap)
        lines = self._lines(width)
        height = sum(line.height for line in lines) + self._gap * max(0, len(lines) - 1)
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        shown = [w for g in self._groups for w in self._shown(g)]
        width = max([self._min_width(w) for w in shown] + [self._bar_min_width()])
        tallest = max([max(w.minimumSizeHint().height(), w.minimumHeight()) for w in shown] + [0])
        return QSize(width, tallest + self._gap + self._bar_height())

    def _bar_min_width(self) -> int:
        return (
            self._min_width(self.previous_button)
            + self._min_width(self.next_button)
            + 2 * self._gap
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.relayout()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.relayout()  # the style sheet's fonts are known only once polished

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.relayout()  # a widget's size hint changed (new text, a new language)
            self.updateGeometry()
        return super().event(event)
