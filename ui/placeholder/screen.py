"""A calm "coming soon" page for a feature that is registered but not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.layout.pager import Pager
from ui.screen import Screen


class ComingSoonScreen(Screen):
    def __init__(self, ctx, nav, name: str) -> None:
        self._name = name
        super().__init__(ctx, nav)
        message = self.label(self.message(), "heading")
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = self.label(self.tr("Tap Home to choose something else."), "muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Centred where there is room; at large type each sentence may have a page of its own.
        self.pager = Pager(ctx.theme)
        self.pager.add_stretch()
        self.pager.add_block(message)
        self.pager.add_block(hint)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self._name

    def message(self) -> str:
        return self.tr("%1 is coming soon to this terminal.").replace("%1", self.title())

    def spoken_text(self) -> str:
        return self.message()
