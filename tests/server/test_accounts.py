"""Staff accounts in the center's database: passwords, the lockout and its growing period,
sessions and tokens that expire, signing out, disabling and password resets (server.accounts),
with the clock given, so that hours pass without waiting. Over HTTP:
tests/server/test_staff_roles.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server import accounts, audit
from server.auth import AuthError
from server.db import make_engine, migrate, session_factory
from server.models import AuditEntry

T0 = 1_800_000_000.0
HOUR = 3600.0
PASSWORD = "green tea at ten"


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    migrate(engine)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def dispatcher(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        accounts.create_account(
            session, "Zhao Min", "dispatcher", password=PASSWORD, actor="cli", now=T0
        )
        session.commit()
    return "Zhao Min"


def sign_in(sessions: sessionmaker[Session], password: str, now: float) -> str:
    with sessions() as session:
        _, issued = accounts.sign_in(session, "Zhao Min", password, 12 * HOUR, now=now)
        return issued.token


def refusal(sessions: sessionmaker[Session], password: str, now: float) -> AuthError:
    with pytest.raises(AuthError) as caught:
        sign_in(sessions, password, now)
    return caught.value


def who(sessions: sessionmaker[Session], token: str, kind: str, now: float) -> str:
    with sessions() as session:
        return accounts.staff_for_secret(session, token, kind, now=now).name


def test_a_password_is_stored_as_an_argon2_hash_and_signs_in(
    sessions: sessionmaker[Session], dispatcher: str
) -> None:
    with sessions() as session:
        stored = accounts.by_name(session, dispatcher)
        assert stored is not None and stored.password_hash is not None
        assert stored.password_hash.startswith("$argon2id$")
        assert PASSWORD not in stored.password_hash
    token = sign_in(sessions, PASSWORD, T0)
    assert who(sessions, token, accounts.CONSOLE, T0 + 1) == dispatcher
    # A console session is not an API token, nor the other way round.
    with pytest.raises(AuthError):
        who(sessions, token, accounts.TOKEN, T0 + 1)


def test_wrong_passwords_lock_the_account_for_a_growing_period(
    sessions: sessionmaker[Session], dispatcher: str
) -> None:
    for attempt in range(accounts.LOCK_AFTER - 1):
        assert refusal(sessions, "wrong password", T0 + attempt).code == "bad_signin"
    locked = refusal(sessions, "wrong password", T0 + 10)
    assert (locked.code, locked.status) == ("account_locked", 429)
    assert locked.headers == {"Retry-After": "60"}
    # While locked, even the right password is refused and nothing is counted.
    assert refusal(sessions, PASSWORD, T0 + 40).code == "account_locked"

    after_first = T0 + 10 + 60
    for attempt in range(accounts.LOCK_AFTER - 1):
        assert refusal(sessions, "wrong again", after_first + attempt).code == "bad_signin"
    second = refusal(sessions, "wrong again", after_first + 10)
    assert second.headers == {"Retry-After": "120"}, "the second lockout lasts twice as long"
    assert refusal(sessions, PASSWORD, after_first + 10 + 119).code == "account_locked"

    token = sign_in(sessions, PASSWORD, after_first + 10 + 120)
    assert who(sessions, token, accounts.CONSOLE, after_first + 200) == dispatcher
    # A good sign-in starts the count again: the next lockout is the first one's length.
    later = after_first + 1000
    for attempt in range(accounts.LOCK_AFTER):
        error = refusal(sessions, "wrong", later + attempt)
    assert error.headers == {"Retry-After": "60"}
    with sessions() as session:
        locks = session.scalars(select(AuditEntry).where(AuditEntry.action == "account.locked"))
        assert len(list(locks)) == 3


@pytest.mark.slow  # seventy argon2 checks
def test_the_lockout_never_grows_past_a_day(
    sessions: sessionmaker[Session], dispatcher: str
) -> None:
    now = T0
    for _ in range(14):
        for _ in range(accounts.LOCK_AFTER):
            error = refusal(sessions, "wrong", now)
        now += float(error.headers["Retry-After"]) if error.headers else 0.0
    assert error.headers == {"Retry-After": str(int(accounts.LOCK_MAX_S))}


def test_an_unknown_name_is_told_as_a_wrong_password(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, pytest.raises(AuthError) as caught:
        accounts.sign_in(session, "Nobody", PASSWORD, HOUR, now=T0)
    assert (caught.value.code, caught.value.status) == ("bad_signin", 401)
    assert caught.value.message == "The name or the password is wrong."


def test_sessions_and_tokens_expire(sessions: sessionmaker[Session], dispatcher: str) -> None:
    console = sign_in(sessions, PASSWORD, T0)
    with sessions() as session:
        staff = accounts.by_name(session, dispatcher)
        assert staff is not None
        token = accounts.issue(session, staff, accounts.TOKEN, 90 * 24 * HOUR, now=T0).token
        session.commit()
    assert who(sessions, console, accounts.CONSOLE, T0 + 12 * HOUR - 1) == dispatcher
    with pytest.raises(AuthError) as caught:
        who(sessions, console, accounts.CONSOLE, T0 + 12 * HOUR)
    assert caught.value.code == "expired" and caught.value.status == 401
    assert who(sessions, token, accounts.TOKEN, T0 + 89 * 24 * HOUR) == dispatcher
    with pytest.raises(AuthError) as caught:
        who(sessions, token, accounts.TOKEN, T0 + 90 * 24 * HOUR)
    assert caught.value.code == "expired"


def test_signing_out_ends_that_session_only(
    sessions: sessionmaker[Session], dispatcher: str
) -> None:
    first = sign_in(sessions, PASSWORD, T0)
    second = sign_in(sessions, PASSWORD, T0 + 1)
    with sessions() as session:
        assert accounts.end_session(session, first, now=T0 + 2)
        session.commit()
    with pytest.raises(AuthError) as caught:
        who(sessions, first, accounts.CONSOLE, T0 + 3)
    assert caught.value.code == "signed_out"
    assert who(sessions, second, accounts.CONSOLE, T0 + 3) == dispatcher


def test_disabling_an_account_ends_its_sessions_and_refuses_sign_in(
    sessions: sessionmaker[Session], dispatcher: str
) -> None:
    console = sign_in(sessions, PASSWORD, T0)
    with sessions() as session:
        staff = accounts.by_name(session, dispatcher)
        assert staff is not None
        token = accounts.issue(session, staff, accounts.TOKEN, HOUR, now=T0).token
        accounts.change(session, staff, disabled=True, actor="staff:Admin", now=T0 + 5)
        session.commit()
    for secret, kind in ((console, accounts.CONSOLE), (token, accounts.TOKEN)):
        with pytest.raises(AuthError) as caught:
            who(sessions, secret, kind, T0 + 6)
        assert caught.value.code in ("signed_out", "account_disabled")
    disabled = refusal(sessions, PASSWORD, T0 + 7)
    assert (disabled.code, disabled.status) == ("account_disabled", 403)
    with sessions() as session:
        staff = accounts.by_name(session, dispatcher)
        assert staff is not None
        accounts.change(session, staff, disabled=False, actor="staff:Admin", now=T0 + 8)
        session.commit()
    # Enabled again: a new sign-in works, the old session stays ended.
    assert who(sessions, sign_in(sessions, PASSWORD, T0 + 9), accounts.CONSOLE, T0 + 9)
    with pytest.raises(AuthError):
        who(sessions, console, accounts.CONSOLE, T0 + 9)


def test_a_password_reset_lifts_the_lockout_and_ends_every_session(
    sessions: sessionmaker[Session], dispatcher: str
) -> None:
    console = sign_in(sessions, PASSWORD, T0)
    for attempt in range(accounts.LOCK_AFTER):
        refusal(sessions, "wrong", T0 + attempt)
    with sessions() as session:
        staff = accounts.by_name(session, dispatcher)
        assert staff is not None
        accounts.set_password(session, staff, "a brand new one", actor="staff:Admin", now=T0 + 9)
        session.commit()
    with pytest.raises(AuthError):
        who(sessions, console, accounts.CONSOLE, T0 + 10)
    assert refusal(sessions, PASSWORD, T0 + 10).code == "bad_signin"
    assert who(sessions, sign_in(sessions, "a brand new one", T0 + 11), accounts.CONSOLE, T0 + 11)
    with sessions() as session:
        trail = audit.entries(session, before_id=None, limit=10, target="staff:Zhao Min")
    assert [e.action for e in trail][:2] == ["account.password", "account.locked"]
    assert all("hash" not in str(e.after) and "a brand new" not in str(e.after) for e in trail)


@pytest.mark.parametrize(
    ("name", "role", "password", "code"),
    [
        ("", "nurse", PASSWORD, "bad_name"),
        ("Li\x07", "nurse", PASSWORD, "bad_name"),
        ("Li Na", "doctor", PASSWORD, "bad_role"),
        ("Li Na", "nurse", "short", "weak_password"),
    ],
)
def test_bad_account_details_are_refused_with_a_sentence(
    sessions: sessionmaker[Session], name: str, role: str, password: str, code: str
) -> None:
    with sessions() as session, pytest.raises(accounts.AccountError) as caught:
        accounts.create_account(session, name, role, password=password, actor="cli")
    assert caught.value.code == code and caught.value.message.endswith(".")


def test_a_name_is_taken_once(sessions: sessionmaker[Session], dispatcher: str) -> None:
    with sessions() as session, pytest.raises(accounts.AccountError) as caught:
        accounts.create_account(session, dispatcher, "nurse", actor="cli")
    assert (caught.value.code, caught.value.status) == ("name_taken", 409)
