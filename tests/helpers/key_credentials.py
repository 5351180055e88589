"""A database key where a systemd unit would put it, for every kiosk the tests start.

conftest.py sets ``CREDENTIALS_DIRECTORY`` from here before anything else runs: on a machine
with no keyring a kiosk does not start without a place for its key (app.privacy.key).
"""

from __future__ import annotations

import atexit
import secrets
import shutil
import tempfile
from pathlib import Path

CREDENTIAL_NAME = "eldercare-kiosk-database-key"  # as app.privacy.key names it


def credentials_for_tests() -> str:
    """A folder with a new database key in it, removed when the tests end."""
    folder = tempfile.mkdtemp(prefix="kiosk-credentials-")
    Path(folder, CREDENTIAL_NAME).write_text(secrets.token_hex(32), encoding="ascii")
    atexit.register(shutil.rmtree, folder, True)
    return folder
