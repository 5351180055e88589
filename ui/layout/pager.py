"""A page body that fits the room it is given: blocks of text, grids of buttons and long texts,
and where they do not all fit (large type, a small tablet, a long English text) further pages
reached by big "Previous" and "More" buttons. A tap, never a swipe; nothing is ever cut off,
shrunk below its floor or drawn over anything else.

This is the Qt side of the layout engine (ui/layout/paginate.py): it measures each widget in
each of its shapes at the pager's width, hands the numbers and the screen's declarations to the
pure :func:`~ui.layout.paginate.paginate`, and places the page it returns. Screens say what
belongs together (:meth:`Pager.add_question`, :meth:`Pager.keep_together`) and never fit their
own words.

A widget with several shapes lists them, best first, in ``layout_shapes(width)`` (a list of
:class:`~ui.layout.items.Shape`) and takes the one chosen in ``set_layout_shape(index)``.
A heading label has two: its own size, and the body size (shed before anything moves to
another page). Where everything fits, the extra height goes to the stretching rows (service
tiles and answer buttons grow), so a page looks as before at ordinary sizes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QWidget

from ui.layout.items import (
    COLUMNS,
    DESCRIPTION,
    FULL,
    Arrangement,
    Block,
    Grid,
    Line,
    Pages,
    Question,
    Room,
    Shape,
    Stretch,
    Text,
    Together,
)
from ui.layout.measure import (
    Cell,
    Entry,
    Measured,
    arrangements,
    is_heading,
    min_width,
    natural_height,
)
from ui.layout.paginate import (
    paginate,
    span,
)
from ui.theme import Theme
from ui.widgets.buttons import BigButton, ink_height
from ui.wording import clauses, sentences


class Pager(QWidget):
    """Lays out a screen's blocks and grids, a page at a time when they do not all fit."""

    sig_page_changed = Signal(int)
    """The page shown changed (its number, from 0)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pager")
        self._theme = theme
        # The gap floor (3 mm, rounded up to whole pixels), less than the theme's 4 mm: at
        # large type every pixel of a page counts.
        self._gap = theme.mm(3.0)
        self._entries: list[Entry] = []
        self._off: set[int] = set()  # widgets the screen keeps hidden
        self._questions: list[tuple[QWidget, list[QWidget]]] = []
        self._together: list[tuple[list[QWidget], bool]] = []
        self._costs: list[tuple[QWidget, list[QWidget]]] = []
        self._probes: dict[tuple[str, bool], QLabel] = {}
        self._measured: list[Measured] = []
        self._result: Pages | None = None
        self._page_widgets: list[set[int]] = []
        self._page = 0
        self._busy = False
        self._hint: QSize | None = None  # sizeHint, until what is shown changes
        # A question's heading shown as the screen's title instead (see set_title_hook).
        self._title_hook: Callable[[str | None], bool] | None = None
        self._titled: QWidget | None = None
        self._title_told: str | None = None
        self._fitted_for: object = None  # the room the question was last fitted to
        self._refused: set[str] = set()  # headings the title could not hold on one line
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

    def add_block(
        self, widget: QWidget, *, stretch: bool = False, optional: bool = False
    ) -> QWidget:
        """A widget across the whole width (a text, a panel); ``stretch`` lets it grow;
        ``optional``: a one-page group may leave it out to fit."""
        self._add(Entry("block", [widget], stretch=stretch, optional=optional))
        return widget

    def add_grid(
        self,
        widgets: Sequence[QWidget],
        columns: int,
        *,
        stretch: bool = True,
        natural: bool = False,
    ) -> None:
        """Cells in rows of ``columns`` (fewer where their words do not fit side by side),
        of equal width, or with ``natural`` as wide as their words ask, in proportion."""
        self._add(Entry("grid", list(widgets), max(1, columns), stretch, natural))

    def add_stretch(self) -> None:
        """Empty room that takes what is left over, so what follows sits at the bottom."""
        self._add(Entry("stretch", [], stretch=True))

    def add_text(self, text: str, role: str = "", *, optional: bool = False) -> QLabel:
        """A text that stays whole where it fits on a page and otherwise breaks between its
        sentences (a sentence higher than a page, between its clauses). The label returned
        holds it where it is whole; :meth:`set_text` gives it new words."""
        label = self._text_label(role)
        label.setText(text)
        self._add(Entry("text", [label], optional=optional, text=text, role=role))
        return label

    def set_text(self, label: QLabel, text: str) -> None:
        """New words for a text added by :meth:`add_text`."""
        for entry in self._entries:
            if entry.kind == "text" and entry.widgets[0] is label:
                entry.text = text
                label.setText(text)
                self._hint = None
                self.relayout()
                return
        raise ValueError("not a text of this pager")

    def add_question(
        self,
        heading: QWidget,
        answers: Sequence[QWidget],
        columns: int = 2,
        *,
        stretch: bool = True,
        natural: bool = False,
    ) -> None:
        """A question and its answers (a grid, see :meth:`add_grid`): the question is shown on
        every page that holds any of its answers, and the first of them holds at least two."""
        self.add_block(heading)
        self.add_grid(answers, columns, stretch=stretch, natural=natural)
        self._questions.append((heading, list(answers)))

    def keep_together(
        self,
        widgets: Sequence[QWidget],
        *,
        one_page: bool = False,
        cost: QWidget | None = None,
        actions: Sequence[QWidget] | None = None,
    ) -> None:
        """Keep ``widgets`` (and everything added between them) on one page where they fit
        on one. ``one_page``: always on one page, shortened to fit (optional parts left out,
        headings at the body size, grids in one column). ``cost``: the price or warning that
        ``actions`` (by default the buttons among ``widgets``) must never be seen without."""
        self._together.append((list(widgets), one_page))
        if cost is not None:
            if actions is None:
                actions = [w for w in widgets if isinstance(w, QAbstractButton)]
            self._costs.append((cost, list(actions)))
        self.relayout()

    def _add(self, entry: Entry) -> None:
        for widget in entry.widgets:
            widget.setParent(self)
        self._entries.append(entry)
        self._hint = None
        self.relayout()

    def set_title_hook(self, hook: Callable[[str | None], bool]) -> None:
        """Where a question cannot stand on a page with two of its answers (large type on a
        small screen), its heading leaves the body and ``hook(text)`` shows it as the
        screen's title, which stays at the top of every page; ``hook(None)`` gives the title
        back once the body can hold the heading again. ``hook`` answers False where the
        title cannot hold the words on one line: the heading then stays in the body. A
        label heading only."""
        self._title_hook = hook

    def titled_heading(self) -> QLabel | None:
        """The question's heading shown as the screen's title, if one is."""
        return self._titled if isinstance(self._titled, QLabel) else None

    def set_shown(self, widget: QWidget, shown: bool) -> None:
        """Show or hide one of the pager's widgets for good (not just off this page)."""
        if shown:
            self._off.discard(id(widget))
        else:
            self._off.add(id(widget))
        self._hint = None
        self.relayout()

    # -- what the screen declared (for the accessibility audit) ------------------------------

    def questions(self) -> list[tuple[QWidget, list[QWidget]]]:
        """Each question's heading and its answers."""
        return [(heading, list(answers)) for heading, answers in self._questions]

    def one_page_groups(self) -> list[list[QWidget]]:
        """The groups that must always be whole on one page."""
        return [list(widgets) for widgets, one_page in self._together if one_page]

    def costs(self) -> list[tuple[QWidget, list[QWidget]]]:
        """Each cost (a price, a warning) and the actions never to be seen without it."""
        return [(cost, list(actions)) for cost, actions in self._costs]

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
        return max(1, len(self._page_widgets))

    def show_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count - 1))
        if page != self._page:
            self._page = page
            self.relayout()
            self.sig_page_changed.emit(page)

    def page_of(self, widget: QWidget) -> int | None:
        """The first page that shows ``widget`` (a question's heading is on several)."""
        for index, widgets in enumerate(self._page_widgets):
            if id(widget) in widgets:
                return index
        return None

    def show_widget(self, widget: QWidget) -> None:
        """Turn to the page that holds ``widget``."""
        page = self.page_of(widget)
        if page is not None:
            self.show_page(page)

    # -- measuring --------------------------------------------------------------------------

    def _managed(self) -> list[QWidget]:
        return [w for entry in self._entries for w in entry.widgets]

    def _shown(self, entry: Entry) -> list[QWidget]:
        if entry.kind == "text":
            return [] if id(entry.widgets[0]) in self._off else list(entry.widgets)
        return [w for w in entry.widgets if id(w) not in self._off]

    def _text_label(self, role: str) -> QLabel:
        label = QLabel(self)
        if role:
            label.setProperty("role", role)
        label.setWordWrap(True)
        label.hide()
        return label

    def _probe(self, role: str, compact: bool) -> QLabel:
        """A hidden label styled like a text of ``role``, to measure words in."""
        key = (role, compact)
        probe = self._probes.get(key)
        if probe is None:
            probe = self._probes[key] = self._text_label(role)
            probe.setProperty("compact", compact)
        return probe

    def _text_height(self, text: str, role: str, width: int, *, compact: bool = False) -> int:
        probe = self._probe(role, compact)
        probe.setText(text.strip())
        probe.ensurePolished()
        return probe.heightForWidth(width)

    def _heading_height(self, text: str, width: int, *, compact: bool) -> int:
        """A heading on one line is as high as its ink (a title is too): a CJK line box is
        about 1.45 em, and at large type on a tablet the difference is what keeps a question
        on the page of its answers. On more lines, as high as its lines."""
        probe = self._probe("heading", compact)
        probe.ensurePolished()
        metrics = probe.fontMetrics()
        if metrics.horizontalAdvance(text.strip()) + 2 <= width:
            return ink_height(metrics, text.strip())
        return self._text_height(text, "heading", width, compact=compact)

    def _set_heading_line(self, label: QLabel) -> None:
        """One line as high as its ink where the words fit the width, else wrapped."""
        metrics = label.fontMetrics()
        one_line = metrics.horizontalAdvance(label.text().strip()) + 2 <= self.width()
        if label.wordWrap() == one_line:
            label.setWordWrap(not one_line)
        most = ink_height(metrics, label.text().strip()) if one_line else 16_777_215
        label.setMaximumHeight(most)

    def _shapes(self, widget: QWidget, width: int) -> tuple[Shape, ...]:
        shaped = getattr(widget, "layout_shapes", None)
        if callable(shaped):
            found = tuple(shaped(width))
            if found:
                return found
        if is_heading(widget):
            assert isinstance(widget, QLabel)
            full = self._heading_height(widget.text(), width, compact=False)
            compact = self._heading_height(widget.text(), width, compact=True)
            return (Shape(full), Shape(compact, DESCRIPTION))
        return (Shape(natural_height(widget, width)),)

    def _measure(self, width: int, room: Room) -> list[Measured]:
        measured = []
        for entry in self._entries:
            shown = self._shown(entry)
            if entry.kind == "stretch":
                measured.append(Measured(entry, Stretch()))
            elif entry.kind == "text" and shown:
                measured.append(self._measure_text(entry, width, room))
            elif entry.kind == "block" and shown:
                shapes = self._shapes(shown[0], width)
                block = Block(shapes, stretch=entry.stretch, optional=entry.optional)
                measured.append(Measured(entry, block, shown))
            elif entry.kind == "grid" and shown:
                ways = arrangements(shown, entry, width, self._gap)
                grid = Grid(
                    tuple(
                        Arrangement(
                            tuple(tuple(self._shapes(w, cw) for w, _, cw in row) for row in rows),
                            FULL if number == 0 else COLUMNS,
                        )
                        for number, rows in enumerate(ways)
                    ),
                    stretch=entry.stretch,
                )
                measured.append(Measured(entry, grid, shown, ways))
        return measured

    def _measure_text(self, entry: Entry, width: int, room: Room) -> Measured:
        """A text as its sentences; a sentence higher than a page as its clauses."""
        pieces: list[str] = []
        for sentence in sentences(entry.text, exact=True):
            parts = clauses(sentence, exact=True)
            # (a heading as it is at its smallest)
            small = entry.role == "heading"
            high = self._text_height(sentence, entry.role, width, compact=small) > room.page
            if len(parts) > 1 and high:
                pieces += parts
            else:
                pieces.append(sentence)
        # A clause still higher than a page (a narrow pager at large type): between the
        # lines it takes at this width.
        small = entry.role == "heading"
        pieces = [
            line
            for piece in pieces
            for line in (
                self._lines(piece, entry.role, width, compact=small)
                if self._text_height(piece, entry.role, width, compact=small) > room.page
                else [piece]
            )
        ]
        pieces = pieces or [entry.text]

        def runs(compact: bool) -> tuple[tuple[int, ...], ...]:
            return tuple(
                tuple(
                    self._text_height(
                        "".join(pieces[i : j + 1]), entry.role, width, compact=compact
                    )
                    for j in range(i, len(pieces))
                )
                for i in range(len(pieces))
            )

        # A heading may take the body size before anything moves to another page.
        smaller = (runs(True),) if entry.role == "heading" else ()
        text = Text(runs(False), optional=entry.optional, smaller=smaller)
        return Measured(entry, text, pieces=pieces)

    def _lines(self, text: str, role: str, width: int, *, compact: bool) -> list[str]:
        """``text`` cut where its lines break at ``width`` (between words, or between any
        two Chinese characters), each piece keeping its spaces."""
        probe = self._probe(role, compact)
        probe.ensurePolished()
        metrics = probe.fontMetrics()
        lines: list[str] = []
        line = ""
        for run in re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\S\s*|\s+", text):
            if line and metrics.horizontalAdvance((line + run).strip()) + 2 > width:
                lines.append(line)
                line = run
            else:
                line += run
        if line:
            lines.append(line)
        return lines or [text]

    def _relations(self, measured: list[Measured]) -> tuple[list[Question], list[Together]]:
        """The screen's declarations, as item numbers of the engine."""
        item_of: dict[int, int] = {}
        for index, one in enumerate(measured):
            for widget in one.shown or one.entry.widgets[:1]:
                item_of[id(widget)] = index
        questions = []
        for heading, answers in self._questions:
            if id(heading) in item_of and id(heading) not in self._off:
                first = item_of[id(heading)]
                answering = sorted({item_of[id(a)] for a in answers if id(a) in item_of})
                if answering == list(range(first + 1, first + 1 + len(answering))):
                    questions.append(Question(first, tuple(answering)))
        together = []
        for widgets, one_page in self._together:
            members = tuple(item_of[id(w)] for w in widgets if id(w) in item_of)
            if members:
                together.append(Together(members, one_page))
        return questions, together

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
        self._tell_title()

    def _tell_title(self) -> None:
        """Tell the screen its title changed, outside the placing: the new title may change
        the header's height and so this pager's, which places it again."""
        titled = self.titled_heading()
        text = titled.text() if titled is not None else None
        if self._title_hook is None or text == self._title_told:
            return
        if self._title_hook(text) or titled is None:
            self._title_told = text
            return
        # The title cannot hold it: the heading goes back to the body, for this room.
        self._off.discard(id(titled))
        self._titled = None
        self._refused.add(text or "")
        self.relayout()

    def _room(self) -> Room:
        return Room(self.height(), self._bar_height() + self._gap, self._gap)

    def _paginate(self, width: int, room: Room) -> Pages:
        measured = self._measure(width, room)
        questions, together = self._relations(measured)
        result = paginate([m.item for m in measured], room, questions=questions, together=together)
        self._measured, self._result = measured, result
        self._apply(result)
        self._page_widgets = [
            {id(w) for line in lines for w in self._widgets_of(line)} for lines in result.pages
        ]
        return result

    def _paginate_titling(self, width: int, room: Room) -> Pages:
        """Pages with every question whole: where the room allows, as declared; else the
        first question that cannot stand with two of its answers gives its heading to the
        screen's title, at the top of every page."""
        key = (width, room, len(self._entries), frozenset(self._off - self._moved_ids()))
        if self._title_hook is None or key == self._fitted_for:
            return self._paginate(width, room)
        if self._titled is not None:
            self._off.discard(id(self._titled))
            self._titled = None
        result = self._paginate(width, room)
        for heading, answers in self._questions:
            if (
                isinstance(heading, QLabel)
                and heading.text() not in self._refused
                and not self._question_kept(heading, answers)
            ):
                self._off.add(id(heading))
                self._titled = heading
                heading.hide()
                result = self._paginate(width, room)
                break
        self._fitted_for = key
        return result

    def _moved_ids(self) -> set[int]:
        return {id(self._titled)} if self._titled is not None else set()

    def _question_kept(self, heading: QWidget, answers: Sequence[QWidget]) -> bool:
        """Whether the heading is on every page of its answers, with two on the first."""
        pages = [self.page_of(a) for a in answers if id(a) not in self._off]
        listed = sorted(p for p in pages if p is not None)
        if not listed:
            return True
        if any(id(heading) not in self._page_widgets[p] for p in set(listed)):
            return False
        return len(listed) < 2 or listed.count(listed[0]) >= 2

    def _apply(self, result: Pages) -> None:
        """Give each widget the shape the engine chose for it."""
        for one, choice in zip(self._measured, result.choices, strict=True):
            if isinstance(one.item, Block):
                self._set_shape(one.shown[0], choice.shape)
                if is_heading(one.shown[0]):
                    assert isinstance(one.shown[0], QLabel)
                    self._set_heading_line(one.shown[0])
            elif isinstance(one.item, Grid):
                cells = [w for row in one.arrangements[choice.shape] for w, _, _ in row]
                for widget, shape in zip(cells, choice.cells, strict=True):
                    self._set_shape(widget, shape)
            elif isinstance(one.item, Text):
                self._set_text_pieces(one, result)

    @staticmethod
    def _set_shape(widget: QWidget, shape: int) -> None:
        apply = getattr(widget, "set_layout_shape", None)
        if callable(apply):
            apply(shape)
        elif is_heading(widget) and (widget.property("compact") is True) != (shape == 1):
            widget.setProperty("compact", shape == 1)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _set_text_pieces(self, one: Measured, result: Pages) -> None:
        """A label for each part of the text the pages show, with that part's words."""
        entry = one.entry
        index = self._measured.index(one)
        parts = [line for lines in result.pages for line in lines if line.item == index]
        first = entry.widgets[0]
        assert isinstance(first, QLabel)
        while len(entry.widgets) < len(parts):
            more = self._text_label(entry.role)
            more.setAlignment(first.alignment())
            more.setObjectName(first.objectName())
            entry.widgets.append(more)
        compact = entry.role == "heading" and result.choices[index].shape == 1
        for widget, line in zip(entry.widgets, parts, strict=False):
            assert isinstance(widget, QLabel)
            words = "".join(one.pieces[line.start : line.end]).strip()
            if widget.text() != words:
                widget.setText(words)
            self._set_shape(widget, int(compact))
        one.shown = entry.widgets[: len(parts)]

    def _widgets_of(self, line: Line) -> list[QWidget]:
        one = self._measured[line.item]
        if isinstance(one.item, Block):
            return one.shown[:1]
        if isinstance(one.item, Grid):
            assert self._result is not None
            rows = one.arrangements[self._result.choices[line.item].shape]
            return [w for w, _, _ in rows[line.start]]
        if isinstance(one.item, Text):
            assert self._result is not None
            parts = [
                other for lines in self._result.pages for other in lines if other.item == line.item
            ]
            return [one.shown[parts.index(line)]]
        return []

    def _place(self) -> None:
        width, height = self.width(), self.height()
        gap = self._gap
        room = self._room()
        result = self._paginate_titling(width, room)
        paged = len(result.pages) > 1
        self._page = max(0, min(self._page, len(result.pages) - 1))
        lines = result.pages[self._page]
        avail = room.page if paged else height
        growing = [line for line in lines if line.grows]
        extra = max(0, avail - span(lines, gap))
        on_page: set[int] = set()
        y, placed_any = 0, False
        for line in lines:
            line_h = line.height
            if line.grows and growing:
                share = extra // len(growing)
                if line is growing[-1]:
                    share = extra - share * (len(growing) - 1)
                line_h += share
            if line.empty:
                y += line_h
                continue
            if placed_any:
                y += gap
            placed_any = True
            # A part higher than a page keeps to the page: nothing goes under the bar.
            line_h = max(0, min(line_h, avail - y))
            for widget, x, cell_w in self._cells_of(line, width):
                widget.setGeometry(x, y, cell_w, line_h)
                on_page.add(id(widget))
            y += line_h
        for widget in self._managed():
            wanted = id(widget) in on_page
            if widget.isHidden() == wanted:
                widget.setVisible(wanted)
        self._place_bar(paged, width, height)

    def _cells_of(self, line: Line, width: int) -> list[Cell]:
        one = self._measured[line.item]
        if isinstance(one.item, Grid):
            assert self._result is not None
            return one.arrangements[self._result.choices[line.item].shape][line.start]
        return [(widget, 0, width) for widget in self._widgets_of(line)]

    def _place_bar(self, paged: bool, width: int, height: int) -> None:
        bar_h = self._bar_height()
        top = height - bar_h
        previous, following = self.previous_button, self.next_button
        previous.setVisible(paged and self._page > 0)
        following.setVisible(paged and self._page < self.page_count - 1)
        self.page_label.setVisible(paged)
        if not paged:
            return
        left_w = max(min(previous.sizeHint().width(), width // 3), min_width(previous))
        right_w = max(min(following.sizeHint().width(), width // 3), min_width(following))
        previous.setGeometry(0, top, left_w, bar_h)
        following.setGeometry(width - right_w, top, right_w, bar_h)
        text = self.tr("%1 of %2").replace("%1", str(self._page + 1))
        text = text.replace("%2", str(self.page_count))
        label_w = width - 2 * max(left_w, right_w) - 2 * self._gap
        if self.page_label.fontMetrics().horizontalAdvance(text) + 2 > label_w:
            # A narrow pager (beside a picture, at large type): the numbers alone.
            text = f"{self._page + 1}/{self.page_count}"
        self.page_label.setText(text)
        self.page_label.setGeometry((width - label_w) // 2, top, label_w, bar_h)

    def _bar_height(self) -> int:
        return max(self.previous_button.sizeHint().height(), self.next_button.sizeHint().height())

    # -- Qt ---------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        # Everything on one page at its natural width: measured once until what the pager
        # shows changes (layouts ask again and again).
        if self._hint is None:
            self._hint = self._natural_size()
        return QSize(self._hint)

    def _natural_size(self) -> QSize:
        shown = [w for entry in self._entries for w in self._shown(entry)]
        widths = [w.sizeHint().width() for w in shown] or [0]
        width = max(max(widths), self._bar_min_width())
        for entry in self._entries:
            cells = self._shown(entry)
            if entry.kind == "grid" and cells:
                columns = min(entry.columns, len(cells))
                cell = max(w.sizeHint().width() for w in cells)
                width = max(width, columns * cell + (columns - 1) * self._gap)
        # Each entry at its own preferred height (a grid: its rows at the most columns): a
        # hint for the window's first size, not a layout, so the engine is not run for it.
        heights = []
        for entry in self._entries:
            cells = self._shown(entry)
            if not cells:
                continue
            tallest = max(w.sizeHint().height() for w in cells)
            rows = -(-len(cells) // max(1, entry.columns)) if entry.kind == "grid" else 1
            heights.append(rows * tallest + (rows - 1) * self._gap)
        return QSize(width, sum(heights) + self._gap * max(0, len(heights) - 1))

    def minimumSizeHint(self) -> QSize:
        shown = [w for entry in self._entries for w in self._shown(entry)]
        width = max([min_width(w) for w in shown] + [self._bar_min_width()])
        tallest = max([max(w.minimumSizeHint().height(), w.minimumHeight()) for w in shown] + [0])
        return QSize(width, tallest + self._gap + self._bar_height())

    def _bar_min_width(self) -> int:
        return min_width(self.previous_button) + min_width(self.next_button) + 2 * self._gap

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.relayout()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.relayout()  # the style sheet's fonts are known only once polished

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint = None
        if event.type() == QEvent.Type.LayoutRequest:
            self._hint = None
            self.relayout()  # a widget's size hint changed (new text, a new language)
            self.updateGeometry()
        return super().event(event)
