"""The layout engine's records: what a screen's body is made of, measured (shapes, blocks,
grids, texts, stretches), what the screen declared (questions, groups kept together), the
room, and the pages :func:`ui.layout.paginate.paginate` returns. Plain numbers, no Qt."""

from __future__ import annotations

from typing import NamedTuple

FULL = 0
DESCRIPTION = 1
ICON = 2
COLUMNS = 3
LEVELS = (FULL, DESCRIPTION, ICON, COLUMNS)


class Shape(NamedTuple):
    """One way to show an item: its height, and what it has shed (a level above)."""

    height: int
    level: int = FULL


class Block(NamedTuple):
    """Something across the whole width, in one of its shapes (best first). An ``optional``
    block may be left out of a one-page group that must shorten."""

    shapes: tuple[Shape, ...]
    stretch: bool = False
    optional: bool = False

    @classmethod
    def of(cls, *heights: int, stretch: bool = False, optional: bool = False) -> Block:
        """A block whose shapes are all whole (none sheds anything)."""
        return cls(tuple(Shape(h) for h in heights), stretch=stretch, optional=optional)


class Arrangement(NamedTuple):
    """A grid's cells in rows: each row a tuple of cells, each cell its shapes (best first)."""

    rows: tuple[tuple[tuple[Shape, ...], ...], ...]
    level: int = FULL


class Grid(NamedTuple):
    """Cells in rows; its arrangements best first (the most columns), the later ones at the
    level of shedding columns."""

    arrangements: tuple[Arrangement, ...]
    stretch: bool = False


class Text(NamedTuple):
    """A text that may break between its pieces (sentences; a long sentence's clauses).
    ``runs[i][k]`` is the height of pieces ``i`` to ``i + k`` set as one block; ``smaller``,
    the same in smaller type (a heading at the body size), shed with the descriptions."""

    runs: tuple[tuple[int, ...], ...]
    optional: bool = False
    smaller: tuple[tuple[tuple[int, ...], ...], ...] = ()

    @property
    def pieces(self) -> int:
        return len(self.runs)

    @property
    def forms(self) -> tuple[tuple[tuple[int, ...], ...], ...]:
        return (self.runs, *self.smaller)

    def height(self, start: int, end: int, form: int = 0) -> int:
        return self.forms[form][start][end - start - 1]

    def shapes(self) -> tuple[Shape, ...]:
        """Each form whole, as the shapes of a block."""
        whole = [form[0][-1] for form in self.forms]
        return tuple(Shape(h, FULL if i == 0 else DESCRIPTION) for i, h in enumerate(whole))


class Stretch:
    """Empty room that takes what is left over on its page."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Stretch)

    def __hash__(self) -> int:
        return hash(Stretch)


Item = Block | Grid | Text | Stretch


class Question(NamedTuple):
    """A heading (a block) and the items right after it that answer it. The heading is shown on
    every page that holds any answer, and the first of those pages holds at least two answers
    where two fit on a page with it."""

    heading: int
    answers: tuple[int, ...]


class Together(NamedTuple):
    """Items kept on one page where they fit on one (every item from the first to the last
    named). ``one_page``: always on one page, shortened to fit: optional items are left out
    first, then items take their shorter shapes."""

    items: tuple[int, ...]
    one_page: bool = False

    @property
    def first(self) -> int:
        return min(self.items)

    @property
    def last(self) -> int:
        return max(self.items)


class Room(NamedTuple):
    """The body's height; what the Previous/More bar takes from each page when there are
    several (the bar and the gap above it); the gap between lines."""

    height: int
    bar: int = 0
    gap: int = 0

    @property
    def page(self) -> int:
        """The height a page of a body of several pages has for its lines."""
        return self.height - self.bar


class Choice(NamedTuple):
    """How an item is shown: a block's shape or a grid's arrangement, each cell's shape, and
    whether it is left out."""

    shape: int = 0
    cells: tuple[int, ...] = ()
    dropped: bool = False


class Line(NamedTuple):
    """One line of a page: a block, a row of a grid (``start``), pieces ``start`` to ``end``
    of a text, or a stretch (``empty``). ``grows``: it takes a share of the room left over on
    its page. ``repeated``: a question's heading again, on a later page."""

    item: int
    start: int = 0
    end: int = 1
    height: int = 0
    grows: bool = False
    empty: bool = False
    repeated: bool = False


class Pages(NamedTuple):
    """The pages, how each item is shown, the level of shedding, the rules the room could not
    allow (empty where all hold) and how far lines reach beyond their pages."""

    pages: tuple[tuple[Line, ...], ...]
    choices: tuple[Choice, ...]
    level: int
    broken: tuple[str, ...] = ()
    overflow: int = 0  # pixels of lines beyond their pages, added up

    def page_of(self, item: int) -> int | None:
        """The first page that shows ``item``."""
        for number, lines in enumerate(self.pages):
            if any(line.item == item for line in lines):
                return number
        return None


# -- measuring one item -----------------------------------------------------------------------
