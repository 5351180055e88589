"""The resident's readings of one kind: a 7-day and a 30-day trend chart one tap apart, and the
same readings as a list of words (for those who prefer words, and for the screen reader).

The chart module (and with it PySide6.QtCharts) is imported only when a chart is shown."""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QWidget

from app.clock import utc_now
from app.store import StoreError
from app.vitals import SavedReading, history, judge, targets_for
from ui.health.words import (
    KINDS,
    kind_name,
    level_word,
    main_figure,
    main_unit,
    reading_words,
    when_words,
)
from ui.layout.pager import Pager
from ui.question import QuestionTitle
from ui.screen import Screen
from ui.widgets.buttons import WrapButton
from ui.wording import join_items, join_sentences

log = logging.getLogger(__name__)
WEEK, MONTH, LIST = "week", "month", "list"
DAYS = {WEEK: 7, MONTH: 30, LIST: 30}


def reading_line(reading: SavedReading, language: str) -> str:
    """One reading in words: "6月11日 09:30: 150/95 毫米汞柱，脉搏 72 次/分，偏高"."""
    moment = QDateTime.fromSecsSinceEpoch(int(reading.measured_at.timestamp()))
    words = join_items(
        [reading_words(reading.kind, reading.values), level_word(reading.level.value, language)]
    )
    return f"{when_words(moment)}: {words}"


def list_line(reading: SavedReading, language: str) -> str:
    """One reading on one short line of the list: "12/4 09:30  150/95  偏高" (the unit is
    said once above the list): at large type a line each, not a page each."""
    moment = QDateTime.fromSecsSinceEpoch(int(reading.measured_at.timestamp()))
    when = QLocale().toString(moment.toLocalTime(), "M/d HH:mm")
    figure = main_figure(reading.kind, reading.values)
    return f"{when}  {figure}  {level_word(reading.level.value, language)}"


