"""Video calls with family (for now a page that says they are coming)."""

from ui.placeholder import coming_soon_feature


def _label() -> str:
    from PySide6.QtCore import QCoreApplication  # Qt is not loaded when features register

    return QCoreApplication.translate("HomeScreen", "Video call")


def _description() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("HomeScreen", "Call your family")


FEATURE = coming_soon_feature("call", _label, _description, icon="video", intent="video_call")
