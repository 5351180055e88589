"""the audit trail records reads and where they came from, and cannot be changed

``audit_log`` gains ``address``: the client address of the request an entry records (reads of
a resident's data are recorded as well as changes). The table becomes append-only in the
database itself: a trigger refuses every UPDATE, and a DELETE of an entry younger than 183
days (six months), so that neither a route nor a mistaken hand can rewrite the trail;
retention (server.retention) removes only older entries. Only additions: processes of the
previous release keep working.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

KEEP_S = 183 * 24 * 3600

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER audit_log_kept BEFORE DELETE ON audit_log"
    f" WHEN OLD.at > CAST(strftime('%s', 'now') AS REAL) - {KEEP_S}"
    " BEGIN SELECT RAISE(ABORT, 'audit entries are kept at least 183 days'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'the audit trail is append-only'; END IF;"
    f" IF OLD.at > extract(epoch from now()) - {KEEP_S} THEN"
    " RAISE EXCEPTION 'audit entries are kept at least 183 days'; END IF;"
    " RETURN OLD; END $$",
    "CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION audit_log_guard()",
)


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as audit:
        audit.add_column(sa.Column("address", sa.String(length=100), nullable=True))
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_guard ON audit_log")
        op.execute("DROP FUNCTION audit_log_guard()")
    else:
        op.execute("DROP TRIGGER audit_log_append_only")
        op.execute("DROP TRIGGER audit_log_kept")
    with op.batch_alter_table("audit_log") as audit:
        audit.drop_column("address")
