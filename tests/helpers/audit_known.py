"""Audit cases that need a redesign, not a small fix, and what the audit measured on them.

The accessibility audit (tests/test_accessibility_audit.py) marks exactly these cases
``xfail(strict=True)``: each row names the screen, language, font scale and reference screen
(both themes fail alike; colour is not the problem), the cause below, and the number that
was measured on the grab. A row whose case starts to pass fails the audit until it is removed.
"""

from __future__ import annotations

CAUSES = {
    "HEADER": (
        "in English on the 1280x800 tablet the header's Read aloud, Speak and SOS (and Sign"
        " out on a shared kiosk) leave the title 200-350 px, so the title wraps to 2-3 lines"
        " or the buttons are squeezed, and the page below is crushed; the header needs a"
        " layout for narrow screens"
    ),
    "ANSWERS": (
        "an answer's label at 30 pt is wider than half the tablet and a push button cannot"
        " wrap it; answers need a big button that wraps its label"
    ),
    "ORDERS": (
        "three order rows, the pager and the footer need more height than the screen has;"
        " My orders should fit its rows per page to the room it has"
    ),
    "SIGN_IN": (
        "kiosk-mode sign-in, made for the 21.5-inch kiosk: a 4-row pad of 22 mm keys beside"
        " the card messages needs more height than the page has"
    ),
    "CARD_TEXT": (
        "at 200 % the unknown-card message and the Ask staff button beside the number pad need"
        " more height than the page has"
    ),
    "SOS_TEXT": (
        "the SOS result's message, its explanation and the 40 pt phone numbers need more"
        " height than the page has"
    ),
    "NO_SERVICE": "the out-of-service texts at 30 and 40 pt need more height than the window",
    "HOME_REFLOW": (
        "the known home reflow for large text: at 200 % the 1280x800 tablet cannot hold the"
        " header and three rows of 60 pt service names"
    ),
    "LARGE_TYPE": (
        "at 200 % type the 1280x800 tablet cannot hold the header (a 60 pt SOS beside a"
        " 60 pt title) and the page; the screens need a layout for large text"
    ),
}

