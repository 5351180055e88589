"""Run and administer the center server.

    python -m server serve [--host 127.0.0.1] [--port 8600] [--certfile F --keyfile F]
    python -m server create-staff NAME          # prints the staff member's token once
    python -m server enrolment-code [--by NAME] # prints a one-time code for a new kiosk
    python -m server migrate

The database is ``DATABASE_URL`` (for example postgresql+psycopg://user@/center), else a
SQLite file under ``CENTER_DATA_DIR`` (default ./server-data).
"""

from __future__ import annotations

import argparse
import logging
import sys

from server.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8600)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--certfile")
    serve.add_argument("--keyfile")
    staff = commands.add_parser("create-staff", help="add a staff member, print their token")
    staff.add_argument("name")
    code = commands.add_parser("enrolment-code", help="print a one-time enrolment code")
    code.add_argument("--by", default="admin")
    commands.add_parser("migrate", help="bring the database schema up to date")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    settings = Settings.from_env()
    if args.command == "serve":
        import uvicorn

        if bool(args.certfile) != bool(args.keyfile):
            parser.error("--certfile and --keyfile go together")
        uvicorn.run(
            "server.asgi:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            ssl_certfile=args.certfile,
            ssl_keyfile=args.keyfile,
            log_level="warning",
            timeout_graceful_shutdown=5,
        )
        return 0

    from server import auth
    from server.db import make_engine, migrate, session_factory

    engine = make_engine(settings.database_url)
    migrate(engine)
    if args.command == "migrate":
        print("database is up to date")
        return 0
    with session_factory(engine)() as session:
        if args.command == "create-staff":
            token = auth.create_staff(session, args.name)
            session.commit()
            print(token)
        elif args.command == "enrolment-code":
            code_text = auth.create_enrolment_code(session, args.by)
            session.commit()
            print(code_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
