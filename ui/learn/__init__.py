"""Lessons in digital skills (for now a page that says they are coming)."""

from PySide6.QtCore import QCoreApplication

from ui.placeholder import coming_soon_feature

FEATURE = coming_soon_feature(
    "learn",
    lambda: QCoreApplication.translate("HomeScreen", "Learn"),
    lambda: QCoreApplication.translate("HomeScreen", "Lessons for phones and the internet"),
    icon="learn",
    intent="learn",
)
