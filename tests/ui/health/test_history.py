"""The Health screen's choices and the history: charts of 7 and 30 days one tap apart with the
normal band, the list in words, no readings, one, many; the other language; and QtCharts
loaded only when a chart is shown, never at start-up."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCharts import QAreaSeries, QScatterSeries

from tests.helpers.health import seed_readings
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from ui.health.history import LIST, MONTH, WEEK, HistoryScreen, MyReadingsScreen
from ui.health.home import HealthHomeScreen
from ui.health.measuring import MeasuringScreen

REPO_ROOT = Path(__file__).resolve().parents[3]
MONTH_OF_PRESSURE = [
    {"systolic": s, "diastolic": d}
    for s, d in [(128, 82), (136, 86), (150, 95), (124, 78), (131, 84), (142, 90), (126, 80)]
]


def open_history(kiosk: Kiosk, kind: str) -> HistoryScreen:
    kiosk.window.open_feature("health")
    kiosk.tap(kiosk.wait_screen(HealthHomeScreen).entries["my_readings"])
    kiosk.tap(kiosk.wait_screen(MyReadingsScreen).buttons[kind])
    return kiosk.wait_screen(HistoryScreen)


def test_health_offers_each_device_and_the_latest_reading(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(config_changes={"vitals_device": "simulated"})
    seed_readings(kiosk, "blood_pressure", [{"systolic": 150, "diastolic": 95}])
    kiosk.window.open_feature("health")
    home = kiosk.wait_screen(HealthHomeScreen)
    assert list(home.tiles) == [
        "blood_pressure",
        "pulse_oximetry",
        "temperature",
        "glucose",
        "weight",
    ]
    assert list(home.entries) == ["type_in", "my_readings", "consent"]
    assert home.latest_words("blood_pressure") == "上次：150/95 毫米汞柱，高"
    assert home.latest_words("weight") == "还没有量过"
    kiosk.tap(home.tiles["blood_pressure"])
    screen = kiosk.wait_screen(MeasuringScreen)
    assert screen.kind == "blood_pressure"
    kiosk.tap(kiosk.window.back_button)  # stops the device before it starts measuring
    assert screen.finished


def test_without_a_device_health_offers_typing_only(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    kiosk.window.open_feature("health")
    home = kiosk.wait_screen(HealthHomeScreen)
    assert home.tiles == {} and list(home.entries) == ["type_in", "my_readings", "consent"]
    assert "本机没有健康仪器，您可以手动输入读数。" in kiosk.visible_texts()


def test_no_readings_say_so(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    screen = open_history(kiosk, "glucose")
    assert screen.chart is None
    assert "近7天没有血糖的记录。" in kiosk.visible_texts()
    kiosk.wait_spoken("近7天没有血糖的记录")


def test_one_reading_is_charted_with_its_number(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    seed_readings(kiosk, "temperature", [{"temperature_c": 36.8}])
    screen = open_history(kiosk, "temperature")
    chart = screen.chart
    assert chart is not None and chart.isVisible()
    last = chart.points["temperature_c:last"]  # type: ignore[attr-defined]
    assert [p.y() for p in last.points()] == [pytest.approx(36.8)]
    assert last.pointLabelsVisible()


def test_the_week_and_the_month_are_one_tap_apart(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    seed_readings(kiosk, "blood_pressure", MONTH_OF_PRESSURE, hours_apart=24 * 4)
    screen = open_history(kiosk, "blood_pressure")
    assert screen.view == WEEK
    week = screen.chart
    assert week is not None
    assert week.lines["systolic"].count() == 2  # type: ignore[attr-defined]
    # The normal bands of both values are shaded.
    bands = week.band_series  # type: ignore[attr-defined]
    assert len(bands) == 2 and all(isinstance(b, QAreaSeries) for b in bands)
    kiosk.tap(screen.view_buttons[MONTH])
    assert screen.view == MONTH
    month = screen.chart
    assert month is not None and month is not week
    assert month.lines["systolic"].count() == 7  # type: ignore[attr-defined]
    # Points take their level's colour: a high reading is not drawn as a normal one.
    levels = {
        key.split(":")[1]
        for key, series in month.points.items()  # type: ignore[attr-defined]
        if isinstance(series, QScatterSeries) and not key.endswith(":last")
    }
    assert {"high", "a_bit_high"} <= levels


def test_the_list_says_each_reading_in_words_newest_first(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory()
    seed_readings(kiosk, "blood_pressure", MONTH_OF_PRESSURE, hours_apart=24 * 4)
    screen = open_history(kiosk, "blood_pressure")
    kiosk.tap(screen.view_buttons[LIST])
    assert screen.chart is None
    texts = kiosk.visible_texts()
    assert "近30天有7次记录，最新的在前。单位：毫米汞柱。" in texts
    rows = [t for t in texts if t.endswith(("偏高", "高", "正常"))]
    assert rows and rows[0].endswith("  126/80  偏高")
    assert screen.pager is not None
    assert any(r.endswith("  150/95  高") for r in rows) or screen.pager.page_count > 1


def test_the_history_in_english(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")
    seed_readings(kiosk, "blood_pressure", MONTH_OF_PRESSURE[-1:])
    screen = open_history(kiosk, "blood_pressure")
    assert kiosk.window.title_label.text() == "Blood pressure"
    assert "The shaded band is your normal range." in kiosk.visible_texts()
    kiosk.tap(screen.view_buttons[LIST])
    assert any(t.endswith("  126/80  A bit high") for t in kiosk.visible_texts())


def test_switching_language_shows_health_in_the_other_language(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(config_changes={"vitals_device": "simulated"})
    kiosk.window.open_feature("health")
    assert "血压" in kiosk.visible_texts()
    kiosk.window.switch_language("en_US")
    kiosk.window.open_feature("health")
    texts = kiosk.visible_texts()
    assert "Blood pressure" in texts and "Type in a reading" in texts
    assert not any("血压" in t for t in texts)


@pytest.mark.slow  # a child process
def test_charts_load_only_when_a_chart_is_shown() -> None:
    script = textwrap.dedent(
        """
        import os, sys, tempfile
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        import ui.health
        from app import demo
        from app.catalog import load_catalog
        from app.config import Config
        from app.people import find_by_card
        from app.store import Store
        from ui.context import AppContext
        from ui.session import Session
        from ui.tasks import TaskRunner
        from ui.theme import Theme
        from ui.window import build_window
        from voice.tts import Speaker

        class Silent:
            def speak(self, utterance): pass
            def stop(self): pass

        store = Store(Path(tempfile.mkdtemp()) / "kiosk.sqlite3")
        demo.seed_demo(store)
        config = Config().with_changes(vitals_device="simulated")
        ctx = AppContext(config, store, load_catalog(),
                         Theme.create(theme="light", font_scale=100, dpi=149),
                         TaskRunner("t"), Speaker(Silent, language="zh_CN"),
                         Session("home", find_by_card(store, "10002")))
        window = build_window(ctx)
        window.show()
        app.processEvents()
        window.open_feature("health")
        app.processEvents()
        print("at start", "PySide6.QtCharts" in sys.modules)
        from ui.health.history import HistoryScreen
        window.push(HistoryScreen(ctx, window, "blood_pressure"))
        print("no readings", "PySide6.QtCharts" in sys.modules)
        window.shutdown()
        ctx.tasks.shutdown()
        ctx.speaker.close()
        store.close()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "at start False" in done.stdout, done.stdout + done.stderr[-2000:]
    # A history with nothing to chart does not load charts either.
    assert "no readings False" in done.stdout, done.stdout + done.stderr[-2000:]
