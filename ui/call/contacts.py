"""Video call from the home screen: the signed-in resident's family as big buttons (name and
relation; one tap calls), each with whether their calls answer by themselves, which the
resident can change here (the choice is said back aloud).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import shiboken6

from app.calls import AUTO_ANSWER_S
from ui.call import words
from ui.layout.pager import Pager
from ui.screen import Screen
from ui.widgets.buttons import BigButton, WrapButton

if TYPE_CHECKING:
    from ui.call.part import CallPart
    from ui.context import AppContext
    from ui.navigator import Navigator

log = logging.getLogger(__name__)


def contact_name(relation: str, display_name: str) -> str:
    """As the resident knows them: "女儿 王丽" (the relation first, where there is one)."""
    return f"{relation} {display_name}".strip() if relation else display_name


def place_call(
    ctx: AppContext,
    nav: Navigator,
    part: CallPart,
    *,
    name: str,
    family_id: int,
    checkin_schedule_id: int | None = None,
    again: bool = False,
) -> None:
    """Call ``family_id`` for the signed-in resident: the call's screen shows at once
    ("calling ..."), the center is asked from there. ``again``: in place of the screen on
    show (Call back after a call)."""
    from ui.call.incall import InCallScreen

    resident = ctx.session.resident
    if resident is None:
        nav.open_feature("call")
        return
    card = resident.card_number

    def start() -> Any:  # runs in a worker thread
        desk = part.desk
        if desk is None:
            from sync.calls import NO_CENTER, CallProblem

            raise CallProblem(NO_CENTER, "this kiosk has no connection to a center")
        return desk.call(card, family_id, checkin_schedule_id)

    def call_back() -> None:
        place_call(ctx, nav, part, name=name, family_id=family_id, again=True)

    screen = InCallScreen(ctx, nav, part, peer_name=name, start=start, call_back=call_back)
    if again:
        nav.replace(screen)
    else:
        nav.push(screen)


class ContactsScreen(Screen):
    """Whom the resident can call; loaded from the center each time it opens."""

    def __init__(self, ctx: AppContext, nav: Navigator, part: CallPart) -> None:
        super().__init__(ctx, nav)
        self.part = part
        self.contacts: list[Any] = []
        self.message = self.tr("Looking for your family...")
        self.pager: Pager | None = None
        self.call_buttons: list[WrapButton] = []
        self.choice_buttons: list[BigButton] = []
        self._build()

    def title(self) -> str:
        return self.tr("Video call")

    def _build(self) -> None:
        theme = self.ctx.theme
        if self.pager is not None:
            self.body.removeWidget(self.pager)
            self.pager.hide()
            self.pager.deleteLater()
        pager = Pager(theme)
        self.call_buttons, self.choice_buttons = [], []
        heading = pager.add_text(self.message, "heading")
        heading.setObjectName("call_contacts_message")
        for contact in self.contacts:
            name = contact_name(contact.relation, contact.display_name)
            call_button = WrapButton(
                name,
                theme,
                role="primary",
                description=self.tr("Video call %1").replace("%1", name),
            )
            call_button.setObjectName(f"call_{contact.family_id}")
            call_button.clicked.connect(lambda _=False, c=contact: self.call(c))
            choice = BigButton(
                self.auto_answer_words(contact.auto_answer),
                theme,
                role="choice",
                description=self.tr("Change whether calls from %1 answer by themselves").replace(
                    "%1", name
                ),
            )
            choice.setObjectName(f"auto_answer_{contact.family_id}")
            choice.clicked.connect(lambda _=False, c=contact: self.toggle_auto_answer(c))
            pager.add_grid([call_button, choice], 2, stretch=False)
            # A name stays with its choice.
            pager.keep_together([call_button, choice])
            self.call_buttons.append(call_button)
            self.choice_buttons.append(choice)
        pager.add_stretch()
        self.pager = pager
        self.body.addWidget(pager, 1)
        if self.isVisible():
            pager.show()

    def auto_answer_words(self, on: bool) -> str:
        return self.tr("Answers by itself: on") if on else self.tr("Answers by itself: off")

    def spoken_text(self) -> str:
        names = [contact_name(c.relation, c.display_name) for c in self.contacts]
        return " ".join([self.message, *names])

    def voice_phrases(self) -> dict[str, list[str]]:
        return {
            f"call_{c.family_id}": [c.display_name, contact_name(c.relation, c.display_name)]
            for c in self.contacts
        }

    def voice_commands(self) -> dict:
        return {f"call_{c.family_id}": lambda c=c: self.call(c) for c in self.contacts}

    def action_labels(self) -> dict[str, str]:
        return {
            f"call_{c.family_id}": contact_name(c.relation, c.display_name) for c in self.contacts
        }

    # -- loading ----------------------------------------------------------------------------

    def entered(self) -> None:
        self.load()

    def load(self) -> None:
        resident, desk = self.ctx.session.resident, self.part.desk
        if resident is None:
            self.show_message(self.tr("Please sign in first."))
            return
        if desk is None:
            self.show_message(words.problem_sentence("no_center", "", ""))
            return
        self.ctx.say(self.message)
        card = resident.card_number
        self.ctx.tasks.run(lambda: desk.contacts(card), self._loaded, self._not_loaded)

    def show_contacts(self, contacts: list[Any]) -> None:
        self.contacts = list(contacts)[:8]  # at most 9 choices on a screen, with Back
        if self.contacts:
            self.message = self.tr("Whom would you like to call?")
        else:
            self.message = self.tr(
                "No family members are set up for video calls yet. Staff can add them."
            )
        self._build()
        self.ctx.say(self.spoken_text())

    def show_message(self, message: str) -> None:
        self.contacts = []
        self.message = message
        self._build()
        self.ctx.say(message)

    def _loaded(self, found: Any) -> None:
        if shiboken6.isValid(self):  # the screen may have gone while the center was asked
            self.show_contacts(found.contacts)

    def _not_loaded(self, error: BaseException) -> None:
        log.warning("the family contacts could not be read: %s", error)
        if not shiboken6.isValid(self):
            return
        self.show_message(
            words.problem_sentence(
                getattr(error, "reason", "no_center"), getattr(error, "message", ""), ""
            )
        )

    # -- acting -----------------------------------------------------------------------------

    def call(self, contact: Any) -> None:
        place_call(
            self.ctx,
            self.nav,
            self.part,
            name=contact_name(contact.relation, contact.display_name),
            family_id=contact.family_id,
        )

    def toggle_auto_answer(self, contact: Any) -> None:
        """Change the choice at the center first; only what the center took is shown."""
        resident, desk = self.ctx.session.resident, self.part.desk
        if resident is None or desk is None:
            return
        wanted = not contact.auto_answer
        card, family_id = resident.card_number, contact.family_id
        name = contact_name(contact.relation, contact.display_name)

        def done(_result: object) -> None:
            if not shiboken6.isValid(self):
                return
            self.contacts = [
                c.model_copy(update={"auto_answer": wanted}) if c.family_id == family_id else c
                for c in self.contacts
            ]
            self._build()
            if wanted:
                said = self.tr(
                    "Calls from %1 now answer by themselves after %2 seconds, with the camera on."
                ).replace("%2", str(AUTO_ANSWER_S))
            else:
                said = self.tr("Calls from %1 now ring until you answer.")
            self.ctx.say(said.replace("%1", name))

        def failed(error: BaseException) -> None:
            log.warning("the auto-answer choice was not saved: %s", error)
            if not shiboken6.isValid(self):
                return
            self.ctx.say(
                self.tr("The change could not be saved. %1").replace(
                    "%1",
                    words.problem_sentence(
                        getattr(error, "reason", "no_center"), getattr(error, "message", ""), name
                    ),
                )
            )

        self.ctx.tasks.run(lambda: desk.set_auto_answer(card, family_id, wanted), done, failed)
