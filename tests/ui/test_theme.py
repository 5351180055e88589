"""The theme against ELDER_UX.md: contrast, physical sizes, font scale, and Chinese glyphs."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QFontDatabase, QFontMetrics, QRawFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.catalog import load_catalog
from i18n import build
from ui.palette import PALETTES, Palette, contrast_ratio
from ui.theme import BODY_PT, PRIMARY_LABEL_PT, TITLE_PT, VITAL_PT, Theme, cjk_family, grown_points
from ui.widgets.buttons import BigButton, BigTile

REFERENCE_DPIS = (102.0, 149.0)

# Fonts and the font database need the QApplication that pytest-qt makes.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture(params=list(PALETTES), ids=list(PALETTES))
def palette(request: pytest.FixtureRequest) -> Palette:
    return PALETTES[request.param]


# -- contrast ------------------------------------------------------------------------------------


def test_contrast_arithmetic_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#777777") == contrast_ratio("#777777", "#FFFFFF")


def test_every_text_colour_reaches_7_to_1(palette: Palette) -> None:
    pairs = palette.text_pairs()
    chips = [name for name, _, _ in pairs if name.startswith("chip_")]
    # Seven order states and seven levels of a health reading.
    assert len(chips) == 14, "every status chip colour is checked"
    weak = {
        name: round(contrast_ratio(fg, bg), 2)
        for name, fg, bg in pairs
        if contrast_ratio(fg, bg) < 7.0
    }
    assert weak == {}


def test_every_control_colour_reaches_4_5_to_1(palette: Palette) -> None:
    weak = {
        name: round(contrast_ratio(fg, bg), 2)
        for name, fg, bg in palette.control_pairs()
        if contrast_ratio(fg, bg) < 4.5
    }
    assert weak == {}


def test_there_is_a_light_and_a_dark_theme() -> None:
    assert set(PALETTES) == {"light", "dark"}
    light, dark = PALETTES["light"], PALETTES["dark"]
    assert contrast_ratio(light.background, "#FFFFFF") < contrast_ratio(dark.background, "#FFFFFF")


# -- physical units ------------------------------------------------------------------------------


def make_theme(dpi: float, font_scale: int = 100, name: str = "light") -> Theme:
    return Theme.create(theme=name, font_scale=font_scale, dpi=dpi)


@pytest.mark.parametrize("dpi", REFERENCE_DPIS)
@pytest.mark.parametrize("millimetres", [3, 12, 20, 22, 30])
def test_mm_rounds_up_and_never_below_the_physical_length(dpi: float, millimetres: float) -> None:
    theme = make_theme(dpi)
    exact = millimetres * dpi / 25.4
    assert theme.mm(millimetres) == math.ceil(exact)
    assert theme.px_to_mm(theme.mm(millimetres)) >= millimetres


def test_known_sizes_at_the_reference_screens() -> None:
    kiosk, tablet = make_theme(102), make_theme(149)
    assert kiosk.mm(20) == 81  # 80.3 px
    assert kiosk.mm(20) >= 80.3
    assert tablet.mm(20) == 118  # 117.3 px
    assert kiosk.pt(18) == 26  # 25.5 px
    assert tablet.pt(30) == 63  # 62.1 px
    assert kiosk.px_to_mm(102) == pytest.approx(25.4)
    assert tablet.px_to_pt(149) == pytest.approx(72)


@pytest.mark.parametrize("dpi", REFERENCE_DPIS)
@pytest.mark.parametrize("points", [BODY_PT, TITLE_PT, PRIMARY_LABEL_PT, 18, 60])
def test_pt_is_never_smaller_than_the_physical_size(dpi: float, points: float) -> None:
    theme = make_theme(dpi)
    assert theme.pt(points) == math.ceil(points * dpi / 72)
    assert theme.px_to_pt(theme.pt(points)) >= points


@pytest.mark.parametrize("dpi", REFERENCE_DPIS)
def test_font_scale_200_doubles_body_type_but_not_touch_targets(dpi: float) -> None:
    normal, double = make_theme(dpi, 100), make_theme(dpi, 200)
    assert double.pt(BODY_PT) == math.ceil(2 * BODY_PT * dpi / 72)
    assert abs(double.pt(BODY_PT) - 2 * normal.pt(BODY_PT)) <= 1  # only rounding differs
    assert double.pt(BODY_PT, scaled=False) == normal.pt(BODY_PT)
    assert double.mm(20) == normal.mm(20)
    assert double.primary_px == normal.primary_px
    assert double.font(BODY_PT).pixelSize() == double.pt(BODY_PT)


@pytest.mark.parametrize("dpi", REFERENCE_DPIS)
@pytest.mark.parametrize("points", [TITLE_PT, PRIMARY_LABEL_PT, VITAL_PT])
def test_larger_type_grows_by_as_many_points_as_body_type(dpi: float, points: float) -> None:
    normal, double = make_theme(dpi, 100), make_theme(dpi, 200)
    grown = double.px_to_pt(double.pt(points)) - normal.px_to_pt(normal.pt(points))
    body = double.px_to_pt(double.pt(BODY_PT)) - normal.px_to_pt(normal.pt(BODY_PT))
    assert abs(grown - body) < 1.5  # only rounding to pixels differs
    assert double.pt(points) > double.pt(BODY_PT)  # still larger than body text
    assert double.pt(points) >= math.ceil((points + BODY_PT) * dpi / 72)


@given(
    st.floats(min_value=6, max_value=120),
    st.floats(min_value=1, max_value=2),
    st.floats(min_value=1, max_value=2),
)
def test_grown_type_keeps_its_order_and_never_shrinks(
    points: float, scale: float, other: float
) -> None:
    low, high = sorted((scale, other))
    assert grown_points(points, low) <= grown_points(points, high) + 1e-9
    assert grown_points(points, scale) >= points
    assert grown_points(points, scale) <= grown_points(points + 1, scale)


def test_theme_floors_match_elder_ux() -> None:
    for dpi in REFERENCE_DPIS:
        theme = make_theme(dpi)
        assert theme.px_to_mm(theme.primary_px) >= 20
        assert theme.px_to_mm(theme.tap_px) >= 12
        assert theme.px_to_mm(theme.gap_px) >= 3
    assert BODY_PT >= 18
    assert TITLE_PT >= 30 and PRIMARY_LABEL_PT >= 30


# -- rendered sizes under the style sheet --------------------------------------------------------


def rendered_buttons(qtbot: Any, theme: Theme) -> tuple[QWidget, dict[str, QWidget]]:
    page = QWidget()
    qtbot.add_widget(page)
    page.setStyleSheet(theme.stylesheet())
    layout = QVBoxLayout(page)
    buttons: dict[str, QWidget] = {
        "primary": BigButton("确认下单", theme, role="primary", icon="status_accepted"),
        "choice": BigButton("今天午餐", theme, role="choice"),
        "sos": BigButton("紧急求助", theme, role="sos", icon="sos"),
        "nav": BigButton("返回", theme, role="nav", icon="back"),
        "nav without icon": BigButton("下一页", theme, role="nav"),
        "plain": BigButton("1", theme),
    }
    for button in buttons.values():
        layout.addWidget(button)
    layout.addStretch(1)
    page.show()
    qtbot.waitExposed(page)
    return page, buttons


@pytest.mark.parametrize("dpi", REFERENCE_DPIS)
@pytest.mark.parametrize("font_scale", [100, 200])
def test_buttons_render_at_least_their_physical_floor(
    qtbot: Any, dpi: float, font_scale: int
) -> None:
    theme = make_theme(dpi, font_scale)
    _page, buttons = rendered_buttons(qtbot, theme)
    floors = {
        "primary": 20,
        "choice": 20,
        "sos": 20,
        "nav": 12,
        "nav without icon": 12,
        "plain": 12,
    }
    too_small = {
        name: (round(theme.px_to_mm(b.width()), 1), round(theme.px_to_mm(b.height()), 1))
        for name, b in buttons.items()
        if theme.px_to_mm(b.height()) < floors[name] or theme.px_to_mm(b.width()) < floors[name]
    }
    assert too_small == {}


@pytest.mark.parametrize("dpi", REFERENCE_DPIS)
def test_a_service_tile_keeps_the_primary_floor_under_the_style_sheet(
    qtbot: Any, dpi: float
) -> None:
    theme = make_theme(dpi)
    page = QWidget()
    qtbot.add_widget(page)
    page.setStyleSheet(theme.stylesheet())
    layout = QVBoxLayout(page)
    tile = BigTile("助餐", "送餐上门，或到长者食堂用餐", "meals", theme)
    layout.addWidget(tile)
    page.show()
    qtbot.waitExposed(page)
    page.resize(page.minimumSizeHint())  # squeezed as far as the layout allows
    qtbot.waitUntil(lambda: page.size() == page.minimumSizeHint())
    assert theme.px_to_mm(tile.minimumHeight()) >= 20
    assert theme.px_to_mm(tile.height()) >= 20
    assert theme.px_to_mm(tile.width()) >= 20


def test_service_tile_names_use_the_primary_label_size(qtbot: Any) -> None:
    theme = make_theme(149)
    page = QWidget()
    qtbot.add_widget(page)
    page.setStyleSheet(theme.stylesheet())
    layout = QVBoxLayout(page)
    tile = BigTile("助餐", "送餐上门，或到长者食堂用餐", "meals", theme)
    layout.addWidget(tile)
    page.resize(theme.mm(120), theme.mm(40))
    page.show()
    qtbot.waitExposed(page)
    assert theme.px_to_pt(tile.name_label.font().pixelSize()) >= PRIMARY_LABEL_PT


def test_primary_labels_use_the_primary_type_size(qtbot: Any) -> None:
    theme = make_theme(149)
    _page, buttons = rendered_buttons(qtbot, theme)
    assert buttons["primary"].font().pixelSize() == theme.pt(PRIMARY_LABEL_PT)
    assert buttons["nav"].font().pixelSize() == theme.pt(BODY_PT)
    assert theme.px_to_pt(buttons["nav"].font().pixelSize()) >= 18


# -- fonts and glyphs ----------------------------------------------------------------------------


def test_the_cjk_family_writes_simplified_chinese() -> None:
    family = cjk_family()
    assert family in QFontDatabase.families()
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def chinese_texts() -> list[str]:
    """Every zh translation the screens use, and every Chinese text of the catalog."""
    root = ET.parse(build.ts_file("zh_CN")).getroot()
    texts = []
    for message in root.iter("message"):
        translation = message.find("translation")
        assert translation is not None and translation.get("type") != "unfinished", ET.tostring(
            message, encoding="unicode"
        )
        texts.append(translation.text or "")
    catalog = load_catalog()
    for service in catalog.services:
        texts += [service.name.zh, service.description.zh]
        for choice_list in service.choices:
            texts.append(choice_list.title.zh)
            texts += [option.label.zh for option in choice_list.options]
    return texts


def test_translations_and_catalog_are_there_to_check() -> None:
    texts = chinese_texts()
    assert len(texts) > 100
    assert "确认下单" in texts and "助餐" in texts


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_every_chinese_character_has_a_glyph(qtbot: Any, bold: bool) -> None:
    theme = make_theme(149)
    font = theme.font(BODY_PT, bold=bold)
    raw = QRawFont.fromFont(font)
    metrics = QFontMetrics(font)
    assert raw.isValid()
    characters = sorted({c for text in chinese_texts() for c in text if not c.isspace()})
    # By code point: PySide's one-character str -> QChar overload misreports some characters.
    missing_in_font = [c for c in characters if not raw.supportsCharacter(ord(c))]
    missing_anywhere = [c for c in characters if not metrics.inFontUcs4(ord(c))]
    assert missing_in_font == [], f"{raw.familyName()} lacks {''.join(missing_in_font)}"
    assert missing_anywhere == []
