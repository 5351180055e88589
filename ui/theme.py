"""The one place for sizes, fonts and colours, in physical units from ``shared/ELDER_UX.md``.

Sizes are given in millimetres and type in points, and converted with the screen's physical
DPI, so a 20 mm tile is 20 mm on a 102 DPI kiosk and on a 149 DPI tablet alike. Text sizes
follow the user's font scale (100-200 %); touch sizes do not shrink with it.

The font scale is not linear across sizes (:func:`grown_points`): body text grows by the
scale, and larger type (titles, labels of primary actions, vital numbers) grows by as many
points as body text does, not by the same factor. At 200 % body text doubles from 20 to 40 pt
and a title grows from 30 to 50 pt: still larger than the body, still above its floor, and no
longer so big that a question and its answers cannot share a tablet's screen. Android 14 scales
type to 200 % in the same spirit (large text grows less than small text).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from ui.palette import PALETTES, Palette

# Floors from ELDER_UX.md, with a margin so rounding to pixels never dips below them.
PRIMARY_TARGET_MM = 22.0  # floor 20 mm
TAP_TARGET_MM = 13.0  # floor 12 mm
GAP_MM = 4.0  # floor 3 mm
BODY_PT = 20.0  # floor 18 pt
STATUS_PT = 18.0  # the queue state under the title: body text at its floor
PRIMARY_LABEL_PT = 30.0  # floor 30 pt
TITLE_PT = 30.0  # floor 30 pt
VITAL_PT = 64.0  # floor 60 pt
PHONE_PT = 40.0  # phone numbers to dial in an emergency
LINE_SPACING = 1.35  # floor 1.3
ICON_MM = 12.0
CHIP_ICON_MM = 6.0

FONT_FAMILIES = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei"]
DEFAULT_DPI = 102.0  # the community kiosk reference screen


def grown_points(points: float, scale: float, body: float = BODY_PT) -> float:
    """Type of ``points`` at the font ``scale`` (1.0 to 2.0): up to ``body`` points it grows
    by the scale; above, by as many points as ``body`` grows."""
    if points <= body:
        return points * scale
    return points + body * (scale - 1)


def screen_dpi(configured: float = 0.0) -> float:
    """The configured DPI, else the primary screen's physical DPI, else the kiosk reference."""
    if configured > 0:
        return configured
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 0.0
    return dpi if 50 <= dpi <= 600 else DEFAULT_DPI


def cjk_family() -> str:
    """The first installed sans-serif family with full Chinese coverage."""
    installed = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in installed:
            return family
    for family in sorted(installed):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
            return family
    return FONT_FAMILIES[0]


