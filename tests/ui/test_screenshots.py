"""Every screen renders in both languages and themes, and none outgrows a 10-inch tablet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui.gallery import entries
from ui.screenshots import LANGUAGES, THEMES, render

# Screens that grow the window past 1280 x 800 on the tablet; the accessibility audit
# (tests/ui/test_accessibility_audit.py) marks them, with the numbers, as needing a redesign.
OUTGROW_THE_TABLET: set[str] = set()

# Renders every screen in every language and theme: part of the accessibility audit.
pytestmark = pytest.mark.slow


def test_every_screen_renders_and_fits_the_tablet(qapp, tmp_path: Path) -> None:
    written = render(tmp_path, dpi=149, size=(1280, 800))
    names = [e.name for e in entries()]
    expected = {f"{n}_{lang}_{theme}.png" for n in names for lang in LANGUAGES for theme in THEMES}
    assert sorted(p.name for p in written) == sorted(expected)
    # The names the docs link to stay as they were.
    for old in ("home", "meals_choice", "meals_portions", "confirm", "result", "orders"):
        assert f"{old}_zh_CN_light.png" in expected
    for old in ("sos_countdown", "sos_raised", "call_incoming"):
        assert f"{old}_en_US_dark.png" in expected
    too_big = set()
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), path.name
        # A window that grows past the screen hides its bottom row (Back and Home) for good.
        if (image.width(), image.height()) != (1280, 800):
            too_big.add(path.name.split("_zh_CN")[0].split("_en_US")[0])
    assert too_big == OUTGROW_THE_TABLET
