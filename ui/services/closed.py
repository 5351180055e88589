"""A service, or an answer, that cannot be ordered now: why, and what to do instead.

Shown in place of a service's first screen when it is not offered today or its own cut-off
has passed (its tile is tapped, or it is asked for by voice), and in place of the confirm
screen when the answer chosen closed before Yes was tapped. Nothing was ordered, and the
words say so; there is no step that would fail later at the center.
"""

from __future__ import annotations

from collections.abc import Callable

from app.catalog import Availability, Service
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import WrapButton


class OrderClosedScreen(Screen):
    def __init__(
        self,
        ctx,
        nav,
        service: Service,
        available: Availability,
        *,
        message: str,
        choose_again: Callable[[], Screen | None] | None = None,
    ) -> None:
        """``message``: why and what to do (ui.wording.service_closed or choice_closed);
        ``choose_again``: the order's first screen anew, where another answer can be chosen
        (or None once it has shown it itself)."""
        self.service = service
        self.available = available
        self.message = message
        self._choose_again = choose_again
        super().__init__(ctx, nav)
        self.pager = Pager(ctx.theme)
        self.pager.add_stretch()
        self.text = self.pager.add_text(message, "heading")
        self.again_button: WrapButton | None = None
        if choose_again is not None:
            self.again_button = WrapButton(
                self.tr("Choose again"),
                ctx.theme,
                role="choice",
                description=self.tr("Choose another answer for this order"),
            )
            self.again_button.setObjectName("choose_again")
            self.again_button.clicked.connect(self.choose_again)
            self.pager.add_grid([self.again_button], 1, stretch=False, natural=True)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self.service.name.get(self.ctx.language)

    def spoken_text(self) -> str:
        return self.message

    def entered(self) -> None:
        self.ctx.say(self.message)

    def voice_commands(self) -> dict:
        return {"again": self.choose_again} if self._choose_again is not None else {}

    def voice_phrases(self) -> dict:
        if self.again_button is None:
            return {}
        return {"again": [self.again_button.text()]}

    def action_labels(self) -> dict[str, str]:
        if self.again_button is None:
            return {}
        return {"again": self.again_button.text()}

    def choose_again(self) -> None:
        if self._choose_again is not None:
            screen = self._choose_again()  # None: it has shown what comes next itself
            if screen is not None:
                self.nav.replace(screen)
