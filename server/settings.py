"""Server settings from the environment, read once at start-up.

A center sets how it treats an emergency nobody has acknowledged:

* ``CENTER_SOS_ACK_WITHIN_S`` (default 120): how long staff have to acknowledge an SOS before
  it escalates; kiosks are told this time with the center's answer to ``sos.raise`` and say
  so when it has passed;
* ``CENTER_SOS_ESCALATION`` (default ``all_staff,contacts``): the steps it goes through after
  that, in order, comma separated; empty for none. ``all_staff`` alerts every staff console
  again, louder; ``contacts`` the resident's emergency contacts (server.sos);
* ``CENTER_SOS_STEP_DELAY_S`` (default: the acknowledgement time): the time between steps.

``CENTER_ENROL_FAILURES_PER_MINUTE`` (default 10) is how many wrong enrolment codes one
address may send a minute before it is refused for a while (server.auth.EnrolmentLimiter);
``CENTER_SIGNIN_FAILURES_PER_MINUTE`` (default 20) the same for wrong staff sign-ins.
``CENTER_SESSION_HOURS`` (default 12) is how long a console session lasts.

What the center keeps and for how long (server.retention; a job in each server process
removes what is older once a day, and ``python -m server retention --now`` at once), in
days, by the center's clock:

* ``CENTER_KEEP_READINGS_DAYS`` (default 730): health readings and their alerts;
* ``CENTER_KEEP_ORDERS_DAYS`` (default 365): orders and their history;
* ``CENTER_KEEP_SOS_DAYS`` (default 365): emergencies that were acknowledged or withdrawn,
  and their steps;
* ``CENTER_KEEP_MESSAGES_DAYS`` (default 90): staff messages to kiosks;
* ``CENTER_KEEP_CALL_LOGS_DAYS`` (default 180): call logs;
* ``CENTER_KEEP_EVENT_PAYLOADS_DAYS`` (default 30): the copy of a refused kiosk event kept
  for staff to look into (the event's key is kept for good: it keeps a retry from being
  applied twice);
* ``CENTER_KEEP_AUDIT_DAYS`` (default 365, at least 183): the audit trail, reads included.

``CENTER_API_DOCS=1`` serves ``/docs``, a plain page of the API without scripts
(server.headers); off by default.

Video calls (server.calls, docs/CALLS.md):

* ``CENTER_ICE_SERVERS`` (default: none, enough on one LAN or loopback): a JSON list of STUN
  and TURN servers as the browsers take them (``sync.call_protocol.IceServer``), handed to
  both sides of every call, e.g.
  ``[{"urls": ["turn:turn.example.org:3478"], "username": "u", "credential": "p"}]``;
  a value that is not such a list stops the server at start with a sentence saying why;
* ``CENTER_CALL_RING_S`` (default 45): how long a call rings before it is missed;
* ``CENTER_CALL_RECONNECT_S`` (default 20): how long a side whose connection dropped may take
  to come back before the call ends (reason ``network``);
* ``CENTER_CALL_TICKET_S`` (default 120): how soon a call ticket must be used.

``CENTER_DEFAULT_CATALOG`` (default: the shipped assets/catalog/services.toml) is the catalog
orders are priced by until staff publish one; ``CENTER_DEMO_RESIDENTS=1`` registers the
demo's residents at start (the demo center, tests).

The data key that seals residents' personal and health columns (server.crypto) is the systemd
credential ``eldercare-center-data-key``, else the file ``CENTER_DATA_KEY_FILE`` (0600, outside
the data folder). A demo or test center (``CENTER_DEMO_RESIDENTS=1`` on SQLite) without one
makes its own beside its data folder (``<folder>-data-key``); any other center without a key
does not start (``python -m server make-data-key PATH`` makes one).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from pydantic import TypeAdapter, ValidationError

from server.crypto import DataKeyProblem, DataKeys, load_keys
from sync.call_protocol import RECONNECT_S, RING_S, TICKET_S, IceServer
from sync.protocol import SosStep

ESCALATION_STEPS: tuple[str, ...] = tuple(s for s in get_args(SosStep) if s != "waiting")
DEFAULT_ACK_WITHIN_S = 120
MAX_ACK_WITHIN_S = 3600  # sync.protocol.SosRaiseResult's bound
DEFAULT_CATALOG = Path(__file__).resolve().parents[1] / "assets" / "catalog" / "services.toml"


DAY_S = 24 * 3600.0
MIN_AUDIT_DAYS = 183  # six months: the law's least for logs of access to personal data


class SettingsError(ValueError):
    """A setting with a value the server cannot use; the message names it and what it takes."""


@dataclass(frozen=True)
class SosPolicy:
    """How this center escalates an emergency that nobody has acknowledged."""

    ack_within_s: int = DEFAULT_ACK_WITHIN_S
    steps: tuple[str, ...] = ESCALATION_STEPS
    step_delay_s: int = DEFAULT_ACK_WITHIN_S

    def __post_init__(self) -> None:
        if not 1 <= self.ack_within_s <= MAX_ACK_WITHIN_S:
            raise SettingsError(
                f"CENTER_SOS_ACK_WITHIN_S must be 1..{MAX_ACK_WITHIN_S} s, not {self.ack_within_s}"
            )
        if not 1 <= self.step_delay_s <= 24 * 3600:
            raise SettingsError(
                f"CENTER_SOS_STEP_DELAY_S must be 1..86400 s, not {self.step_delay_s}"
            )
        unknown = [s for s in self.steps if s not in ESCALATION_STEPS]
        if unknown or len(set(self.steps)) != len(self.steps):
            raise SettingsError(
                f"CENTER_SOS_ESCALATION takes each of {', '.join(ESCALATION_STEPS)} at most once,"
                f" comma separated; not {','.join(self.steps)!r}"
            )

    def first_due(self, now: float) -> float | None:
        """When an SOS stored at ``now`` escalates if nobody acknowledges it (None: never)."""
        return now + self.ack_within_s if self.steps else None

    def after(self, step: str) -> str | None:
        """The step that follows ``step`` ("waiting" before the first); None after the last,
        and for a step this center no longer takes."""
        if step == "waiting":
            return self.steps[0] if self.steps else None
        if step not in self.steps:
            return None
        index = self.steps.index(step) + 1
        return self.steps[index] if index < len(self.steps) else None


@dataclass(frozen=True)
class RetentionPolicy:
    """How many days the center keeps each kind of data (see the module's docstring)."""

    readings_days: int = 730
    orders_days: int = 365
    sos_days: int = 365
    messages_days: int = 90
    call_logs_days: int = 180
    event_payloads_days: int = 30
    audit_days: int = 365

    def __post_init__(self) -> None:
        for name, days in self.__dict__.items():
            if not 1 <= days <= 36_500:
                raise SettingsError(f"{ENV_OF[name]} must be 1 to 36500 days, not {days}")
        if self.audit_days < MIN_AUDIT_DAYS:
            raise SettingsError(
                f"CENTER_KEEP_AUDIT_DAYS must be at least {MIN_AUDIT_DAYS} (six months),"
                f" not {self.audit_days}"
            )

    @classmethod
    def from_env(cls, env: dict[str, str]) -> RetentionPolicy:
        defaults = cls()
        return cls(
            **{name: _whole(env, key, getattr(defaults, name)) for name, key in ENV_OF.items()}
        )


ENV_OF = {
    "readings_days": "CENTER_KEEP_READINGS_DAYS",
    "orders_days": "CENTER_KEEP_ORDERS_DAYS",
    "sos_days": "CENTER_KEEP_SOS_DAYS",
    "messages_days": "CENTER_KEEP_MESSAGES_DAYS",
    "call_logs_days": "CENTER_KEEP_CALL_LOGS_DAYS",
    "event_payloads_days": "CENTER_KEEP_EVENT_PAYLOADS_DAYS",
    "audit_days": "CENTER_KEEP_AUDIT_DAYS",
}


@dataclass(frozen=True)
class Settings:
    database_url: str
    max_body_bytes: int = 1_048_576
    poll_interval_s: float = 0.5
    # How long a process remembers a device token it has checked (auth.DeviceCache; a
    # revocation reaches every process within about 2 x poll_interval_s regardless).
    auth_cache_s: float = 300.0
    sos_ack_within_s: int = DEFAULT_ACK_WITHIN_S
    sos_escalation: tuple[str, ...] = ESCALATION_STEPS
    sos_step_delay_s: int | None = None  # None: sos_ack_within_s
    escalation_interval_s: float = 1.0  # how often each process looks for what is due
    enrol_failures_per_minute: int = 10
    signin_failures_per_minute: int = 20  # per client address (server.accounts)
    session_s: float = 12 * 3600.0  # how long a console session lasts
    # The catalog the center prices orders by until staff publish one (server.pricing).
    default_catalog: Path = DEFAULT_CATALOG
    demo_residents: bool = False  # register the demo's residents at start (server.residents)
    retention: RetentionPolicy = RetentionPolicy()
    retention_interval_s: float = DAY_S  # how often each process applies it
    api_docs: bool = False  # serve /docs (server.headers)
    data_dir: Path | None = None  # the folder of the SQLite file (kept 0700, its files 0600)
    ice_servers: tuple[IceServer, ...] = field(default_factory=tuple)
    call_ring_s: float = RING_S
    call_reconnect_s: float = RECONNECT_S
    call_ticket_s: float = TICKET_S
    call_check_interval_s: float = 1.0  # how often each process looks for calls that rang out
    # The keys that seal personal and health columns (server.crypto). None: an in-process
    # center of the tests, with a key of its process alone; `python -m server` refuses None.
    data_keys: DataKeys | None = None

    @property
    def sos_policy(self) -> SosPolicy:
        delay = self.sos_step_delay_s
        return SosPolicy(
            self.sos_ack_within_s,
            self.sos_escalation,
            self.sos_ack_within_s if delay is None else delay,
        )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        url = env.get("DATABASE_URL")
        data: Path | None = None
        if not url:
            data = Path(env.get("CENTER_DATA_DIR", "server-data")).resolve()
            data.mkdir(mode=0o700, parents=True, exist_ok=True)
            url = f"sqlite:///{data / 'center.sqlite3'}"
        demo = env.get("CENTER_DEMO_RESIDENTS", "") == "1"
        try:
            keys = load_keys(
                env, data, demo_key=demo_key_path(data) if demo and data is not None else None
            )
        except DataKeyProblem as exc:
            raise SettingsError(str(exc)) from exc
        delay = env.get("CENTER_SOS_STEP_DELAY_S", "").strip()
        steps = env.get("CENTER_SOS_ESCALATION", ",".join(ESCALATION_STEPS))
        settings = cls(
            database_url=url,
            max_body_bytes=int(env.get("CENTER_MAX_BODY_BYTES", 1_048_576)),
            auth_cache_s=float(env.get("CENTER_AUTH_CACHE_S", 300.0)),
            sos_ack_within_s=_whole(env, "CENTER_SOS_ACK_WITHIN_S", DEFAULT_ACK_WITHIN_S),
            sos_escalation=tuple(s.strip() for s in steps.split(",") if s.strip()),
            sos_step_delay_s=_whole(env, "CENTER_SOS_STEP_DELAY_S", 0) if delay else None,
            enrol_failures_per_minute=_whole(env, "CENTER_ENROL_FAILURES_PER_MINUTE", 10),
            signin_failures_per_minute=_whole(env, "CENTER_SIGNIN_FAILURES_PER_MINUTE", 20),
            session_s=3600.0 * _whole(env, "CENTER_SESSION_HOURS", 12),
            default_catalog=Path(env.get("CENTER_DEFAULT_CATALOG") or DEFAULT_CATALOG),
            demo_residents=demo,
            retention=RetentionPolicy.from_env(env),
            api_docs=env.get("CENTER_API_DOCS", "") == "1",
            data_dir=data,
            ice_servers=ice_servers(env.get("CENTER_ICE_SERVERS", "")),
            call_ring_s=_seconds(env, "CENTER_CALL_RING_S", RING_S, 1, 300),
            call_reconnect_s=_seconds(env, "CENTER_CALL_RECONNECT_S", RECONNECT_S, 0.2, 300),
            call_ticket_s=_seconds(env, "CENTER_CALL_TICKET_S", TICKET_S, 1, 3600),
            data_keys=keys,
        )
        settings.sos_policy  # noqa: B018 - checks the emergency settings now, not at the first SOS
        if settings.enrol_failures_per_minute < 1:
            raise SettingsError("CENTER_ENROL_FAILURES_PER_MINUTE must be at least 1")
        if settings.signin_failures_per_minute < 1:
            raise SettingsError("CENTER_SIGNIN_FAILURES_PER_MINUTE must be at least 1")
        if not 1 <= settings.session_s / 3600 <= 24 * 30:
            raise SettingsError("CENTER_SESSION_HOURS must be 1 to 720")
        return settings


def demo_key_path(data_dir: Path) -> Path:
    """Where a demo or test center keeps the key it made: beside its data folder, never in
    it (a copy of the folder does not hold the key)."""
    return data_dir.parent / f"{data_dir.name}-data-key"


def _whole(env: dict[str, str], key: str, default: int) -> int:
    text = env.get(key, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingsError(f"{key} must be a whole number, not {text!r}") from None


_ICE_LIST = TypeAdapter(list[IceServer])


def ice_servers(text: str) -> tuple[IceServer, ...]:
    """``CENTER_ICE_SERVERS``: a JSON list of IceServer; empty text for none."""
    if not text.strip():
        return ()
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SettingsError(
            f"CENTER_ICE_SERVERS is not JSON ({exc}); it takes a list such as"
            ' [{"urls": ["stun:stun.example.org:3478"]}]'
        ) from None
    try:
        servers = _ICE_LIST.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "the list"
        raise SettingsError(
            f"CENTER_ICE_SERVERS must be a list of {{urls, username, credential}} objects;"
            f" {where}: {first['msg']}"
        ) from None
    for server in servers:
        for url in server.urls:
            if not url.startswith(("stun:", "stuns:", "turn:", "turns:")):
                raise SettingsError(
                    f"CENTER_ICE_SERVERS: {url!r} is not a stun:, stuns:, turn: or turns: URL"
                )
        if any(u.startswith("turn") for u in server.urls) and not (
            server.username and server.credential
        ):
            raise SettingsError(
                "CENTER_ICE_SERVERS: a TURN server needs a username and a credential"
            )
    return tuple(servers)


def _seconds(env: dict[str, str], key: str, default: float, least: float, most: float) -> float:
    text = env.get(key, "").strip()
    if not text:
        return float(default)
    try:
        value = float(text)
    except ValueError:
        raise SettingsError(f"{key} must be a number of seconds, not {text!r}") from None
    if not least <= value <= most:
        raise SettingsError(f"{key} must be {least:g} to {most:g} s, not {text}")
    return value
