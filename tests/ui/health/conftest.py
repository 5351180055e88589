"""The Health screens' fixtures (tests/helpers/health.py)."""

from tests.helpers.health import device_loop, qt_asyncio_loop  # noqa: F401
