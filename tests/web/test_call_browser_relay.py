"""A call whose media may only go through TURN (iceTransportPolicy "relay"), as across real
networks where the two ends cannot reach each other: coturn on loopback (tests.helpers.turn),
handed to both sides by the center (CENTER_ICE_SERVERS); the call connects, frames arrive on
both sides, and the path both pages use is a relayed one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.call_browser import (
    PHONE,
    RESIDENT,
    CallCenter,
    media_browser,
    new_page,
    page_address,
    wait_for_frames,
    wait_for_title,
)
from tests.helpers.center import CenterMaker
from tests.helpers.turn import TurnServer, turn_server

pytestmark = pytest.mark.slow
__all__ = ["media_browser", "turn_server"]
RELAY_ONLY = """(() => {
  const Original = window.RTCPeerConnection;
  function RelayOnly(config) {
    return new Original({...(config || {}), iceTransportPolicy: "relay"});
  }
  RelayOnly.prototype = Original.prototype;
  window.RTCPeerConnection = RelayOnly;
})();"""
PATH_TYPES = """async () => {
  const types = [];
  for (const pc of window.__peers || []) {
    const stats = await pc.getStats();
    stats.forEach((entry) => {
      if (entry.type === "candidate-pair" && entry.nominated && entry.state === "succeeded") {
        types.push(stats.get(entry.localCandidateId).candidateType);
      }
    });
  }
  return types;
}"""
KEEP_PEERS = """(() => {
  const Made = window.RTCPeerConnection;
  function Kept(config) {
    const pc = new Made(config);
    (window.__peers = window.__peers || []).push(pc);
    return pc;
  }
  Kept.prototype = Made.prototype;
  window.RTCPeerConnection = Kept;
})();"""


@pytest.fixture
def relay_center(
    request: pytest.FixtureRequest, tmp_path: Path, turn_server: TurnServer
) -> Iterator[CallCenter]:
    maker = CenterMaker(request, tmp_path / "center")
    (tmp_path / "center").mkdir()
    process = maker("sqlite")
    process.env["CENTER_ICE_SERVERS"] = json.dumps(
        [turn_server.ice_server.model_dump(exclude_none=True)]
    )
    calls = CallCenter(process.start())
    yield calls
    calls.close()
    maker.close()


def test_a_call_through_the_turn_relay_only(relay_center: CallCenter, media_browser: Any) -> None:
    tablet = relay_center.home_tablet()
    member = relay_center.family()
    family_page = new_page(media_browser, PHONE)
    kiosk_page = new_page(media_browser)
    try:
        for page in (family_page, kiosk_page):
            page.add_init_script(RELAY_ONLY)
            page.add_init_script(KEEP_PEERS)
        member.add_to(family_page.context, relay_center.url)
        made = family_page.context.request.post(
            f"{relay_center.center.api}/family/calls", data={"resident_card": RESIDENT}
        )
        assert made.status == 201, made.text()
        join = made.json()
        assert join["ice_servers"] and join["ice_servers"][0]["urls"][0].startswith("turn:")
        family_page.goto(page_address(relay_center.url, join, "family", resident=RESIDENT))
        wait_for_title(family_page, "call:waiting")
        answered = tablet.post(f"/kiosk/calls/{join['call_id']}/answer")
        assert answered.status_code == 200, answered.text
        kiosk_page.goto(page_address(relay_center.url, answered.json(), "kiosk"))
        wait_for_title(family_page, "call:connected")
        wait_for_title(kiosk_page, "call:connected")
        wait_for_frames(family_page)
        wait_for_frames(kiosk_page)
        for page in (family_page, kiosk_page):
            types = page.evaluate(PATH_TYPES)
            assert types and set(types) == {"relay"}, types
    finally:
        family_page.context.close()
        kiosk_page.context.close()
