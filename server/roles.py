"""Who may do what at the center: the roles of staff and the one permission table.

Every staff endpoint names one action (``server.routes.permissions.Allowed``), and this table
says which roles may take it. A role not listed for an action is refused with 403 and a
sentence naming the role and the action. Kiosks (``device`` credentials) never reach these
endpoints: they have their own.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Role = Literal["administrator", "dispatcher", "nurse", "volunteer"]
ROLES: Final[tuple[str, ...]] = get_args(Role)

ADMINISTRATOR: Final = "administrator"
DISPATCHER: Final = "dispatcher"
NURSE: Final = "nurse"
VOLUNTEER: Final = "volunteer"
# Family members have accounts too (server.family), made only from a staff invitation: they
# take none of the staff actions below and see only the residents they are linked to.
FAMILY: Final = "family"

# action -> (what it is in plain words, the roles that may take it)
ACTIONS: Final[dict[str, tuple[str, frozenset[str]]]] = {
    # one's own session and tokens: everyone signed in
    "self": ("see and end your own session", frozenset(ROLES)),
    # the day's work
    "orders.read": ("see orders", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "orders.act": ("change an order", frozenset({ADMINISTRATOR, DISPATCHER})),
    "sos.read": ("see emergencies", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "sos.ack": ("take an emergency", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "board.watch": ("watch the live board", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "messages.send": ("send a message", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    # family and video calls
    "calls.make": ("video call a resident", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "calls.read": ("see residents' calls", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "calls.policy": (
        "set a resident's quiet hours, call blocks and auto-answer",
        frozenset({ADMINISTRATOR, NURSE}),
    ),
    "family.invite": (
        "invite a resident's family",
        frozenset({ADMINISTRATOR, DISPATCHER, NURSE}),
    ),
    "family.manage": ("end a family member's link to a resident", frozenset({ADMINISTRATOR})),
    # health
    "alerts.read": ("see alerting readings", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "alerts.ack": ("acknowledge an alerting reading", frozenset({ADMINISTRATOR, NURSE})),
    "targets.read": ("see a resident's own targets", frozenset({ADMINISTRATOR, NURSE})),
    "targets.write": ("set a resident's own targets", frozenset({ADMINISTRATOR, NURSE})),
    "vitals.export": ("export readings", frozenset({ADMINISTRATOR, NURSE})),
    # the tutorial side
    "tutorials.read": (
        "see tutorial progress",
        frozenset({ADMINISTRATOR, DISPATCHER, NURSE, VOLUNTEER}),
    ),
    "volunteering.own": (
        "see your own volunteer hours and set your kiosk PIN",
        frozenset({ADMINISTRATOR, VOLUNTEER}),
    ),
    "volunteering.read": (
        "see every volunteer's hours and group sessions",
        frozenset({ADMINISTRATOR}),
    ),
    # running the center
    "residents.read": ("see the residents", frozenset({ADMINISTRATOR, DISPATCHER, NURSE})),
    "residents.write": ("change the residents register", frozenset({ADMINISTRATOR})),
    "residents.export": ("export all of a resident's data", frozenset({ADMINISTRATOR})),
    "residents.erase": ("erase a resident's data", frozenset({ADMINISTRATOR})),
    "catalog.publish": ("publish the catalog", frozenset({ADMINISTRATOR})),
    "lessons.publish": ("publish a lesson to the kiosks", frozenset({ADMINISTRATOR})),
    "devices.read": ("see the kiosks", frozenset({ADMINISTRATOR, DISPATCHER})),
    "devices.enrol": ("enrol a kiosk", frozenset({ADMINISTRATOR})),
    "devices.revoke": ("switch a kiosk off", frozenset({ADMINISTRATOR})),
    "events.read": ("see refused kiosk events", frozenset({ADMINISTRATOR, DISPATCHER})),
    "accounts.manage": ("manage staff accounts", frozenset({ADMINISTRATOR})),
    "audit.read": ("read the audit trail", frozenset({ADMINISTRATOR})),
    "reports.read": ("read the reports", frozenset({ADMINISTRATOR, DISPATCHER})),
}


def allowed(role: str, action: str) -> bool:
    """Whether ``role`` may take ``action``; an action not in the table is allowed to none."""
    entry = ACTIONS.get(action)
    return entry is not None and role in entry[1]


def refusal(role: str, action: str) -> str:
    """The sentence a refused member of staff reads."""
    what = ACTIONS[action][0] if action in ACTIONS else action
    article = "An" if role[:1] in "aeiou" else "A"
    return f"{article} {role} may not {what}; ask an administrator."


def table() -> dict[str, list[str]]:
    """role -> the actions it may take, for the documentation and the staff console."""
    return {role: [a for a in ACTIONS if allowed(role, a)] for role in ROLES}
