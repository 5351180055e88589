"""The consent screen: may the center keep this resident's health readings?

A question of its own, read aloud when it opens, with two answers of equal weight and none
chosen in advance. One tap answers; the answer is kept with the version of these words
(:data:`WORDING_VERSIONS`) and sent to the center (app.privacy.consent). The same screen shows
the answer given before and takes a new one, so a yes is withdrawn with one tap on "No". Saying
no changes nothing else: the resident can still measure and see the numbers, order and call
for help.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.clock import utc_now
from app.privacy.consent import HEALTH_READINGS, Consent, current_consent, record_consent
from app.store import StoreError
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import WrapButton
from ui.wording import join_sentences

log = logging.getLogger(__name__)

# The version of the words below, kept with each answer: change it whenever the question or
# what it says the readings are used for changes.
WORDING_VERSIONS = {HEALTH_READINGS: "health-2026-12"}


class ConsentScreen(Screen):
    """Ask one resident about one use of their data (today: health readings)."""

    def __init__(self, ctx, nav, purpose: str = HEALTH_READINGS) -> None:
        self.purpose = purpose
        super().__init__(ctx, nav)
        theme = ctx.theme
        self.answer: Consent | None = self._current()
        self.saving = False
        self.pager = Pager(theme)
        # Short answers to a short question: at the largest type both stay beside it.
        self.question_label = self.label(self.question(), "heading")
        self.no_button = WrapButton(
            self.tr("No"),
            theme,
            role="choice",
            description=self.tr("Readings are shown to you but not kept or sent"),
        )
        self.no_button.setObjectName("consent_no")
        self.no_button.clicked.connect(lambda: self.answer_with(False))
        self.yes_button = WrapButton(
            self.tr("Yes"),
            theme,
            role="choice",
            description=self.tr("Readings are kept here and sent to the center's nurses"),
        )
        self.yes_button.setObjectName("consent_yes")
        self.yes_button.clicked.connect(lambda: self.answer_with(True))
        # The question with its answers on every page; what it means below them, on a later
        # page where large type leaves no room (it is always read aloud).
        # The answer given so far comes first: after a tap it says what is now true.
        self.state_label = self.pager.add_text(self.state_text(), "muted")
        self.pager.add_question(
            self.question_label, [self.no_button, self.yes_button], stretch=False, natural=True
        )
        self.pager.add_text(self.explanation(), optional=True)
        self.pager.add_stretch()
        self.body.addWidget(self.pager, 1)

    # -- words ------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Your readings")

    def question(self) -> str:
        return self.tr("May the center keep them?")

    def explanation(self) -> str:
        return join_sentences(
            [
                self.tr(
                    "Readings are your blood pressure, blood sugar, pulse, oxygen, temperature"
                    " and weight. The center's nurses see them, only to look after you."
                ),
                self.tr(
                    "If you say no, you can still measure and see your numbers, order"
                    " services and call for help."
                ),
                self.tr("You can change your answer here at any time."),
            ]
        )

    def state_text(self) -> str:
        answer = self.answer
        if answer is None:
            return self.tr("You have not answered yet.")
        day = answer.recorded_at.astimezone().strftime("%Y-%m-%d")
        if answer.granted:
            return self.tr("Answered %1: yes, your readings are kept.").replace("%1", day)
        return self.tr("Answered %1: no, your readings are not kept.").replace("%1", day)

    def answered_text(self, granted: bool) -> str:
        # Short: it takes the place of the line above the question, which stays on the page.
        if granted:
            return self.tr("Thank you. Your readings are kept from now on.")
        return self.tr("Your readings are not kept from now on.")

    def spoken_text(self) -> str:
        return join_sentences(
            [
                self.title(),
                self.question(),
                self.explanation(),
                self.state_text(),
                self.yes_button.text(),
                self.no_button.text(),
            ]
        )

    def entered(self) -> None:
        self.ctx.say(self.spoken_text())
        self.nav.voice.listen_after_prompt()

    def voice_commands(self) -> dict[str, Callable[[], None]]:
        return {
            "consent.yes": lambda: self.answer_with(True),
            "consent.no": lambda: self.answer_with(False),
        }

    def voice_phrases(self) -> dict[str, list[str]]:
        # The buttons' own words can be said.
        return {intent: [label] for intent, label in self.action_labels().items()}

    def action_labels(self) -> dict[str, str]:
        return {"consent.yes": self.yes_button.text(), "consent.no": self.no_button.text()}

    # -- answering --------------------------------------------------------------------------

    def answer_with(self, granted: bool) -> None:
        """Keep the answer (off the UI thread); the screen then says what is true now."""
        resident = self.ctx.session.resident
        if resident is None or self.saving:
            return
        self.saving = True
        store, purpose = self.ctx.store, self.purpose
        version = WORDING_VERSIONS[purpose]
        self.ctx.tasks.run(
            lambda: record_consent(
                store, resident, purpose, granted=granted, wording_version=version, now=utc_now()
            ),
            self._answered,
            self._not_answered,
        )

    def _answered(self, answer: Consent) -> None:
        self.saving = False
        self.answer = answer
        self.ctx.queued()
        said = self.answered_text(answer.granted)
        self.pager.set_text(self.state_label, said)
        self.ctx.say(said)

    def _not_answered(self, error: BaseException) -> None:
        self.saving = False
        log.error("the consent answer was not kept", exc_info=error)
        said = self.tr("Your answer could not be kept. Please try again or ask a member of staff.")
        self.pager.set_text(self.state_label, said)
        self.ctx.say(said)

    def _current(self) -> Consent | None:
        resident = self.ctx.session.resident
        if resident is None:
            return None
        try:
            return current_consent(self.ctx.store, resident, self.purpose)
        except StoreError:
            log.warning("the consent answers could not be read", exc_info=True)
            return None
