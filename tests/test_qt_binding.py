"""The Qt binding must not corrupt Python's reference counts on the interpreters we ship.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a method that
returns nothing; a kiosk running for days would then crash when None's count reached zero.
Python 3.12+ hides this (None is immortal there), Debian 12's Python 3.11 does not.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QPushButton


def test_void_calls_keep_none_alive(qtbot) -> None:
    button = QPushButton()
    qtbot.add_widget(button)
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(10_000):
        button.setEnabled(True)
        button.setText("x")
        button.setProperty("role", "primary")
    # Other threads may hold a few references at any moment; a leak shows as thousands.
    assert abs(sys.getrefcount(None) - before_none) < 100
    assert abs(sys.getrefcount(True) - before_true) < 100
