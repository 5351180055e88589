"""One question of an order ("which meal?", "how many?") as a grid of big answers.

An answer with a cut-off says it before the resident chooses ("今天午餐 · 10:00前可订"); one
past its cut-off stays in its place, cannot be tapped and says why, and a line under the
answers says what to do instead. Neither a tap nor a spoken answer can choose it: what the
center would refuse is never offered. The kiosk's clock decides (``ctx.clock``), in the
catalog's time zone, checked again at each tap and every half minute while the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

from app.catalog import Availability, ChoiceList, Service, availability, valid_answers
from ui.layout.items import DESCRIPTION, FULL, Shape
from ui.layout.pager import Pager
from ui.question import QuestionTitle
from ui.screen import Screen
from ui.widgets.buttons import WrapButton, ink_height
from ui.wording import (
    closed_label,
    closed_note,
    cutoff_label,
    join_items,
    join_sentences,
    service_cutoff,
    spoken_answer,
)

# How often a shown question looks at the clock again, so an answer closes when its time
# comes even if nobody taps.
RECHECK_MS = 30_000


class AnswerButton(WrapButton):
    """An answer with its cut-off in its words ("Lunch today · order by 10:00"); where large
    type leaves no room for two answers on a page, the layout engine may shed those words
    ("Lunch today"), as it sheds descriptions. A closed answer then still looks closed (the
    dashed frame of a button that cannot be tapped), the line under the answers says why,
    and its accessible name keeps the whole words."""

    def set_texts(self, full: str, short: str) -> None:
        self._texts = (full, short)
        self.set_label(full)

    def texts(self) -> tuple[str, str]:
        return getattr(self, "_texts", (self.text(), self.text()))

    def _height_of(self, text: str, width: int) -> int:
        self.ensurePolished()
        lines = self.lines(self._inner_width(width), text)
        one = len(lines) == 1
        inner = ink_height(self.fontMetrics(), text) if one else self._block(lines)[0]
        return self._frame(10, inner).height()

    def layout_shapes(self, width: int) -> list[Shape]:
        full, short = self.texts()
        shapes = [Shape(self._height_of(full, width), FULL)]
        if short != full:
            shapes.append(Shape(self._height_of(short, width), DESCRIPTION))
        return shapes

    def set_layout_shape(self, index: int) -> None:
        full, short = self.texts()
        text = short if index and short != full else full
        if text != self.text():
            self.setText(text)  # the accessible name keeps the whole words


class ChoiceScreen(QuestionTitle, Screen):
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
        self.available: dict[str, Availability] = {}  # option id -> at the last look
        super().__init__(ctx, nav)
        language = ctx.language
        self.pager = Pager(ctx.theme)
        # The service's own cut-off (if it has one) before its question.
        self.service_note = self.pager.add_text("", "muted")
        self.pager.set_shown(self.service_note, False)
        self.question = self.label(choice_list.title.get(language), "heading")
        columns = 2 if len(choice_list.options) <= 4 else 3
        self.buttons: dict[str, AnswerButton] = {}
        for option in choice_list.options:
            button = AnswerButton(option.label.get(language), ctx.theme, role="choice")
            button.setObjectName(f"option_{option.id}")
            button.setProperty("primary", True)
            button.clicked.connect(lambda _=False, o=option.id: self.pick(o))
            self.buttons[option.id] = button
        # The question stays with its answers on every page, two of them at least on the first.
        self.pager.add_question(self.question, list(self.buttons.values()), columns)
        # Why some answers cannot be tapped, and what to do instead.
        self.closed_note = self.pager.add_text("", "muted")
        self.pager.set_shown(self.closed_note, False)
        # Where large type leaves no room for the question beside two answers, the question
        # becomes the title, at the top of every page (the service was tapped just before).
        self.ask_in_title(self.pager)
        self.body.addWidget(self.pager, 1)
        self.refresh()
        self._recheck = QTimer(self)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self._recheck_if_shown)
        self._recheck.start()

    # -- what can still be chosen -----------------------------------------------------------

    def option_availability(self, option_id: str) -> Availability:
        """Whether the answer ``option_id`` can be ordered now, with what is picked already."""
        choices = {**self.picked, self.choice_list.id: option_id}
        return availability(self.service, self.ctx.clock(), choices)

    def is_open(self, option_id: str) -> bool:
        return self.available.get(option_id, Availability(True)).open

    def closed_labels(self) -> list[str]:
        language = self.ctx.language
        return [o.label.get(language) for o in self.choice_list.options if not self.is_open(o.id)]

    def refresh(self) -> bool:
        """Look at the clock: each answer's words and whether it can be tapped, and the notes.
        True when anything changed."""
        language = self.ctx.language
        now = {o.id: self.option_availability(o.id) for o in self.choice_list.options}
        if now == self.available:
            return False
        self.available = now
        for option in self.choice_list.options:
            label, state = option.label.get(language), now[option.id]
            button = self.buttons[option.id]
            if not state.open:
                button.set_texts(closed_label(label, state), label)
                button.setAccessibleDescription(closed_label(label, state))
            elif option.until is not None:
                button.set_texts(cutoff_label(label, option.until), label)
            else:
                button.set_texts(label, label)
            button.setEnabled(state.open)
        until = self.service.until
        self.pager.set_text(self.service_note, service_cutoff(until) if until else "")
        self.pager.set_shown(self.service_note, until is not None)
        closed = self.closed_labels()
        self.pager.set_text(self.closed_note, closed_note(closed) if closed else "")
        self.pager.set_shown(self.closed_note, bool(closed))
        self.pager.relayout()
        return True

    def _recheck_if_shown(self) -> None:
        if self.isVisible() and self.refresh():
            self.ctx.say(self.spoken_text())

    # -- the screen -------------------------------------------------------------------------

    def own_title(self) -> str:
        return self.service.name.get(self.ctx.language)

    def spoken_text(self) -> str:
        language = self.ctx.language
        options = join_items(
            [
                spoken_answer(o.label.get(language), o.until)
                for o in self.choice_list.options
                if self.is_open(o.id)
            ]
        )
        name = self.service.name.get(language)
        closed = self.closed_labels()
        return join_sentences(
            [
                name,
                service_cutoff(self.service.until) if self.service.until else "",
                self.choice_list.title.get(language),
                options,
                closed_note(closed) if closed else "",
            ]
        )

    def voice_commands(self) -> dict:
        # A closed answer said aloud is explained, never chosen.
        return {
            f"option.{o.id}": (
                (lambda o=o.id: self.pick(o)) if self.is_open(o.id) else self.explain_closed
            )
            for o in self.choice_list.options
        }

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
        # "Which did you mean?" offers only answers that can be chosen.
        language = self.ctx.language
        return {
            f"option.{o.id}": o.label.get(language)
            for o in self.choice_list.options
            if self.is_open(o.id)
        }

    def explain_closed(self) -> None:
        """Say why some answers cannot be chosen, and what to do."""
        closed = self.closed_labels()
        if closed:
            self.ctx.say(closed_note(closed))

    def pick(self, option_id: str, later: dict[str, str] | None = None) -> None:
        self.refresh()  # the clock may have passed a cut-off since the screen was drawn
        if not self.is_open(option_id):
            self.explain_closed()
            return
        now = self.ctx.clock()
        picked = {**self.picked, **valid_answers(self.service, later or {}, now)}
        picked[self.choice_list.id] = option_id
        self.nav.push(self.then(picked))
