"""The order flow of one service: at most two choice screens, then the confirm screen; and
how the confirm and result screens fit their words to the pages of their Pager."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget

from app.catalog import Service
from ui.screen import Screen
from ui.widgets.pager import Pager
from ui.wording import clauses, sentences


def start_order(ctx, nav, service: Service) -> Screen:
    """The first screen of ordering ``service``."""
    return next_step(ctx, nav, service, {})


def next_step(ctx, nav, service: Service, picked: dict[str, str]) -> Screen:
    """The choice screen for the first unanswered question, or the confirm screen."""
    from ui.services.choice import ChoiceScreen
    from ui.services.confirm import ConfirmScreen

    for choice_list in service.choices:
        if choice_list.id not in picked:
            return ChoiceScreen(ctx, nav, service, choice_list, picked)
    return ConfirmScreen(ctx, nav, service, picked)


# -- fitting the order screens' texts to the pages of a Pager -------------------------------


def _sentences(text: str) -> list[list[str]]:
    """``text`` as its sentences, each as its clauses (put together, they give it back)."""
    return [clauses(sentence, exact=True) for sentence in sentences(text, exact=True)]


class _Text:
    """A text on the pager in as few labels as fit a page each; the rest are hidden."""

    def __init__(self, text: str, labels: list[QLabel]) -> None:
        self.sentences = _sentences(text)
        self.labels = labels
        self.shown = [True] + [False] * (len(labels) - 1)
        self.active = True  # False while the framed group it belongs to is shown


class PageFit(QObject):
    """Keeps a Pager's texts whole where they fit on a page, and breaks one that does not at
    its sentence ends (then its commas) into blocks that each go whole onto a page; a framed
    group gives way to its texts set plainly. Decided again whenever the pager's room or
    words change, so at ordinary sizes the screen looks as it always did."""

    def __init__(self, pager: Pager, screen: Screen) -> None:
        super().__init__(pager)
        self.pager = pager
        self._screen = screen
        self._texts: list[_Text] = []
        self._groups: list[tuple[QWidget, list[_Text]]] = []
        self._whole: dict[int, bool] = {}
        self._rows: list[list[QWidget]] = []
        self._probes: dict[tuple[str, bool], QLabel] = {}
        pager.installEventFilter(self)

    def add_text(self, text: str, role: str = "") -> QLabel:
        """``text`` as a block (or several); the label that holds it where it is whole."""
        count = sum(len(parts) for parts in _sentences(text))
        labels = [self._screen.label(text, role) for _ in range(max(1, count))]
        for label in labels:
            self.pager.add_block(label)
        for label in labels[1:]:
            self._show_label(label, False)
        self._texts.append(_Text(text, labels))
        return labels[0]

    def add_group(self, frame: QWidget, texts: list[tuple[str, str]]) -> None:
        """``frame`` as one block where it fits on a page, else its ``texts`` (text, role)."""
        self.pager.add_block(frame)
        self._whole[id(frame)] = True
        plain = []
        for text, role in texts:
            self.add_text(text, role)
            plain.append(self._texts[-1])
            plain[-1].active = False
            self._show_label(plain[-1].labels[0], False)
            plain[-1].shown[0] = False
        self._groups.append((frame, plain))

    def add_row(self, buttons: list[QWidget]) -> None:
        """Buttons side by side, as wide as their words ask, where their row fits on a page;
        else one above the other, each on one line where it can be."""
        self.pager.add_grid(buttons, len(buttons), stretch=False, natural=True)
        self._rows.append(list(buttons))

    def _show_label(self, label: QLabel, shown: bool) -> None:
        if not shown and label.property("role") == "heading":
            # A hidden heading at the body size: the pager's minimum height counts it too.
            # (Shown, the pager sizes it.)
            label.setProperty("compact", True)
            label.style().unpolish(label)
            label.style().polish(label)
        self.pager.set_shown(label, shown)

    # -- deciding ---------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.refit()
        return False

    def _room(self) -> int:
        """The height a page has for its lines when the pager shows its bar."""
        return self.pager.page_room()

    @staticmethod
    def _height(widget: QWidget, width: int) -> int:
        if widget.hasHeightForWidth():
            return widget.heightForWidth(width)
        return widget.minimumSizeHint().height()

    def refit(self) -> None:
        width, room = self.pager.width(), self._room()
        if width <= 0 or room <= 0:
            return
        for frame, texts in self._groups:
            whole = self._height(frame, width) <= room
            if self._whole[id(frame)] != whole:
                self._whole[id(frame)] = whole
                self.pager.set_shown(frame, whole)
                for text in texts:
                    text.active = not whole
        for text in self._texts:
            self._fit_text(text, width, room)
        for row in self._rows:
            self._fit_row(row, width, room)

    def _fits(self, text: str, like: QLabel, width: int, room: int) -> bool:
        """Whether ``text`` in a label like ``like`` is no taller than ``room``."""
        # The pager gives its headings the body size on a page that must be split.
        key = (str(like.property("role") or ""), like.property("compact") is True)
        probe = self._probes.get(key)
        if probe is None:
            probe = self._probes[key] = self._screen.label("", key[0])
            probe.setProperty("compact", key[1])
            probe.setParent(self.pager)
            probe.hide()
        probe.setText(text.strip())
        probe.ensurePolished()
        return probe.heightForWidth(width) <= room

    def _fit_text(self, text: _Text, width: int, room: int) -> None:
        blocks: list[str] = []
        if text.active:
            units: list[str] = []
            for clauses in text.sentences:
                sentence = "".join(clauses)
                fits = len(clauses) == 1 or self._fits(sentence, text.labels[0], width, room)
                units += [sentence] if fits else clauses
            for unit in units:
                if blocks and self._fits(blocks[-1] + unit, text.labels[0], width, room):
                    blocks[-1] += unit
                else:
                    blocks.append(unit)
        for index, label in enumerate(text.labels):
            shown = index < len(blocks)
            if shown and label.text() != blocks[index].strip():
                label.setText(blocks[index].strip())
            if text.shown[index] != shown:
                text.shown[index] = shown
                self._show_label(label, shown)

    def _fit_row(self, row: list[QWidget], width: int, room: int) -> None:
        gap = self.pager.gap
        hints = [button.sizeHint().width() for button in row]
        share = width - gap * (len(row) - 1)
        cells = [max(1, share * hint // max(1, sum(hints))) for hint in hints]
        tallest = max(self._height(b, cell) for b, cell in zip(row, cells, strict=True))
        stacked = sum(hints) > share and tallest > room
        for button, hint in zip(row, hints, strict=True):
            # The pager puts a cell on a line of its own where its minimum width does not
            # fit beside the others.
            least = min(hint, width) if stacked else button.minimumSizeHint().width()
            if button.minimumWidth() != least:
                button.setMinimumWidth(least)
