"""Pagination of a screen's body, as plain numbers: no Qt, no widgets.

A body is a list of items, each measured by the caller at the body's width: blocks (one or more
shapes, best first), grids of cells (arrangements best first: fewer columns come later), long
texts that may break between sentences, and stretches that take the room left over. The screen
declares what belongs together: a question with its answers, groups kept on one page (an action
with its cost, a name with its phone number) and groups that must stay on one page however
small it is, by shortening rather than splitting (the confirm screen).

:func:`paginate` returns the pages. It tries every level of shedding in order (descriptions,
then icons, then columns) and keeps the first that needs the fewest pages without breaking a
rule, so nothing moves to another page while shedding could have kept it, and nothing is shed
where everything fits as it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

# What a shape gives up, in the order a screen sheds before anything moves to another page.
from ui.layout.items import (
    COLUMNS,
    LEVELS,
    Block,
    Choice,
    Grid,
    Item,
    Line,
    Pages,
    Question,
    Room,
    Shape,
    Stretch,
    Text,
    Together,
)

# Beyond this many ways of shortening a one-page group, shorten one step at a time instead.
_MOST_COMBINATIONS = 4096


def lines_of(item: Item, index: int, choice: Choice, *, whole: bool = True) -> list[Line]:
    """The lines ``item`` takes in ``choice``; a text as one line (``whole``) or one per
    piece."""
    if choice.dropped:
        return []
    if isinstance(item, Stretch):
        return [Line(index, grows=True, empty=True)]
    if isinstance(item, Block):
        return [Line(index, 0, 1, item.shapes[choice.shape].height, grows=item.stretch)]
    if isinstance(item, Text):
        if whole:
            height = item.height(0, item.pieces, choice.shape)
            return [Line(index, 0, item.pieces, height)]
        return [
            Line(index, k, k + 1, item.height(k, k + 1, choice.shape)) for k in range(item.pieces)
        ]
    rows = item.arrangements[choice.shape].rows
    lines, cell = [], 0
    for number, row in enumerate(rows):
        height = 0
        for shapes in row:
            height = max(height, shapes[choice.cells[cell]].height)
            cell += 1
        lines.append(Line(index, number, number + 1, height, grows=item.stretch))
    return lines


def span(lines: Sequence[Line], gap: int) -> int:
    """The height of ``lines`` one under the other: stretches take no room and no gap."""
    solid = [line.height for line in lines if not line.empty]
    return sum(solid) + gap * max(0, len(solid) - 1)


def answers_in(item: Item, choice: Choice, line: Line) -> int:
    """How many answers a line of an answering item holds: a grid row's cells, else one."""
    if isinstance(item, Grid):
        return len(item.arrangements[choice.shape].rows[line.start])
    return 0 if line.empty else 1


def _lowest(shapes: tuple[Shape, ...], level: int) -> int:
    """The lowest shape shed no further than ``level`` (the first of equals)."""
    allowed = [i for i, shape in enumerate(shapes) if shape.level <= level] or [0]
    return min(allowed, key=lambda i: (shapes[i].height, i))


def _grid_choice(grid: Grid, arrangement: int, level: int) -> Choice:
    cells = tuple(
        _lowest(shapes, level) for row in grid.arrangements[arrangement].rows for shapes in row
    )
    return Choice(arrangement, cells)


# -- the search -----------------------------------------------------------------------------


def paginate(
    items: Sequence[Item],
    room: Room,
    *,
    questions: Sequence[Question] = (),
    together: Sequence[Together] = (),
) -> Pages:
    """The pages of ``items`` in ``room``, keeping the questions and groups whole."""
    items = list(items)
    _check(items, questions, together)
    best: tuple[tuple[int, ...], Pages] | None = None
    for level, choices, cost in _configurations(items, level_max=COLUMNS):
        pages = _lay_out(items, list(choices), level, room, questions, together)
        # Nothing cut off or drawn over comes first, then the rules, then the fewest pages.
        key = (pages.overflow, len(pages.broken), len(pages.pages), level, cost)
        if best is None or key < best[0]:
            best = (key, pages)
        if not pages.broken and len(pages.pages) == 1:
            break  # nothing shed beyond what one page needs
    assert best is not None
    return best[1]


