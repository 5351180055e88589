"""docs/CENTER_API.md's role table says what server/roles.py says: every action of the
permission table has a row (one row may name several actions), and each row's "yes" marks are
exactly the roles the table allows."""

from __future__ import annotations

import re
from pathlib import Path

from server import roles

DOC = Path(__file__).resolve().parents[2] / "docs" / "CENTER_API.md"
HEADER = "| action | what |"


def documented_table(text: str) -> dict[str, set[str]]:
    """action -> the roles marked "yes" in the doc's role table."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(HEADER))
    columns = [c.strip() for c in lines[start].strip("|").split("|")]
    role_columns = columns[2:]
    found: dict[str, set[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == len(columns), f"a row of the role table has other columns: {line}"
        marks = cells[2:]
        assert set(marks) <= {"yes", ""}, line
        granted = {role for role, mark in zip(role_columns, marks, strict=True) if mark == "yes"}
        for action in re.findall(r"`([a-z_.]+)`", cells[0]):
            assert action not in found, f"{action} has two rows"
            found[action] = granted
    return found


def test_the_docs_role_table_is_the_permission_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith(HEADER))
    assert [c.strip() for c in header.strip("|").split("|")][2:] == list(roles.ROLES)
    documented = documented_table(text)
    expected = {action: set(who) for action, (_, who) in roles.ACTIONS.items()}
    missing = sorted(set(expected) - set(documented))
    assert not missing, f"actions of server/roles.py the docs' role table lacks: {missing}"
    stale = sorted(set(documented) - set(expected))
    assert not stale, f"actions in the docs' role table that server/roles.py lacks: {stale}"
    wrong = {a: (documented[a], expected[a]) for a in expected if documented[a] != expected[a]}
    assert not wrong, f"rows whose roles differ (docs, server/roles.py): {wrong}"


def test_a_row_that_differs_is_found() -> None:
    """The reader itself: a doc that gives a nurse the reports is read as saying so."""
    text = DOC.read_text(encoding="utf-8").replace(
        "(`/console/reports`) | yes | yes | | |", "(`/console/reports`) | yes | yes | yes | |"
    )
    assert documented_table(text)["reports.read"] == {"administrator", "dispatcher", "nurse"}