class Theme(NamedTuple):
    """Sizes and colours for one screen, font scale and palette."""

    dpi: float
    font_scale: int
    palette: Palette
    family: str

    @classmethod
    def create(cls, *, theme: str, font_scale: int, dpi: float, family: str | None = None) -> Theme:
        return cls(dpi, font_scale, PALETTES[theme], family or cjk_family())

    def mm(self, millimetres: float) -> int:
        """Pixels for a physical length, rounded up so it is never smaller."""
        return int(-(-millimetres * self.dpi // 25.4))

    def pt(self, points: float, *, scaled: bool = True) -> int:
        """Pixel size of type of ``points`` physical points (1/72 inch), with the font scale."""
        if scaled:
            points = grown_points(points, self.font_scale / 100)
        return int(-(-points * self.dpi // 72))

    def px_to_mm(self, pixels: float) -> float:
        return pixels * 25.4 / self.dpi

    def px_to_pt(self, pixels: float) -> float:
        return pixels * 72 / self.dpi

    @property
    def families(self) -> list[str]:
        """The CJK family in use first, then the others that may stand in for it."""
        return list(dict.fromkeys([self.family, *FONT_FAMILIES]))

    def font(self, points: float = BODY_PT, *, bold: bool = False) -> QFont:
        font = QFont()
        font.setFamilies(self.families)
        font.setPixelSize(self.pt(points))
        font.setBold(bold)
        return font

    @property
    def primary_px(self) -> int:
        return self.mm(PRIMARY_TARGET_MM)

    @property
    def tap_px(self) -> int:
        return self.mm(TAP_TARGET_MM)

    @property
    def gap_px(self) -> int:
        return self.mm(GAP_MM)

    def stylesheet(self) -> str:
        """The application style sheet: colours, type sizes and minimum target sizes by role."""
        p = self.palette
        body, title, primary = self.pt(BODY_PT), self.pt(TITLE_PT), self.pt(PRIMARY_LABEL_PT)
        radius = self.mm(2)
        border = max(2, self.mm(0.6))
        pad = self.mm(1.5)
        # Qt style sheets apply min-height/min-width to the content box: take off padding
        # and border so the whole button is the target size, not more.
        frame = 2 * (pad + border)
        tap, target = self.tap_px - frame, self.primary_px - frame
        # Every widget draws in the CJK family: Latin and Chinese from one font, no
        # per-glyph fallback, and its 1.45 em line height keeps the 1.3 line spacing.
        families = ", ".join(f'"{family}"' for family in self.families)
        return f"""
QWidget {{ background: {p.background}; color: {p.text}; font-size: {body}px;
    font-family: {families}; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {title}px; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {primary}px; font-weight: bold; }}
QLabel[role="heading"][compact="true"] {{ font-size: {body}px; }}
QLabel[role="muted"] {{ color: {p.text_muted}; }}
QLabel[role="status"] {{ color: {p.text_muted}; font-size: {self.pt(STATUS_PT)}px; }}
QLabel[role="vital"] {{ font-size: {self.pt(VITAL_PT)}px; font-weight: bold; }}
QLabel[role="phone"] {{ font-size: {self.pt(PHONE_PT)}px; font-weight: bold; }}
QLabel[role="countdown"] {{ font-size: {self.pt(VITAL_PT)}px; font-weight: bold; }}
QFrame[role="panel"] {{ background: {p.surface}; border: {border}px solid {p.border};
    border-radius: {radius}px; }}
QFrame[role="warning"] {{ background: {p.warning}; color: {p.on_warning};
    border: {border}px solid {p.border}; border-radius: {radius}px; }}
QFrame[role="warning"] QLabel {{ color: {p.on_warning}; }}
QPushButton {{ background: {p.surface}; color: {p.text}; border: {border}px solid {p.border};
    border-radius: {radius}px; padding: {pad}px; min-height: {tap}px;
    min-width: {tap}px; font-size: {body}px; }}
QPushButton:focus {{ border-color: {p.focus}; }}
QPushButton:pressed, QPushButton[pressedLook="true"] {{ background: {p.pressed};
    color: {p.on_pressed}; }}
QPushButton:disabled {{ color: {p.text_muted}; border-style: dashed; }}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary};
    min-height: {target}px; min-width: {target}px;
    font-size: {primary}px; font-weight: bold; }}
QPushButton[role="primary"]:pressed {{ background: {p.pressed}; color: {p.on_pressed}; }}
QPushButton[role="choice"] {{ min-height: {target}px; min-width: {target}px;
    font-size: {primary}px; }}
QPushButton[role="stop"] {{ background: {p.surface}; color: {p.text};
    border: {3 * border}px solid {p.text}; min-height: {target}px; min-width: {target}px;
    font-size: {primary}px; font-weight: bold; }}
QPushButton[role="decline"] {{ background: {p.background}; color: {p.sos};
    border: {3 * border}px solid {p.sos}; min-height: {target}px; min-width: {target}px;
    font-size: {primary}px; font-weight: bold; }}
QPushButton[role="sos"] {{ background: {p.sos}; color: {p.on_sos}; font-weight: bold;
    min-height: {target}px; min-width: {target}px; font-size: {primary}px; }}
QPushButton[role="sos"]:disabled {{ color: {p.on_sos}; border-style: dashed; }}
QPushButton[role="sos"]:pressed {{ background: {p.pressed}; color: {p.on_pressed}; }}
QPushButton[role="tile"] {{ background: {p.surface}; text-align: left;
    min-height: {target}px; min-width: {target}px; }}
QLabel[role="tile_name"] {{ font-size: {primary}px; font-weight: bold; }}
QPushButton[role="tile"]:pressed, QPushButton[role="tile"][pressedLook="true"] {{
    background: {p.tile_pressed}; border-color: {p.focus}; }}
QPushButton[role="nav"] {{ min-height: {tap}px; font-size: {body}px; }}
QLabel[role="chip"] {{ border-radius: {radius}px; padding: {self.mm(1)}px; color: {p.on_chip};
    font-size: {body}px; }}
"""
