"""The line under the title when this kiosk cannot save: said in plain words, before anything
about sending, never "all sent", and "staff have been told" only once the center heard it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from sync.worker import SyncStatus
from tests.helpers.kiosk_fixtures import KioskFactory
from ui.sync_status import NOT_ENROLLED, is_news, status_text

FULL_DISK = SyncStatus(pending=0, failed=0, online=True, storage_fault="disk_full")


@pytest.mark.parametrize(
    ("language", "unheard", "heard"),
    [
        (
            "en_US",
            "Nothing can be saved here. Please tell staff.",
            "Nothing can be saved here. The center was told.",
        ),
        (
            "zh_CN",
            "本机现在不能保存，请告诉工作人员。",
            "本机现在不能保存，已经通知社区中心。",
        ),
    ],
)
def test_the_header_says_the_kiosk_cannot_save_and_whether_staff_were_told(
    kiosk_factory: KioskFactory, language: str, unheard: str, heard: str
) -> None:
    kiosk = kiosk_factory(language=language)
    label = kiosk.window.sync_label
    kiosk.ctx.sync.report_status(FULL_DISK)
    kiosk.qtbot.waitUntil(lambda: label.text() == unheard)
    assert label.isVisible()
    assert label.accessibleName() == unheard

    kiosk.ctx.sync.report_status(
        SyncStatus(pending=0, failed=0, online=True, storage_fault="disk_full", fault_reported=True)
    )
    kiosk.qtbot.waitUntil(lambda: label.text() == heard)


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
@pytest.mark.parametrize("reported", [False, True])
def test_a_storage_fault_is_said_whole_where_large_type_crowds_the_header(
    kiosk_factory: KioskFactory, language: str, reported: bool
) -> None:
    """At 200 % on the tablet the line under the title has room for two lines: the words
    are short enough that none is lost."""
    kiosk = kiosk_factory(font_scale=200, language=language)
    window = kiosk.window
    kiosk.qtbot.waitExposed(window)
    kiosk.ctx.sync.report_status(
        SyncStatus(0, 0, online=True, storage_fault="disk_full", fault_reported=reported)
    )
    label = window.sync_label
    kiosk.qtbot.waitUntil(label.isVisible)
    kiosk.qtbot.wait(50)
    line = label.fontMetrics().lineSpacing()
    needed = round(label.heightForWidth(label.width()) / line)
    assert needed <= round(label.height() / line), (label.text(), needed, label.height())


def in_language(source: str) -> str:
    return QCoreApplication.translate("SyncStatus", source)


def test_a_storage_fault_comes_before_the_queue_and_the_network(qapp: object) -> None:
    offline_and_faulty = SyncStatus(
        pending=3, failed=1, online=False, offline_since=1.0e9, storage_fault="corrupt"
    )
    text = status_text(offline_and_faulty)
    assert text == in_language("Nothing can be saved here. Please tell staff.")
    assert is_news(FULL_DISK)
    assert not is_news(SyncStatus(pending=0, failed=0, online=True))


def test_a_kiosk_that_never_enrolled_says_it_is_not_connected(qapp: object) -> None:
    status = SyncStatus(pending=0, failed=0, online=False, refused=NOT_ENROLLED)
    assert status_text(status) == in_language("Not connected to the center. Please tell staff.")
    assert is_news(status)


def test_a_staff_message_with_markup_is_shown_as_typed(kiosk_factory: KioskFactory) -> None:
    from app.delivery import Changes

    kiosk = kiosk_factory(mode="home")
    text = '<b>Lunch</b> at <a href="http://x">noon</a> <img src="y">'
    kiosk.window._sync_changes(Changes(messages=[{"text": text, "resident_card": None}]))
    label = kiosk.window.sync_label
    assert text in label.text()
    assert label.textFormat() == Qt.TextFormat.PlainText
