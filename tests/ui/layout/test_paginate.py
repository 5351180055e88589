"""The pure pagination function (ui/layout/paginate.py): examples of each rule, then the rules
as properties over random bodies, rooms and declarations (hypothesis)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.layout.items import (
    COLUMNS,
    DESCRIPTION,
    FULL,
    ICON,
    Arrangement,
    Block,
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
from ui.layout.paginate import (
    answers_in,
    lines_of,
    paginate,
    question_fits,
    span,
)


def grid(cells: list[int], columns: int, *, level: int = FULL) -> Arrangement:
    """Cells of one shape each, in rows of ``columns``."""
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    return Arrangement(tuple(tuple((Shape(h),) for h in row) for row in rows), level)


def text(*pieces: int) -> Text:
    """A text whose runs are as high as their pieces one under the other."""
    return Text(
        tuple(
            tuple(sum(pieces[i : j + 1]) for j in range(i, len(pieces))) for i in range(len(pieces))
        )
    )


def solid(page: tuple[Line, ...]) -> list[Line]:
    return [line for line in page if not line.empty]


# -- examples --------------------------------------------------------------------------------


def test_what_fits_is_one_page_as_it_is() -> None:
    items: list[Item] = [
        Block((Shape(100), Shape(60, DESCRIPTION))),
        Stretch(),
        Grid((grid([80] * 4, 2), grid([50] * 4, 1, level=COLUMNS))),
    ]
    pages = paginate(items, Room(400, bar=100, gap=10))
    assert len(pages.pages) == 1 and pages.level == FULL
    assert pages.choices[0].shape == 0 and pages.choices[2].shape == 0


def test_descriptions_go_before_icons_and_icons_before_columns() -> None:
    tile = (Shape(120), Shape(90, DESCRIPTION), Shape(70, ICON))
    items: list[Item] = [Grid((Arrangement(((tile, tile), (tile, tile))),))]
    assert paginate(items, Room(190, bar=50, gap=10)).level == DESCRIPTION
    assert paginate(items, Room(150, bar=50, gap=10)).level == ICON
    # Where even the lowest cells need pages, a page turns between rows.
    low = paginate(items, Room(100, bar=20, gap=10))
    assert len(low.pages) == 2 and low.level == ICON


def test_the_question_is_on_every_page_of_its_answers_with_two_on_the_first() -> None:
    # "Which meal?" at 200 % on the tablet: the question at full size leaves no room for two
    # answers, so it takes its smaller shape and the answers one column.
    heading = Block((Shape(180), Shape(120, DESCRIPTION)))
    answers = Grid((grid([390] * 4, 2), grid([118] * 4, 1, level=COLUMNS)))
    room = Room(560, bar=134, gap=19)
    pages = paginate([heading, answers], room, questions=[Question(0, (1,))])
    assert not pages.broken
    assert pages.choices[0].shape == 1 and pages.choices[1].shape == 1
    for lines in pages.pages:
        assert lines[0].item == 0  # the question first on each page
        assert any(line.item == 1 for line in lines)
    assert sum(1 for line in pages.pages[0] if line.item == 1) >= 2
    assert [line.repeated for lines in pages.pages for line in lines if line.item == 0] == [
        False,
        *([True] * (len(pages.pages) - 1)),
    ]


def test_a_one_page_group_shortens_instead_of_splitting() -> None:
    intro = Block.of(60, optional=True)
    summary = Block((Shape(180), Shape(120, DESCRIPTION)))
    price = Block.of(150, 75)
    answers = Grid((grid([130, 130], 2), grid([130, 130], 1, level=COLUMNS)))
    items: list[Item] = [intro, summary, price, Stretch(), answers]
    group = Together((0, 1, 2, 3, 4), one_page=True)
    pages = paginate(items, Room(420, bar=130, gap=19), together=[group])
    assert len(pages.pages) == 1 and not pages.broken
    assert pages.choices[0].dropped  # the optional words go first
    assert not pages.choices[1].dropped and not pages.choices[2].dropped
    whole = [line for i, item in enumerate(items) for line in lines_of(item, i, pages.choices[i])]
    assert span(whole, 19) <= 420
    # Shortened no more than needed: with room to spare, all of it as it is.
    roomy = paginate(items, Room(900, bar=130, gap=19), together=[group])
    assert all(choice == choice.__class__() for choice in roomy.choices[:3])


def test_a_text_breaks_between_sentences_only_where_it_must() -> None:
    items: list[Item] = [Block.of(50), text(40, 40, 40, 40)]
    assert len(paginate(items, Room(300, bar=50, gap=10)).pages) == 1
    pages = paginate(items, Room(150, bar=30, gap=10))
    pieces = [(line.start, line.end) for lines in pages.pages for line in lines if line.item == 1]
    assert pieces[0][0] == 0 and pieces[-1][1] == 4
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))


def test_a_group_goes_whole_to_the_next_page() -> None:
    # A name with its phone number, after words that leave too little room for both.
    items: list[Item] = [Block.of(100), Block.of(50), Block.of(60), Block.of(60)]
    pages = paginate(items, Room(200, bar=40, gap=10), together=[Together((1, 2))])
    assert [[line.item for line in lines] for lines in pages.pages] == [[0], [1, 2], [3]]


def test_relations_must_name_items_in_order() -> None:
    with pytest.raises(ValueError):
        paginate([Block.of(10), Block.of(10)], Room(100), questions=[Question(1, (0,))])
    with pytest.raises(ValueError):
        paginate([Block.of(10)], Room(100), together=[Together((0, 3))])


# -- properties ------------------------------------------------------------------------------


@dataclass
class Body:
    items: list[Item]
    questions: list[Question]
    together: list[Together]
    room: Room


heights = st.integers(1, 400)


@st.composite
def shapes(draw: st.DrawFn) -> tuple[Shape, ...]:
    found = draw(
        st.lists(
            st.tuples(heights, st.sampled_from([FULL, DESCRIPTION, ICON])), min_size=1, max_size=3
        )
    )
    levels = sorted(level for _, level in found)
    return tuple(Shape(h, level) for (h, _), level in zip(found, levels, strict=True))


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    return Block(draw(shapes()), stretch=draw(st.booleans()), optional=draw(st.booleans()))


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    count = draw(st.integers(1, 7))
    columns = sorted(set(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))), reverse=True)
    arrangements = []
    for number, across in enumerate(columns):
        cells = [draw(shapes()) for _ in range(count)]
        rows = tuple(tuple(cells[i : i + across]) for i in range(0, count, across))
        arrangements.append(Arrangement(rows, FULL if number == 0 else COLUMNS))
    return Grid(tuple(arrangements), stretch=draw(st.booleans()))


@st.composite
def texts(draw: st.DrawFn) -> Text:
    pieces = draw(st.lists(st.integers(1, 200), min_size=1, max_size=5))

    def runs(heights: list[int]) -> tuple[tuple[int, ...], ...]:
        return tuple(
            tuple(sum(heights[i : j + 1]) for j in range(i, len(heights)))
            for i in range(len(heights))
        )

    smaller = (runs([max(1, h * 2 // 3) for h in pieces]),) if draw(st.booleans()) else ()
    return Text(runs(pieces), optional=draw(st.booleans()), smaller=smaller)


items_st = st.one_of(blocks(), grids(), texts(), st.just(Stretch()))


@st.composite
def bodies(draw: st.DrawFn) -> Body:
    items: list[Item] = []
    questions: list[Question] = []
    together: list[Together] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["item", "question", "group", "one_page"]))
        start = len(items)
        if kind == "item":
            items.append(draw(items_st))
        elif kind == "question":
            items.append(draw(blocks()))
            answers = draw(
                st.one_of(st.lists(blocks(), min_size=1, max_size=4), grids().map(lambda g: [g]))
            )
            items += answers
            questions.append(Question(start, tuple(range(start + 1, len(items)))))
        else:
            items += draw(st.lists(items_st, min_size=1, max_size=4))
            together.append(Together(tuple(range(start, len(items))), one_page=kind == "one_page"))
    height = draw(st.integers(60, 1500))
    bar = draw(st.integers(0, height // 3))
    return Body(items, questions, together, Room(height, bar=bar, gap=draw(st.integers(0, 30))))


def headings_with_answers(body: Body, pages: Pages) -> set[int]:
    """The headings kept with their answers (a page may end only after an answer)."""
    return {
        q.heading
        for q in body.questions
        if any(lines_of(body.items[a], a, pages.choices[a]) for a in q.answers)
        and (len(pages.pages) == 1 or question_fits(body.items, pages.choices, q, body.room))
    }


def split_said(pages: Pages, group: Together) -> bool:
    """Whether the engine said a one-page group is higher than a page even at its shortest."""
    return f"one page: items {group.first}..{group.last} do not fit a page" in pages.broken


def group_span(body: Body, pages: Pages, first: int, last: int) -> int:
    lines = [
        line
        for i in range(first, last + 1)
        for line in lines_of(body.items[i], i, pages.choices[i])
    ]
    return span(lines, body.room.gap)


def every_item_appears_once_and_in_order(body: Body, pages: Pages) -> None:
    assert pages.pages
    placed = [
        (line.item, line.start, line.end)
        for lines in pages.pages
        for line in lines
        if not line.repeated
    ]
    assert placed == sorted(placed)
    for index, item in enumerate(body.items):
        mine = [(start, end) for i, start, end in placed if i == index]
        choice = pages.choices[index]
        if choice.dropped:
            assert mine == []
            assert any(g.one_page and g.first <= index <= g.last for g in body.together)
            assert getattr(item, "optional", False)
        elif isinstance(item, Grid):
            rows = len(item.arrangements[choice.shape].rows)
            assert mine == [(row, row + 1) for row in range(rows)]
        elif isinstance(item, Text):
            assert mine[0][0] == 0 and mine[-1][1] == item.pieces
            assert all(a[1] == b[0] for a, b in itertools.pairwise(mine))
        else:
            assert mine == [(0, 1)]


def no_page_is_higher_than_the_room_but_for_one_unsplittable_part(body: Body, pages: Pages) -> None:
    limit = body.room.height if len(pages.pages) == 1 else body.room.page
    headings = headings_with_answers(body, pages)
    for lines in pages.pages:
        if span(lines, body.room.gap) <= limit:
            continue
        parts = [line for line in solid(lines) if line.item not in headings]
        one_group = [
            g
            for g in body.together
            if g.one_page and all(g.first <= line.item <= g.last for line in parts)
        ]
        assert len(parts) == 1 or one_group, lines


def groups_that_fit_a_page_are_never_split(body: Body, pages: Pages) -> None:
    limit = body.room.height if len(pages.pages) == 1 else body.room.page
    for group in body.together:
        on = {
            number
            for number, lines in enumerate(pages.pages)
            for line in solid(lines)
            if group.first <= line.item <= group.last
        }
        kept_whole = group.one_page and not split_said(pages, group)
        if kept_whole or group_span(body, pages, group.first, group.last) <= limit:
            assert len(on) <= 1, (group, pages.pages)


def a_question_is_on_each_page_of_its_answers_with_two_on_the_first(
    body: Body, pages: Pages
) -> None:
    gap = body.room.gap
    for question in body.questions:
        answer_lines = [
            line for a in question.answers for line in lines_of(body.items[a], a, pages.choices[a])
        ]
        if len(pages.pages) > 1 and not question_fits(
            body.items, pages.choices, question, body.room
        ):
            # The question and an answer are higher than a page: said so, never cut off.
            assert any(f"question {question.heading}:" in rule for rule in pages.broken)
            continue

        def answers(lines: Sequence[Line], question: Question = question) -> int:
            return sum(
                answers_in(body.items[line.item], pages.choices[line.item], line)
                for line in lines
                if line.item in question.answers
            )

        counts = []
        for lines in pages.pages:
            has_heading = any(line.item == question.heading for line in lines)
            counts.append(answers(lines))
            if counts[-1]:
                assert has_heading
            elif answer_lines:
                assert not has_heading, lines
        if sum(counts) < 2 or len(pages.pages) == 1:
            continue
        # Two answers fit on a page with the question: the first page of answers has two.
        heading = lines_of(
            body.items[question.heading], question.heading, pages.choices[question.heading]
        )
        need = list(heading)
        for line in answer_lines:
            if answers(need) >= 2:
                break
            need.append(line)
        if span(need, gap) <= body.room.page:
            assert next(c for c in counts if c) >= 2, pages.pages


@settings(max_examples=600, deadline=None)
@given(bodies())
def test_the_rules_hold_for_any_body_and_room(body: Body) -> None:
    pages = paginate(body.items, body.room, questions=body.questions, together=body.together)
    every_item_appears_once_and_in_order(body, pages)
    no_page_is_higher_than_the_room_but_for_one_unsplittable_part(body, pages)
    groups_that_fit_a_page_are_never_split(body, pages)
    a_question_is_on_each_page_of_its_answers_with_two_on_the_first(body, pages)
