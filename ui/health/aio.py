"""Starting a device's coroutine on the event loop the kiosk runs (qasync: asyncio on Qt's own
loop, see main.py), so measuring never blocks the UI thread and its events arrive on it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class NoEventLoop(RuntimeError):
    """No asyncio loop runs on the Qt loop: a device cannot be used here."""


def start(coroutine: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
    """Run ``coroutine`` as a task of the running loop; NoEventLoop where none runs (the
    coroutine is then closed, never left unawaited)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        coroutine.close()
        raise NoEventLoop("no asyncio loop runs on the Qt loop") from None
    return loop.create_task(coroutine, name=name)
