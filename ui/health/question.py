"""A Health screen that asks one question with big answers (which reading, which meal): where
large type leaves no room for the question beside two answers, the question becomes the
screen's title, at the top of every page (as the order flow's questions do)."""

from __future__ import annotations

from typing import Any


class QuestionTitle:
    """Mixin, listed before Screen: ``own_title`` is the title where the question fits in
    the body; call ``ask_in_title(pager)`` once the question was added to the pager."""

    _question_title: str | None = None
    nav: Any

    def own_title(self) -> str:
        raise NotImplementedError

    def title(self) -> str:
        return self._question_title or self.own_title()

    def ask_in_title(self, pager: Any) -> None:
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
