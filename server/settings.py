"""Server settings from the environment, read once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str
    max_body_bytes: int = 1_048_576
    poll_interval_s: float = 0.5
    # How long a process remembers a device token it has checked (auth.DeviceCache; a
    # revocation reaches every process within about 2 x poll_interval_s regardless).
    auth_cache_s: float = 300.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        url = env.get("DATABASE_URL")
        if not url:
            data = Path(env.get("CENTER_DATA_DIR", "server-data")).resolve()
            data.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{data / 'center.sqlite3'}"
        return cls(
            database_url=url,
            max_body_bytes=int(env.get("CENTER_MAX_BODY_BYTES", 1_048_576)),
            auth_cache_s=float(env.get("CENTER_AUTH_CACHE_S", 300.0)),
        )
