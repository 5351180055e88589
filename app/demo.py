"""Demo residents for ``--demo``: enough variety to try every subsidy tier and language; and
the demo's simulated health devices."""

from __future__ import annotations

from app.config import Config
from app.people import add_resident, find_by_card
from app.store import Store

DEMO_RESIDENTS = (
    # card, name, phone, subsidy tier, language
    ("10001", "张秀英", "13812341234", "free", "zh_CN"),
    ("10002", "李建国", "13998765432", "subsidised", "zh_CN"),
    ("10003", "王淑芬", "13700001111", "full", "zh_CN"),
    ("10004", "陈桂兰", "13655556666", "subsidised", "zh_CN"),
    ("20001", "Margaret Lee", "13522223333", "full", "en_US"),
)
HOME_DEMO_CARD = "10001"


# The demo residents agreed that the center records their health readings when staff
# registered them at the center (which holds that answer itself, so it is not sent back);
# this one has not been asked yet, so the demo shows the consent screen with her.
NOT_ASKED_YET = "10004"
DEMO_CONSENT_WORDING = "health-2026-12"


def seed_demo(store: Store) -> int:
    """Add the demo residents that are not there yet; return how many were added."""
    added = 0
    for card, name, phone, tier, language in DEMO_RESIDENTS:
        if find_by_card(store, card) is None:
            resident = add_resident(
                store,
                card_number=card,
                name=name,
                phone=phone,
                subsidy_tier=tier,
                language=language,
            )
            if card != NOT_ASKED_YET:
                # Imported here: on every later start the residents are there already.
                from app.privacy.consent import HEALTH_READINGS, record_consent

                record_consent(
                    store,
                    resident,
                    HEALTH_READINGS,
                    granted=True,
                    wording_version=DEMO_CONSENT_WORDING,
                    recorded_by="staff",
                    staff_name="demo",
                    tell_center=False,
                )
            added += 1
    return added


def with_demo_devices(config: Config) -> Config:
    """The demo measures with simulated health devices, unless the config chose real ones."""
    if config.vitals_device == "none":
        return config.with_changes(vitals_device="simulated")
    return config