class HistoryScreen(Screen):
    """Readings of ``kind``: chart of 7 days, of 30 days, or the list."""

    def __init__(self, ctx, nav, kind: str, view: str = WEEK) -> None:
        self.kind = kind
        super().__init__(ctx, nav)
        self.view = ""
        self.readings: list[SavedReading] = []
        self.failed = False
        self.pager: Pager | None = None
        self.chart: QWidget | None = None
        self.summary = ""
        self.show_view(view)

    def title(self) -> str:
        # The kind alone: a longer title crowds the header of a tablet in English.
        return kind_name(self.kind)

    def _load(self, days: int) -> list[SavedReading]:
        resident = self.ctx.session.resident
        if resident is None:
            return []
        since = utc_now() - timedelta(days=days)
        try:
            found = history(self.ctx.store, resident, self.kind, since=since)
        except StoreError:
            log.warning("the readings could not be read", exc_info=True)
            self.failed = True
            return []
        self.failed = False
        return sorted(found, key=lambda r: r.measured_at)

    def show_view(self, view: str) -> None:
        """Show the 7-day chart, the 30-day chart or the list."""
        self.view = view
        self.readings = self._load(DAYS[view])
        self._build()

    def _build(self) -> None:
        theme, language = self.ctx.theme, self.ctx.language
        if self.pager is not None:
            self.body.removeWidget(self.pager)
            self.pager.hide()
            self.pager.deleteLater()
        pager = Pager(theme)
        self.view_buttons: dict[str, WrapButton] = {}
        for view, label, description in (
            (WEEK, self.tr("7 days"), self.tr("Show a chart of the last 7 days")),
            (MONTH, self.tr("30 days"), self.tr("Show a chart of the last 30 days")),
            (LIST, self.tr("List"), self.tr("Show the readings as a list of words")),
        ):
            shown = view == self.view
            # Tappable, not primary: the chart below is what the screen is for. The view
            # shown looks pressed, and its name says so to a screen reader.
            button = WrapButton(
                label,
                theme,
                role="",
                description=description + (self.tr(" (shown now)") if shown else ""),
            )
            button.setProperty("pressedLook", shown)
            button.setObjectName(f"view_{view}")
            button.clicked.connect(lambda _=False, v=view: self.show_view(v))
            self.view_buttons[view] = button
        pager.add_grid(list(self.view_buttons.values()), 3, stretch=False)
        self.chart = None
        if self.failed:
            self.summary = self.tr("Your readings could not be read just now. Please try again.")
            pager.add_text(self.summary, "heading")
        elif not self.readings:
            self.summary = (
                self.tr("No readings of %1 in the last %2 days.")
                .replace("%1", kind_name(self.kind))
                .replace("%2", str(DAYS[self.view]))
            )
            pager.add_text(self.summary, "heading")
        elif self.view == LIST:
            self.summary = join_sentences(
                [
                    self.tr("%1 readings in the last %2 days, newest first.")
                    .replace("%1", str(len(self.readings)))
                    .replace("%2", str(DAYS[self.view])),
                    self.tr("In %1.").replace("%1", main_unit(self.kind)),
                ]
            )
            pager.add_text(self.summary)
            self.rows = [pager.add_text(list_line(r, language)) for r in reversed(self.readings)]
        else:
            from ui.health.chart import TrendChart  # QtCharts loads here, not at start-up

            chart = self.chart = TrendChart(
                theme,
                self.kind,
                self.readings,
                days=DAYS[self.view],
                bands=self._bands(),
                now=utc_now(),
            )
            last = self.readings[-1]
            band = self.tr("The shaded band is your normal range.")
            # Said and given to the screen reader in full; on screen the chart's own label
            # shows the last value, so the chart keeps the room.
            self.summary = join_sentences(
                [band, self.tr("Last: %1.").replace("%1", reading_line(last, language))]
            )
            chart.setAccessibleName(
                self.tr("Chart of the last %1 days").replace("%1", str(DAYS[self.view]))
            )
            chart.setAccessibleDescription(self.summary)
            pager.add_block(chart, stretch=True)
            pager.add_text(band)
        self.pager = pager
        self.body.addWidget(pager, 1)
        if self.isVisible():
            pager.show()

    def _bands(self) -> dict[str, tuple[float, float] | None]:
        from ui.health.chart import chart_values

        last = self.readings[-1]
        resident = self.ctx.session.resident
        targets: tuple = ()
        if resident is not None:
            try:
                targets = targets_for(self.ctx.store, resident)
            except StoreError:
                log.warning("the resident's own targets could not be read", exc_info=True)
        judgement = judge(self.kind, last.values, meal=last.meal, targets=targets)
        return {name: judgement.band(name) for name in chart_values(self.kind)}

    def spoken_text(self) -> str:
        parts = [self.title(), self.summary]
        if self.view == LIST:
            language = self.ctx.language
            parts += [reading_line(r, language) for r in reversed(self.readings[-3:])]
        return join_sentences(parts)

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())


class MyReadingsScreen(QuestionTitle, Screen):
    """Which kind of readings to look at."""

    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        self.question = self.tr("Which readings?")  # short: at large type it shares a page
        self.buttons = self.ask(
            self.question, [(k, kind_name(k)) for k in KINDS], name="history", pick=self.pick
        )

    def own_title(self) -> str:
        return self.tr("My readings")

    def spoken_text(self) -> str:
        return join_sentences([self.question, join_items([kind_name(k) for k in KINDS])])

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {f"option.{k}": (lambda k=k: self.pick(k)) for k in self.buttons}

    def voice_phrases(self) -> dict:
        return {f"option.{k}": [kind_name(k)] for k in self.buttons}

    def action_labels(self) -> dict[str, str]:
        return {f"option.{k}": kind_name(k) for k in self.buttons}

    def pick(self, kind: str) -> None:
        self.nav.push(HistoryScreen(self.ctx, self.nav, kind))
