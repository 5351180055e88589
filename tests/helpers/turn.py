"""A coturn TURN server on loopback, for the calls' tests (Debian's ``coturn``, binary
``turnserver``; ``installer/setup.sh --test`` installs it).

``turn_server`` writes the same kind of configuration docs/CALLS.md describes (listening
port, realm, a static user with long-term credentials, the relay ports) into a temporary
folder, starts ``turnserver -c`` on 127.0.0.1 and waits until it answers a STUN binding
request. The test is skipped, saying why, when coturn is not installed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sync.call_protocol import IceServer
from tests.helpers.center import free_port, wait_until

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
ALLOCATE_REQUEST = 0x0003
ALLOCATE_ERROR = 0x0113
START_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class TurnServer:
    port: int
    realm: str
    username: str
    password: str
    config: Path
    log: Path

    @property
    def ice_server(self) -> IceServer:
        """How the center hands it to both sides (``CENTER_ICE_SERVERS``)."""
        return IceServer(
            urls=[f"turn:127.0.0.1:{self.port}?transport=udp", f"stun:127.0.0.1:{self.port}"],
            username=self.username,
            credential=self.password,
        )


def stun_request(port: int, method: int, timeout: float = 0.5) -> int | None:
    """Send a STUN request without attributes to 127.0.0.1:port; the type of the answer,
    or None when none came in time."""
    transaction = secrets.token_bytes(12)
    packet = struct.pack("!HHI", method, 0, MAGIC_COOKIE) + transaction
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(timeout)
        udp.sendto(packet, ("127.0.0.1", port))
        try:
            data, _ = udp.recvfrom(2048)
        except TimeoutError:
            return None
    if len(data) < 20 or data[8:20] != transaction:
        return None
    return int(struct.unpack("!H", data[:2])[0])


def loopback_config(folder: Path, port: int, username: str, password: str) -> str:
    """A turnserver.conf for one machine's tests: loopback only, no TLS, no CLI."""
    return "\n".join(
        [
            "listening-ip=127.0.0.1",
            f"listening-port={port}",
            "relay-ip=127.0.0.1",
            "external-ip=127.0.0.1",
            "min-port=49160",
            "max-port=49260",
            "realm=center.test",
            "fingerprint",
            "lt-cred-mech",
            f"user={username}:{password}",
            "allow-loopback-peers",  # both sides of a test call are on this machine
            "no-tls",
            "no-dtls",
            "no-cli",
            "no-multicast-peers",
            f"userdb={folder / 'turndb'}",
            f"pidfile={folder / 'turnserver.pid'}",
            f"log-file={folder / 'turn.log'}",
            "simple-log",
            "no-stdout-log",
            "",
        ]
    )


@pytest.fixture
def turn_server(tmp_path: Path) -> Iterator[TurnServer]:
    binary = shutil.which("turnserver") or (
        "/usr/bin/turnserver" if os.path.exists("/usr/bin/turnserver") else None
    )
    if binary is None:
        pytest.skip("coturn is not installed (installer/setup.sh --test installs it)")
    port = free_port()
    username, password = "kiosk", secrets.token_urlsafe(12)
    config = tmp_path / "turnserver.conf"
    config.write_text(loopback_config(tmp_path, port, username, password), encoding="utf-8")
    log = tmp_path / "turn.log"
    process = subprocess.Popen(
        [binary, "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def answering() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"turnserver exited with {process.returncode}")
            return stun_request(port, BINDING_REQUEST) == BINDING_SUCCESS

        wait_until(answering, START_TIMEOUT_S, "turnserver to answer STUN")
        yield TurnServer(port, "center.test", username, password, config, log)
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
