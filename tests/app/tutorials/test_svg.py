"""Reading a picture's viewBox, however its four numbers are written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tutorials import Rect
from app.tutorials.svg import SvgProblem, check_svg, parse_view_box

coordinates = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
sizes = st.floats(min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False)
separators = st.sampled_from([" ", ",", ", ", "  ", "\t", " ,"])


@given(coordinates, coordinates, sizes, sizes, separators)
def test_any_view_box_reads_back_as_its_rectangle(
    x: float, y: float, w: float, h: float, separator: str
) -> None:
    text = separator.join(repr(v) for v in (x, y, w, h))

    assert parse_view_box(f" {text} ") == Rect(x, y, w, h)


@pytest.mark.parametrize("text", ["0 0 360", "0 0 360 640 1", "a b c d", "0 0 -1 5", ""])
def test_a_view_box_that_is_not_four_numbers_with_an_area_is_refused(text: str) -> None:
    with pytest.raises(SvgProblem):
        parse_view_box(text)


def test_a_picture_with_a_view_box_is_accepted() -> None:
    picture = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,640,400"/>'

    assert check_svg(picture) == Rect(0, 0, 640, 400)


def test_rectangles_hold_rectangles_and_taps_edges_included() -> None:
    screen = Rect(0, 0, 360, 640)

    assert screen.contains(Rect(0, 0, 360, 640))
    assert not screen.contains(Rect(10, 10, 360, 10))
    assert screen.contains_point(360, 640)
    assert not screen.contains_point(-0.5, 10)
