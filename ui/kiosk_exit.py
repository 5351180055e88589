"""Who may end the kiosk: on a shared kiosk not the window manager, only staff.

In kiosk mode a request from the window system to close the window (Alt+F4, a title bar's
close button, a desktop tool) is refused and logged, at most once a minute. Staff leave with
the key combination set in ``staff_exit_keys`` (none by default), which quits through the
application's one shutdown path with :data:`STAFF_EXIT_STATUS`, the exit status the systemd
units do not restart on (``RestartPreventExitStatus=``). In home mode the window closes as
any window does.

The program's own way out is never refused: quitting (on SIGTERM from systemd, or when staff
leave) closes the window with a close event that is not spontaneous, whereas Qt marks a
close request that came from the window system as spontaneous.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    # Loaded only where staff keys are set: making these types (and their enums) costs
    # about 0.8 ms of the start, which a kiosk without staff keys never needs.
    from PySide6.QtCore import QKeyCombination
    from PySide6.QtGui import QKeySequence, QShortcut

log = logging.getLogger(__name__)

STAFF_EXIT_STATUS = 10
"""Exit status when staff left on purpose: systemd leaves the kiosk stopped."""

KEYS_WAY = "with staff_exit_keys"
"""How staff left, for the log line, when they pressed their key combination."""

REFUSAL_LOG_INTERVAL_S = 60.0
"""A refused close request is logged at most this often."""

_MODIFIER_KEYS = {Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta}
_STRONG_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.MetaModifier,
)


def staff_key_sequence(text: str) -> QKeySequence | None:
    """The combination ``text`` names (such as ``Ctrl+Alt+Shift+Q``), or None when it is
    empty or unusable. A usable one is a single key with Ctrl, Alt or Meta held: nothing a
    resident types on the touch keyboard, or a card reader sends, can end the kiosk."""
    if not text.strip():
        return None
    from PySide6.QtGui import QKeySequence

    sequence = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    if sequence.count() == 1:
        combination: QKeyCombination = sequence[0]  # type: ignore[index]  # (stubs lack [])
        key, modifiers = combination.key(), combination.keyboardModifiers()
        if (
            key != Qt.Key.Key_unknown
            and key not in _MODIFIER_KEYS
            and any(modifiers & modifier for modifier in _STRONG_MODIFIERS)
        ):
            return sequence
    log.warning(
        "staff_exit_keys = %r is not one key with Ctrl, Alt or Meta (such as"
        " 'Ctrl+Alt+Shift+Q'); staff cannot leave the kiosk by keyboard",
        text,
    )
    return None


class ExitGuard(QObject):
    """Decides the window's close requests, and quits when staff press their keys."""

    def __init__(
        self,
        window: QWidget,
        *,
        mode: str,
        staff_exit_keys: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.kiosk = mode == "kiosk"
        self.exit_status = 0
        """What the kiosk's process should exit with: STAFF_EXIT_STATUS once staff left."""
        self.clock = clock
        self._last_logged: float | None = None
        self.refused = 0
        """Close requests refused so far."""
        self.shortcut: QShortcut | None = None
        sequence = staff_key_sequence(staff_exit_keys)
        if sequence is not None:
            from PySide6.QtGui import QShortcut

            # Wherever the focus is, on any of the kiosk's windows.
            self.shortcut = QShortcut(
                sequence, window, context=Qt.ShortcutContext.ApplicationShortcut
            )
            self.shortcut.activated.connect(lambda: self.staff_exit(KEYS_WAY))

    def refuses(self, event: QEvent) -> bool:
        """Whether the window must stay open despite this close event."""
        if not (self.kiosk and event.spontaneous()):
            return False
        self.refused += 1
        now = self.clock()
        if self._last_logged is None or now - self._last_logged >= REFUSAL_LOG_INTERVAL_S:
            self._last_logged = now
            log.info(
                "kiosk mode: a request to close the window was ignored (%d so far);"
                " staff leave as docs/OPERATION.md says",
                self.refused,
            )
        return True

    def staff_exit(self, way: str) -> None:
        """Staff asked to leave (``way``: how, for the log, such as :data:`KEYS_WAY`): quit
        through the normal shutdown, not to be restarted."""
        log.info("staff left the kiosk %s", way)
        self.exit_status = STAFF_EXIT_STATUS
        QCoreApplication.quit()
