"""The result of a measurement or a typed reading: the numbers at the vital-sign size, what they
mean (word, icon and colour, and a sentence, all said aloud), and what is true about the
reading's way to the center: saving here, saved and sending, the center has it (an alerting
reading: the staff have been told), and who at the center has seen it.

A reading the device flagged (a loose cuff, an arm that moved) is not judged and not kept: the
screen says what went wrong and offers to measure again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.store import StoreError
from app.vitals import Judgement, ReadingError, SavedReading, record_reading
from ui.health.widgets import LevelBadge, VitalGroup, badge_row
from ui.health.words import (
    NOT_SAVED,
    SAVED,
    SAVING,
    SEEN,
    SENT,
    VALUES,
    capitalised,
    delivery_words,
    kind_name,
    main_figure,
    main_unit,
    number,
    reading_words,
    unit,
    value_name,
)
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import WrapButton
from ui.wording import join_sentences, storage_failure

log = logging.getLogger(__name__)
FLAGGED = "flagged"  # the device flagged the measurement: nothing to keep


def number_groups(kind: str, values: dict[str, float]) -> list[tuple[str, str, str]]:
    """(name, number, unit) of each group of numbers shown: the reading's main figure
    ("150/95 mmHg"), then each other value ("Pulse 72 beats/min")."""
    groups = [(kind_name(kind), main_figure(kind, values), main_unit(kind))]
    main = {"systolic", "diastolic"} if kind == "blood_pressure" else set()
    main |= {spec.key for spec in VALUES.get(kind, ())[:1]}
    for spec in VALUES.get(kind, ()):
        if spec.key in values and spec.key not in main:
            figure = number(values[spec.key], spec.decimals)
            groups.append((value_name(spec.key), figure, unit(spec.key)))
    return groups


class ResultScreen(Screen):
    """One reading, judged; saving starts as the screen is made."""

    sig_delivery = Signal(str)
    """What is true about the reading changed: saved, sent, seen, not_saved."""

    def __init__(
        self,
        ctx,
        nav,
        judgement: Judgement,
        *,
        source: str = "device",
        device: str = "",
        measured_at: datetime | None = None,
        meal: str | None = None,
        again: Callable[[], Screen] | None = None,
    ) -> None:
        """``again``: makes the screen that measures once more (a measurement's result)."""
        self.judgement = judgement
        self.again = again
        self.kind = judgement.kind
        self.source = source
        super().__init__(ctx, nav)
        theme, language = ctx.theme, ctx.language
        self.saved: SavedReading | None = None
        self.seen_by = ""
        self.error: BaseException | None = None
        self.delivery = FLAGGED if judgement.remeasure else SAVING
        self._say_when_saved = False
        self.pager = Pager(theme)
        self.groups: list[VitalGroup] = []
        self.badge = LevelBadge(judgement.level.value, capitalised(judgement.word(language)), theme)
        self.badge.setObjectName("level")
        if not judgement.remeasure and judgement.values:
            for index, (name, figure, unit_name) in enumerate(
                number_groups(self.kind, judgement.values)
            ):
                self.groups.append(
                    VitalGroup(
                        name,
                        figure,
                        unit_name,
                        theme,
                        badge=self.badge if index == 0 else None,
                        level_with=None if index == 0 else self.badge,
                        number_name="vital_number" if index == 0 else f"vital_number_{index}",
                    )
                )
            # Side by side where they fit, else one under the other (large type).
            self.pager.add_grid(self.groups, len(self.groups), stretch=False, natural=True)
            shown: QWidget = self.groups[0]
        else:
            shown = self.pager.add_block(badge_row(self.badge))
        self.sentence_label = self.pager.add_text(self.sentence(), "heading")
        self.sentence_label.setObjectName("meaning")
        self.delivery_label = self.pager.add_text(self.delivery_text())
        self.delivery_label.setObjectName("delivery")
        # The numbers, what they mean and its word: one page (a warning never apart from them).
        self.pager.keep_together([shown, self.sentence_label])
        if judgement.remeasure:
            self.pager.set_shown(self.delivery_label, False)
        self.pager.add_stretch()
        buttons = []
        self.again_button: WrapButton | None = None
        if again is not None:
            self.again_button = WrapButton(
                self.tr("Measure again"),
                theme,
                # Where the reading stands, going on is secondary: a plain button.
                role="primary" if judgement.remeasure else "",
                description=self.tr("Measure this reading once more"),
            )
            self.again_button.setObjectName("measure_again")
            self.again_button.clicked.connect(self.measure_again)
            buttons.append(self.again_button)
        self.history_button = WrapButton(
            self.tr("My readings"),
            theme,
            role="",
            description=self.tr("See your readings of the last days"),
        )
        self.history_button.setObjectName("my_readings")
        self.history_button.clicked.connect(self.open_history)
        buttons.append(self.history_button)
        self.pager.add_grid(buttons, 2, stretch=False, natural=True)
        self.body.addWidget(self.pager, 1)
        ctx.sync.sig_changes.connect(self._changed)
        if not judgement.remeasure:
            self._save(device, measured_at, meal)

    # -- words ------------------------------------------------------------------------------

    def title(self) -> str:
        if self.judgement.remeasure:
            return self.tr("Not measured well")
        return self.tr("Your reading")

    def sentence(self) -> str:
        told = self.delivery in (SENT, SEEN)
        return self.judgement.sentence(self.ctx.language, told=told)

    def delivery_text(self) -> str:
        if self.delivery == NOT_SAVED:
            error = self.error or RuntimeError()
            if isinstance(error, ReadingError) and error.reason == "no_consent":
                return self.tr(
                    "This reading is only shown: it is not kept or sent, because you have not"
                    " agreed that the center keeps your readings. You can agree on the Health"
                    " screen."
                )
            if isinstance(error, ReadingError):
                return self.tr("This reading was not kept. Please measure again.")
            return storage_failure(error, self.ctx.config.center_phone)
        if self.delivery == FLAGGED:
            return ""
        return delivery_words(self.delivery, seen_by=self.seen_by)

    def spoken_text(self) -> str:
        parts: list[str] = []
        if self.groups:
            parts.append(reading_words(self.kind, self.judgement.values))
        parts += [self.sentence(), self.delivery_text()]
        return join_sentences(parts)

    def entered(self) -> None:
        if self.delivery == SAVING:
            # Said once it is known whether it was saved: a moment, and then it is true.
            self._say_when_saved = True
        else:
            self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        commands = {"health.history": self.open_history}
        if self.again_button is not None:
            commands["health.measure_again"] = self.measure_again
        return commands

    def voice_phrases(self) -> dict:
        # The buttons' own words can be said ("我的记录", "再量一次").
        return {intent: [label] for intent, label in self.action_labels().items()}

    def action_labels(self) -> dict[str, str]:
        labels = {"health.history": self.history_button.text()}
        if self.again_button is not None:
            labels["health.measure_again"] = self.again_button.text()
        return labels

    # -- the reading's way to the center ------------------------------------------------------

    def _save(self, device: str, measured_at: datetime | None, meal: str | None) -> None:
        resident = self.ctx.session.resident
        if resident is None:
            self._not_saved(ReadingError("no_resident", "nobody is signed in"))
            return
        store, judgement, source = self.ctx.store, self.judgement, self.source
        self.ctx.tasks.run(
            lambda: record_reading(
                store,
                resident,
                judgement.kind,
                judgement.values,
                judgement=judgement,
                source=source,
                device=device,
                measured_at=measured_at,
                meal=meal,
            ),
            self._saved,
            self._not_saved,
        )

    def _saved(self, reading: SavedReading) -> None:
        self.saved = reading
        self.ctx.queued()
        self._show_delivery(SAVED)

    def _shown_still(self) -> bool:
        """Whether the screen still exists: a save may finish after the elder went home and
        the screen was dropped."""
        return isValid(self)

    def _not_saved(self, error: BaseException) -> None:
        if isinstance(error, StoreError | ReadingError):
            log.error("the reading was not saved", exc_info=error)
        else:
            log.error("the reading was not saved: unexpected error", exc_info=error)
        self.error = error
        self._show_delivery(NOT_SAVED)

    def _changed(self, changes) -> None:
        if self.saved is None:
            return
        reading_id = self.saved.id
        seen = getattr(changes, "readings_acked", {}).get(reading_id)
        if seen:
            self.seen_by = str(seen)
            self._show_delivery(SEEN)
        elif reading_id in getattr(changes, "readings_sent", ()) and self.delivery == SAVED:
            self._show_delivery(SENT)

    def _show_delivery(self, state: str) -> None:
        """New words for what is true now, shown and said: the sentence (an alert's staff
        "have been told" only once the center has the reading) and the line under it."""
        if state == self.delivery or not self._shown_still():
            return
        self.delivery = state
        self.pager.set_text(self.sentence_label, self.sentence())
        self.pager.set_text(self.delivery_label, self.delivery_text())
        self.sig_delivery.emit(state)
        if self._say_when_saved and state in (SAVED, NOT_SAVED):
            self._say_when_saved = False
            self.ctx.say(self.spoken_text())
        elif state in (SENT, SEEN, NOT_SAVED) and self.isVisible():
            said = [self.delivery_text()]
            if state == SENT and self.judgement.alert:
                said.insert(0, self.sentence())
            self.ctx.say(join_sentences(said))

    # -- going on ---------------------------------------------------------------------------

    def measure_again(self) -> None:
        if self.again is not None:
            self.nav.replace(self.again())

    def open_history(self) -> None:
        from ui.health.history import HistoryScreen

        self.nav.push(HistoryScreen(self.ctx, self.nav, self.kind))
