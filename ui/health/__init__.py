"""Health readings from the resident's devices (for now a page that says they are coming)."""

from ui.placeholder import coming_soon_feature


def _label() -> str:
    from PySide6.QtCore import QCoreApplication  # Qt is not loaded when features register

    return QCoreApplication.translate("HomeScreen", "Health")


def _description() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("HomeScreen", "Blood pressure and other readings")


FEATURE = coming_soon_feature("health", _label, _description, icon="health", intent="health")
