"""Family accounts: invitations from staff, the accounts they make, the links between family
members and residents, and the resident's home tablet.

A family member is a row of ``staff`` with the role ``family`` (server.roles.FAMILY), made
only from an invitation: a member of staff asks for one for a resident, gets a single-use
link that works for :data:`INVITATION_S`, and hands it over. Following it, the family member
chooses a sign-in name and a password (the rules of staff passwords, server.accounts), and
their account is linked to the resident (``family_links``). Signed in, they may accept a
further invitation: a second elder linked to the same account. Only a hash of the link's
token is kept.

A family account sees a resident only while a link is active (``ended_at`` NULL): every
question about any other card is answered as if the card did not exist (404), never 403, so
the answer does not tell that a resident exists. :func:`linked` is that one check.

Every change (an invitation made or used, a link ended, a home tablet set) goes to the audit
trail in the transaction that makes it; a family member's reads of a resident's data are
recorded by :func:`record_read`, as staff reads are.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server import access, accounts, audit
from server.auth import new_token, token_hash
from server.models import (
    CheckinSchedule,
    Device,
    FamilyInvitation,
    FamilyLink,
    ResidentDevice,
    ResidentRow,
    Staff,
)
from server.roles import FAMILY
from server.staff import StaffError

log = logging.getLogger(__name__)

INVITATION_S: Final = 7 * 24 * 3600
ONLINE_S: Final = 120  # a home tablet seen this recently is online
MAX_RELATION: Final = 40
MAX_DISPLAY_NAME: Final = 100
PRINTABLE: Final = re.compile(r"^[^\x00-\x1f\x7f]+$")
JOIN_PATH: Final = "/family/join/"
# The demo's family member: the first demo resident's daughter.
DEMO_FAMILY_NAME: Final = "wangli"
DEMO_RELATION: Final = "女儿"
DEMO_DISPLAY_NAME: Final = "女儿 王丽"
DEMO_RESIDENT: Final = "10001"


@dataclass(frozen=True)
class Invited:
    """An invitation just made: its path (with the token, shown once) and its end."""

    path: str
    expires_at: float


@dataclass(frozen=True)
class Accepted:
    """An invitation used: the account (new or the signed-in one) and the resident linked."""

    account: Staff
    resident_card: str
    new_account: bool


def not_found(card: str) -> StaffError:
    """The answer for a resident the asker may not see: the same as for no resident at all."""
    return StaffError("not_found", f"There is no resident with card {card} for you.", 404)


def _text(value: str, limit: int, what: str) -> str:
    value = value.strip()
    if not value or len(value) > limit or not PRINTABLE.match(value):
        raise StaffError(
            "invalid", f"{what} is 1 to {limit} characters, without control codes.", 422
        )
    return value


# -- invitations --------------------------------------------------------------------------


def invite(
    session: Session,
    actor: str,
    card: str,
    relation: str,
    display_name: str,
    *,
    now: float | None = None,
) -> Invited:
    """A single-use invitation for ``card``'s family, made by ``actor`` (``staff:NAME``);
    audited. The caller commits."""
    now = time.time() if now is None else now
    if session.get(ResidentRow, card) is None:
        raise StaffError("not_found", f"The center has no resident with card {card}.", 404)
    relation = _text(relation, MAX_RELATION, "The relation")
    display_name = _text(display_name, MAX_DISPLAY_NAME, "The name the resident sees")
    token = new_token()
    expires_at = now + INVITATION_S
    session.add(
        FamilyInvitation(
            token_hash=token_hash(token),
            resident_card=card,
            relation=relation,
            display_name=display_name,
            created_by=actor[:120],
            created_at=now,
            expires_at=expires_at,
        )
    )
    audit.record(
        session,
        actor,
        "family.invite",
        f"resident:{card}",
        None,
        {"relation": relation, "display_name": display_name, "expires_at": expires_at},
        now,
    )
    return Invited(JOIN_PATH + token, expires_at)


def invitation_problem(row: FamilyInvitation | None, now: float) -> str | None:
    """Why an invitation cannot be used ("unknown", "used", "expired"), or None."""
    if row is None:
        return "unknown"
    if row.used_at is not None:
        return "used"
    if row.expires_at <= now:
        return "expired"
    return None


def find_invitation(session: Session, token: str, *, lock: bool = False) -> FamilyInvitation | None:
    if not token or len(token) > 100:
        return None
    return session.get(FamilyInvitation, token_hash(token), with_for_update=lock)


class InvitationRefused(Exception):
    """An invitation that is unknown, used or expired (``reason``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def accept(
    session: Session,
    token: str,
    *,
    account: Staff | None = None,
    name: str = "",
    password: str = "",
    now: float | None = None,
) -> Accepted:
    """Use an invitation: link the signed-in family ``account``, or make a new account with
    ``name`` and ``password``. InvitationRefused for an invitation that cannot be used,
    accounts.AccountError for a name or password that cannot be. Commits."""
    now = time.time() if now is None else now
    row = find_invitation(session, token, lock=True)
    problem = invitation_problem(row, now)
    if problem is not None or row is None:
        session.rollback()
        raise InvitationRefused(problem or "unknown")
    new_account = account is None
    if account is None:
        account = _new_account(session, name, password, now=now)
    elif account.role != FAMILY:
        session.rollback()
        raise accounts.AccountError(
            "not_family", "A staff account cannot be a family account; sign out first.", 409
        )
    link = session.scalar(
        select(FamilyLink).where(
            FamilyLink.account_id == account.id, FamilyLink.resident_card == row.resident_card
        )
    )
    if link is None:
        link = FamilyLink(
            account_id=account.id,
            resident_card=row.resident_card,
            relation=row.relation,
            display_name=row.display_name,
            auto_answer=False,
            created_at=now,
        )
        session.add(link)
    else:  # linked before (the link may have ended): the new invitation renews it
        link.relation = row.relation
        link.display_name = row.display_name
        link.ended_at = None
    row.used_at = now
    row.used_by = account.id
    audit.record(
        session,
        f"family:{account.name}",
        "family.invitation_used",
        f"resident:{row.resident_card}",
        None,
        {"account": account.name, "relation": row.relation, "display_name": row.display_name},
        now,
    )
    try:
        session.commit()
    except IntegrityError:  # the same name chosen twice at once
        session.rollback()
        raise accounts.AccountError(
            "name_taken", f"There is already an account named {name.strip()}.", 409
        ) from None
    return Accepted(account, row.resident_card, new_account)


def _new_account(session: Session, name: str, password: str, *, now: float) -> Staff:
    name = name.strip()
    if not accounts.NAME.match(name):
        raise accounts.AccountError(
            "bad_name", "A name is 1 to 100 characters, without control codes."
        )
    accounts.check_password(password)
    if accounts.by_name(session, name) is not None:
        raise accounts.AccountError("name_taken", f"There is already an account named {name}.", 409)
    staff = Staff(
        name=name,
        token_hash=token_hash(new_token()),  # nobody holds a token for this hash
        created_at=now,
        role=FAMILY,
        password_hash=accounts.hash_password(password),
        failed_signins=0,
        lockouts=0,
    )
    session.add(staff)
    session.flush()
    audit.record(
        session, f"family:{name}", "account.create", f"staff:{name}", None, accounts.summary(staff)
    )
    return staff


# -- links ------------------------------------------------------------------------------------


def linked(session: Session, account: Staff, card: str) -> FamilyLink:
    """The active link of ``account`` to ``card``; :func:`not_found` (404) when there is none."""
    link = session.scalar(
        select(FamilyLink).where(
            FamilyLink.account_id == account.id,
            FamilyLink.resident_card == card,
            FamilyLink.ended_at.is_(None),
        )
    )
    if link is None or account.role != FAMILY:
        raise not_found(card)
    return link


def active_links(session: Session, account: Staff) -> list[FamilyLink]:
    return list(
        session.scalars(
            select(FamilyLink)
            .where(FamilyLink.account_id == account.id, FamilyLink.ended_at.is_(None))
            .order_by(FamilyLink.created_at, FamilyLink.id)
        )
    )


def links_of_resident(session: Session, card: str) -> list[tuple[FamilyLink, Staff]]:
    """Every link to ``card`` (ended ones too), with its account, for staff."""
    return [
        (link, account)
        for link, account in session.execute(
            select(FamilyLink, Staff)
            .join(Staff, Staff.id == FamilyLink.account_id)
            .where(FamilyLink.resident_card == card)
            .order_by(FamilyLink.created_at, FamilyLink.id)
        )
    ]


def end_link(
    session: Session, actor: str, card: str, account_id: int, *, now: float | None = None
) -> None:
    """End a family member's link to ``card`` (their daily check-ins with it stop too);
    audited. The caller commits."""
    now = time.time() if now is None else now
    link = session.scalar(
        select(FamilyLink).where(
            FamilyLink.account_id == account_id,
            FamilyLink.resident_card == card,
            FamilyLink.ended_at.is_(None),
        )
    )
    if link is None:
        raise StaffError("not_found", f"No family member {account_id} is linked to {card}.", 404)
    link.ended_at = now
    session.execute(
        update(CheckinSchedule)
        .where(CheckinSchedule.account_id == account_id, CheckinSchedule.resident_card == card)
        .values(enabled=False)
    )
    audit.record(
        session,
        actor,
        "family.link_end",
        f"resident:{card}",
        {"account_id": account_id, "display_name": link.display_name},
        None,
        now,
    )


# -- the home tablet --------------------------------------------------------------------------


def home_device(session: Session, card: str) -> Device | None:
    return session.scalar(
        select(Device)
        .join(ResidentDevice, ResidentDevice.device_id == Device.id)
        .where(ResidentDevice.resident_card == card)
    )


def set_home_device(
    session: Session, actor: str, card: str, device_id: str | None, *, now: float | None = None
) -> None:
    """Make ``device_id`` the tablet that rings for ``card`` (None: no tablet). A tablet rings
    for one resident only: moved from another resident, it stops ringing for them. Audited;
    the caller commits."""
    now = time.time() if now is None else now
    if session.get(ResidentRow, card) is None:
        raise StaffError("not_found", f"The center has no resident with card {card}.", 404)
    if device_id is not None:
        device = session.get(Device, device_id)
        if device is None:
            raise StaffError("unknown_device", f"The center has no device {device_id}.", 422)
        if device.revoked_at is not None:
            raise StaffError("device_revoked", "That device is switched off.", 422)
    before = session.get(ResidentDevice, device_id) if device_id else None
    current = session.scalar(select(ResidentDevice).where(ResidentDevice.resident_card == card))
    old = current.device_id if current else None
    if old == device_id:
        return
    for row in {r for r in (before, current) if r is not None}:
        session.delete(row)
    session.flush()
    if device_id is not None:
        session.add(
            ResidentDevice(device_id=device_id, resident_card=card, set_by=actor[:120], set_at=now)
        )
    audit.record(
        session,
        actor,
        "home_device.set",
        f"resident:{card}",
        {"device_id": old, "moved_from": before.resident_card if before else None},
        {"device_id": device_id},
        now,
    )


def online(device: Device | None, now: float, connected: bool = False) -> bool:
    """Whether the home tablet is there: connected now, or seen within ONLINE_S."""
    if device is None or device.revoked_at is not None:
        return False
    seen = device.last_seen_at
    return connected or (seen is not None and now - seen <= ONLINE_S)


# -- the audit of reads -----------------------------------------------------------------------


def record_read(
    session: Session,
    account: Staff,
    card: str,
    *,
    method: str,
    path: str,
    address: str | None,
    now: float | None = None,
) -> None:
    """Record that a family member read ``card``'s data through this request; commits."""
    audit.record(
        session,
        f"family:{account.name}",
        "access:family.read",
        f"resident:{card}",
        None,
        {"method": method, "path": access._storable(path)},
        time.time() if now is None else now,
        address=address,
    )
    session.commit()


# -- the demo ---------------------------------------------------------------------------------


def seed_demo(session: Session, password: str | None, *, now: float | None = None) -> str | None:
    """The demo's family member (``wangli``, linked to the first demo resident), unless
    there is one. Returns the password chosen for it when none was given (to print once),
    else None. Commits."""
    now = time.time() if now is None else now
    if accounts.by_name(session, DEMO_FAMILY_NAME) is not None:
        return None
    if session.get(ResidentRow, DEMO_RESIDENT) is None:
        return None
    chosen = password or secrets.token_urlsafe(9)
    try:
        account = _new_account(session, DEMO_FAMILY_NAME, chosen, now=now)
        session.add(
            FamilyLink(
                account_id=account.id,
                resident_card=DEMO_RESIDENT,
                relation=DEMO_RELATION,
                display_name=DEMO_DISPLAY_NAME,
                auto_answer=False,
                created_at=now,
            )
        )
        session.commit()
    except IntegrityError:  # another process of the center made it meanwhile
        session.rollback()
        return None
    return None if password else chosen


def adopt_demo_tablet(session: Session, device_id: str, *, now: float | None = None) -> bool:
    """In the demo, the first device that enrols while the demo resident has no home tablet
    becomes it (so the demo kiosk rings). Whether it did; commits."""
    if home_device(session, DEMO_RESIDENT) is not None:
        return False
    if session.get(ResidentRow, DEMO_RESIDENT) is None:
        return False
    try:
        set_home_device(session, "center:demo", DEMO_RESIDENT, device_id, now=now)
        session.commit()
    except (IntegrityError, StaffError):
        session.rollback()
        return False
    log.info("demo: device %s is the home tablet of resident %s", device_id, DEMO_RESIDENT)
    return True