def _check(items: list[Item], questions: Sequence[Question], together: Sequence[Together]) -> None:
    for question in questions:
        if not isinstance(items[question.heading], Block):
            raise ValueError(f"the heading of a question must be a block: {question}")
        expected = tuple(range(question.heading + 1, question.heading + 1 + len(question.answers)))
        if tuple(question.answers) != expected:
            raise ValueError(f"a question's answers must follow its heading: {question}")
    for group in together:
        if not group.items or group.first < 0 or group.last >= len(items):
            raise ValueError(f"a group names items that are not there: {group}")


def _configurations(items: list[Item], level_max: int) -> Iterator[tuple[int, tuple, int]]:
    """(level, a choice per item, how far the grids are from their first arrangement), least
    shed first."""
    for level in LEVELS:
        if level > level_max:
            break
        per_item: list[list[tuple[Choice, int]]] = []
        for item in items:
            if isinstance(item, Block):
                per_item.append([(Choice(_lowest(item.shapes, level)), 0)])
            elif isinstance(item, Grid):
                allowed = [i for i, a in enumerate(item.arrangements) if i == 0 or a.level <= level]
                per_item.append([(_grid_choice(item, i, level), i) for i in allowed])
            elif isinstance(item, Text):
                per_item.append([(Choice(_lowest(item.shapes(), level)), 0)])
            else:
                per_item.append([(Choice(), 0)])
        if _count(per_item) > 64:
            # Too many to try each: every grid in its first or its last arrangement.
            per_item = [[options[0], options[-1]][: len(options)] for options in per_item]
        if _count(per_item) > 64:
            per_item = [options[:1] for options in per_item]
        for combination in itertools.product(*per_item):
            yield level, tuple(c for c, _ in combination), sum(cost for _, cost in combination)


def _count(options: Sequence[Sequence[object]]) -> int:
    count = 1
    for found in options:
        count *= len(found)
    return count


class _Option(NamedTuple):
    """One way to show a member of a one-page group, measured."""

    choice: Choice
    steps: int  # how many shapes shorter than its best
    dropped: int
    height: int  # its lines one under the other
    lines: int  # how many of them take room


def _shorten(
    items: list[Item], group: Together, choices: list[Choice], level: int, target: int, gap: int
) -> bool:
    """Fit a one-page group into ``target``: optional items left out first, then shorter
    shapes, the earlier items shortened before the later. Whether it fits."""
    members = list(range(group.first, group.last + 1))
    options: list[list[_Option]] = []
    for index in members:
        item = items[index]
        if isinstance(item, Block):
            found = [Choice(step) for step in range(len(item.shapes))]
        elif isinstance(item, Grid):
            found = [_grid_choice(item, step, level) for step in range(len(item.arrangements))]
        elif isinstance(item, Text):
            found = [Choice(step) for step in range(len(item.forms))]
        else:
            found = [choices[index]]
        if getattr(item, "optional", False):
            found.append(Choice(dropped=True))
        measured = []
        for step, choice in enumerate(found):
            lines = [line for line in lines_of(item, index, choice) if not line.empty]
            dropped = int(choice.dropped)
            tall = span(lines, gap)
            measured.append(_Option(choice, 0 if dropped else step, dropped, tall, len(lines)))
        options.append(measured)

    def height(picked: Sequence[_Option]) -> int:
        shown = sum(1 for option in picked if option.lines)
        return sum(option.height for option in picked) + gap * max(0, shown - 1)

    if _count(options) > _MOST_COMBINATIONS:
        # Too many ways to try each: every item whole, at its shortest, or left out.
        options = [list(dict.fromkeys([found[0], *found[-2:]])) for found in options]
    best: tuple[tuple, tuple[_Option, ...]] | None = None
    for picked in itertools.product(*options):
        tall = height(picked)
        # The fewest shortened shapes, then the fewest items left out, the later items kept
        # whole before the earlier; where nothing fits, the lowest.
        key: tuple = (1, tall)
        if tall <= target:
            steps = tuple(option.steps for option in reversed(picked))
            key = (0, sum(steps), sum(option.dropped for option in picked), steps)
        if best is None or key < best[0]:
            best = (key, picked)
    assert best is not None
    for index, option in zip(members, best[1], strict=True):
        choices[index] = option.choice
    return height(best[1]) <= target


