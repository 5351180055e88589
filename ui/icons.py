"""SVG icons from ``assets/icons``, tinted with a theme colour and cached by size and colour."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.paths import ASSETS_DIR

ICONS_DIR = ASSETS_DIR / "icons"


@lru_cache(maxsize=256)
def tinted_pixmap(name: str, size_px: int, colour: str) -> QPixmap:
    """The icon ``name`` (file stem or .svg name) drawn at ``size_px`` in ``colour``."""
    stem = name.removesuffix(".svg")
    renderer = QSvgRenderer(str(ICONS_DIR / f"{stem}.svg"))
    image = QImage(size_px, size_px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    if renderer.isValid():
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, size_px, size_px))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), QColor(colour))
        painter.end()
    return QPixmap.fromImage(image)


def tinted_icon(name: str, size_px: int, colour: str) -> QIcon:
    return QIcon(tinted_pixmap(name, size_px, colour))
