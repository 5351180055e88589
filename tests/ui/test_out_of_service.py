"""The out-of-service page: the numbers to phone first, what to do in both languages, and
"staff have been told" only after the center answered the terminal's report."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from ui import out_of_service
from ui.out_of_service import OutOfServiceWindow
from ui.tasks import TaskRunner
from ui.theme import Theme
from ui.translations import install_language

TABLET = (149.0, (1280, 800))
KIOSK = (102.0, (1920, 1080))


@pytest.fixture
def page(qtbot: Any) -> Callable[..., OutOfServiceWindow]:
    def make(
        language: str = "zh_CN",
        screen: tuple[float, tuple[int, int]] = TABLET,
        font_scale: int = 100,
        center_name: str = "社区养老服务中心",
    ) -> OutOfServiceWindow:
        install_language(language)
        dpi, size = screen
        theme = Theme.create(theme="light", font_scale=font_scale, dpi=dpi)
        window = OutOfServiceWindow(theme, "010-6512-3456", "120", center_name=center_name)
        qtbot.add_widget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    install_language("zh_CN")


@pytest.fixture
def runner(qtbot: Any) -> TaskRunner:
    made = TaskRunner("test-health")
    yield made
    made.shutdown()


def shown_texts(window: OutOfServiceWindow) -> list[str]:
    """The words on every page, in order."""
    texts = []
    for page in range(window.pager.page_count):
        window.pager.show_page(page)
        for widget in window.pager.findChildren(object):
            if getattr(widget, "isVisible", None) and widget.isVisible():
                text = getattr(widget, "text", None)
                if callable(text) and widget.parent() is window.pager and text():
                    texts.append(text())
    window.pager.show_page(0)
    return texts


@pytest.mark.parametrize("font_scale", [100, 200])
@pytest.mark.parametrize("screen", [TABLET, KIOSK], ids=["tablet", "kiosk"])
@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_the_numbers_come_first_and_on_the_first_page(
    page: Callable[..., OutOfServiceWindow], language: str, screen: Any, font_scale: int
) -> None:
    window = page(language, screen, font_scale)
    assert window.pager.page == 0
    for line in window.phone_lines:
        assert line.isVisible(), (language, font_scale)
    center, emergency = (line.text() for line in window.phone_lines)
    assert "010-6512-3456" in center and emergency.endswith("120")
    # Nothing is cut off or wider than the screen, whatever the type size.
    assert window.width() <= screen[1][0]


def test_a_chinese_terminal_says_it_in_chinese_and_then_in_english(
    page: Callable[..., OutOfServiceWindow],
) -> None:
    window = page("zh_CN", KIOSK)
    assert window.pager.page_count == 1
    assert [line.text() for line in window.phone_lines] == [
        "社区养老服务中心：010-6512-3456",
        "急救电话：120",
    ]
    texts = shown_texts(window)
    assert texts[:3] == [
        "社区养老服务中心：010-6512-3456",
        "急救电话：120",
        "这台机器暂时不能使用。",
    ]
    chinese = texts.index(
        "在这里操作的内容都不能保存。需要订服务或找人帮忙，请打电话给社区中心，或请工作人员帮忙。"
    )
    english = next(i for i, t in enumerate(texts) if t.startswith("Nothing you do here"))
    assert chinese < english
    # The English reader gets the numbers in the English words.
    assert "010-6512-3456" in texts[english] and "120" in texts[english]
    assert "请打电话告诉社区中心：这台机器坏了。" in texts
    assert "Please tell the center that this terminal is not working." in texts
    assert not any("told" in t or "已经知道" in t for t in texts)


def test_an_english_terminal_says_it_in_english_first(
    page: Callable[..., OutOfServiceWindow],
) -> None:
    window = page("en_US", KIOSK)
    texts = shown_texts(window)
    assert texts[2] == "This terminal cannot be used right now."
    # A Chinese name is no English label: the English words stay.
    assert window.phone_lines[0].text() == "Community center: 010-6512-3456"
    english = next(i for i, t in enumerate(texts) if t.startswith("Nothing you do here"))
    chinese = next(i for i, t in enumerate(texts) if t.startswith("在这里操作"))
    assert english < chinese
    assert "010-6512-3456" in texts[chinese]


def test_staff_are_said_to_know_only_once_the_center_answered(
    page: Callable[..., OutOfServiceWindow], runner: TaskRunner, qtbot: Any
) -> None:
    window = page("en_US", KIOSK)
    answer = threading.Event()

    def send() -> bool:
        assert answer.wait(10)
        return True

    window.tell_center(send, runner)
    qtbot.wait(100)
    assert not window.staff_told
    assert "Please tell the center" in window.spoken_text()

    answer.set()
    qtbot.waitUntil(lambda: window.staff_told)
    texts = shown_texts(window)
    assert "The center's staff have been told that this terminal is not working." in texts
    assert "社区中心的工作人员已经知道这台机器坏了。" in texts
    assert not any(t.startswith("Please tell the center") for t in texts)
    assert "have been told" in window.spoken_text()


def test_an_unreachable_center_is_tried_again_and_never_claimed(
    page: Callable[..., OutOfServiceWindow],
    runner: TaskRunner,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(out_of_service, "RETRY_FIRST_S", 0.05)
    window = page("zh_CN", TABLET)
    window._retry_s = 0.05  # type: ignore[assignment]  # as made with the short first wait
    tries: list[int] = []

    def send() -> bool:
        tries.append(1)
        if len(tries) < 3:
            raise ConnectionError("the center does not answer")
        return True

    window.tell_center(send, runner)
    qtbot.waitUntil(lambda: window.staff_told, timeout=5000)
    assert len(tries) == 3


def test_a_center_that_can_never_be_told_leaves_the_page_asking_to_phone(
    page: Callable[..., OutOfServiceWindow], runner: TaskRunner, qtbot: Any
) -> None:
    window = page("zh_CN", TABLET)
    tries: list[int] = []

    def send() -> bool:
        tries.append(1)
        return False  # not enrolled, or refused

    window.tell_center(send, runner)
    qtbot.waitUntil(lambda: bool(tries))
    qtbot.wait(200)
    assert tries == [1]
    assert not window.staff_told
    assert "请打电话告诉社区中心：这台机器坏了。" in shown_texts(window)
