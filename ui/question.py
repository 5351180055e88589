"""A screen that asks one question with big answers (which meal, which reading): the answers
in a grid under the question, and, where large type leaves no room for the question beside two
answers, the question as the screen's title, at the top of every page (ui.layout.pager's title
hook). The order flow's questions and Health's use it alike."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ui.layout.pager import Pager
from ui.widgets.buttons import WrapButton


class QuestionTitle:
    """Mixin, listed before Screen: ``own_title`` is the title where the question fits in
    the body; ``ask`` builds the question, its answers and the pager in one go."""

    _question_title: str | None = None
    nav: Any
    ctx: Any
    body: Any

    def own_title(self) -> str:
        raise NotImplementedError

    def title(self) -> str:
        return self._question_title or self.own_title()

    def ask(
        self,
        question: str,
        answers: Sequence[tuple[str, str]],
        *,
        name: str,
        pick: Callable[[str], None],
        columns: int = 3,
    ) -> dict[str, WrapButton]:
        """The pager with ``question`` over a grid of ``answers`` ((id, words), each button
        named ``{name}_{id}``, ``pick(id)`` on a tap), put in the body; the buttons by id."""
        theme = self.ctx.theme
        self.pager = Pager(theme)
        heading = self.label(question, "heading")  # type: ignore[attr-defined]
        buttons: dict[str, WrapButton] = {}
        for answer_id, words in answers:
            button = WrapButton(words, theme, role="choice")
            button.setObjectName(f"{name}_{answer_id}")
            button.setProperty("primary", True)
            button.clicked.connect(lambda _=False, a=answer_id: pick(a))
            buttons[answer_id] = button
        self.pager.add_question(heading, list(buttons.values()), columns)
        self.ask_in_title(self.pager)
        self.body.addWidget(self.pager, 1)
        return buttons

    def ask_in_title(self, pager: Pager) -> None:
        pager.set_title_hook(self._title_question)

    def _title_question(self, text: str | None) -> bool:
        """Show the question as the title (None: the screen's own title again); False, and
        the own title kept, where the header cannot hold the question on one line."""
        self._question_title = text
        if self.nav.retitle(self) or text is None:
            return True
        self._question_title = None
        self.nav.retitle(self)
        return False
