"""Enrolling this kiosk with the center from the staff settings, as main.py does at start-up
with ``enrolment_code``: a code from the center's staff is exchanged for the device token,
which is kept in the keyring (sync.credentials). Runs in a worker thread (it is HTTP)."""

from __future__ import annotations

import logging
import platform
from pathlib import Path

from app.config import Config

log = logging.getLogger("kiosk.admin")

CODE_DIGITS = 12  # the center's codes are three groups of four digits: 1234-5678-9012


def code_text(digits: str) -> str:
    """``digits`` as the center writes its codes, in groups of four joined by "-"."""
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def device_name(config: Config) -> str:
    return config.device_name or platform.node() or "kiosk"


def is_enrolled(config: Config, data_dir: Path) -> bool:
    """Whether a device token for the configured center is kept on this terminal."""
    from sync.credentials import TokenStore

    return TokenStore(config.server_url, data_dir).load() is not None


def enrol(config: Config, data_dir: Path, code: str) -> str:
    """Enrol with ``code`` and keep the token; the device name the center now knows.
    Raises sync.client.SyncError or sync.credentials.NoSafeStorage with the reason."""
    from sync.client import CenterClient
    from sync.credentials import TokenStore

    tokens = TokenStore(config.server_url, data_dir)
    tokens.check()  # a code is good for one use: never spend it on a token that is lost
    name = device_name(config)
    client = CenterClient(config.server_url, None, ca_file=config.server_ca_file or None)
    try:
        enrolled = client.enrol(code, name, config.mode)
    finally:
        client.close()
    tokens.save(enrolled.token)
    log.info("enrolled with %s as %s from the staff settings", config.server_url, name)
    return name
