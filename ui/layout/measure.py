"""What the pager (ui/layout/pager.py) holds and how it measures it: the entries a screen
added, each as an item of the engine with its widgets, and the ways a grid's cells can go in
rows at a width."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from ui.layout.items import Item

Cell = tuple[QWidget, int, int]  # a widget, its x and its width
RowFits = Callable[[list[QWidget], int, "Entry", int, int], bool]


class Entry:
    """What the screen added: a block, a grid of cells, a long text or a stretch. (Plain
    classes here and below: made on the way to the first frame, where a dataclass's
    generated methods cost about 0.3 ms each to make.)"""

    __slots__ = ("columns", "kind", "natural", "optional", "role", "stretch", "text", "widgets")

    def __init__(
        self,
        kind: str,  # "block", "grid", "text" or "stretch"
        widgets: list[QWidget],  # a text's labels: the first holds it where it is whole
        columns: int = 0,
        stretch: bool = False,
        natural: bool = False,  # cells as wide as their words ask, in proportion
        optional: bool = False,
        text: str = "",
        role: str = "",
    ) -> None:
        self.kind = kind
        self.widgets = widgets
        self.columns = columns
        self.stretch = stretch
        self.natural = natural
        self.optional = optional
        self.text = text
        self.role = role

    def __repr__(self) -> str:
        return f"Entry({self.kind!r}, {len(self.widgets)} widgets)"


class Measured:
    """An entry as an item of the engine, and what it takes to place it."""

    __slots__ = ("arrangements", "entry", "item", "pieces", "shown")

    def __init__(
        self,
        entry: Entry,
        item: Item,
        shown: list[QWidget] | None = None,
        arrangements: list[list[list[Cell]]] | None = None,  # rows of cells
        pieces: list[str] | None = None,  # a text's sentences (or clauses)
    ) -> None:
        self.entry = entry
        self.item = item
        self.shown: list[QWidget] = [] if shown is None else shown
        self.arrangements: list[list[list[Cell]]] = [] if arrangements is None else arrangements
        self.pieces: list[str] = [] if pieces is None else pieces

    def __repr__(self) -> str:
        return f"Measured({self.entry!r}, {self.item!r})"


def min_width(widget: QWidget) -> int:
    return max(widget.minimumSizeHint().width(), widget.minimumWidth())


def natural_height(widget: QWidget, width: int) -> int:
    if widget.hasHeightForWidth():
        wanted = widget.heightForWidth(width)
    else:
        wanted = widget.minimumSizeHint().height()
    return max(wanted, widget.minimumHeight(), widget.minimumSizeHint().height())


def is_heading(widget: QWidget) -> bool:
    return isinstance(widget, QLabel) and widget.property("role") == "heading"


def arrangements(
    shown: list[QWidget], entry: Entry, width: int, gap: int
) -> list[list[list[Cell]]]:
    """The ways to put a grid's cells in rows, best first: the most columns whose words
    fit, then fewer; rows of as many cells as fit each where one long name would leave
    every row a single cell; and rows of as many as fit each on one line."""
    found: list[tuple[list[list[QWidget]], int]] = []  # rows, and their columns
    for columns in range(min(entry.columns, len(shown)), 0, -1):
        rows = [shown[start : start + columns] for start in range(0, len(shown), columns)]
        if columns == 1 or all(_row_fits(row, columns, entry, width, gap) for row in rows):
            found.append((rows, columns))
    for fits_row in (_row_fits, _row_fits_one_line):
        packed = _packed(shown, entry, width, gap, fits_row)
        if all(packed != rows for rows, _ in found):
            found.append((packed, 0))  # each row as many columns as it has cells
    found.sort(key=lambda option: (-max(len(row) for row in option[0]), len(option[0])))
    return [
        [cells(row, columns or len(row), entry, width, gap) for row in rows]
        for rows, columns in found
    ]


def _packed(
    shown: list[QWidget], entry: Entry, width: int, gap: int, fits_row: RowFits
) -> list[list[QWidget]]:
    """Rows of as many cells as ``fits_row`` lets stand side by side, in order."""
    packed: list[list[QWidget]] = [[]]
    for widget in shown:
        candidate = [*packed[-1], widget]
        fits = len(candidate) <= entry.columns and fits_row(
            candidate, len(candidate), entry, width, gap
        )
        if packed[-1] and not fits:
            packed.append([widget])
        else:
            packed[-1] = candidate
    return packed


def cells(row: list[QWidget], columns: int, entry: Entry, width: int, gap: int) -> list[Cell]:
    room = width - gap * (columns - 1)
    weights = [w.sizeHint().width() for w in row] if entry.natural else [1] * len(row)
    weights += [weights[-1]] * (columns - len(row))  # a short last row keeps the columns
    total = max(1, sum(weights))
    cells, x = [], 0
    for index, widget in enumerate(row):
        last = index == columns - 1
        cell_w = width - x if last else room * weights[index] // total
        cells.append((widget, x, cell_w))
        x += cell_w + gap
    return cells


def _row_fits(row: list[QWidget], columns: int, entry: Entry, width: int, gap: int) -> bool:
    return all(min_width(w) <= cw for w, _, cw in cells(row, columns, entry, width, gap))


def _row_fits_one_line(
    row: list[QWidget], columns: int, entry: Entry, width: int, gap: int
) -> bool:
    """Each cell's words on one line: short answers side by side ("Now", "Today") and the
    long ones a row each, where wrapping them all in columns makes rows higher than a page."""
    return all(w.sizeHint().width() <= cw for w, _, cw in cells(row, columns, entry, width, gap))
