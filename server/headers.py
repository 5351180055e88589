"""The security headers of every answer the center gives, and its API documentation page.

Every answer says: do not guess my type (``nosniff``), never show me in a frame, send no
referrer, and (over https) keep to https for a year (HSTS). An answer that sets no
Content-Security-Policy of its own gets one: nothing at all may load for a JSON answer, and
only the center's own files for a page. Nothing is cached (``Cache-Control: no-store``) but
the static files of the pages, because almost every answer names a resident or a member of
staff. A route that sets one of these headers itself (the console's pages do) keeps its own.

FastAPI's own documentation pages load their scripts from a public CDN, so they are never
served. With ``CENTER_API_DOCS=1`` the center serves ``/docs``: a plain page listing every
operation of its OpenAPI document (``/openapi.json``), with no script at all.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000"
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "media-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
ALWAYS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
CACHEABLE_PREFIXES = ("/static/", "/console/static/")


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        cacheable = scope["path"].startswith(CACHEABLE_PREFIXES)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                page = headers.get("content-type", "").startswith("text/html")
                headers.setdefault("content-security-policy", PAGE_CSP if page else API_CSP)
                if not cacheable:
                    headers.setdefault("cache-control", "no-store")
                if https:
                    headers.setdefault("strict-transport-security", HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)


def add_docs_page(app: FastAPI) -> None:
    """``GET /docs``: every operation of the OpenAPI document as plain HTML, no scripts."""

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_html(app.openapi()))


def docs_html(schema: dict[str, Any]) -> str:
    info = schema.get("info", {})
    rows = []
    for path, operations in sorted(schema.get("paths", {}).items()):
        for method, operation in operations.items():
            summary = operation.get("summary", "")
            description = operation.get("description", "")
            rows.append(
                f"<tr><td><code>{html.escape(method.upper())}</code></td>"
                f"<td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(summary)}<br>{html.escape(description)}</td></tr>"
            )
    title = html.escape(str(info.get("title", "API")))
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>{html.escape(str(info.get('description', '')))}</p>"
        '<p>The whole document: <a href="/openapi.json">/openapi.json</a></p>'
        "<table><tr><th>method</th><th>path</th><th>what it does</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
