"""Schemathesis against the running center's OpenAPI schema: nothing it sends gets a 500.

Schemathesis (its CLI, in a child process, so its own warnings and threads stay out of this
test run) generates requests for every operation from the schema, valid and invalid, once with
a staff token and once with a device token, and checks that the server never answers 5xx. The
run is bounded by examples per operation, not by time: a time budget would end the run in the
middle of a request and make which requests were sent depend on the machine's load. The seed is
fixed so a failure can be replayed; SCHEMA_TEST_SEED picks another.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.client import CenterClient
from tests.helpers.calls import make_family, new_resident
from tests.helpers.center import BACKENDS, REPO_ROOT, CenterMaker, CenterProcess, StaffApi

SEED = int(os.environ.get("SCHEMA_TEST_SEED", "20240614"))
MAX_EXAMPLES = 5  # per operation and phase: ~1,600 requests a run, four runs ~100 s in all
RUN_TIMEOUT_S = 300

# A fuzzer in a child process, each run spending its whole time budget.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=BACKENDS)
def center(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CenterProcess]:
    """One server per backend for this module. The fuzzer sends many wrong enrolment codes
    from 127.0.0.1, as the tests' own kiosk enrols: the limit per address is lifted here."""
    maker = CenterMaker(request, tmp_path_factory.mktemp("center"))
    made = maker(request.param)
    made.env["CENTER_ENROL_FAILURES_PER_MINUTE"] = "1000000"
    yield made.start()
    maker.close()


def schemathesis(
    center: CenterProcess, token: str, report_dir: Path, *, header: str | None = None
) -> str:
    """Run ``st run`` against the center with ``token`` (or the whole ``header``, such as a
    family member's cookie); fail with its findings on a 5xx."""
    command = [
        str(Path(sys.executable).parent / "st"),
        "run",
        center.url + "/openapi.json",
        "--url",
        center.url,  # never anywhere but this loopback server
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        # One worker: with two threads, Python 3.11's ast module (hypothesis describes its
        # filters with it) fails now and then with "AST constructor recursion depth mismatch".
        "--workers",
        "1",
        "--header",
        header or f"Authorization: Bearer {token}",
        "--request-timeout",
        "20",
        "--warnings",
        "off",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(report_dir),
    ]
    done = subprocess.run(
        command,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"},
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, (
        f"schemathesis found server errors (seed {SEED}, SCHEMA_TEST_SEED to replay):\n"
        f"{findings(output)}\n--- its whole output ---\n{output[-12000:]}\n"
        f"--- server log ---\n{center.log()[-8000:]}"
    )
    return output


def findings(output: str) -> str:
    """Schemathesis's findings (each operation's title line and what went wrong), so they
    lead the message even when only its start is shown."""
    lines = output.splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.startswith("____") and "/api/" in line:
            found.extend(lines[index : index + 4])
    return "\n".join(found) or "(no operation named; see the whole output)"


def test_no_request_from_staff_gets_a_server_error(center: CenterProcess, tmp_path: Path) -> None:
    output = schemathesis(center, center.staff_token("schema staff"), tmp_path)
    assert "passed" in output


def test_no_request_from_a_kiosk_gets_a_server_error(center: CenterProcess, tmp_path: Path) -> None:
    # Its own staff token: the staff run may have signed "schema staff" out (DELETE /session).
    staff = StaffApi(center, center.staff_token("schema enrolment"))
    try:
        code = staff.post("/enrolment-codes").json()["code"]
    finally:
        staff.close()
    client = CenterClient(center.url)
    try:
        token = client.enrol(code, "schema kiosk", "kiosk").token
    finally:
        client.close()
    output = schemathesis(center, token, tmp_path)
    assert "passed" in output


@pytest.mark.parametrize("role", ["dispatcher", "nurse", "volunteer"])
def test_no_request_from_another_role_gets_a_server_error(
    center: CenterProcess, tmp_path: Path, role: str
) -> None:
    """The refusals of roles that may do less are answers too, never a 500."""
    token = center.cli("create-staff", f"schema {role}", "--role", role)
    output = schemathesis(center, token, tmp_path)
    assert "passed" in output


def test_no_request_from_a_family_member_gets_a_server_error(
    center: CenterProcess, tmp_path: Path
) -> None:
    family = make_family(center, new_resident(center))
    output = schemathesis(center, "", tmp_path, header=f"Cookie: center_session={family.cookie}")
    assert "passed" in output
