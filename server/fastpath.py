"""A short way through the ASGI stack for the two requests every kiosk makes all the time.

``POST /api/v1/events`` and ``GET /api/v1/updates`` are defined, documented and validated as
FastAPI routes in ``server.routes.kiosk``. FastAPI's per-request work (solving the parameters of a
route, about 0.1 ms of CPU) was a third of what a poll cost, so this layer answers the usual,
well-formed request itself and calls the same functions the routes call:

* a poll whose query string is empty or only ``since``/``limit`` with plain digits in range;
* a batch with ``Content-Type: application/json``, a ``Content-Length`` within the body limit
  and a body that ``EventBatch`` accepts as it stands.

Everything else (a bad query, a body that is not valid, a chunked body, another method) goes
on to FastAPI unchanged, with the body replayed, so that every refusal is the one the routes
give. A missing, unknown or revoked token gets the same error body as from a route.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import ValidationError
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import auth
from sync.protocol import API_PREFIX, EventBatch

EVENTS = f"{API_PREFIX}/events"
UPDATES = f"{API_PREFIX}/updates"
MAX_DIGITS = 19  # MAX_SEQ has 19


class KioskFastPath:
    def __init__(
        self,
        app: ASGIApp,
        *,
        events: Callable[[str, EventBatch], Awaitable[Response]],
        updates: Callable[[str, int, int], Awaitable[Response]],
        error: Callable[[auth.AuthError], Response],
        max_body: int,
        max_seq: int,
        max_limit: int,
    ) -> None:
        self.app = app
        self.events = events
        self.updates = updates
        self.error = error
        self.max_body = max_body
        self.max_seq = max_seq
        self.max_limit = max_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            if path == UPDATES and method == "GET":
                query = self._query(scope["query_string"])
                if query is not None:
                    await self._answer(scope, receive, send, self.updates, *query)
                    return
            elif path == EVENTS and method == "POST" and self._json_within_limit(scope):
                await self._events(scope, receive, send)
                return
        await self.app(scope, receive, send)

    # -- GET /updates ----------------------------------------------------------------------

    def _query(self, raw: bytes) -> tuple[int, int] | None:
        """(since, limit) from a plain query string, or None to leave it to FastAPI."""
        values = {b"since": 0, b"limit": 200}
        seen: set[bytes] = set()
        for part in raw.split(b"&") if raw else ():
            name, equals, value = part.partition(b"=")
            if (
                name not in values
                or name in seen
                or not equals
                or not value.isdigit()
                or len(value) > MAX_DIGITS
            ):
                return None
            seen.add(name)
            values[name] = int(value)
        since, limit = values[b"since"], values[b"limit"]
        if since > self.max_seq or not 1 <= limit <= self.max_limit:
            return None
        return since, limit

    # -- POST /events ----------------------------------------------------------------------

    def _json_within_limit(self, scope: Scope) -> bool:
        length = kind = None
        for name, value in scope["headers"]:
            if name == b"content-length" and length is None:
                length = value
            elif name == b"content-type" and kind is None:
                kind = value
        return (
            length is not None
            and length.isdigit()
            and int(length) <= self.max_body
            and kind is not None
            and kind.split(b";", 1)[0].strip().lower() == b"application/json"
        )

    async def _events(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            batch = EventBatch.model_validate_json(body)
        except ValidationError:
            await self.app(scope, _replay(body, receive), send)
            return
        await self._answer(scope, receive, send, self.events, batch)

    # -- both ------------------------------------------------------------------------------

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        handler: Callable[..., Awaitable[Response]],
        *args: object,
    ) -> None:
        authorization = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value.decode("latin-1")
                break
        try:
            response = await handler(auth.bearer_hash(authorization), *args)
        except auth.AuthError as exc:
            response = self.error(exc)
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read once, then waits as the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
