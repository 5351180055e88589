""" "Which did you mean?": what was said could mean two or three of the screen's actions, so
they are offered as big buttons (and by voice), rather than "please say it again"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import WrapButton
from ui.wording import join_items

MAX_MEANINGS = 3


@dataclass(frozen=True)
class Meaning:
    """One action the words may have meant: its name, the words on its button, and what
    doing it does (the screen's own action, with the answers said along)."""

    action: str
    label: str
    run: Callable[[], None]


class MeaningScreen(Screen):
    """Up to three meanings of what was heard, as answers to one question; the one tapped
    or said is done on the screen the words were said on."""

    def __init__(self, ctx, nav, heard: str, meanings: Sequence[Meaning]) -> None:
        self.heard = heard
        self.meanings = list(meanings)[:MAX_MEANINGS]
        super().__init__(ctx, nav)
        self.question = self.tr("Which did you mean?")
        self.buttons: dict[str, WrapButton] = {}
        for meaning in self.meanings:
            button = WrapButton(meaning.label, ctx.theme, role="choice")
            button.setObjectName(f"meaning_{meaning.action}")
            button.clicked.connect(lambda _=False, m=meaning: self.choose(m))
            self.buttons[meaning.action] = button
        self.pager = Pager(ctx.theme)
        heading = self.label(self.question, "heading")
        # Side by side where their words fit: the question's page holds two answers at least.
        self.pager.add_question(heading, list(self.buttons.values()), 2, natural=True)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        # Short: a title of two lines in the header takes a page's room at 200 % type.
        return self.tr("Which one?")

    def spoken_text(self) -> str:
        labels = [m.label for m in self.meanings]
        if len(labels) == 1:
            return self.tr("Did you mean %1?").replace("%1", labels[0])
        said = self.tr("%1 or %2").replace("%1", join_items(labels[:-1])).replace("%2", labels[-1])
        return self.tr("Did you mean %1?").replace("%1", said)

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {m.action: (lambda m=m: self.choose(m)) for m in self.meanings}

    def voice_phrases(self) -> dict:
        return {m.action: [m.label] for m in self.meanings}

    def action_labels(self) -> dict[str, str]:
        return {m.action: m.label for m in self.meanings}

    def choose(self, meaning: Meaning) -> None:
        """Back to the screen the words were said on, then its action."""
        self.nav.back()
        meaning.run()
