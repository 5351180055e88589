"""Checking a lesson picture without drawing it: it must be a small SVG document with a
viewBox, because highlights are given in the viewBox's coordinates.

Pictures may come from staff or from the center, so anything an SVG does not need is
refused before parsing: document type declarations and entities (the way XML bombs and
reads of local files get in), and files too big for a hand-drawn mock-up.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from app.tutorials.model import Rect

# Hand-drawn mock-ups of a phone screen are a few kilobytes; 200 kB leaves room for detail
# while keeping a broken or hostile file from filling the kiosk's memory.
MAX_SVG_BYTES = 200_000
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_VIEW_BOX = re.compile(rf"^\s*({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})\s*$")


class SvgProblem(ValueError):
    """Why a file is not a usable lesson picture, in words staff can act on."""


def parse_view_box(value: str) -> Rect:
    """The rectangle of an SVG ``viewBox`` attribute ("min-x min-y width height")."""
    match = _VIEW_BOX.match(value)
    if match is None:
        raise SvgProblem(f"viewBox '{value}' is not four numbers")
    x, y, w, h = (float(group) for group in match.groups())
    if w <= 0 or h <= 0:
        raise SvgProblem(f"viewBox '{value}' has no area (width and height must be above 0)")
    return Rect(x, y, w, h)


def check_svg(data: bytes) -> Rect:
    """The viewBox of an SVG picture; raise :class:`SvgProblem` when it is not usable."""
    if len(data) > MAX_SVG_BYTES:
        raise SvgProblem(f"is {len(data)} bytes; a lesson picture may have {MAX_SVG_BYTES}")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise SvgProblem("declares a document type or entities, which lesson pictures may not")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise SvgProblem(f"is not a readable SVG file ({exc})") from exc
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise SvgProblem(f"is not an SVG picture (its root element is <{root.tag}>)")
    view_box = root.get("viewBox")
    if view_box is None:
        raise SvgProblem("has no viewBox, so a highlight cannot be placed on it")
    return parse_view_box(view_box)