def _lay_out(
    items: list[Item],
    choices: list[Choice],
    level: int,
    room: Room,
    questions: Sequence[Question],
    together: Sequence[Together],
) -> Pages:
    broken: list[str] = []
    as_configured = list(choices)
    one_page = [group for group in together if group.one_page]
    for group in one_page:
        _shorten(items, group, choices, level, room.height, room.gap)
    whole = [line for i, item in enumerate(items) for line in lines_of(item, i, choices[i])]
    if span(whole, room.gap) <= room.height:
        return Pages((tuple(whole),), tuple(choices), level)
    together = list(together)
    for group in one_page:
        if not _shorten(items, group, choices, level, room.page, room.gap):
            # Even at its shortest it is higher than a page: split, rather than cut off.
            broken.append(f"one page: items {group.first}..{group.last} do not fit a page")
            together[together.index(group)] = Together(group.items)
            choices[group.first : group.last + 1] = as_configured[group.first : group.last + 1]
    # A question whose heading and an answer are higher than a page cannot be kept with its
    # answers: its heading is then a block like any other, rather than cut off.
    kept = []
    for question in questions:
        if question_fits(items, choices, question, room):
            kept.append(question)
        else:
            broken.append(f"question {question.heading}: it and an answer are higher than a page")
    pages = _Filler(items, choices, room, kept, together).fill()
    broken += _broken(items, choices, pages, room, kept, together)
    over = sum(max(0, span(lines, room.gap) - room.page) for lines in pages)
    return Pages(pages, tuple(choices), level, tuple(broken), over)


def question_fits(
    items: Sequence[Item], choices: Sequence[Choice], question: Question, room: Room
) -> bool:
    """Whether ``question``'s heading and each of its answer lines fit on a page together."""
    heading = lines_of(items[question.heading], question.heading, choices[question.heading])
    answers = [line for a in question.answers for line in lines_of(items[a], a, choices[a])]
    tallest = max([line.height for line in answers if not line.empty] + [0])
    return span(heading, room.gap) + room.gap + tallest <= room.page


def _broken(
    items: list[Item],
    choices: list[Choice],
    pages: tuple[tuple[Line, ...], ...],
    room: Room,
    questions: Sequence[Question],
    together: Sequence[Together],
) -> list[str]:
    found = []
    for number, lines in enumerate(pages):
        if span(lines, room.gap) > room.page:
            found.append(f"page {number + 1} is higher than a page")
    for question in questions:
        answered = [
            sum(
                answers_in(items[line.item], choices[line.item], line)
                for line in lines
                if line.item in question.answers
            )
            for lines in pages
        ]
        total = sum(answered)
        first = next((count for count in answered if count), 0)
        if first < min(2, total):
            found.append(f"question {question.heading} has one answer on its first page")
    for group in together:
        seen = {
            number
            for number, lines in enumerate(pages)
            for line in lines
            if group.first <= line.item <= group.last and not line.empty
        }
        members = [
            line
            for i in range(group.first, group.last + 1)
            for line in lines_of(items[i], i, choices[i])
        ]
        if len(seen) > 1 and span(members, room.gap) <= room.page:
            found.append(f"items {group.first}..{group.last} are split across pages")
    return found


