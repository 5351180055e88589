"""Run and administer the center server.

    python -m server serve [--host 127.0.0.1] [--port 8600] [--workers N]
                           [--certfile F --keyfile F]
    python -m server create-staff NAME [--role R] [--days N]
                                  # an account (administrator unless --role), or a new token
                                  # for an existing one: prints the API token once
    python -m server set-password NAME           # reads the new password from stdin
    python -m server enrolment-code [--by NAME] # prints a one-time code for a new kiosk
    python -m server migrate
    python -m server retention --now              # remove what is kept no longer, at once
    python -m server make-data-key PATH           # a new key for the sealed columns (0600)

Every command but make-data-key needs the data key (server.crypto, docs/SECURITY.md): the
systemd credential eldercare-center-data-key or the file CENTER_DATA_KEY_FILE.

The server's files are private to its account: the command sets its umask to 077 (files
0600, folders 0700; server.files).

The database is ``DATABASE_URL`` (for example postgresql+psycopg://user@/center), else a
SQLite file under ``CENTER_DATA_DIR`` (default ./server-data).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import time

from sqlalchemy.orm import Session

from server.roles import ADMINISTRATOR, ROLES
from server.settings import Settings, SettingsError

TOKEN_DAY_S = 24 * 3600


def staff_token(session: Session, name: str, role: str | None, days: int) -> str:
    """An API token for the staff member ``name``, who is created (an administrator unless
    ``role`` says otherwise) the first time; ``role`` changes an existing one's. Commits."""
    from server import accounts

    staff = accounts.by_name(session, name)
    if staff is None:
        staff = accounts.create_account(session, name, role or ADMINISTRATOR, actor="cli")
    elif role is not None:
        accounts.change(session, staff, role=role, actor="cli")
    issued = accounts.issue(session, staff, accounts.TOKEN, days * TOKEN_DAY_S, label="cli")
    session.commit()
    return issued.token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serving = commands.add_parser("serve", help="run the API")
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, default=8600)
    serving.add_argument("--workers", type=int, default=1)
    serving.add_argument("--certfile")
    serving.add_argument("--keyfile")
    # A worker on a socket its parent opened (server.serve); not for people.
    serving.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    new_staff = commands.add_parser(
        "create-staff", help="add a staff member (or reissue their token); print the token"
    )
    new_staff.add_argument("name")
    new_staff.add_argument("--role", choices=ROLES, help="default: administrator (new accounts)")
    new_staff.add_argument("--days", type=int, default=90, help="how long the token works")
    password = commands.add_parser(
        "set-password", help="set a staff member's password (read from stdin)"
    )
    password.add_argument("name")
    new_code = commands.add_parser("enrolment-code", help="print a one-time enrolment code")
    new_code.add_argument("--by", default="admin")
    commands.add_parser("migrate", help="bring the database schema up to date")
    keep = commands.add_parser(
        "retention", help="remove what is older than the retention periods (server.settings)"
    )
    keep.add_argument("--now", action="store_true", required=True, help="do it now")
    new_key = commands.add_parser(
        "make-data-key", help="write a new data key to PATH (0600; never over a file)"
    )
    new_key.add_argument("path")
    args = parser.parse_args(argv)
    os.umask(0o077)
    if args.command == "make-data-key":
        return _make_data_key(parser, args.path)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    try:
        settings = Settings.from_env()
    except SettingsError as exc:  # one sentence naming the setting, not a traceback
        parser.exit(2, f"the center cannot start: {exc}\n")
    from server import crypto

    if settings.data_keys is None:
        parser.exit(2, f"the center cannot start: it has no data key; {crypto.MAKE_KEY_HINT}\n")
    crypto.install(settings.data_keys)
    if args.command == "serve" and args.fd is None:
        _check_key(parser, settings)
    if args.command == "serve":
        from server.serve import serve, serve_socket

        if bool(args.certfile) != bool(args.keyfile):
            parser.error("--certfile and --keyfile go together")
        if args.fd is not None:
            return serve_socket(args.fd, args.certfile, args.keyfile)
        return serve(args.host, args.port, args.workers, args.certfile, args.keyfile)

    from server import accounts, auth, files, retention
    from server.db import make_engine, migrate, session_factory

    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        crypto.verify_database(engine)
    except crypto.DataKeyProblem as exc:
        parser.exit(2, f"the center cannot start: {exc}\n")
    files.make_private(settings.database_url, settings.data_dir)
    if args.command == "migrate":
        print("database is up to date")
        return 0
    if args.command == "retention":
        with session_factory(engine)() as session:
            removed = retention.enforce(session, settings.retention, time.time())
        print(json.dumps(removed, sort_keys=True))
        return 0
    with session_factory(engine)() as session:
        if args.command == "create-staff":
            if not 1 <= args.days <= 365:
                parser.error("--days is 1 to 365")
            print(staff_token(session, args.name, args.role, args.days))
        elif args.command == "set-password":
            staff = accounts.by_name(session, args.name)
            if staff is None:
                parser.error(f"there is no staff member named {args.name}")
            secret = (
                getpass.getpass("new password: ")
                if sys.stdin.isatty()
                else sys.stdin.readline().rstrip("\n")
            )
            try:
                accounts.set_password(session, staff, secret, actor="cli")
            except accounts.AccountError as exc:
                parser.error(exc.message)
            session.commit()
            print(f"password set for {staff.name}")
        elif args.command == "enrolment-code":
            code_text = auth.create_enrolment_code(session, args.by)
            session.commit()
            print(code_text)
    return 0


def _make_data_key(parser: argparse.ArgumentParser, path: str) -> int:
    from pathlib import Path

    from server import crypto

    target = Path(path).expanduser()
    try:
        kid = crypto.make_key_file(target)
    except FileExistsError:
        parser.exit(2, f"{target} exists: a data key is never written over another file\n")
    except OSError as exc:
        parser.exit(2, f"{target} could not be written ({exc.strerror})\n")
    print(
        f"a new data key (id {kid}) is in {target}, readable by this account only; give it to"
        f" the server as {crypto.KEY_FILE_ENV}={target.resolve()} or as the systemd credential"
        f" {crypto.CREDENTIAL_NAME}, keep a copy apart from the database's backups, and never"
        " inside the data folder"
    )
    return 0


def _check_key(parser: argparse.ArgumentParser, settings: Settings) -> None:
    """Before serving: the database brought up to date and its key checked, so a wrong key
    is one sentence here, not a worker failing to start."""
    from server import crypto, files
    from server.db import make_engine, migrate

    engine = make_engine(settings.database_url, pool_size=1)
    try:
        migrate(engine)
        crypto.verify_database(engine)
    except crypto.DataKeyProblem as exc:
        parser.exit(2, f"the center cannot start: {exc}\n")
    finally:
        engine.dispose()
    files.make_private(settings.database_url, settings.data_dir)


if __name__ == "__main__":
    sys.exit(main())
