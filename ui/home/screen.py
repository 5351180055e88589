"""Home: the features' entries from the registry: a row of smaller entries (My orders,
Health ...) and the other language's button, then the primary tiles (the services)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ui.features import Feature, FeatureRegistry, HomeEntry
from ui.language import LANGUAGE_NAMES, other_language
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton, BigTile
from ui.wording import join_items


class HomeScreen(Screen):
    shows_back = False
    shows_home = False
    is_home = True

    def __init__(self, ctx, nav, features: FeatureRegistry) -> None:
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.entries_shown = features.home_entries(ctx)
        # Where large type leaves no room for all of it, the rest is a tap on "More" away.
        self.pager = Pager(theme)
        self.tiles: dict[str, BigTile] = {}
        self.entries: dict[str, BigButton] = {}
        for feature, entry in self.entries_shown:
            opener = partial(self.open_entry, feature, entry)
            if entry.primary:
                tile = BigTile(entry.label, entry.description, entry.icon, theme)
                tile.setObjectName(f"tile_{entry.key}")
                tile.clicked.connect(opener)
                self.tiles[entry.key] = tile
            else:
                button = BigButton(
                    entry.label, theme, role="nav", icon=entry.icon, description=entry.description
                )
                button.setObjectName(f"entry_{entry.key}")
                button.clicked.connect(opener)
                self.entries[entry.key] = button
        # The other language, named in its own words ("English" / "中文").
        other = other_language(ctx.language)
        self.language_button = BigButton(
            LANGUAGE_NAMES[other], theme, role="nav", description=LANGUAGE_NAMES[other]
        )
        self.language_button.setObjectName("language")
        self.language_button.clicked.connect(lambda: self.nav.switch_language(other))
        # The entries share a row above the tiles, so where large type puts the tiles on
        # several pages My orders is still on the first; the language button is as wide as
        # its name needs.
        self.pager.add_grid(
            [*self.entries.values(), self.language_button], 5, stretch=False, natural=True
        )
        if self.tiles:
            self.pager.add_grid(list(self.tiles.values()), 3)
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self.tr("Services")

    def spoken_text(self) -> str:
        names = join_items([entry.label for _, entry in self.entries_shown if entry.primary])
        return self.tr("Community services. Tap a service: %1.").replace("%1", names)

    def voice_commands(self) -> dict:
        commands: dict[str, Callable[[], None]] = {
            entry.intent: partial(self.open_entry, feature, entry)
            for feature, entry in self.entries_shown
        }
        other = other_language(self.ctx.language)
        commands["language"] = lambda: self.nav.switch_language(other)
        return commands

    def voice_phrases(self) -> dict:
        return {
            entry.intent: list(entry.phrases) for _, entry in self.entries_shown if entry.phrases
        }

    def voice_slots(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.id for s in self.ctx.catalog.services for c in s.choices))

    def voice_act(self, action: str, slots: dict[str, str]) -> bool:
        """A service asked for with its answers ("明天中午送两份饭"): the order starts with
        them, and asks only what was not said."""
        for feature, entry in self.entries_shown:
            if entry.intent == action and slots and "service_id" in entry.args:
                self.nav.open_feature(feature.name, **entry.args, picked=dict(slots))
                return True
        return False

    def action_labels(self) -> dict[str, str]:
        return {entry.intent: entry.label for _, entry in self.entries_shown}

    def open_entry(self, feature: Feature, entry: HomeEntry) -> None:
        self.nav.open_feature(feature.name, **entry.args)
