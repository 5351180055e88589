"""The home screen: nine primary tiles, four entries, read aloud, features to come."""

from __future__ import annotations

import pytest

from tests.helpers.kiosk_fixtures import KioskFactory
from ui.home.screen import HomeScreen

# -- home screen ---------------------------------------------------------------------------------


def test_home_has_nine_primary_tiles_and_four_entries(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    home = kiosk.current()
    assert isinstance(home, HomeScreen)
    assert len(home.tiles) == 9
    assert list(home.tiles) == [s.id for s in kiosk.ctx.catalog.services]
    for tile in home.tiles.values():
        assert tile.property("primary") is True
        assert tile.isVisible()
    assert [t.name_label.text() for t in home.tiles.values()][:3] == ["助餐", "助洁", "助浴"]
    assert list(home.entries) == ["orders", "health", "learn", "call"]
    assert [b.text() for b in home.entries.values()] == ["我的订单", "健康", "学习", "视频通话"]
    assert kiosk.window.title_label.text() == "社区服务"
    # Home has neither Back nor Home.
    assert not kiosk.window.back_button.isVisible()
    assert not kiosk.window.home_button.isVisible()


@pytest.mark.parametrize("font_scale", [100, 150, 200])
@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_home_tiles_stay_primary_targets_at_every_font_scale(
    kiosk_factory: KioskFactory, font_scale: int, language: str
) -> None:
    """Every tile is a whole primary target with its whole name; where large type leaves no
    room for all nine, the others are a tap on "More" away, never off the screen."""
    kiosk = kiosk_factory(font_scale=font_scale, language=language)
    theme = kiosk.ctx.theme
    home = kiosk.current()
    kiosk.qtbot.waitExposed(kiosk.window)
    assert kiosk.window.size().height() <= 800  # the home screen fits and never scrolls
    seen: list[str] = []
    for page in range(home.pager.page_count):
        home.pager.show_page(page)
        shown = [t for t in home.tiles.values() if t.isVisible()]
        seen += [t.objectName() for t in shown]
        for tile in shown:
            assert theme.px_to_mm(tile.width()) >= 20, tile.objectName()
            assert theme.px_to_mm(tile.height()) >= 20, tile.objectName()
            assert tile.geometry().bottom() < home.pager.height()
            name = tile.name_label
            ink = name.fontMetrics().tightBoundingRect(name.text())
            assert name.height() >= ink.height(), f"{name.text()} is clipped"
            assert name.width() >= ink.width(), f"{name.text()} is clipped"
    assert sorted(seen) == sorted(t.objectName() for t in home.tiles.values())
    if font_scale == 100:
        assert home.pager.page_count == 1  # at ordinary sizes, all nine at once


def test_more_shows_the_next_part_of_a_crowded_screen(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(font_scale=200, language="en_US")
    home = kiosk.current()
    kiosk.qtbot.waitExposed(kiosk.window)
    pager = home.pager
    assert pager.page_count > 1
    assert pager.next_button.isVisible() and not pager.previous_button.isVisible()
    first = [t for t in home.tiles.values() if t.isVisible()]
    kiosk.tap(pager.next_button)
    assert pager.page == 1
    assert not any(t.isVisible() for t in first)
    assert pager.previous_button.isVisible()
    assert pager.page_label.text() == f"2 of {pager.page_count}"
    kiosk.tap(pager.previous_button)
    assert [t for t in home.tiles.values() if t.isVisible()] == first


@pytest.mark.parametrize(("entry", "title"), [("call", "视频通话")])
def test_entries_open_their_page_with_back_and_home(
    kiosk_factory: KioskFactory, entry: str, title: str
) -> None:
    from ui.call.contacts import ContactsScreen

    kiosk = kiosk_factory()
    window = kiosk.window
    kiosk.tap(kiosk.current().entries[entry])
    page = kiosk.current()
    assert isinstance(page, ContactsScreen)
    assert window.title_label.text() == title
    assert window.back_button.isVisible()
    assert window.home_button.isVisible()

    kiosk.tap(window.back_button)
    assert isinstance(kiosk.current(), HomeScreen)
    kiosk.tap(kiosk.current().entries[entry])
    kiosk.tap(window.home_button)
    assert isinstance(kiosk.current(), HomeScreen)


def test_read_aloud_says_the_title_of_the_screen(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    window = kiosk.window
    assert window.read_button.text() == "朗读"

    kiosk.tap(window.read_button)
    said = kiosk.wait_spoken("社区服务")
    assert "助餐" in said and "助法" in said

    kiosk.tap(kiosk.current().entries["call"])
    kiosk.tap(window.read_button)
    kiosk.wait_spoken("现在连不上服务中心")  # no center in this test: Video call says so

    kiosk.tap(window.home_button)
    kiosk.tap(kiosk.current().tiles["meals"])
    kiosk.tap(window.read_button)
    said = kiosk.wait_spoken("订哪一餐？")
    assert all(option in said for option in ("今天午餐", "今天晚餐", "明天午餐", "明天晚餐"))


def test_large_type_leaves_out_all_sent_but_keeps_news_under_the_title(
    kiosk_factory: KioskFactory,
) -> None:
    """At 200 % on the tablet the line under the title would push the footer off the screen
    on a flow screen; "all sent" is no news and gives way, news stays."""
    from sync.worker import SyncStatus

    kiosk = kiosk_factory(font_scale=200, language="en_US")
    window = kiosk.window
    kiosk.qtbot.waitExposed(window)
    kiosk.ctx.sync.report_status(SyncStatus(pending=0, failed=0, online=True))
    home = kiosk.current()
    home.pager.show_widget(home.tiles["meals"])  # the tiles come after the entries
    kiosk.tap(home.tiles["meals"])
    kiosk.qtbot.waitUntil(lambda: window.sync_label.text() == "All sent")
    assert not window.sync_label.isVisible()
    assert window.height() <= 800
    assert window.footer.geometry().bottom() < 800
    kiosk.ctx.sync.report_status(SyncStatus(pending=2, failed=0, online=True))
    kiosk.qtbot.waitUntil(window.sync_label.isVisible)
    assert "2" in window.sync_label.text()

    calm = kiosk_factory(language="en_US")  # ordinary type: all sent is said as before
    calm.ctx.sync.report_status(SyncStatus(pending=0, failed=0, online=True))
    calm.qtbot.waitUntil(calm.window.sync_label.isVisible)


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_my_orders_is_on_the_first_page_at_any_type_size(
    kiosk_factory: KioskFactory, language: str
) -> None:
    for font_scale in (100, 150, 200):
        kiosk = kiosk_factory(font_scale=font_scale, language=language)
        home = kiosk.current()
        kiosk.qtbot.waitExposed(kiosk.window)
        assert home.pager.page == 0
        assert home.entries["orders"].isVisible(), (language, font_scale)


@pytest.mark.parametrize(("language", "most"), [("zh_CN", 3), ("en_US", 4)])
def test_home_at_200_percent_on_the_tablet_takes_few_pages(
    kiosk_factory: KioskFactory, language: str, most: int
) -> None:
    kiosk = kiosk_factory(font_scale=200, language=language)
    kiosk.qtbot.waitExposed(kiosk.window)
    home = kiosk.current()
    assert 1 < home.pager.page_count <= most
    assert home.entries["orders"].isVisible()
