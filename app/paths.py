"""Where the kiosk keeps its config, data and logs.

Defaults follow the platform's conventions; ``--data-dir`` (or ``ELDERKIOSK_HOME``) puts
everything under one folder, which demo mode, tests and benchmarks use.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "eldercare-kiosk"
REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = REPO_ROOT / "assets"


class Paths(NamedTuple):
    """The folders of one running kiosk."""

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "kiosk.sqlite3"

    def create(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resolve_paths(base: str | os.PathLike[str] | None = None) -> Paths:
    """Paths under ``base`` if given (or ``ELDERKIOSK_HOME``), else the platform's folders."""
    base = base or os.environ.get("ELDERKIOSK_HOME")
    if base:
        root = Path(base).expanduser().resolve()
        return Paths(config_dir=root / "config", data_dir=root / "data", log_dir=root / "logs")
    import platformdirs  # only when no folder was given

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
