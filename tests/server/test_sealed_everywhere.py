"""No resident's name, phone or reading left in the center's database file: the audit trail's
summaries, the updates kept for kiosks, the records kept as sent and the names family members
go by are sealed too (migration 0013), while kiosks still get their updates in the clear and
staff read everything back through the API, the console and the export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from server import crypto
from server.db import alembic_config
from server.pgtemp import TempPostgres
from tests.helpers.browser import ConsoleCenter
from tests.helpers.call_console import post_form, signed_in
from tests.helpers.center import (
    HTTP_TIMEOUT,
    CenterMaker,
    CenterProcess,
    _drop_database,
    _postgres_database,
)
from tests.helpers.server_api import event, reading_payload

CARD = "30077"
NAME = "司马封存"  # a name no demo resident has
PHONE = "13977775555"
CONTACT = "司马长女"
CONTACT_PHONE = "13866664444"
FAMILY_NAME = "司马小妹"
SYSTOLIC, DIASTOLIC = 163, 97
SECRETS = (NAME, PHONE, CONTACT, CONTACT_PHONE, FAMILY_NAME)


def _forms_of(value: str) -> list[bytes]:
    """How ``value`` could sit in the file: as UTF-8, and escaped inside ASCII-only JSON."""
    escaped = json.dumps(value)[1:-1]
    return [value.encode(), escaped.encode(), escaped.lower().encode()]


def _file_bytes(center: CenterProcess) -> bytes:
    """The SQLite database and its write-ahead log as they are on disk, after a checkpoint
    (so what only the log held is in the main file too)."""
    center.query("PRAGMA wal_checkpoint(FULL)")
    folder = Path(center.env["CENTER_DATA_DIR"])
    files = sorted(folder.glob("center.sqlite3*"))
    assert any(f.name == "center.sqlite3" for f in files), files
    return b"".join(f.read_bytes() for f in files)


@pytest.fixture
def console(center_factory: CenterMaker) -> Iterator[ConsoleCenter]:
    made = ConsoleCenter(center_factory("sqlite").start())
    yield made
    made.close()


@pytest.mark.slow
def test_names_phones_and_a_blood_pressure_are_nowhere_in_the_database_file(
    console: ConsoleCenter,
) -> None:
    url = console.url
    kiosk = console.kiosk()
    details: dict[str, Any] = {
        "name": NAME,
        "phone": PHONE,
        "subsidy_tier": "free",
        "contacts": [{"name": CONTACT, "phone": CONTACT_PHONE}],
    }
    put = console.api.session.put(
        f"{console.api.base}/residents/{CARD}", json=details, timeout=HTTP_TIMEOUT
    )
    assert put.status_code == 200, put.text
    reading = reading_payload(resident_card=CARD, systolic=SYSTOLIC, diastolic=DIASTOLIC, pulse=66)
    progress = {
        "resident_card": CARD,
        "lesson_id": "taxi",
        "step": 2,
        "steps": 7,
        "recorded_at": "2026-12-05T01:00:00+00:00",
    }
    [stored, learned] = kiosk.device.results(
        [event("reading.record", reading), event("tutorial.progress", progress)]
    )
    assert stored["status"] == learned["status"] == "applied", (stored, learned)

    admin = signed_in(url, "administrator")
    try:
        # Shown in the console (recorded in the audit trail), a family member invited by the
        # name the resident knows them by, and a message naming the resident sent to the kiosk.
        page = admin.get(f"{url}/console/residents/{CARD}", timeout=HTTP_TIMEOUT)
        assert page.status_code == 200 and NAME in page.text and PHONE in page.text
        invited = post_form(
            admin,
            url,
            f"/console/residents/{CARD}/family/invite",
            relation="女儿",
            display_name=FAMILY_NAME,
        )
        assert invited.status_code == 200, invited.text[-800:]
        invitations = "SELECT COUNT(*) FROM family_invitations WHERE resident_card = :c"
        assert console.center.scalar(invitations, c=CARD) == 1
        sent = post_form(
            admin,
            url,
            "/console/messages",
            device_id=kiosk.device_id,
            card=CARD,
            text=f"{NAME}，请回电 {PHONE}",
        )
        assert sent.status_code in (200, 303), sent.text[-800:]

        # The kiosk gets its updates in the clear (over TLS in production).
        updates = {u["kind"]: u["payload"] for u in kiosk.new_updates()}
        assert updates["resident"]["name"] == NAME and updates["resident"]["phone"] == PHONE
        assert updates["message"]["text"] == f"{NAME}，请回电 {PHONE}"

        # Read back through the API, the console and the export.
        assert console.api.get(f"/residents/{CARD}").json()["name"] == NAME
        exported = console.api.get(f"/residents/{CARD}/export").json()
        assert exported["resident"]["phone"] == PHONE
        [contact] = exported["resident"]["contacts"]
        assert (contact["name"], contact["phone"]) == (CONTACT, CONTACT_PHONE)
        assert [(r["systolic"], r["diastolic"]) for r in exported["readings"]] == [
            (SYSTOLIC, DIASTOLIC)
        ]
        assert [m["text"] for m in exported["messages"]] == [f"{NAME}，请回电 {PHONE}"]
        assert [p["step"] for p in exported["tutorial_progress"]] == [2]
        changes = [a for a in exported["accesses"] if a["action"] == "resident.change"]
        assert changes and changes[0]["after"]["name"] == NAME
        invites = [a for a in exported["accesses"] if a["action"] == "family.invite"]
        assert invites and invites[0]["after"]["display_name"] == FAMILY_NAME
        trail = admin.get(f"{url}/console/audit", params={"card": CARD}, timeout=HTTP_TIMEOUT)
        assert trail.status_code == 200, console.center.log()[-3000:]
        assert NAME in trail.text and FAMILY_NAME in trail.text
        messages = admin.get(f"{url}/console/messages", timeout=HTTP_TIMEOUT)
        assert f"{NAME}，请回电 {PHONE}" in messages.text
        document = admin.get(f"{url}/console/residents/{CARD}/export.json", timeout=HTTP_TIMEOUT)
        assert document.json()["resident"]["name"] == NAME
    finally:
        admin.close()

    stored_bytes = _file_bytes(console.center)
    for secret in SECRETS:
        for form in _forms_of(secret):
            assert form not in stored_bytes, f"{secret!r} is in the database file as {form!r}"
    for pressure in (
        f'"systolic": {SYSTOLIC}',
        f'"systolic":{SYSTOLIC}',
        f"{SYSTOLIC}/{DIASTOLIC}",
        '"lesson_id": "taxi"',
    ):
        assert pressure.encode() not in stored_bytes, pressure
    # The card stays plain: it is the key every table joins on.
    assert CARD.encode() in stored_bytes


# -- the migration -------------------------------------------------------------------------


def _keys() -> crypto.DataKeys:
    return crypto.DataKeys((bytes([7]) * 32,), "test")


def _plain_rows(connection: Any) -> None:
    """One row of each newly sealed column, as a center of migration 0012 wrote it."""
    connection.execute(
        text(
            "INSERT INTO devices (id, name, mode, token_hash, created_at)"
            " VALUES ('d1', 'kiosk', 'kiosk', 'h', 0)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO staff (id, name, token_hash, created_at, role)"
            " VALUES (5, 'family member', 'th', 0, 'family')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO audit_log (at, actor, action, target, before, after)"
            " VALUES (0, 'staff:x', 'resident.change', 'resident:30001', NULL, :after)"
        ),
        {"after": json.dumps({"name": NAME, "phone": PHONE}, ensure_ascii=False)},
    )
    connection.execute(
        text(
            "INSERT INTO updates (device_id, kind, payload, created_at)"
            " VALUES (NULL, 'resident', :p, 0)"
        ),
        {"p": json.dumps({"card": "30001", "name": NAME}, ensure_ascii=False)},
    )
    connection.execute(
        text(
            "INSERT INTO records (id, device_id, kind, payload, received_at)"
            " VALUES ('r1', 'd1', 'call.log', :p, 0)"
        ),
        {"p": json.dumps({"resident_card": "30001", "who": FAMILY_NAME}, ensure_ascii=False)},
    )
    connection.execute(
        text(
            "INSERT INTO family_links (id, account_id, resident_card, relation, display_name,"
            " auto_answer, created_at) VALUES (1, 5, '30001', '女儿', :n, false, 0)"
        ),
        {"n": FAMILY_NAME},
    )
    connection.execute(
        text(
            "INSERT INTO family_invitations (token_hash, resident_card, relation, display_name,"
            " created_by, created_at, expires_at) VALUES ('t1', '30001', '女儿', :n, 'x', 0, 1)"
        ),
        {"n": FAMILY_NAME},
    )
    connection.execute(
        text(
            "INSERT INTO calls (id, resident_card, device_id, caller_kind, caller_name,"
            " callee_kind, state, auto_answer, created_at)"
            " VALUES ('c1', '30001', 'd1', 'family', :n, 'kiosk', 'ended', false, 0)"
        ),
        {"n": FAMILY_NAME},
    )


SEALED_NOW = (
    ("audit_log", "after", "resident:30001", "SELECT after FROM audit_log"),
    ("updates", "payload", "*/resident", "SELECT payload FROM updates"),
    ("records", "payload", "r1", "SELECT payload FROM records"),
    ("family_links", "display_name", "5/30001", "SELECT display_name FROM family_links"),
    ("family_invitations", "display_name", "t1", "SELECT display_name FROM family_invitations"),
    ("calls", "caller_name", "c1", "SELECT caller_name FROM calls"),
)


def _migrated_both_ways(url: str) -> None:
    from alembic import command

    config = alembic_config(url)
    keys = _keys()
    crypto.install(keys)
    command.upgrade(config, "0012")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            _plain_rows(connection)
        command.upgrade(config, "head")
        with engine.connect() as connection:
            for table, column, row_key, query in SEALED_NOW:
                stored = connection.execute(text(query)).scalar_one()
                assert stored.startswith("e1:"), (table, stored)
                assert NAME not in stored and FAMILY_NAME not in stored
                opened = keys.open(table, column, row_key, stored)
                assert NAME in opened or FAMILY_NAME in opened, (table, opened)
            cards = connection.execute(
                text("SELECT u.resident_card, r.resident_card FROM updates u, records r")
            ).one()
            assert tuple(cards) == ("30001", "30001")
        # The audit trail refuses changes again after the rewrite.
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET actor = 'nobody'"))
        command.downgrade(config, "0012")
        with engine.connect() as connection:
            for table, _, _, query in SEALED_NOW:
                stored = connection.execute(text(query)).scalar_one()
                assert NAME in stored or FAMILY_NAME in stored, (table, stored)
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET actor = 'nobody'"))
    finally:
        engine.dispose()


def test_the_migration_seals_the_remaining_names_and_its_downgrade_opens_them(
    tmp_path: Path,
) -> None:
    _migrated_both_ways(f"sqlite:///{tmp_path / 'old.sqlite3'}")


@pytest.mark.slow
def test_the_migration_does_the_same_on_postgresql(temp_postgres: TempPostgres) -> None:
    name, url = _postgres_database(temp_postgres)
    try:
        _migrated_both_ways(url)
    finally:
        _drop_database(temp_postgres, name)
