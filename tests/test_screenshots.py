"""Every screen renders in both languages and themes, and none outgrows a 10-inch tablet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from ui.screenshots import render


def test_every_screen_renders_and_fits_the_tablet(qapp, tmp_path: Path) -> None:
    written = render(tmp_path, dpi=149, size=(1280, 800))
    assert len(written) == 9 * 2 * 2
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), path.name
        # A window that grows past the screen hides its bottom row (Back and Home) for good.
        assert (image.width(), image.height()) == (1280, 800), path.name
