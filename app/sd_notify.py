"""Tell the service manager (systemd) how the kiosk is doing, in its notification protocol.

Under a unit with ``Type=notify`` systemd passes the address of a datagram socket in
``$NOTIFY_SOCKET`` and, with ``WatchdogSec=``, the watchdog timeout in ``$WATCHDOG_USEC`` (and
the process it is meant for in ``$WATCHDOG_PID``). The kiosk writes ``READY=1`` once its window
is up, ``WATCHDOG=1`` as a heartbeat, and ``STOPPING=1`` on its way out. This is the whole of
``sd_notify(3)`` the kiosk needs, in plain Python. Outside systemd (no ``$NOTIFY_SOCKET``)
every call does nothing.

A notification never raises and never waits: the socket is written without blocking, and a
failure is logged once, since the kiosk must go on whether or not anyone listens.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)

READY = "READY=1"
WATCHDOG = "WATCHDOG=1"
STOPPING = "STOPPING=1"

_failed_once = False


def notify_address(environ: Mapping[str, str] | None = None) -> str | bytes | None:
    """The socket address in ``$NOTIFY_SOCKET`` as ``socket.sendto`` takes it, or None.

    A leading ``@`` names an abstract socket (Linux), whose address starts with a NUL byte."""
    environ = os.environ if environ is None else environ
    address = environ.get("NOTIFY_SOCKET", "")
    if address.startswith("@"):
        return b"\0" + address[1:].encode()
    if address.startswith("/"):
        return address
    return None  # unset, or a kind the kiosk does not speak (vsock:)


def watchdog_interval_s(environ: Mapping[str, str] | None = None) -> float | None:
    """The watchdog timeout systemd expects heartbeats within, in seconds, or None when the
    watchdog is off or meant for another process."""
    environ = os.environ if environ is None else environ
    pid = environ.get("WATCHDOG_PID", "")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec / 1_000_000 if usec > 0 else None


def notify(state: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send ``state`` (such as ``READY=1``) to the service manager; True if it was sent."""
    global _failed_once
    address = notify_address(environ)
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.setblocking(False)
            sock.sendto(state.encode(), address)
    except OSError as exc:
        if not _failed_once:
            _failed_once = True
            log.warning("cannot notify the service manager at %r: %s", address, exc)
        return False
    return True
