"""One question of an order ("which meal?", "how many?") as a grid of big answers."""

from __future__ import annotations

from collections.abc import Callable

from app.catalog import ChoiceList, Service, valid_answers
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import WrapButton
from ui.wording import join_items, join_sentences


class ChoiceScreen(Screen):
    def __init__(
        self,
        ctx,
        nav,
        service: Service,
        choice_list: ChoiceList,
        picked: dict,
        *,
        then: Callable[[dict[str, str]], Screen],
    ) -> None:
        self.service = service
        self.then = then  # the screen after this answer (ui.services.flow.next_step)
        self.choice_list = choice_list
        self.picked = dict(picked)
        self._question_title: str | None = None  # the question, where it is the title
        super().__init__(ctx, nav)
        language = ctx.language
        self.pager = Pager(ctx.theme)
        self.question = self.label(choice_list.title.get(language), "heading")
        columns = 2 if len(choice_list.options) <= 4 else 3
        self.buttons: dict[str, WrapButton] = {}
        for option in choice_list.options:
            button = WrapButton(option.label.get(language), ctx.theme, role="choice")
            button.setObjectName(f"option_{option.id}")
            button.setProperty("primary", True)
            button.clicked.connect(lambda _=False, o=option.id: self.pick(o))
            self.buttons[option.id] = button
        # The question stays with its answers on every page, two of them at least on the first.
        self.pager.add_question(self.question, list(self.buttons.values()), columns)
        # Where large type leaves no room for the question beside two answers, the question
        # becomes the title, at the top of every page (the service was tapped just before).
        self.pager.set_title_hook(self._title_question)
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return self._question_title or self.service.name.get(self.ctx.language)

    def _title_question(self, text: str | None) -> bool:
        """Show the question as the title (None: the service's name again); False, and the
        name kept, where the header cannot hold the question on one line."""
        self._question_title = text
        if self.nav.retitle(self) or text is None:
            return True
        self._question_title = None
        self.nav.retitle(self)
        return False

    def spoken_text(self) -> str:
        language = self.ctx.language
        options = join_items([o.label.get(language) for o in self.choice_list.options])
        name = self.service.name.get(language)
        return join_sentences([name, self.choice_list.title.get(language), options])

    def voice_commands(self) -> dict:
        return {f"option.{o.id}": (lambda o=o.id: self.pick(o)) for o in self.choice_list.options}

    def voice_phrases(self) -> dict:
        language = self.ctx.language
        return {f"option.{o.id}": [o.label.get(language)] for o in self.choice_list.options}

    def voice_slots(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.service.choices if c.id not in self.picked)

    def voice_act(self, action: str, slots: dict[str, str]) -> bool:
        """This question's answer with the later ones said in the same breath ("两份，明天
        中午的"): the questions answered are not asked again."""
        own = slots.get(self.choice_list.id)
        if action.startswith("option."):
            own = action.removeprefix("option.")
        if own not in {o.id for o in self.choice_list.options}:
            return False
        later = {k: v for k, v in slots.items() if k != self.choice_list.id}
        self.pick(own, later)
        return True

    def action_labels(self) -> dict[str, str]:
        language = self.ctx.language
        return {f"option.{o.id}": o.label.get(language) for o in self.choice_list.options}

    def pick(self, option_id: str, later: dict[str, str] | None = None) -> None:
        picked = {**self.picked, **valid_answers(self.service, later or {})}
        picked[self.choice_list.id] = option_id
        self.nav.push(self.then(picked))
