"""The Health screen: one big choice per kind of reading this kiosk has a device for, each with
the resident's latest reading and its level word, then "type in a reading" and "my readings"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from app.config import Config
from app.store import StoreError
from app.vitals import SavedReading, latest, may_record
from ui.health.words import KINDS, kind_name, level_word, main_figure, main_unit
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton, BigTile
from ui.wording import join_items, join_sentences

log = logging.getLogger(__name__)
# A heart-rate strap is rare at a kiosk: offered only where staff paired one.
USUAL_KINDS = tuple(kind for kind in KINDS if kind != "heart_rate")


def measured_kinds(config: Config) -> tuple[str, ...]:
    """The kinds of reading this kiosk has a device for, in the order of their choices."""
    if config.vitals_device == "none":
        return ()
    paired = {
        part.split("=", 1)[0].strip()
        for part in config.vitals_paired_devices.split(",")
        if "=" in part
    }
    if config.vitals_device == "bluetooth" and paired:
        return tuple(kind for kind in KINDS if kind in paired)
    return USUAL_KINDS


class HealthHomeScreen(Screen):
    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.kinds = measured_kinds(ctx.config)
        self.latest = self._latest()
        self.tiles: dict[str, BigTile] = {}
        for kind in self.kinds:
            tile = BigTile(kind_name(kind), self.latest_words(kind), kind, theme)
            tile.setObjectName(f"measure_{kind}")
            tile.clicked.connect(lambda _=False, k=kind: self.measure(k))
            self.tiles[kind] = tile
        # Typing in and the history share a row above the devices, as My orders does on the
        # home screen: on the first page whatever the type size; the devices may take more.
        typed = BigButton(
            self.tr("Type in a reading"),
            theme,
            role="nav",
            icon="type_in",
            description=self.tr("From a paper record or another meter"),
        )
        typed.setObjectName("type_in")
        typed.clicked.connect(self.type_in)
        readings = BigButton(
            self.tr("My readings"),
            theme,
            role="nav",
            icon="trend",
            description=self.tr("Charts of the last 7 and 30 days"),
        )
        readings.setObjectName("my_readings")
        readings.clicked.connect(self.open_history)
        # Whether readings are kept is the resident's choice, changed with one tap there.
        consent = BigButton(
            self.tr("Keep my readings?"),
            theme,
            role="nav",
            icon="legal",
            description=self.consent_words(),
        )
        consent.setObjectName("consent")
        consent.clicked.connect(self.open_consent)
        self.entries: dict[str, BigButton] = {
            "type_in": typed,
            "my_readings": readings,
            "consent": consent,
        }
        self.pager = Pager(theme)
        self.pager.add_grid(list(self.entries.values()), 2, stretch=False, natural=True)
        if self.tiles:
            self.pager.add_grid(list(self.tiles.values()), 3)
        else:
            self.pager.add_text(
                self.tr("This kiosk has no health devices. You can type a reading in."),
                "heading",
            )
            self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def _latest(self) -> dict[str, SavedReading]:
        resident = self.ctx.session.resident
        found: dict[str, SavedReading] = {}
        if resident is None:
            return found
        for kind in self.kinds:
            try:
                reading = latest(self.ctx.store, resident, kind)
            except StoreError:
                log.warning("the latest %s reading could not be read", kind, exc_info=True)
                continue
            if reading is not None:
                found[kind] = reading
        return found

    def latest_words(self, kind: str) -> str:
        reading = self.latest.get(kind)
        if reading is None:
            return self.tr("Not measured yet")
        # Short enough for a tile's two lines: the main figure and what it meant.
        figure = f"{main_figure(kind, reading.values)} {main_unit(kind)}".strip()
        words = join_items([figure, level_word(reading.level.value, self.ctx.language)])
        return self.tr("Last: %1").replace("%1", words)

    def consent_words(self) -> str:
        resident = self.ctx.session.resident
        try:
            kept = resident is not None and may_record(self.ctx.store, resident)
        except StoreError:
            log.warning("the resident's consent could not be read", exc_info=True)
            kept = False
        if kept:
            return self.tr("Your readings are kept; tap to change")
        return self.tr("Your readings are not kept; tap to change")

    def open_consent(self) -> None:
        self.nav.open_feature("privacy")

    def title(self) -> str:
        return self.tr("Health")

    def spoken_text(self) -> str:
        names = [kind_name(kind) for kind in self.kinds]
        names += [self.tr("Type in a reading"), self.tr("My readings")]
        return join_sentences([self.tr("Health. What would you like to do?"), join_items(names)])

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        commands: dict[str, Callable[[], None]] = {
            f"option.{k}": partial(self.measure, k) for k in self.kinds
        }
        commands["option.type_in"] = self.type_in
        commands["option.my_readings"] = self.open_history
        commands["option.consent"] = self.open_consent
        return commands

    def voice_phrases(self) -> dict:
        phrases = {f"option.{k}": [kind_name(k)] for k in self.kinds}
        phrases["option.type_in"] = [self.tr("Type in a reading")]
        phrases["option.my_readings"] = [self.tr("My readings")]
        phrases["option.consent"] = [self.tr("Keep my readings?")]
        return phrases

    def action_labels(self) -> dict[str, str]:
        labels = {f"option.{k}": kind_name(k) for k in self.kinds}
        labels["option.type_in"] = self.tr("Type in a reading")
        labels["option.my_readings"] = self.tr("My readings")
        labels["option.consent"] = self.tr("Keep my readings?")
        return labels

    def measure(self, kind: str) -> None:
        from ui.health.measuring import MeasuringScreen

        self.nav.push(MeasuringScreen(self.ctx, self.nav, kind))

    def type_in(self) -> None:
        from ui.health.typed import TypeKindScreen

        self.nav.push(TypeKindScreen(self.ctx, self.nav))

    def open_history(self) -> None:
        from ui.health.history import MyReadingsScreen

        self.nav.push(MyReadingsScreen(self.ctx, self.nav))