class _Filler:
    """Fills pages line by line, looking ahead where a question or a group must not be cut."""

    def __init__(
        self,
        items: list[Item],
        choices: list[Choice],
        room: Room,
        questions: Sequence[Question],
        together: Sequence[Together],
    ) -> None:
        self.items, self.choices, self.room = items, choices, room
        self.gap = room.gap
        self.pages: list[list[Line]] = [[]]
        self.used = 0
        self.solid = 0  # lines on the page that a page may end after
        self.question_of: dict[int, Question] = {}
        self.heading_of: dict[int, Question] = {}
        for question in questions:
            self.heading_of[question.heading] = question
            for answer in question.answers:
                self.question_of[answer] = question
        self.group_at = {group.first: group for group in together}
        self.open: Question | None = None  # the question whose answers are being placed

    # -- the page -------------------------------------------------------------------------

    def _has_lines(self) -> bool:
        return any(not line.empty for line in self.pages[-1])

    def fits(self, height: int) -> bool:
        return self.used + (self.gap if self._has_lines() else 0) + height <= self.room.page

    def put(self, line: Line, *, solid: bool = True) -> None:
        if not line.empty:
            self.used += (self.gap if self._has_lines() else 0) + line.height
            if solid:
                self.solid += 1
        self.pages[-1].append(line)

    def new_page(self) -> None:
        self.pages.append([])
        self.used = self.solid = 0
        question = self.open
        if question is not None:
            heading = self.lines(question.heading)[0]
            self.put(Line(heading.item, height=heading.height, repeated=True), solid=False)

    def lines(self, index: int, *, whole: bool = True) -> list[Line]:
        return lines_of(self.items[index], index, self.choices[index], whole=whole)

    # -- filling --------------------------------------------------------------------------

    def fill(self) -> tuple[tuple[Line, ...], ...]:
        keep_until = -1  # the last item of a one-page group being placed
        for index, item in enumerate(self.items):
            question = self.question_of.get(index)
            if question is not self.open:
                self.open = None
            group = self.group_at.get(index)
            if group is not None:
                self._before_group(group)
                if group.one_page:
                    keep_until = group.last
            if index in self.heading_of:
                self._before_question(self.heading_of[index])
            if self.choices[index].dropped:
                pass
            elif isinstance(item, Text) and index > keep_until:
                self._put_text(index, item)
            else:
                for line in self.lines(index):
                    self._put(line, keep=index <= keep_until)
            if question is not None:
                self.open = question
            heading = self.heading_of.get(index)
            if heading is not None and any(self.lines(a) for a in heading.answers):
                self.open = heading
        return self._finish()

    def _put(self, line: Line, *, keep: bool = False) -> None:
        if not line.empty and not keep and self.solid and not self.fits(line.height):
            self.new_page()
        heading = line.item in self.heading_of and any(
            self.lines(a) for a in self.heading_of[line.item].answers
        )
        self.put(line, solid=not heading)

    def _put_text(self, index: int, text: Text) -> None:
        form = self.choices[index].shape
        start = 0
        while start < text.pieces:
            end = next(
                (
                    end
                    for end in range(text.pieces, start, -1)
                    if self.fits(text.height(start, end, form))
                ),
                None,
            )
            if end is None:
                if self.solid:
                    self.new_page()
                    continue
                end = start + 1  # a piece higher than a page goes alone
            self.put(Line(index, start, end, text.height(start, end, form)))
            start = end

    def _before_group(self, group: Together) -> None:
        lines = [line for i in range(group.first, group.last + 1) for line in self.lines(i)]
        need = span(lines, self.gap)
        fits_a_page = self._repeat_height(group.first) + need <= self.room.page
        if self.solid and not self.fits(need) and (group.one_page or fits_a_page):
            self.new_page()

    def _before_question(self, question: Question) -> None:
        heading = self.lines(question.heading)
        answers = [line for a in question.answers for line in self.lines(a)]
        total = sum(self._answers(line) for line in answers)
        wanted = min(2, total)
        need_lines, count = list(heading), 0
        for line in answers:
            if count >= wanted:
                break
            need_lines.append(line)
            count += self._answers(line)
        need = span(need_lines, self.gap)
        if self.solid and not self.fits(need):
            if need <= self.room.page:
                self.new_page()
                return
            first = [*heading, *answers[:1]]
            if not self.fits(span(first, self.gap)):
                self.new_page()

    def _answers(self, line: Line) -> int:
        return answers_in(self.items[line.item], self.choices[line.item], line)

    def _repeat_height(self, index: int) -> int:
        question = self.question_of.get(index)
        if question is None or question is not self.open:
            return 0
        return self.lines(question.heading)[0].height + self.gap

    def _finish(self) -> tuple[tuple[Line, ...], ...]:
        pages = [list(page) for page in self.pages]
        # A page of nothing but empty room joins the page before it.
        while len(pages) > 1 and not any(not line.empty for line in pages[-1]):
            last = pages.pop()
            pages[-1] += last
        while len(pages) > 1 and not any(not line.empty for line in pages[0]):
            first = pages.pop(0)
            pages[0] = first + pages[0]
        return tuple(tuple(page) for page in pages)
