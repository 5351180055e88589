"""Telling the center that this terminal is out of service, from the out-of-service page.

There no sync worker runs (there is no database to drain), so the page sends one report with
:func:`report_out_of_service` and says the center's staff have been told only when it returns
True. It needs the device token the terminal was enrolled with.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sync.client import CenterClient, Refused
from sync.credentials import TokenStore

log = logging.getLogger(__name__)


def report_out_of_service(
    server_url: str,
    data_dir: Path,
    fault: str,
    *,
    ca_file: str | None = None,
    environ: dict[str, str] | None = None,
) -> bool:
    """Report ``fault`` with ``POST /device/health``: True once the center answered, False
    when it never can be told (not enrolled, or refused); raises
    :class:`~sync.client.Retryable` when it may be tried again later."""
    token = TokenStore(
        server_url, data_dir, environ=dict(os.environ) if environ is None else environ
    ).load()
    if token is None:
        log.warning(
            "not enrolled with %s: the center cannot be told this terminal is out of service",
            server_url,
        )
        return False
    client = CenterClient(server_url, token, ca_file=ca_file)
    try:
        client.report_health(f"out of service: {fault}")
    except Refused as exc:
        log.error("the center refuses this device (%s): it was not told of the fault", exc.code)
        return False
    finally:
        client.close()
    log.info("the center was told this terminal is out of service: %s", fault)
    return True
