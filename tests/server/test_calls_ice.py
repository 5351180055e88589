"""ICE servers for calls across real networks: ``CENTER_ICE_SERVERS`` is read once at start
(a value that is not a list of STUN/TURN servers stops the server with a sentence naming
the setting), and a center configured with a coturn relay on loopback hands that relay to
both sides of a call, in the join and in the socket's ``joined``. The relay itself answers
STUN and refuses an allocation without credentials, as docs/CALLS.md sets it up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from server.settings import Settings, SettingsError, ice_servers
from sync.call_protocol import CallJoin
from tests.helpers.calls import call_socket, home_tablet, make_family, new_resident
from tests.helpers.center import REPO_ROOT, CenterMaker
from tests.helpers.turn import (  # noqa: F401 - the fixture
    ALLOCATE_ERROR,
    ALLOCATE_REQUEST,
    TurnServer,
    stun_request,
    turn_server,
)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("{", "is not JSON"),
        ('{"urls": ["stun:x"]}', "must be a list"),
        ('[{"urls": []}]', "must be a list"),
        ('[{"urls": ["http://x"]}]', "is not a stun:, stuns:, turn: or turns: URL"),
        ('[{"urls": ["turn:x:3478"]}]', "needs a username and a credential"),
        ('[{"urls": ["stun:x"], "password": "p"}]', "must be a list"),
    ],
)
def test_bad_ice_servers_are_refused_naming_the_setting(value: str, said: str) -> None:
    with pytest.raises(SettingsError, match="CENTER_ICE_SERVERS") as refused:
        Settings.from_env({"DATABASE_URL": "sqlite://", "CENTER_ICE_SERVERS": value})
    assert said in str(refused.value)


def test_ice_servers_are_read() -> None:
    assert ice_servers("") == ()
    read = ice_servers('[{"urls": ["stun:stun.example.org:3478"]}]')
    assert [s.urls for s in read] == [["stun:stun.example.org:3478"]]
    for key in ("CENTER_CALL_RING_S", "CENTER_CALL_RECONNECT_S", "CENTER_CALL_TICKET_S"):
        with pytest.raises(SettingsError, match=key):
            Settings.from_env({"DATABASE_URL": "sqlite://", key: "soon"})


@pytest.mark.slow
def test_the_server_does_not_start_with_bad_ice_servers(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server", "migrate"],
        cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", "CENTER_DATA_DIR": str(tmp_path), "CENTER_ICE_SERVERS": "["},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("the center cannot start: CENTER_ICE_SERVERS is not JSON")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_the_center_hands_out_its_turn_relay(
    center_factory: CenterMaker,
    turn_server: TurnServer,  # noqa: F811
) -> None:
    # The relay is up, and it wants credentials for an allocation.
    assert stun_request(turn_server.port, ALLOCATE_REQUEST) == ALLOCATE_ERROR
    relay = turn_server.ice_server
    center = center_factory("sqlite")
    center.env["CENTER_ICE_SERVERS"] = json.dumps([relay.model_dump(exclude_none=True)])
    center.start()
    card = new_resident(center)
    tablet = home_tablet(center, card)
    daughter = make_family(center, card)
    join = CallJoin.model_validate(daughter.call().json())
    assert join.ice_servers == [relay]
    answer = CallJoin.model_validate(tablet.post(f"/kiosk/calls/{join.call_id}/answer").json())
    assert answer.ice_servers == [relay]
    with call_socket(center, str(join.call_id), join.ticket) as caller:
        joined = caller.next("joined")
        assert joined["ice_servers"] == [relay.model_dump(exclude_none=True)]
