"""The demo's embedded center server, which lives in the demo's data folder across starts."""

from __future__ import annotations

from pathlib import Path

import requests

from server.embedded import EmbeddedServer


def test_a_second_demo_start_on_the_same_folder_gets_a_working_staff_token(tmp_path: Path):
    tokens = []
    for _ in range(2):  # two starts of `main.py --demo` on one data folder
        server = EmbeddedServer(tmp_path)
        url = server.start()
        try:
            token = server.staff_token("demo staff")
            answer = requests.get(
                f"{url}/api/v1/staff/orders",
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            )
            assert answer.status_code == 200, answer.text
            tokens.append(token)
        finally:
            server.stop()
    # The first run's token is replaced, not kept alongside: one demo staff member.
    assert tokens[0] != tokens[1]
