"""The end of a lesson (practise it now, go through it again, or choose another) and the end
of a practice (practised, or mastered when no hint was needed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.people import Resident
from app.tutorials import Lesson
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton
from ui.wording import join_sentences


class _Ending(Screen):
    """A few sentences and two or three choices, kept on one page."""

    def __init__(
        self,
        ctx,
        nav,
        lesson: Lesson,
        learners: Sequence[Resident],
        *,
        practise: Callable[[], None] | None = None,
        again: Callable[[], None] | None = None,
    ) -> None:
        """``practise`` and ``again`` open the practice and the lesson from step 1 (the
        screens that lead here know how); a choice without one is not offered."""
        self.lesson = lesson
        self._practise = practise
        self._again = again
        super().__init__(ctx, nav)
        self.learners = list(learners)
        self.pager = Pager(ctx.theme)
        self.message = self.pager.add_text(self.message_text(), "heading")
        self.message.setObjectName("ending_message")
        self.choices: dict[str, BigButton] = {}
        for key, label, description, role, action in self.offers():
            button = BigButton(label, ctx.theme, role=role, description=description)
            button.setObjectName(key)
            button.clicked.connect(action)
            self.choices[key] = button
        self.pager.add_grid(list(self.choices.values()), 3, stretch=False, natural=True)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    def message_text(self) -> str:
        raise NotImplementedError

    def offers(self) -> list[tuple[str, str, str, str, Callable[[], None]]]:
        raise NotImplementedError

    def spoken_text(self) -> str:
        labels = [button.label_text() for button in self.choices.values()]
        return join_sentences([self.message_text(), *labels])

    def entered(self) -> None:
        self.ctx.say(self.message_text())

    def voice_commands(self) -> dict[str, Callable[[], None]]:
        return {f"learn.{key}": button.click for key, button in self.choices.items()}

    def voice_phrases(self) -> dict[str, list[str]]:
        return {f"learn.{key}": [b.label_text()] for key, b in self.choices.items()}

    def action_labels(self) -> dict[str, str]:
        return {f"learn.{key}": b.label_text() for key, b in self.choices.items()}

    def practise(self) -> None:
        if self._practise is not None:
            self._practise()

    def again(self) -> None:
        if self._again is not None:
            self._again()

    def other_lessons(self) -> None:
        self.nav.back()


class LessonDoneScreen(_Ending):
    def title(self) -> str:
        return self.tr("Lesson done")

    def message_text(self) -> str:
        done = self.tr("You have gone through every step of “%1”.").replace(
            "%1", self.lesson.title.get(self.ctx.language)
        )
        if self._practise is None:
            return done
        return join_sentences(
            [done, self.tr("Now you can try it yourself. In practice nothing real happens.")]
        )

    def offers(self) -> list[tuple[str, str, str, str, Callable[[], None]]]:
        offers: list[tuple[str, str, str, str, Callable[[], None]]] = []
        if self._practise is not None:
            offers.append(
                (
                    "practise",
                    self.tr("Practise"),
                    self.tr("Try it yourself on a practice screen"),
                    "primary",
                    self.practise,
                )
            )
        if self._again is not None:
            offers.append(
                (
                    "again",
                    self.tr("Start again"),
                    self.tr("Go through the lesson again from step 1"),
                    "choice",
                    self.again,
                )
            )
        offers.append(
            (
                "other_lessons",
                self.tr("Other lessons"),
                self.tr("Back to the list of lessons"),
                "choice",
                self.other_lessons,
            )
        )
        return offers


class PracticeDoneScreen(_Ending):
    def __init__(
        self,
        ctx,
        nav,
        lesson: Lesson,
        learners: Sequence[Resident],
        *,
        mastered: bool,
        saved: bool = True,
        practise: Callable[[], None] | None = None,
    ) -> None:
        self.mastered = mastered
        self.saved = saved
        super().__init__(ctx, nav, lesson, learners, practise=practise)

    def title(self) -> str:
        return self.tr("Practice done")

    def message_text(self) -> str:
        if self.mastered:
            words = [self.tr("You did every step yourself, without a hint. You have mastered it!")]
        else:
            words = [
                self.tr("Well done, you finished the practice."),
                self.tr("Next time, try it without a hint."),
            ]
        if not self.saved:
            words.append(self.tr("This could not be saved on this kiosk."))
        return join_sentences(words)

    def offers(self) -> list[tuple[str, str, str, str, Callable[[], None]]]:
        offers: list[tuple[str, str, str, str, Callable[[], None]]] = []
        if self._practise is not None:
            offers.append(
                (
                    "practise",
                    self.tr("Practise again"),
                    self.tr("Try the practice once more"),
                    "choice",
                    self.practise,
                )
            )
        return [
            *offers,
            (
                "other_lessons",
                self.tr("Other lessons"),
                self.tr("Back to the list of lessons"),
                "choice",
                self.other_lessons,
            ),
        ]
