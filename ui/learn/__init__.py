"""Lessons in digital skills (for now a page that says they are coming)."""

from ui.placeholder import coming_soon_feature


def _label() -> str:
    from PySide6.QtCore import QCoreApplication  # Qt is not loaded when features register

    return QCoreApplication.translate("HomeScreen", "Learn")


def _description() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("HomeScreen", "Lessons for phones and the internet")


FEATURE = coming_soon_feature("learn", _label, _description, icon="learn", intent="learn")
