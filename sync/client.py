"""HTTP client for the center server: enrolment, sending events, reading updates, and telling
the center of a fault this kiosk cannot put in its outbox.

Failures are sorted into what the worker should do about them: :class:`Retryable` (the
network, a 5xx, a 429 with its ``Retry-After``), :class:`Refused` (this device is unknown or
was revoked: stop and tell staff) and :class:`BadAnswer` (the server said something that is
not the protocol: keep the events, retry later, log it).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import requests

from app.clock import iso, utc_now
from sync.protocol import API_PREFIX, BatchResult, CatalogDocument, EnrolResponse, UpdatesPage

log = logging.getLogger(__name__)
TIMEOUT = (5.0, 30.0)  # connect, read


class SyncError(Exception):
    pass


class Retryable(SyncError):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Refused(SyncError):
    """The center refuses this device (unknown token or revoked); ``code`` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class BadAnswer(Retryable):
    pass


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        seconds = float(value)
    except ValueError:
        return None
    return min(max(seconds, 0.0), 3600.0)


class CenterClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        ca_file: str | None = None,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()
        # A custom CA (the center's own) or the system's trust store; never unverified.
        self.session.verify = ca_file or True

    def close(self) -> None:
        self.session.close()

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _request(self, method: str, path: str, body: Any = None, params: Any = None) -> Any:
        try:
            response = self.session.request(
                method,
                self.base_url + API_PREFIX + path,
                headers=self._headers(),
                data=None if body is None else json.dumps(body, ensure_ascii=False).encode(),
                params=params,
                timeout=self.timeout,
                # Explicitly: requests would let REQUESTS_CA_BUNDLE override the session's CA.
                verify=self.session.verify,
            )
        except requests.exceptions.SSLError as exc:
            # A certificate problem will not fix itself by retrying fast; still retry slowly.
            raise Retryable(f"certificate not trusted: {exc}", retry_after=60) from exc
        except requests.RequestException as exc:
            raise Retryable(f"network: {exc.__class__.__name__}") from exc
        if response.status_code in (401, 403):
            code, message = self._error(response)
            raise Refused(code, message)
        if response.status_code == 429 or response.status_code >= 500:
            raise Retryable(f"server answered {response.status_code}", _retry_after(response))
        if response.status_code >= 400:
            code, message = self._error(response)
            raise BadAnswer(f"{response.status_code} {code}: {message}", retry_after=60)
        if response.status_code == 204:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise BadAnswer("the server's answer is not JSON") from exc

    @staticmethod
    def _error(response: requests.Response) -> tuple[str, str]:
        try:
            body = response.json()
            return str(body.get("code", response.status_code)), str(body.get("message", ""))
        except (ValueError, AttributeError):
            return str(response.status_code), response.text[:200]

    def enrol(self, code: str, device_name: str, mode: str) -> EnrolResponse:
        data = self._request(
            "POST", "/enrol", {"code": code, "device_name": device_name, "mode": mode}
        )
        return EnrolResponse.model_validate(data)

    def send_events(self, events: list[dict[str, Any]]) -> BatchResult:
        data = self._request("POST", "/events", {"events": events})
        try:
            result = BatchResult.model_validate(data)
        except ValueError as exc:
            raise BadAnswer(f"the server's answer does not follow the protocol: {exc}") from exc
        sent = {e["event_id"] for e in events}
        if {str(r.event_id) for r in result.results} - sent:
            raise BadAnswer("the server answered for events that were not sent")
        return result

    def report_health(
        self,
        storage_fault: str | None,
        *,
        queue_length: int | None = None,
        reported_at: str | None = None,
    ) -> None:
        """Tell the center straight away that this kiosk cannot save (``storage_fault``, in
        words for staff), or that it can again (None): ``POST /device/health``, answered 204.
        Not through the outbox, which cannot be written then. Raises as the other calls do."""
        body = {
            # What staff read; the protocol allows 500 characters and no NUL.
            "storage_fault": None
            if storage_fault is None
            else storage_fault.replace("\x00", "")[:500],
            "queue_length": queue_length,
            "reported_at": reported_at or iso(utc_now()),
        }
        self._request("POST", "/device/health", body)

    def updates(self, since: int, limit: int = 200) -> UpdatesPage:
        data = self._request("GET", "/updates", params={"since": since, "limit": limit})
        try:
            return UpdatesPage.model_validate(data)
        except ValueError as exc:
            raise BadAnswer(f"the server's updates do not follow the protocol: {exc}") from exc

    def catalog(self) -> CatalogDocument:
        data = self._request("GET", "/catalog")
        try:
            return CatalogDocument.model_validate(data)
        except ValueError as exc:
            raise BadAnswer(f"the server's catalog does not follow the protocol: {exc}") from exc
