"""The trend chart of one kind of reading over 7 or 30 days (QtCharts): each value a line, its
normal band shaded, every point in its level's colour with a dark outline, and the last value
written beside its point.

This is the only module of the kiosk that imports PySide6.QtCharts, and only the history
screen imports it, when it opens: charts cost start-up time a kiosk that never shows one
should not pay (ARCHITECTURE.md rule 4)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, QPointF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

from app.vitals import SavedReading
from ui.health.widgets import level_colour
from ui.health.words import main_figure
from ui.layout.items import ICON, Shape
from ui.theme import BODY_PT, Theme

STEPS = 3  # steps of the value axis: its labels are body-size type
CHART_TEXT_PT = 28.0
CHART_MM = 70.0  # its height where the page has room
SMALLEST_CHART_MM = 33.0
LARGEST_LEAST_MM = 48.0  # at most this, or a tablet at 200 % cannot hold the chart at all


def chart_values(kind: str) -> tuple[str, ...]:
    """The values drawn as lines for ``kind``."""
    return {
        "blood_pressure": ("systolic", "diastolic"),
        "pulse_oximetry": ("spo2",),
        "temperature": ("temperature_c",),
        "glucose": ("glucose_mmol_l",),
        "weight": ("weight_kg",),
        "heart_rate": ("pulse",),
    }.get(kind, ())


def chart_font(theme: Theme, *, bold: bool = False) -> QFont:
    """Body type for the chart's labels, grown with the font scale up to CHART_TEXT_PT: a
    chart on a tablet at 200 % would have room for its labels' lines and nothing else. The
    readings are said in full-size words beside it and in the list."""
    font = theme.font(BODY_PT, bold=bold)
    font.setPixelSize(min(font.pixelSize(), theme.pt(CHART_TEXT_PT, scaled=False)))
    return font


def _value_steps(low: float, high: float, steps: int = 3) -> tuple[float, float]:
    """The bottom of the value axis and its step: ``steps`` steps of a round size (1, 2,
    2.5, 4 or 5 times a power of ten) that hold ``low`` to ``high``, the smallest such."""
    span = max(high - low, 0.1)
    power = 10 ** math.floor(math.log10(span / steps))
    for scale in (1, 10, 100):
        for factor in (1, 2, 2.5, 4, 5):
            step = factor * power * scale
            bottom = math.floor(low / step) * step
            if bottom + steps * step >= high:
                return bottom, step
    return low, span / steps


def _ms(moment: datetime) -> float:
    return float(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toMSecsSinceEpoch())


class TrendChart(QChartView):
    """One kind's readings of the last ``days`` days, oldest on the left."""

    def __init__(
        self,
        theme: Theme,
        kind: str,
        readings: list[SavedReading],
        *,
        days: int,
        bands: dict[str, tuple[float, float] | None],
        now: datetime,
    ) -> None:
        chart = QChart()
        super().__init__(chart)
        self._theme = theme
        palette = theme.palette
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(f"background: {palette.background}; border: none;")
        chart.legend().hide()
        chart.setBackgroundBrush(QBrush(QColor(palette.background)))
        chart.setMargins(QMargins(theme.mm(1), theme.mm(1), theme.mm(4), theme.mm(1)))
        chart.setBackgroundRoundness(0)
        font = chart_font(theme)
        text = QColor(palette.text)

        start = now - timedelta(days=days)
        # Room right of the last point for its number.
        end = now + timedelta(days=days) * 0.12
        axis_x = QDateTimeAxis()
        axis_x.setFormat("M/d")
        large = theme.font_scale >= 150  # few labels then: each is body-size type
        axis_x.setTickCount(4 if large else 8 if days <= 7 else 6)
        axis_x.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_ms(start))),
            QDateTime.fromMSecsSinceEpoch(int(_ms(end))),
        )
        axis_y = QValueAxis()
        # Few labels, each body-size type; at large type only the bottom and the top.
        steps = 1 if large else STEPS
        axis_y.setTickCount(steps + 1)
        axis_y.setLabelFormat(
            "%d" if kind in ("blood_pressure", "pulse_oximetry", "heart_rate") else "%.1f"
        )
        for axis in (axis_x, axis_y):
            axis.setLabelsFont(font)
            axis.setLabelsColor(text)
            axis.setLinePenColor(text)
            axis.setGridLineColor(QColor(palette.border))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)

        names = chart_values(kind)
        shown = sorted(readings, key=lambda r: r.measured_at)
        seen: list[float] = []
        self.band_series: list[QAreaSeries] = []
        # An area does not own its edges: they live as long as the chart.
        self._band_edges: list[QLineSeries] = []
        band_colour = QColor(palette.chip_level_normal)
        for name in names:
            band = bands.get(name)
            if band is None:
                continue
            low, high = band
            upper, lower = QLineSeries(), QLineSeries()
            for moment in (start, end):
                upper.append(_ms(moment), high)
                lower.append(_ms(moment), low)
            self._band_edges += [upper, lower]
            area = QAreaSeries(upper, lower)
            area.setBrush(QBrush(band_colour))
            area.setPen(QPen(Qt.PenStyle.NoPen))
            self._add(chart, area, axis_x, axis_y)
            self.band_series.append(area)
            seen += [low, high]

        self.lines: dict[str, QLineSeries] = {}
        self.points: dict[str, QScatterSeries] = {}
        marker = float(theme.mm(3.5))
        outline = QPen(text)
        outline.setWidthF(max(1.5, theme.mm(0.4)))
        for name in names:
            line = QLineSeries()
            pen = QPen(text)
            pen.setWidthF(max(2.0, theme.mm(0.6)))
            line.setPen(pen)
            by_level: dict[str, QScatterSeries] = {}
            last: tuple[float, float] | None = None
            for reading in shown:
                value = reading.values.get(name)
                if value is None:
                    continue
                x = _ms(reading.measured_at)
                line.append(x, value)
                level = reading.level.value
                series = by_level.get(level)
                if series is None:
                    series = by_level[level] = QScatterSeries()
                    series.setMarkerSize(marker)
                    series.setColor(QColor(level_colour(theme, level)))
                    series.setPen(outline)
                series.append(x, value)
                last = (x, value)
                seen.append(value)
            self.lines[name] = line
            self._add(chart, line, axis_x, axis_y)
            for level, series in by_level.items():
                self.points[f"{name}:{level}"] = series
                self._add(chart, series, axis_x, axis_y)
            if last is not None and name == names[0]:
                # The last reading written above its (first value's) point, whole: the number
                # that matters most ("132/85", one label, not two that overlap).
                label = QScatterSeries()
                label.setMarkerSize(marker)
                label.setColor(Qt.GlobalColor.transparent)
                label.setBorderColor(Qt.GlobalColor.transparent)
                label.append(QPointF(*last))
                label.setPointLabelsVisible(True)
                label.setPointLabelsFont(chart_font(theme, bold=True))
                label.setPointLabelsColor(text)
                label.setPointLabelsClipping(False)
                label.setPointLabelsFormat(main_figure(kind, shown[-1].values))
                self.points[f"{name}:last"] = label
                self._add(chart, label, axis_x, axis_y)
        low, high = (min(seen), max(seen)) if seen else (0.0, 1.0)
        bottom, step = _value_steps(low, high, steps)
        axis_y.setRange(bottom, bottom + steps * step)
        self.axis_x, self.axis_y = axis_x, axis_y

    @staticmethod
    def _add(chart: QChart, series, axis_x, axis_y) -> None:
        chart.addSeries(series)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)

    # -- the layout engine's side -----------------------------------------------------------

    def _least_mm(self) -> float:
        """The chart's least height: larger type needs a higher chart for its labels (at
        200 % on a tablet, a page of its own rather than a strip under the buttons)."""
        return min(SMALLEST_CHART_MM * self._theme.font_scale / 100, LARGEST_LEAST_MM)

    def layout_shapes(self, width: int) -> list[Shape]:
        theme = self._theme
        least = self._least_mm()
        return [Shape(theme.mm(max(CHART_MM, least))), Shape(theme.mm(least), ICON)]

    def set_layout_shape(self, index: int) -> None:
        pass  # the pager gives it the height; the chart fills what it gets

    def sizeHint(self) -> QSize:
        return QSize(self._theme.mm(120), self._theme.mm(CHART_MM))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._theme.mm(60), self._theme.mm(self._least_mm()))
