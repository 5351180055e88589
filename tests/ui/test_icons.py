"""The drawn-icon cache: the same pixels from the cache as from the SVG, and no trust in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import icons


@pytest.fixture
def cache(tmp_path: Path, qapp):
    icons.cache_in(tmp_path)
    icons.tinted_pixmap.cache_clear()
    yield tmp_path
    icons.cache_in(None)
    icons.tinted_pixmap.cache_clear()


def test_a_cached_icon_has_the_pixels_of_a_drawn_one(cache: Path):
    drawn = icons.tinted_pixmap("meals", 64, "#123456").toImage()
    [stored] = list(cache.glob("meals-64-123456-*.png"))
    icons.tinted_pixmap.cache_clear()
    loaded = icons.tinted_pixmap("meals", 64, "#123456").toImage()
    assert loaded.convertToFormat(drawn.format()) == drawn
    assert stored.exists()


def test_a_damaged_cache_file_is_drawn_again(cache: Path):
    drawn = icons.tinted_pixmap("home", 48, "#000000").toImage()
    [stored] = list(cache.glob("home-48-000000-*.png"))
    stored.write_bytes(b"not a png")
    icons.tinted_pixmap.cache_clear()
    again = icons.tinted_pixmap("home", 48, "#000000").toImage()
    assert again.convertToFormat(drawn.format()) == drawn


def test_an_unwritable_cache_folder_still_gives_icons(tmp_path: Path, qapp):
    blocker = tmp_path / "file"
    blocker.write_text("")
    icons.cache_in(blocker / "cache")  # a folder under a file cannot be made
    icons.tinted_pixmap.cache_clear()
    try:
        assert not icons.tinted_pixmap("sos", 32, "#ffffff").isNull()
    finally:
        icons.cache_in(None)
        icons.tinted_pixmap.cache_clear()
