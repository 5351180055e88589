"""Shared pytest plugins; fixtures live in tests/helpers/."""

import os

# Screens are tested without a display; set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.helpers.domain_fixtures",
    "tests.helpers.kiosk_fixtures",
    "tests.helpers.center",
    "tests.helpers.server_api",
    "tests.helpers.speech",
    "tests.helpers.privacy",
]
