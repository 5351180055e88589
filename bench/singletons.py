"""Detect (and survive) a Qt binding that leaks references to None and True, as 6.12.0 did.

On CPython 3.11, PySide6 6.12.0 (abi3 wheel) returns ``None`` from every void method and
``True`` from ``Signal.emit`` without taking a reference, so each call lowers the reference
count of that singleton by one; after some thousands of calls Python aborts with "Fatal Python
error: none_dealloc" or "bool_dealloc". On Python 3.12 and later these objects are immortal and
nothing happens. The project pins 6.11.3 since; see docs/PERFORMANCE.md.

If the installed binding has the fault, the in-process benchmark pins the three singletons with
references that are never released, so it can finish and report its numbers (and that the
fault is there). This changes no timing. The kiosk itself is not protected by this.
"""

from __future__ import annotations

import ctypes
import sys

# Far more than any benchmark run calls; a refcount is a Py_ssize_t, so there is room.
_PIN_COUNT = 1 << 40


def void_call_leaks_none() -> bool:
    """True if calling a void Qt method lowers the reference count of None."""
    if sys.version_info >= (3, 12):
        return False  # None, True and False are immortal
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 50


def pin_singletons() -> None:
    """Add ``_PIN_COUNT`` references to None, True and False that are never released.

    In CPython 3.11 the reference count is the first field of every object, at ``id(obj)``;
    raising it once is cheaper than holding millions of references in a list (which the
    garbage collector would then walk during the measurements).
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _PIN_COUNT
