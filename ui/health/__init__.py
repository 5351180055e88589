"""Health readings from the resident's devices (for now a page that says they are coming)."""

from PySide6.QtCore import QCoreApplication

from ui.placeholder import coming_soon_feature

FEATURE = coming_soon_feature(
    "health",
    lambda: QCoreApplication.translate("HomeScreen", "Health"),
    lambda: QCoreApplication.translate("HomeScreen", "Blood pressure and other readings"),
    icon="health",
    intent="health",
)
