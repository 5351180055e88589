"""Refuse JSON bodies the routes must never see: NaN, Infinity, numbers too large for a float
(1e400), lone surrogates, and nesting deeper than anything the API takes.

Python's JSON parser, which FastAPI uses, reads ``NaN`` and ``Infinity`` (not JSON at all),
turns ``1e400`` into infinity and ``"\\ud800"`` into a string no database can store as UTF-8,
and gives up with a RecursionError on an array nested thousands deep. Each of those ended as a
500 or as a value no other part of the center expects. This layer reads every JSON body once,
strictly, and answers 422 (``invalid``, saying what was wrong) before any route runs; a body
it accepts goes on unchanged. The kiosks' fast path (server.fastpath) parses with pydantic's
parser, which refuses surrogates itself, and checks payloads with
``sync.protocol.check_json_value``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.routes.common import error_response

MAX_DEPTH = 32
# A surrogate can only come in as an escape: UTF-8 cannot carry one.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class BadJson(ValueError):
    """A body that is JSON only to a lenient parser; the message says why."""


def _refuse_constant(name: str) -> Any:
    raise BadJson(f"{name} is not a JSON number (numbers must be finite)")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise BadJson(f"the number {text[:40]} is too large (numbers must be finite)")
    return number


def _check_structure(value: Any, surrogates_possible: bool) -> None:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise BadJson(f"the body is nested deeper than {MAX_DEPTH}")
            for key, child in item.items():
                stack.append((key, depth + 1))
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                raise BadJson(f"the body is nested deeper than {MAX_DEPTH}")
            stack.extend((child, depth + 1) for child in item)
        elif surrogates_possible and isinstance(item, str) and not item.isascii():
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise BadJson("a text holds a lone surrogate (\\ud800 to \\udfff)") from None


def check_body(body: bytes) -> None:
    """Raise :class:`BadJson` for a body that parses only leniently. A body that does not
    parse at all is left to the route, which answers 422 for it as before."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except RecursionError:
        raise BadJson(f"the body is nested deeper than {MAX_DEPTH}") from None
    except BadJson:
        raise
    except ValueError:
        return  # not JSON: the route's own parser refuses it
    _check_structure(value, _SURROGATE_ESCAPE.search(body) is not None)


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            kind = value.split(b";", 1)[0].strip().lower()
            return kind == b"application/json" or kind.endswith(b"+json")
    return False


class StrictJson:
    """ASGI middleware: check every JSON request body with :func:`check_body`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD") or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        try:
            while True:
                message = await receive()
                if message["type"] != "http.request":  # the client went away
                    return
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
        except HTTPException as exc:  # server.app.BodyLimit: too large
            await error_response(exc.status_code, "too_large", str(exc.detail))(
                scope, receive, send
            )
            return
        body = b"".join(chunks)
        try:
            check_body(body)
        except BadJson as exc:
            await error_response(422, "invalid", f"The request body is refused: {exc}.")(
                scope, receive, send
            )
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
