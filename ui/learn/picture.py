"""A lesson's picture: the step's SVG drawn as large as its room allows with its aspect kept,
the one thing to look at ringed in the theme's warning colours (a thick ring with a dark edge
on both sides, so it stands out on light and dark parts of the picture alike) and named by a
word beside it, and, in the practice screens, taps on it told in the picture's own
coordinates."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.tutorials import Rect
from ui.theme import BODY_PT, Theme

RING_MM = 1.6  # the ring's coloured band
EDGE_MM = 0.5  # the dark line on either side of it


class StepPicture(QWidget):
    """Draws one SVG picture; :meth:`set_highlight` rings a part of it."""

    sig_tapped = Signal(float, float)
    """A tap on the picture, in the picture's own (viewBox) coordinates."""

    sig_tapped_outside = Signal()
    """A tap on the widget beside the picture."""

    def __init__(self, theme: Theme, data: bytes, view_box: Rect, *, tag: str = "") -> None:
        super().__init__()
        self._theme = theme
        self._renderer = QSvgRenderer(QByteArray(data))
        self._view_box = view_box
        self._highlight: Rect | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(theme.mm(20), theme.mm(20))
        # The word beside the ring: colour never says it alone.
        self.tag = QLabel(tag, self)
        self.tag.setObjectName("highlight_word")
        palette = theme.palette
        border = max(2, theme.mm(EDGE_MM))
        self.tag.setStyleSheet(
            f"QLabel {{ background: {palette.warning}; color: {palette.on_warning};"
            f" border: {border}px solid {palette.on_warning}; border-radius: {theme.mm(1)}px;"
            f" padding: 0px {theme.mm(1)}px; font-size: {theme.pt(BODY_PT)}px;"
            " font-weight: bold; }"
        )
        self.tag.hide()

    @property
    def view_box(self) -> Rect:
        return self._view_box

    @property
    def valid(self) -> bool:
        return self._renderer.isValid()

    def set_highlight(self, rect: Rect | None) -> None:
        self._highlight = rect
        self._place_tag()
        self.update()

    def highlight(self) -> Rect | None:
        return self._highlight

    def sizeHint(self) -> QSize:
        height = self._theme.mm(80)
        return QSize(int(height * self._view_box.w / self._view_box.h), height)

    # -- geometry ---------------------------------------------------------------------------

    def tag_room(self) -> int:
        """The width the word takes beside the picture, with its gap."""
        if not self.tag.text():
            return 0
        self.tag.ensurePolished()
        return self.tag.sizeHint().width() + 2 * self._theme.mm(1)

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: as large as fits, aspect kept, at the left (room to
        its right is for the word), centred from top to bottom."""
        box = self._view_box
        scale = self.scale()
        w, h = box.w * scale, box.h * scale
        return QRectF(0, (self.height() - h) / 2, w, h)

    def scale(self) -> float:
        """Pixels per unit of the picture's viewBox."""
        box = self._view_box
        return max(0.0, min(self.width() / box.w, self.height() / box.h))

    def to_widget(self, rect: Rect) -> QRectF:
        """``rect`` (viewBox coordinates) in this widget's pixels."""
        origin = self.picture_rect().topLeft()
        scale = self.scale()
        box = self._view_box
        return QRectF(
            origin.x() + (rect.x - box.x) * scale,
            origin.y() + (rect.y - box.y) * scale,
            rect.w * scale,
            rect.h * scale,
        )

    def to_picture(self, point: QPointF) -> tuple[float, float] | None:
        """A point of this widget in viewBox coordinates, or None beside the picture."""
        drawn = self.picture_rect()
        if not drawn.contains(point) or self.scale() <= 0:
            return None
        scale = self.scale()
        box = self._view_box
        return (
            box.x + (point.x() - drawn.x()) / scale,
            box.y + (point.y() - drawn.y()) / scale,
        )

    def hits(self, target: Rect, x: float, y: float) -> bool:
        """Whether a tap at (``x``, ``y``) in viewBox coordinates is on ``target``, counting
        the target as at least a tap target's size on screen (12 mm): a small button of a
        phone picture is a small button at a kiosk too, and fingers are not smaller there."""
        scale = self.scale()
        if scale <= 0:
            return False
        least = self._theme.tap_px / scale  # the touch floor, in viewBox units
        grow_w = max(0.0, (least - target.w) / 2)
        grow_h = max(0.0, (least - target.h) / 2)
        grown = Rect(target.x - grow_w, target.y - grow_h, target.w + 2 * grow_w,
                     target.h + 2 * grow_h)  # fmt: skip
        return grown.contains_point(x, y)

    # -- drawing ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        drawn = self.picture_rect()
        self._renderer.render(painter, drawn)
        if self._view_box.w > self._view_box.h:
            # A picture of a screen like this one gets a frame, so it is not taken for part
            # of the page (phone pictures draw their own case).
            edge = max(2, self._theme.mm(EDGE_MM))
            painter.setPen(QPen(QColor(self._theme.palette.border), edge))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = edge / 2
            painter.drawRect(drawn.adjusted(half, half, -half, -half))
        if self._highlight is not None:
            self._draw_ring(painter, self.to_widget(self._highlight))
        painter.end()

    def _ring_rect(self, target: QRectF) -> QRectF:
        band = self._theme.mm(RING_MM)
        edge = max(2, self._theme.mm(EDGE_MM))
        out = band / 2 + edge
        ring = target.adjusted(-out, -out, out, out)
        # Inside the widget, so the whole ring is seen.
        reach = band / 2 + edge
        bounds = QRectF(self.rect()).adjusted(reach, reach, -reach, -reach)
        return ring.intersected(bounds) if bounds.isValid() else ring

    def _draw_ring(self, painter: QPainter, target: QRectF) -> None:
        palette = self._theme.palette
        band = self._theme.mm(RING_MM)
        edge = max(2, self._theme.mm(EDGE_MM))
        ring = self._ring_rect(target)
        radius = self._theme.mm(2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(palette.on_warning), band + 2 * edge))
        painter.drawRoundedRect(ring, radius, radius)
        painter.setPen(QPen(QColor(palette.warning), band))
        painter.drawRoundedRect(ring, radius, radius)

    def _place_tag(self) -> None:
        """The word goes beside the ring where the widget has room for it: right of it, else
        left, else below, else above. Where there is none, the ring goes without it (the
        step's sentence names the thing too)."""
        if self._highlight is None or not self.tag.text() or self.width() <= 0:
            self.tag.hide()
            return
        self.tag.ensurePolished()
        size = self.tag.sizeHint()
        ring = self._ring_rect(self.to_widget(self._highlight))
        gap = self._theme.mm(1)
        w, h = size.width(), size.height()
        middle_y = ring.center().y() - h / 2
        middle_x = ring.center().x() - w / 2
        drawn = self.picture_rect()
        spots = [
            # Beside the picture, or above or below it, where it covers nothing of it.
            (drawn.right() + gap, middle_y),
            # above or below the picture: the nearer to the ring first
            *sorted(
                [(middle_x, drawn.bottom() + gap), (middle_x, drawn.top() - gap - h)],
                key=lambda spot: abs(spot[1] + h / 2 - ring.center().y()),
            ),
            (ring.right() + gap + self._theme.mm(EDGE_MM), middle_y),
            (ring.left() - gap - w - self._theme.mm(EDGE_MM), middle_y),
            (middle_x, ring.bottom() + gap + self._theme.mm(EDGE_MM)),
            (middle_x, ring.top() - gap - h - self._theme.mm(EDGE_MM)),
        ]
        for x, y in spots:
            x = min(max(0.0, x), self.width() - w) if x >= 0 else x
            y = min(max(0.0, y), self.height() - h) if y >= 0 else y
            spot = QRectF(x, y, w, h)
            if QRectF(self.rect()).contains(spot) and not spot.intersects(ring):
                self.tag.setGeometry(spot.toRect())
                self.tag.show()
                return
        self.tag.hide()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_tag()

    # -- taps -------------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.to_picture(event.position())
        if point is None:
            self.sig_tapped_outside.emit()
        else:
            self.sig_tapped.emit(*point)
