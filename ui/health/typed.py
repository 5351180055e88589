"""Typing a reading in (from a paper record or a meter without Bluetooth): which reading, then
one value at a time on the large number pad with its name and unit, checked as it is typed
(app.vitals.check_typed: a systolic of 400 is refused in plain words, shown and said), the
meal for blood sugar, then the same result screen as a measurement."""

from __future__ import annotations

import logging

from app.store import StoreError
from app.vitals import check_typed, judge, parse_typed, targets_for
from ui.health.valuepad import ValuePad
from ui.health.words import (
    KINDS,
    MEALS,
    VALUES,
    in_sentence,
    kind_name,
    meal_word,
    unit,
    value_name,
)
from ui.layout.pager import Pager
from ui.question import QuestionTitle
from ui.screen import Screen
from ui.widgets.buttons import WrapButton
from ui.wording import join_items, join_sentences

log = logging.getLogger(__name__)


def first_value_screen(ctx, nav, kind: str) -> Screen:
    return TypeValueScreen(ctx, nav, kind, 0, {})


class TypeKindScreen(QuestionTitle, Screen):
    """Which reading is to be typed in."""

    def __init__(self, ctx, nav) -> None:
        super().__init__(ctx, nav)
        self.question = self.tr("Which reading?")  # short: at large type it shares a page
        self.buttons = self.ask(
            self.question, [(k, kind_name(k)) for k in KINDS], name="type", pick=self.pick
        )

    def own_title(self) -> str:
        return self.tr("Type in a reading")

    def spoken_text(self) -> str:
        return join_sentences(
            [self.question, join_items([kind_name(kind) for kind in self.buttons])]
        )

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {f"option.{k}": (lambda k=k: self.pick(k)) for k in self.buttons}

    def voice_phrases(self) -> dict:
        return {f"option.{k}": [kind_name(k)] for k in self.buttons}

    def action_labels(self) -> dict[str, str]:
        return {f"option.{k}": kind_name(k) for k in self.buttons}

    def pick(self, kind: str) -> None:
        self.nav.push(first_value_screen(self.ctx, self.nav, kind))


class TypeValueScreen(Screen):
    """One value of the reading on the number pad; OK checks it before going on."""

    def __init__(self, ctx, nav, kind: str, index: int, values: dict[str, str]) -> None:
        self.kind = kind
        self.index = index
        self.spec = VALUES[kind][index]
        self.values = dict(values)
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.pager = Pager(theme)
        key = self.spec.key
        # Said in full; shown short, so at large type it shares a page with the pad.
        self.question = (
            self.tr("Type the %1, in %2.")
            .replace("%1", in_sentence(value_name(key)))
            .replace("%2", unit(key))
        )
        # The unit stands beside the number typed (ui/health/valuepad.py).
        heading = self.pager.add_text(value_name(key), "heading")
        heading.setObjectName("question")
        self.problem = ""
        self.problem_label = self.pager.add_text(" ", "warning")
        self.problem_label.setObjectName("typed_problem")
        self.pager.set_shown(self.problem_label, False)
        self.pad = ValuePad(theme, decimals=self.spec.decimals, unit=unit(key))
        self.pad.sig_submitted.connect(lambda _digits: self.submit())
        if key in self.values:
            self.pad.set_value(self.values[key])
        self.pager.add_block(self.pad)
        together = [heading, self.problem_label, self.pad]
        self.skip_button: WrapButton | None = None
        if self.spec.optional:
            self.skip_button = WrapButton(
                self.tr("Skip this number"),
                theme,
                role="",
                description=self.tr("Go on without this number"),
            )
            self.skip_button.setObjectName("skip_value")
            self.skip_button.clicked.connect(self.skip)
            self.pager.add_block(self.skip_button)
        self.pager.keep_together(together)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def title(self) -> str:
        return kind_name(self.kind)  # short: the header of a tablet has little room

    def spoken_text(self) -> str:
        return join_sentences([self.question, self.problem])

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {"cancel": self.nav.home}

    def show_problem(self, message: str) -> None:
        """What is wrong with the number, in plain words, shown above the pad and said."""
        self.problem = message
        self.pager.set_text(self.problem_label, message)
        self.pager.set_shown(self.problem_label, True)
        self.ctx.say(message)

    def submit(self) -> None:
        digits = self.pad.digits
        typed = {**self.values, self.spec.key: digits}
        language = self.ctx.language
        problems = [p for p in check_typed(self.kind, typed) if p.value == self.spec.key]
        if problems:
            self.show_problem(problems[0].message(language))
            return
        self.values = typed
        self._next()

    def skip(self) -> None:
        self.values.pop(self.spec.key, None)
        self._next()

    def _next(self) -> None:
        if self.index + 1 < len(VALUES[self.kind]):
            following = TypeValueScreen(self.ctx, self.nav, self.kind, self.index + 1, self.values)
            self.nav.push(following)
        elif self.kind == "glucose":
            self.nav.push(MealScreen(self.ctx, self.nav, self.values))
        else:
            problems = check_typed(self.kind, self.values)
            if problems:
                self.show_problem(problems[0].message(self.ctx.language))
                return
            show_typed_result(self.ctx, self.nav, self.kind, self.values, None)


class MealScreen(QuestionTitle, Screen):
    """For blood sugar: before eating or after a meal (the bands differ)."""

    def __init__(self, ctx, nav, values: dict[str, str]) -> None:
        self.values = dict(values)
        super().__init__(ctx, nav)
        self.question = self.tr("When did you last eat?")
        self.buttons = self.ask(
            self.question, [(m, meal_word(m)) for m in MEALS], name="meal", pick=self.pick
        )

    def own_title(self) -> str:
        return kind_name("glucose")

    def spoken_text(self) -> str:
        return join_sentences([self.question, join_items([meal_word(m) for m in MEALS])])

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())

    def voice_commands(self) -> dict:
        return {f"option.{m}": (lambda m=m: self.pick(m)) for m in MEALS}

    def voice_phrases(self) -> dict:
        return {f"option.{m}": [meal_word(m)] for m in MEALS}

    def action_labels(self) -> dict[str, str]:
        return {f"option.{m}": meal_word(m) for m in MEALS}

    def pick(self, meal: str) -> None:
        show_typed_result(self.ctx, self.nav, "glucose", self.values, meal)


def show_typed_result(ctx, nav, kind: str, typed: dict[str, str], meal: str | None) -> None:
    """Judge the typed reading and show its result; Back from there goes home, not into the
    numbers typed."""
    from ui.health.result import ResultScreen

    values = parse_typed(kind, typed)
    resident = ctx.session.resident
    targets: tuple = ()
    if resident is not None:
        try:
            targets = targets_for(ctx.store, resident)
        except StoreError:
            log.warning("the resident's own targets could not be read", exc_info=True)
    judgement = judge(kind, values, meal=meal, targets=targets)
    nav.show_after_home(ResultScreen(ctx, nav, judgement, source="typed", meal=meal))
