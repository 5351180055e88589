"""Measuring a rendered screen against ``shared/ELDER_UX.md``: sizes in millimetres and points
from the theme's DPI, contrast from the pixels of a grab, clipping from font metrics.

:func:`audit` walks every visible label and button of a shown window and returns one line per
broken rule, each naming the widget and the measured number against the floor.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QFontInfo, QFontMetrics, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from ui.layout.pager import Pager
from ui.palette import contrast_ratio
from ui.theme import Theme, grown_points

# The floors of ELDER_UX.md (not the theme's margins above them).
PRIMARY_MM = 20.0
TAP_MM = 12.0
GAP_MM = 3.0
BODY_PT = 18.0
PRIMARY_PT = 30.0  # labels on primary actions and screen titles
VITAL_PT = 60.0
LINE_SPACING = 1.3
TEXT_CONTRAST = 7.0
MAX_PRIMARY_CHOICES = 9
# Roles whose buttons are primary actions (service tile, confirm, SOS); choice buttons are
# primary where the screen marks them so (their "primary" property).
PRIMARY_ROLES = ("primary", "sos", "tile")
# A colour counts as the text's when it covers this share of the pixels that are not
# background (anti-aliased edges blend into many rare in-between colours).
INK_SHARE = 0.02


@dataclass(frozen=True)
class Reference:
    """A reference screen of ELDER_UX.md."""

    name: str
    size: tuple[int, int]
    dpi: float


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    name = widget.objectName() or type(widget).__name__
    return f"{name} “{text[:40]}”" if text else name


def window_rect(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())


def managed_widgets(layout: QLayout | None) -> set[int]:
    """Ids of the widgets a layout (and its nested layouts) places."""
    found: set[int] = set()
    if layout is None:
        return found
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is not None:
            found.add(id(item.widget()))
        elif item.layout() is not None:
            found |= managed_widgets(item.layout())
    return found


def overlays(root: QWidget) -> list[QWidget]:
    """Visible children of the window that lie over the page instead of in its layout."""
    placed = managed_widgets(root.layout())
    return [
        child
        for child in root.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if child.isVisible() and id(child) not in placed and not child.isWindow()
    ]


def is_inside(widget: QWidget, ancestor: QWidget) -> bool:
    parent: QWidget | None = widget
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parentWidget()
    return False


def gap_px(a: QRect, b: QRect) -> int:
    """Empty pixels between two rectangles (negative when they overlap)."""
    return max(
        b.x() - (a.x() + a.width()),
        a.x() - (b.x() + b.width()),
        b.y() - (a.y() + a.height()),
        a.y() - (b.y() + b.height()),
    )


def button_contents(button: QAbstractButton) -> QRect:
    """The part of a push button inside its border and padding, where the label is drawn."""
    if not isinstance(button, QPushButton):
        return button.contentsRect()
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)


def text_pixels_rect(label: QLabel) -> QRect:
    """Where a plain-text label draws its text."""
    flags = int(label.alignment().value)
    if label.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap.value)
    area = label.contentsRect()
    return label.fontMetrics().boundingRect(area, flags, label.text()).intersected(area)


def colours(image: QImage, rect: QRect) -> Counter[int]:
    """How many pixels of each colour (0xRRGGBB) lie in ``rect`` of an RGB32 image."""
    rect = rect.intersected(image.rect())
    if rect.isEmpty():
        return Counter()
    bits = image.constBits()
    stride = image.bytesPerLine()
    start, end = rect.x() * 4, (rect.x() + rect.width()) * 4
    rows = b"".join(
        bytes(bits[y * stride + start : y * stride + end])
        for y in range(rect.y(), rect.y() + rect.height())
    )
    pixels = array("I")
    pixels.frombytes(rows)
    return Counter(p & 0xFFFFFF for p in pixels)


def hex_colour(value: int) -> str:
    return f"#{value:06X}"


def measured_contrast(image: QImage, rect: QRect) -> tuple[float, str, str]:
    """(ratio, text colour, background): the most common colour is the background, the text
    is the colour furthest from it in contrast among those drawn in more than a trace."""
    counts = colours(image, rect)
    if not counts:
        return 0.0, "", ""
    background, _ = counts.most_common(1)[0]
    bg = hex_colour(background)
    ink = sum(n for c, n in counts.items() if c != background)
    best, best_colour = 1.0, bg
    for colour, count in counts.items():
        if colour == background or count < max(2, ink * INK_SHARE):
            continue
        ratio = contrast_ratio(hex_colour(colour), bg)
        if ratio > best:
            best, best_colour = ratio, hex_colour(colour)
    return best, best_colour, bg


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel) and widget.pixmap().isNull():
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    return ""


def role(widget: QWidget) -> str:
    return str(widget.property("role") or "")


def is_primary(button: QWidget) -> bool:
    return button.property("primary") is True or role(button) in PRIMARY_ROLES


def type_floor(widget: QWidget) -> tuple[float, str]:
    """The smallest type ELDER_UX.md allows for this text, and why."""
    if role(widget) == "vital":
        return VITAL_PT, "vital-sign number"
    if role(widget) == "title":
        return PRIMARY_PT, "screen title"
    if role(widget) == "tile_name" or (isinstance(widget, QAbstractButton) and is_primary(widget)):
        return PRIMARY_PT, "label of a primary action"
    return BODY_PT, "body text"


@dataclass
class Shown:
    """The widgets of a shown window that the elder can see and reach."""

    root: QWidget
    texts: list[QWidget]
    buttons: list[QAbstractButton]
    hidden_under_overlay: list[QWidget]


def visible_widgets(root: QWidget) -> Shown:
    over = overlays(root)
    texts: list[QWidget] = []
    buttons: list[QAbstractButton] = []
    hidden: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        rect = window_rect(widget, root)
        if any(rect.intersects(window_rect(o, root)) and not is_inside(widget, o) for o in over):
            hidden.append(widget)  # lies under a banner: not seen, not measured
            continue
        if isinstance(widget, QAbstractButton):
            buttons.append(widget)
        if text_of(widget):
            texts.append(widget)
    return Shown(root, texts, buttons, hidden)


def cut_off_by(widget: QWidget, root: QWidget) -> QWidget | None:
    """The nearest ancestor that ``widget`` sticks out of (and is clipped by), if any."""
    rect = window_rect(widget, root)
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if not window_rect(parent, root).contains(rect):
            return parent
        parent = parent.parentWidget()
    return None


def audit(
    root: QWidget,
    theme: Theme,
    reference: Reference,
    *,
    places: str,
    language: str,
    font_scale: int,
    page: QWidget | None,
) -> Iterator[str]:
    """Every broken rule of ELDER_UX.md on the shown window, one line each."""
    shown = visible_widgets(root)
    width, height = reference.size
    if root.width() > width or root.height() > height:
        yield (
            f"window: grew to {root.width()} x {root.height()} px, beyond the {width} x "
            f"{height} px screen (its minimum is {root.minimumSizeHint().width()} x "
            f"{root.minimumSizeHint().height()} px): the bottom row is off the screen"
        )
    image = root.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    screen_rect = QRect(0, 0, width, height)
    scale = font_scale / 100

    for widget in shown.texts:
        yield from _text_rules(widget, image, root, theme, scale, language)
    for widget in {id(w): w for w in [*shown.texts, *shown.buttons]}.values():
        rect = window_rect(widget, root)
        if not screen_rect.contains(rect):
            yield (
                f"{describe(widget)}: reaches {rect.x()}..{rect.right()} x "
                f"{rect.y()}..{rect.bottom()} px, beyond the {width} x {height} px screen"
            )
        limit = cut_off_by(widget, root)
        if limit is not None:
            yield f"{describe(widget)}: cut off by {describe(limit)}"

    enabled = [b for b in shown.buttons if b.isEnabled()]
    yield from _touch_rules(enabled, theme, root)
    yield from _accessible_name_rules(shown)
    primary = [b for b in enabled if is_primary(b) and (page is None or is_inside(b, page))]
    if len(primary) > MAX_PRIMARY_CHOICES:
        yield f"screen: {len(primary)} primary choices > {MAX_PRIMARY_CHOICES}"
    if places != "none":
        yield from _place_rules(root, places, reference)
    yield from _overlap_rules(shown)
    for pager in root.findChildren(Pager):
        if pager.isVisible():
            yield from _decision_rules(pager)


def _overlap_rules(shown: Shown) -> Iterator[str]:
    """Nothing is drawn over anything else: no two visible controls or texts overlap (one
    inside the other, as a tile's name in its tile, is one control)."""
    root = shown.root
    widgets = list({id(w): w for w in [*shown.texts, *shown.buttons]}.values())
    rects = [window_rect(w, root) for w in widgets]
    for index, a in enumerate(widgets):
        for other in range(index + 1, len(widgets)):
            b = widgets[other]
            if is_inside(a, b) or is_inside(b, a):
                continue
            common = rects[index].intersected(rects[other])
            if common.width() > 0 and common.height() > 0:
                yield (
                    f"{describe(a)} and {describe(b)}: drawn over each other "
                    f"({common.width()} x {common.height()} px in common)"
                )


def _decision_rules(pager: Pager) -> Iterator[str]:
    """Decisions stay whole (ELDER_UX.md, Screens), on the page of ``pager`` in view."""
    titled = pager.titled_heading()
    for heading, answers in pager.questions():
        shown = [a for a in answers if a.isVisible()]
        if heading is titled:
            # Moved up into the screen's title: at the top of every page, if the title says it.
            title = getattr(pager.window(), "title_label", None)
            if title is None or not title.isVisible() or title.text() != heading.text():
                yield f"{describe(heading)}: moved to the title, which does not show it"
        elif heading.isVisible() and not shown:
            yield f"{describe(heading)}: a question on a page without any of its answers"
        elif shown and not heading.isVisible():
            yield f"{describe(shown[0])}: an answer on a page without its question"
        listed = [a for a in answers if pager.page_of(a) is not None]
        first = min((pager.page_of(a) or 0 for a in listed), default=0)
        on_first = [a for a in listed if pager.page_of(a) == first]
        if pager.page == first and len(listed) >= 2 and len(on_first) < 2:
            yield (
                f"{describe(heading)}: the first page of its answers holds "
                f"{len(on_first)} of {len(listed)}"
            )
    if pager.page == 0:
        for group in pager.one_page_groups():
            pages = {pager.page_of(w) for w in group} - {None}
            if len(pages) > 1:
                names = ", ".join(describe(w) for w in group if pager.page_of(w) is not None)
                yield f"{names}: one decision on {len(pages)} pages, not one"
    for cost, actions in pager.costs():
        for action in actions:
            if action.isVisible() and not cost.isVisible():
                yield f"{describe(action)}: an action on a page without its cost ({describe(cost)})"


def _text_rules(
    widget: QWidget, image: QImage, root: QWidget, theme: Theme, scale: float, language: str
) -> Iterator[str]:
    name = describe(widget)
    text = text_of(widget)
    font = widget.font()
    info = QFontInfo(font)
    metrics = QFontMetrics(font)
    floor, why = type_floor(widget)
    points = theme.px_to_pt(info.pixelSize())
    # The floor grows with the font scale as the theme's type does (ui.theme.grown_points),
    # measured from the body text's floor.
    wanted = grown_points(floor, scale, body=BODY_PT)
    if points + 1e-6 < wanted:
        yield (
            f"{name}: type {points:.1f} pt < {wanted:g} pt ({why}: {floor:g} pt grown to "
            f"{scale:.0%})"
        )
    if isinstance(widget, QLabel) and widget.wordWrap():
        spacing = metrics.lineSpacing() / info.pixelSize()
        if spacing < LINE_SPACING:
            yield f"{name}: line spacing {spacing:.2f} < {LINE_SPACING}"
    # The language switch names English in English on purpose: someone who cannot read
    # Chinese must find it. So does a page nobody can sign in to, to choose their language
    # (out of service): its texts named "other_language" are the other language's.
    own_name = widget.objectName() == "language" and text == "English"
    own_name = own_name or widget.objectName() == "other_language"
    if language == "zh_CN" and re.search(r"[A-Za-z]{2,}", text) and not own_name:
        yield f"{name}: English words on a Chinese screen (untranslated)"

    if isinstance(widget, QLabel):
        area = widget.contentsRect()
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height():
                yield (
                    f"{name}: text clipped: needs {needed} px of height at its width of "
                    f"{widget.width()} px, has {widget.height()} px"
                )
            wrap = int(Qt.TextFlag.TextWordWrap.value)
            drawn = metrics.boundingRect(QRect(0, 0, area.width(), 100_000), wrap, text)
        else:
            drawn = metrics.boundingRect(QRect(0, 0, 100_000, 100_000), 0, text)
            yield from _ink_fits(name, text, metrics, area, widget.alignment())
        if drawn.width() > area.width():
            yield (
                f"{name}: text clipped: needs {drawn.width()} px of width, has {area.width()} px"
            )
        region = text_pixels_rect(widget)
    else:
        assert isinstance(widget, QAbstractButton)
        area = button_contents(widget)
        if widget.property("wraps") is True:
            yield from _wrapped_label_fits(name, widget, metrics, info, area)
            region = QRect(widget.mapTo(root, area.topLeft()), area.size())
            yield from _contrast_rule(name, image, region)
            return
        needed_w = metrics.horizontalAdvance(text)
        if not widget.icon().isNull():
            needed_w += widget.iconSize().width() + 4  # Qt's space between icon and text
        if needed_w > area.width():
            yield (
                f"{name}: label clipped: needs {needed_w} px of width (text, icon, spacing), "
                f"has {area.width()} px inside border and padding"
            )
        yield from _ink_fits(name, text, metrics, area, Qt.AlignmentFlag.AlignVCenter)
        region = area
    region = QRect(widget.mapTo(root, region.topLeft()), region.size())
    yield from _contrast_rule(name, image, region)


def _contrast_rule(name: str, image: QImage, region: QRect) -> Iterator[str]:
    ratio, ink, background = measured_contrast(image, region)
    if ratio < TEXT_CONTRAST:
        yield (
            f"{name}: contrast {ratio:.2f}:1 < {TEXT_CONTRAST:g}:1 (text {ink or '?'} on "
            f"{background or '?'}, measured in the grab)"
        )


def _wrapped_label_fits(
    name: str, button: QAbstractButton, metrics: QFontMetrics, info: QFontInfo, area: QRect
) -> Iterator[str]:
    """A button that wraps its words (ui.widgets.buttons.WrapButton): each line within the
    width, all the lines within the height, spaced as any wrapped text."""
    lines = button.lines(area.width())  # type: ignore[attr-defined]
    for line in lines:
        if metrics.horizontalAdvance(line) > area.width():
            yield (
                f"{name}: label clipped: “{line}” needs {metrics.horizontalAdvance(line)} px"
                f" of width, has {area.width()} px"
            )
    if len(lines) == 1:
        yield from _ink_fits(name, lines[0], metrics, area, Qt.AlignmentFlag.AlignVCenter)
        return
    # The lines are drawn a pitch apart (the theme's spacing, not the font's line box): from
    # the first line's ink to the last one's.
    pitch = button.line_pitch()  # type: ignore[attr-defined]
    spacing = pitch / info.pixelSize()
    if spacing < LINE_SPACING:
        yield f"{name}: line spacing {spacing:.2f} < {LINE_SPACING}"
    ink = metrics.tightBoundingRect("国")
    for line in lines:
        ink = ink.united(metrics.tightBoundingRect(line))
    needed = pitch * (len(lines) - 1) + ink.height()
    if needed > area.height():
        yield (
            f"{name}: label clipped: {len(lines)} lines need {needed} px of height, has "
            f"{area.height()} px inside border and padding"
        )


def _ink_fits(
    name: str, text: str, metrics: QFontMetrics, area: QRect, alignment: Qt.AlignmentFlag
) -> Iterator[str]:
    """One line of text, placed as Qt places it in ``area``: do its glyphs stay inside?

    The line box (ascent + descent) of a CJK font is about 1.45 em, far more than the ink;
    what is cut off is ink outside the area, so that is what is measured."""
    if "\n" in text:
        return
    if alignment & Qt.AlignmentFlag.AlignTop:
        top = 0.0
    elif alignment & Qt.AlignmentFlag.AlignBottom:
        top = float(area.height() - metrics.height())
    else:
        top = (area.height() - metrics.height()) / 2
    baseline = top + metrics.ascent()
    ink = metrics.tightBoundingRect(text)
    above, below = baseline + ink.top(), baseline + ink.bottom() + 1
    if above < 0 or below > area.height():
        yield (
            f"{name}: text clipped: its glyphs need {ink.height()} px of height, lie at "
            f"{above:.0f}..{below:.0f} px in the {area.height()} px it has"
        )


def _touch_rules(buttons: list[QAbstractButton], theme: Theme, root: QWidget) -> Iterator[str]:
    rects = {id(b): window_rect(b, root) for b in buttons}
    for button in buttons:
        floor = PRIMARY_MM if is_primary(button) else TAP_MM
        w, h = theme.px_to_mm(button.width()), theme.px_to_mm(button.height())
        if w < floor or h < floor:
            kind = "primary action" if floor == PRIMARY_MM else "tappable element"
            yield f"{describe(button)}: {w:.1f} x {h:.1f} mm < {floor:g} x {floor:g} mm ({kind})"
    for index, a in enumerate(buttons):
        for b in buttons[index + 1 :]:
            gap = theme.px_to_mm(gap_px(rects[id(a)], rects[id(b)]))
            if gap < GAP_MM:
                yield f"{describe(a)} and {describe(b)}: gap {gap:.1f} mm < {GAP_MM:g} mm"


def _accessible_name_rules(shown: Shown) -> Iterator[str]:
    for button in shown.buttons:
        face = QAccessible.queryAccessibleInterface(button)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        description = face.text(QAccessible.Text.Description) if face is not None else ""
        if not name.strip():
            yield f"{describe(button)}: no accessible name"
        elif button.text() and button.text() not in name:
            yield f"{describe(button)}: accessible name “{name}” does not say its label"
        if not description.strip():
            yield f"{describe(button)}: no accessible description"
    for label in shown.texts:
        if not isinstance(label, QLabel):
            continue
        face = QAccessible.queryAccessibleInterface(label)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        if name != label.text():
            yield f"{describe(label)}: a screen reader says “{name[:40]}”, not the text shown"


def _place_rules(root: QWidget, places: str, reference: Reference) -> Iterator[str]:
    width, height = reference.size

    def centre(widget: QWidget) -> QPoint:
        return window_rect(widget, root).center()

    fixed = {
        name: root.findChild(QWidget, name) for name in ("back", "home", "sos")
    }  # the window's fixed buttons, by object name
    sos = fixed["sos"]
    if sos is None or not sos.isVisible():
        yield "SOS: not on screen"
    elif not (centre(sos).x() > width * 2 / 3 and centre(sos).y() < height / 3):
        yield f"SOS: at {centre(sos).x()}, {centre(sos).y()} px, not top-right"
    for name in ("back", "home"):
        button = fixed[name]
        shown = button is not None and button.isVisible()
        if places == "home":
            if shown:
                yield f"{name}: shown on the home screen"
            continue
        if not shown or button is None:
            yield f"{name}: not on screen"
            continue
        x, y = centre(button).x(), centre(button).y()
        column = (0, width / 3) if name == "back" else (width / 3, width * 2 / 3)
        if not (column[0] <= x <= column[1] and y > height * 2 / 3):
            where = "bottom-left" if name == "back" else "bottom-centre"
            yield f"{name}: at {x}, {y} px, not {where}"
