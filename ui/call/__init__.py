"""Video calls with family (for now a page that says they are coming)."""

from PySide6.QtCore import QCoreApplication

from ui.placeholder import coming_soon_feature

FEATURE = coming_soon_feature(
    "call",
    lambda: QCoreApplication.translate("HomeScreen", "Video call"),
    lambda: QCoreApplication.translate("HomeScreen", "Call your family"),
    icon="video",
    intent="video_call",
)
