"""Home: nine service tiles (the primary choices) and four smaller entries beside them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from app.catalog import Service
from ui.placeholder.screen import ComingSoonScreen
from ui.screen import Screen
from ui.services.flow import start_order
from ui.widgets.buttons import BigButton, BigTile
from ui.widgets.pager import Pager
from ui.wording import join_items


class HomeScreen(Screen):
    shows_back = False
    shows_home = False
    is_home = True

    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        theme = ctx.theme
        language = ctx.language
        # Where large type leaves no room for all of it, the rest is a tap on "More" away.
        self.pager = Pager(theme)
        self.tiles: dict[str, BigTile] = {}
        for service in ctx.catalog.services[:9]:
            tile = BigTile(
                service.name.get(language), service.description.get(language), service.icon, theme
            )
            tile.setObjectName(f"tile_{service.id}")
            tile.clicked.connect(lambda _=False, s=service: self.open_service(s))
            self.tiles[service.id] = tile
        self.pager.add_grid(list(self.tiles.values()), 3)
        self.entries: dict[str, BigButton] = {}
        for key, text, icon, description in (
            ("orders", self.tr("My orders"), "orders", self.tr("See and cancel your orders")),
            ("health", self.tr("Health"), "health", self.tr("Blood pressure and other readings")),
            ("learn", self.tr("Learn"), "learn", self.tr("Lessons for phones and the internet")),
            ("call", self.tr("Video call"), "video", self.tr("Call your family")),
        ):
            button = BigButton(text, theme, role="nav", icon=icon, description=description)
            button.setObjectName(f"entry_{key}")
            button.clicked.connect(lambda _=False, k=key: self.open_entry(k))
            self.entries[key] = button
        # The other language, named in its own words ("English" / "中文").
        from ui.language import LANGUAGE_NAMES, other_language

        other = other_language(language)
        self.language_button = BigButton(
            LANGUAGE_NAMES[other], theme, role="nav", description=LANGUAGE_NAMES[other]
        )
        self.language_button.setObjectName("language")
        self.language_button.clicked.connect(lambda: self.switch_language(other))
        # The entries share the row; the language button is as wide as its name needs.
        self.pager.add_grid(
            [*self.entries.values(), self.language_button], 5, stretch=False, natural=True
        )
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self.tr("Services")

    def spoken_text(self) -> str:
        names = join_items([s.name.get(self.ctx.language) for s in self.ctx.catalog.services])
        return self.tr("Community services. Tap a service: %1.").replace("%1", names)

    def voice_commands(self) -> dict:
        commands: dict[str, Callable[[], None]] = {
            f"service.{s.id}": partial(self.open_service, s) for s in self.ctx.catalog.services[:9]
        }
        for key, intent in (
            ("orders", "my_orders"),
            ("health", "health"),
            ("learn", "learn"),
            ("call", "video_call"),
        ):
            commands[intent] = partial(self.open_entry, key)
        from ui.language import other_language

        other = other_language(self.ctx.language)
        commands["language"] = lambda: self.switch_language(other)
        return commands

    def voice_phrases(self) -> dict:
        # A center's own services (and renamed ones) can be said by the name on their tile.
        return {
            f"service.{s.id}": [s.name.get(self.ctx.language)] for s in self.ctx.catalog.services
        }

    def switch_language(self, language: str) -> None:
        from ui.language import switch_language

        switch_language(self.nav, language)

    def open_service(self, service: Service) -> None:
        self.nav.open_for_resident(lambda: start_order(self.ctx, self.nav, service))

    def open_entry(self, key: str) -> None:
        if key == "orders":
            from ui.orders.screen import OrdersScreen

            self.nav.open_for_resident(lambda: OrdersScreen(self.ctx, self.nav))
            return
        self.nav.push(ComingSoonScreen(self.ctx, self.nav, key))
