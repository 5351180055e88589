"""Who is using the terminal: the one resident of a home tablet, or whoever signed in."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.people import Resident


class Session(QObject):
    sig_changed = Signal(object)
    """The signed-in resident changed (a Resident or None)."""

    def __init__(self, mode: str, resident: Resident | None = None) -> None:
        super().__init__()
        self.mode = mode
        self.resident = resident

    @property
    def signed_in(self) -> bool:
        return self.resident is not None

    @property
    def kiosk(self) -> bool:
        return self.mode == "kiosk"

    def sign_in(self, resident: Resident) -> None:
        self.resident = resident
        self.sig_changed.emit(resident)

    def sign_out(self) -> None:
        if self.mode == "home":
            return  # a home tablet belongs to one resident and never signs out
        if self.resident is not None:
            self.resident = None
            self.sig_changed.emit(None)
