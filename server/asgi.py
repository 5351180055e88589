"""The ASGI application for uvicorn and other servers: ``server.asgi:app``.

A center started this way without a data key (server.crypto) does not start."""

from server.app import create_app
from server.crypto import MAKE_KEY_HINT
from server.settings import Settings

settings = Settings.from_env()
if settings.data_keys is None:
    raise SystemExit(f"the center cannot start: it has no data key; {MAKE_KEY_HINT}")
app = create_app(settings)