# screen               language scale reference cause  what was measured (light and dark)
_ROWS = """
orders               en_US 200 kiosk  ORDERS      “Next page” glyphs at 4..60 of 43 px
orders               zh_CN 200 kiosk  ORDERS      “下一页” glyphs at 2..52 of 43 px
unknown_card         en_US 200 kiosk  CARD_TEXT   “This card i…” needs 496 px high, has 259
unknown_card         zh_CN 200 kiosk  CARD_TEXT   “没有找到这张…” needs 372 px high, has 259
sos_failed           en_US 200 kiosk  SOS_TEXT    “Community c…” needs 332 px high, has 193
confirm              en_US 100 tablet HEADER      “Meals, Lunc…” needs 92 px high, has 24-75
result               en_US 100 tablet HEADER      “Ordered: Me…” needs 184 px high, has 124
sos_countdown        en_US 100 tablet SOS_TEXT    “Calling for…” needs 184 px high, has 166
urgent_confirm       en_US 100 tablet HEADER      “Urgent help” needs 92 px high, has 24
bathing_choice       en_US 100 tablet ANSWERS     “Tomorrow mo…” needs 569 px wide, has 564
cleaning_choice      en_US 100 tablet ANSWERS     “Tomorrow mo…” needs 569 px wide, has 564
companionship_choice en_US 100 tablet ANSWERS     “Tomorrow mo…” needs 569 px wide, has 564
errands_choice       en_US 100 tablet ANSWERS     “Tomorrow mo…” needs 569 px wide, has 564
escort_choice        en_US 100 tablet ANSWERS     “Tomorrow mo…” needs 569 px wide, has 564
legal_choice         en_US 100 tablet ANSWERS     “Tomorrow mo…” needs 569 px wide, has 564
medical_choice       en_US 100 tablet ANSWERS     “Tomorrow mo…” needs 569 px wide, has 564
orders               en_US 100 tablet ORDERS      window grows to 1280x1041 px
orders               zh_CN 100 tablet ORDERS      window grows to 1280x1041 px
signin               en_US 100 tablet SIGN_IN     window grows to 1280x883 px
signin               zh_CN 100 tablet SIGN_IN     window grows to 1280x883 px
unknown_card         en_US 100 tablet SIGN_IN     window grows to 1280x883 px
unknown_card         zh_CN 100 tablet SIGN_IN     window grows to 1280x883 px
sos_failed           en_US 100 tablet SOS_TEXT    “The alarm c…” needs 184 px high, has 143
sos_failed           zh_CN 100 tablet SOS_TEXT    “社区中心：01…” needs 121 px high, has 114
sos_raised           en_US 100 tablet SOS_TEXT    “Help is cal…” needs 184 px high, has 167
out_of_service       en_US 100 tablet NO_SERVICE  “This termin…” needs 184 px high, has 159
home                 en_US 200 tablet HOME_REFLOW “Read aloud” needs 483 px wide, has 196
home                 zh_CN 200 tablet HOME_REFLOW “社区服务” needs 724 px high, has 370
idle_banner          en_US 200 tablet HOME_REFLOW “Sign out” needs 367 px wide, has 51
idle_banner          zh_CN 200 tablet HOME_REFLOW “社区服务” needs 724 px high, has 370
voice_banner         en_US 200 tablet HOME_REFLOW “Read aloud” needs 483 px wide, has 196
voice_banner         zh_CN 200 tablet HOME_REFLOW “社区服务” needs 724 px high, has 370
bathing_choice       en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
bathing_choice       zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
cancel_order         en_US 200 tablet LARGE_TYPE  window grows to 1280x821 px
cancel_order         zh_CN 200 tablet LARGE_TYPE  window grows to 1280x821 px
cleaning_choice      en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
cleaning_choice      zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
coming_soon          en_US 200 tablet LARGE_TYPE  “Read aloud” needs 483 px wide, has 268
coming_soon          zh_CN 200 tablet LARGE_TYPE  “健康” needs 362 px high, has 320
coming_soon_call     en_US 200 tablet LARGE_TYPE  “Video call” needs 362 px high, has 320
coming_soon_call     zh_CN 200 tablet LARGE_TYPE  “视频通话” needs 724 px high, has 320
coming_soon_learn    en_US 200 tablet LARGE_TYPE  “Read aloud” needs 483 px wide, has 289
coming_soon_learn    zh_CN 200 tablet LARGE_TYPE  “学习” needs 362 px high, has 320
companionship_choice en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
companionship_choice zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
confirm              en_US 200 tablet LARGE_TYPE  window grows to 1280x1023 px
confirm              zh_CN 200 tablet LARGE_TYPE  window grows to 1280x1023 px
errands_choice       en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
errands_choice       zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
escort_choice        en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
escort_choice        zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
legal_choice         en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
legal_choice         zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
meals_choice         en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
meals_choice         zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
meals_portions       en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
meals_portions       zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
medical_choice       en_US 200 tablet LARGE_TYPE  window grows to 1280x831 px
medical_choice       zh_CN 200 tablet LARGE_TYPE  window grows to 1280x831 px
orders               en_US 200 tablet LARGE_TYPE  window grows to 1558x1512 px
orders               zh_CN 200 tablet LARGE_TYPE  window grows to 1297x1512 px
orders_empty         en_US 200 tablet LARGE_TYPE  “Sign out” needs 367 px wide, has 72
orders_empty         zh_CN 200 tablet LARGE_TYPE  “我的订单” needs 724 px high, has 518
out_of_service       en_US 200 tablet LARGE_TYPE  window grows to 1295x1022 px
out_of_service       zh_CN 200 tablet LARGE_TYPE  window grows to 1295x1022 px
result               en_US 200 tablet LARGE_TYPE  window grows to 1280x1023 px
result               zh_CN 200 tablet LARGE_TYPE  window grows to 1280x1023 px
result_failed        en_US 200 tablet LARGE_TYPE  window grows to 1280x1023 px
result_failed        zh_CN 200 tablet LARGE_TYPE  window grows to 1280x1023 px
signin               en_US 200 tablet LARGE_TYPE  window grows to 1280x1075 px
signin               zh_CN 200 tablet LARGE_TYPE  window grows to 1280x1075 px
sos_countdown        en_US 200 tablet LARGE_TYPE  window grows to 1307x1085 px
sos_countdown        zh_CN 200 tablet LARGE_TYPE  window grows to 1280x1085 px
sos_failed           en_US 200 tablet LARGE_TYPE  window grows to 1307x1194 px
sos_failed           zh_CN 200 tablet LARGE_TYPE  window grows to 1293x1194 px
sos_raised           en_US 200 tablet LARGE_TYPE  window grows to 1307x1206 px
sos_raised           zh_CN 200 tablet LARGE_TYPE  window grows to 1293x1206 px
unknown_card         en_US 200 tablet LARGE_TYPE  window grows to 1833x1230 px
unknown_card         zh_CN 200 tablet LARGE_TYPE  window grows to 1833x1230 px
urgent_confirm       en_US 200 tablet LARGE_TYPE  window grows to 1280x1023 px
urgent_confirm       zh_CN 200 tablet LARGE_TYPE  window grows to 1280x1023 px
"""


def _known() -> dict[tuple[str, str, int, str], str]:
    known = {}
    for row in _ROWS.strip().splitlines():
        screen, language, scale, reference, cause, measured = row.split(None, 5)
        known[(screen, language, int(scale), reference)] = f"{CAUSES[cause]}. Measured: {measured}"
    return known


NEEDS_REDESIGN = _known()
"""(screen, language, font scale %, reference screen) -> why it fails and what was measured."""
