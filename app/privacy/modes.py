"""The kiosk's folders readable by its own user alone: folders 0700, files 0600.

The database, its journal, the log, the config and the demo's keys hold residents' data or
secrets; another account on the same machine must not read them. :func:`keep_private` sets
the process's file-creation mask, so everything made from now on is private too, and tightens
what is already there.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def keep_private(folders: Iterable[Path]) -> list[str]:
    """Make ``folders`` and everything in them private; return what could not be (for
    staff), never raising: a kiosk still starts when one file belongs to someone else."""
    os.umask(PRIVATE_UMASK)
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        _chmod(folder, FOLDER_MODE, problems)
        for root, dirs, files in os.walk(folder):
            for name in dirs:
                _chmod(Path(root) / name, FOLDER_MODE, problems)
            for name in files:
                path = Path(root) / name
                if not path.is_symlink():
                    _chmod(path, FILE_MODE, problems)
    for problem in problems:
        log.warning("%s", problem)
    return problems


def _chmod(path: Path, mode: int, problems: list[str]) -> None:
    try:
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError as exc:
        problems.append(f"{path} could not be made private: {exc.strerror or exc}")
