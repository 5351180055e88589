"""Shared pytest plugins; fixtures live in tests/helpers/."""

import os

# Screens are tested without a display; set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No keyring in the tests or the kiosks they start, as on a kiosk without the Secret Service,
# whatever the machine running them has: tests that want one use the memory_keyring fixture.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
if "CREDENTIALS_DIRECTORY" not in os.environ:
    # Kiosks started by the tests find their database key as under systemd (app.privacy.key).
    from tests.helpers.key_credentials import credentials_for_tests

    os.environ["CREDENTIALS_DIRECTORY"] = credentials_for_tests()

pytest_plugins = [
    "tests.helpers.collector",
    "tests.helpers.domain_fixtures",
    "tests.helpers.kiosk_fixtures",
    "tests.helpers.center",
    "tests.helpers.server_api",
    "tests.helpers.speech",
    "tests.helpers.privacy",
    "tests.helpers.call_center",
]
