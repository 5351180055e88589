"""The consent screen as a resident meets it: asked aloud, no answer chosen for them, one tap
to answer and one to change it; without a yes a reading is shown but not kept, and the
screen says so."""

from __future__ import annotations

from app import outbox
from app.people import find_by_card
from app.privacy.consent import HEALTH_READINGS, current_consent, record_consent
from app.vitals import judge
from tests.helpers.kiosk_fixtures import Kiosk, KioskFactory
from ui.health.home import HealthHomeScreen
from ui.health.result import ResultScreen
from ui.health.words import NOT_SAVED, SAVED
from ui.privacy.screen import WORDING_VERSIONS, ConsentScreen

NOT_ASKED_YET = "10004"  # the demo resident who has not answered


def as_resident_not_asked(kiosk: Kiosk) -> None:
    resident = find_by_card(kiosk.store, NOT_ASKED_YET)
    assert resident is not None
    kiosk.ctx.session.sign_in(resident)


def consent_events(kiosk: Kiosk) -> list[bool]:
    return [e.payload["granted"] for e in outbox.events(kiosk.store) if e.kind == "consent.record"]


def test_the_question_is_read_aloud_and_one_tap_answers_it(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(mode="kiosk", language="en_US")
    as_resident_not_asked(kiosk)
    kiosk.window.open_feature("privacy")
    screen = kiosk.wait_screen(ConsentScreen)
    # In the resident's own language (Chinese): the words are the screen's.
    said = kiosk.wait_spoken(screen.question())
    assert screen.explanation() in said and screen.state_text() in said
    assert screen.state_text() == screen.tr("You have not answered yet.")
    # Two answers of equal weight, neither chosen for the resident.
    for button in (screen.yes_button, screen.no_button):
        assert not button.isCheckable() and button.property("role") == "choice"

    kiosk.tap(screen.yes_button)
    kiosk.wait_idle()
    resident = kiosk.ctx.session.resident
    assert resident is not None
    answer = current_consent(kiosk.store, resident, HEALTH_READINGS)
    assert answer is not None and answer.granted and answer.recorded_by == "resident"
    assert answer.wording_version == WORDING_VERSIONS[HEALTH_READINGS]
    kiosk.wait_spoken(screen.answered_text(True))
    assert screen.answered_text(True) in kiosk.visible_texts()

    kiosk.tap(screen.no_button)  # withdrawn with one tap
    kiosk.wait_idle()
    kiosk.wait_spoken(screen.answered_text(False))
    assert consent_events(kiosk) == [True, False]


def test_a_reading_without_consent_is_shown_but_not_kept_and_the_screen_says_so(
    kiosk_factory: KioskFactory,
) -> None:
    kiosk = kiosk_factory(mode="kiosk", language="en_US")
    as_resident_not_asked(kiosk)
    kiosk.window.open_feature("health")
    home = kiosk.wait_screen(HealthHomeScreen)
    assert home.consent_words() == home.tr("Your readings are not kept; tap to change")
    values = {"systolic": 150.0, "diastolic": 95.0, "pulse": 80.0}
    result = ResultScreen(kiosk.ctx, kiosk.window, judge("blood_pressure", values))
    kiosk.window.push(result)
    kiosk.qtbot.waitUntil(lambda: result.delivery == NOT_SAVED)
    assert "150" in " ".join(kiosk.visible_texts())  # the number is on screen
    assert "不保存也不发送" in result.delivery_text()  # in the resident's Chinese
    assert [e.kind for e in outbox.events(kiosk.store)] == []

    resident = kiosk.ctx.session.resident
    assert resident is not None
    record_consent(
        kiosk.store, resident, HEALTH_READINGS, granted=True, wording_version="health-2026-12"
    )
    again = ResultScreen(kiosk.ctx, kiosk.window, judge("blood_pressure", values))
    kiosk.window.push(again)
    kiosk.qtbot.waitUntil(lambda: again.delivery == SAVED)


def test_the_health_screen_opens_the_question(kiosk_factory: KioskFactory) -> None:
    kiosk = kiosk_factory(language="en_US")  # home mode: the tablet's resident agreed
    kiosk.window.open_feature("health")
    home = kiosk.wait_screen(HealthHomeScreen)
    kiosk.tap(home.entries["consent"])
    screen = kiosk.wait_screen(ConsentScreen)
    assert any(text.endswith(": yes, your readings are kept.") for text in kiosk.visible_texts())
    assert screen.title() == "Your readings"
