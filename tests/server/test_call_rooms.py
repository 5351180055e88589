"""The calls' hub in one process, with sockets that record what they are sent: messages to a
side keep their order, a side let in just after its call ended hears so at once, a side that
stays away past the reconnect time has the call ended once, and the family sockets hear of
their own calls only."""

from __future__ import annotations

import asyncio
import json

from server.call_rooms import CallHub, Line
from server.calls import Change


class Recorder:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: tuple[int, str | None] | None = None
        self.done = asyncio.Event()

    async def send_text(self, data: str) -> None:
        self.sent.append(data)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed = (code, reason)
        self.done.set()

    def types(self) -> list[str]:
        return [json.loads(text)["type"] for text in self.sent]


def joined(peer_present: bool) -> str:
    return json.dumps({"type": "joined", "peer_present": peer_present})


def test_messages_keep_their_order_and_a_late_joiner_hears_the_end() -> None:
    async def run() -> None:
        timeouts: list[tuple[str, str]] = []

        async def on_timeout(call_id: str, side: str) -> None:
            timeouts.append((call_id, side))

        hub = CallHub(reconnect_s=0.05, join_within_s=60, on_timeout=on_timeout)
        hub.start(asyncio.get_running_loop())
        caller, callee = Recorder(), Recorder()
        assert hub.join("c1", "caller", Line(caller), joined) is False
        assert hub.join("c1", "callee", Line(callee), joined) is True
        for n in range(50):
            assert hub.relay("c1", "caller", json.dumps({"type": "candidate", "n": n}))
        hub._apply([Change("c1", "ended", "hung_up", "caller", "10001")])
        await asyncio.wait_for(callee.done.wait(), 5)
        numbers = [json.loads(t).get("n") for t in callee.sent if "candidate" in t]
        assert numbers == list(range(50))
        assert callee.types()[0] == "joined" and callee.types()[-1] == "ended"
        assert callee.closed == (1000, "call ended")

        late = Recorder()
        assert hub.join("c1", "callee", Line(late), joined) is False
        await asyncio.wait_for(late.done.wait(), 5)
        assert late.types() == ["ended"]
        assert "c1" not in hub.rooms and timeouts == []
        await hub.stop()

    asyncio.run(run())


def test_a_side_that_stays_away_ends_the_call_once() -> None:
    async def run() -> None:
        ended = asyncio.Event()
        timeouts: list[tuple[str, str]] = []

        async def on_timeout(call_id: str, side: str) -> None:
            timeouts.append((call_id, side))
            ended.set()

        hub = CallHub(reconnect_s=0.05, join_within_s=60, on_timeout=on_timeout)
        hub.start(asyncio.get_running_loop())
        caller, callee = Recorder(), Recorder()
        caller_line = Line(caller)
        hub.join("c2", "caller", caller_line, joined)
        hub.join("c2", "callee", Line(callee), joined)
        hub.left("c2", "caller", caller_line)
        await asyncio.wait_for(ended.wait(), 5)
        assert timeouts == [("c2", "caller")]
        assert "peer_left" in callee.types()
        # A socket that is not (or no longer) the side's own leaves nothing behind.
        hub.left("c2", "caller", caller_line)
        assert hub.rooms["c2"].timers == {}  # no second wait was started
        await hub.stop()

    asyncio.run(run())


def test_family_sockets_hear_of_their_own_calls() -> None:
    async def run() -> None:
        async def on_timeout(call_id: str, side: str) -> None:
            raise AssertionError("no socket dropped")

        hub = CallHub(reconnect_s=1, join_within_s=1, on_timeout=on_timeout)
        hub.start(asyncio.get_running_loop())
        mine, theirs = hub.family_listen(7), hub.family_listen(8)
        assert hub.online == frozenset({7, 8})
        ringing = {"type": "ringing", "call_id": "c3", "resident_card": "10001"}
        hub._apply([Change("c3", "ringing", None, "caller", "10001", (7,), ringing)])
        assert json.loads(mine.get_nowait())["type"] == "ringing"
        assert theirs.empty()
        hub._apply([Change("c3", "declined", "declined", "callee", "10001", (7,))])
        assert json.loads(mine.get_nowait())["state"] == "declined"
        hub.family_unlisten(8, theirs)
        assert hub.online == frozenset({7})
        await hub.stop()

    asyncio.run(run())
