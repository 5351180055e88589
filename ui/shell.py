"""The main window: fixed header (title, who is signed in, SOS) and footer (Back, Home, read
aloud) around a stack of screens, and the navigator that moves between them.

The window names no feature: it learns of them from the feature registry (ui.features), which
tells it what fills the SOS button and the sign-in, which features want updates from the
center, keys typed, or a part of the window (a warning strip) of their own."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.people import mask_name
from ui.context import AppContext
from ui.features import FeatureRegistry
from ui.kiosk_exit import ExitGuard
from ui.screen import Screen
from ui.translations import install_language
from ui.widgets.buttons import BigButton, ink_height
from ui.widgets.pagestack import PageStack

if TYPE_CHECKING:
    from ui.voice.banner import VoiceBanner

log = logging.getLogger(__name__)


class MainWindow(QWidget):
    """The one window of the kiosk; also the navigator (ui.navigator) every screen is given.
    Made by ``ui.window.build_window``."""

    sig_screen_changed = Signal(object)
    """The visible screen changed (the Screen now shown)."""

    def __init__(
        self,
        ctx: AppContext,
        features: FeatureRegistry,
        make_home: Callable[[MainWindow], Screen],
        *,
        attach_later: bool = False,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.features = features
        self._make_home = make_home
        self._parts: dict[str, object] = {}
        theme = ctx.theme
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Community care"))
        self.setStyleSheet(theme.stylesheet())
        self.setAccessibleName(self.tr("Community care kiosk"))
        self._history: list[Screen] = []
        # On a shared kiosk the window manager cannot close the window; staff can.
        self.exit_guard = ExitGuard(
            self, mode=ctx.config.mode, staff_exit_keys=ctx.config.staff_exit_keys
        )

        margin = theme.mm(3)
        outer = self._outer = QVBoxLayout(self)
        outer.setContentsMargins(margin, margin, margin, margin)
        outer.setSpacing(theme.gap_px)

        # Header: title top-left, resident in the middle, SOS always top-right.
        header = self._header = QHBoxLayout()
        header.setSpacing(theme.gap_px)
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setProperty("role", "title")
        self.title_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title_label.setWordWrap(True)
        self.resident_label = QLabel()
        self.resident_label.setProperty("role", "muted")
        self.sync_label = QLabel()
        # It shows messages staff typed: words, never markup ("<b>" is shown as typed).
        self.sync_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_label.setProperty("role", "status")
        self.sync_label.setObjectName("sync_status")
        self.sync_label.setWordWrap(True)
        self.sync_label.hide()  # until there is something to say
        self.account_button = BigButton("", theme, role="nav", icon="card")
        self.account_button.clicked.connect(self._account_clicked)
        self.sos_button = BigButton(
            self.tr("SOS"),
            theme,
            role="sos",
            icon="sos",
            description=self.tr("Call for help in an emergency"),
        )
        self.sos_button.setObjectName("sos")
        self.sos_button.clicked.connect(self.start_sos)
        # The title, and under it what became of what the elder sent (all sent, N waiting...).
        title_column = QVBoxLayout()
        title_column.setSpacing(0)
        title_column.addWidget(self.title_label)
        title_column.addWidget(self.sync_label)
        header.addLayout(title_column, 1)
        header.addWidget(self.resident_label)
        header.addWidget(self.account_button)
        self.read_button = BigButton(
            self.tr("Read aloud"),
            theme,
            role="nav",
            icon="speaker",
            description=self.tr("Read this screen aloud"),
        )
        self.read_button.setObjectName("read_aloud")
        self.read_button.clicked.connect(self.read_aloud)
        header.addWidget(self.read_button)
        self.speak_button = BigButton(
            self.tr("Speak"),
            theme,
            role="nav",
            icon="microphone",
            description=self.tr("Say what you want instead of tapping"),
        )
        self.speak_button.setObjectName("speak")
        self.speak_button.setVisible(ctx.config.voice_enabled)
        header.addWidget(self.speak_button)
        header.addWidget(self.sos_button)
        outer.addLayout(header)
        # Who is signed in, their account button, Read aloud and Speak: in the header where
        # there is room, in the footer where large type needs the header's width.
        self._sync_news = False  # the line under the title says more than "all sent"
        self._tools = [
            self.resident_label,
            self.account_button,
            self.read_button,
            self.speak_button,
        ]
        self._compact = False

        # Strips that features show above the page (the idle warning): they take their room
        # from the page, never lie over it.
        self._banners = QVBoxLayout()
        self._banners.setSpacing(theme.gap_px)
        outer.addLayout(self._banners)

        self.stack = PageStack()
        outer.addWidget(self.stack, 1)
        # The strips (banners above, the voice strip below) and the page's height while none
        # is shown: where a strip and the page's smallest shape do not both fit, the page
        # steps aside until the strip goes (a tap on it, or any touch, ends a warning).
        self._strips: list[QWidget] = []
        self._page_room = 0
        self.stack.installEventFilter(self)
        # What the listener is doing, between the page and the footer (made on first news).
        self._voice_slot = QVBoxLayout()
        self._voice_slot.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._voice_slot)

        # Footer: Back bottom-left, Home bottom-centre; the home screen has neither.
        self.footer = QWidget()
        footer = QHBoxLayout(self.footer)
        footer.setContentsMargins(0, 0, 0, 0)
        footer.setSpacing(theme.gap_px)
        self.back_button = BigButton(
            self.tr("Back"),
            theme,
            role="nav",
            icon="back",
            description=self.tr("Go back one screen"),
        )
        self.back_button.setObjectName("back")
        self.home_button = BigButton(
            self.tr("Home"),
            theme,
            role="nav",
            icon="home",
            description=self.tr("Go to the home screen"),
        )
        self.home_button.setObjectName("home")
        for button in (self.back_button, self.home_button):
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
        self.back_button.clicked.connect(self.back)
        self.home_button.clicked.connect(self.home)
        # Three equal parts, so Home stays in the middle: Back, Home, and the tools where
        # large type moves them out of the header (else empty room).
        self.tools_bar = QWidget()
        self._tools_row = QHBoxLayout(self.tools_bar)
        self._tools_row.setContentsMargins(0, 0, 0, 0)
        self._tools_row.setSpacing(theme.gap_px)
        self._tools_row.addStretch(1)
        for part in (self.back_button, self.home_button, self.tools_bar):
            policy = part.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            part.setSizePolicy(policy)
            footer.addWidget(part, 1)
        outer.addWidget(self.footer)

        from ui.voice.controller import VoiceController  # the voice feature's part

        self._voice_banner: VoiceBanner | None = None  # made when voice first has news
        self.voice = VoiceController(ctx, self, ctx.voice_models)
        self.voice.sig_state.connect(self._voice_state)
        self.speak_button.clicked.connect(self.voice.speak_pressed)

        ctx.sync.sig_status.connect(self._sync_status)
        ctx.sync.sig_changes.connect(self._sync_changes)
        ctx.session.sig_changed.connect(self._session_changed)
        self._session_changed(ctx.session.resident)
        self.sos_button.setVisible(features.with_role("emergency") is not None)
        self.attach_parts(early_only=attach_later)

    def attach_parts(self, *, early_only: bool = False) -> None:
        """Attach the features' parts not attached yet; ``early_only``: only those the first
        frame needs (the rest follow with a later call, see Feature.attach_later)."""
        for feature in self.features:
            if feature.attach is None or feature.name in self._parts:
                continue
            if early_only and feature.attach_later:
                continue
            self._parts[feature.name] = feature.attach(self.ctx, self)

    def part(self, name: str) -> Any:
        """The part of the window the feature ``name`` attached (its watchers, banners)."""
        return self._parts[name]

    def add_banner(self, banner: QWidget) -> None:
        self._banners.addWidget(banner)
        self._add_strip(banner)

    def _add_strip(self, strip: QWidget) -> None:
        self._strips.append(strip)
        strip.installEventFilter(self)

    def show_banner(self, banner: QWidget) -> None:
        self._make_room(banner)
        banner.show()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is self.stack and kind == QEvent.Type.Resize:
            if not any(strip.isVisibleTo(self) for strip in self._strips):
                self._page_room = self.stack.height()
        elif watched in self._strips and kind == QEvent.Type.Hide:
            self._make_room(None)
        return False

    def _make_room(self, showing: QWidget | None) -> None:
        """Show the page beside the strips (and ``showing``, about to be shown) where both
        fit, else the strips alone: decided before the strip shows, since a window that
        grew to hold both would not shrink back."""
        shown = [strip for strip in self._strips if strip.isVisibleTo(self)]
        if showing is not None and showing not in shown:
            shown.append(showing)
        width = self.stack.width() or self.width()
        need = sum(
            max(strip.heightForWidth(width), strip.minimumSizeHint().height())
            + self._outer.spacing()
            for strip in shown
        )
        screen = self.current()
        page = screen.minimumSizeHint().height() if screen is not None else 0
        crowded = bool(shown) and page + need > self._page_room
        if self.stack.isHidden() != crowded:
            self.stack.setVisible(not crowded)

    # -- navigation -----------------------------------------------------------------------

    def current(self) -> Screen | None:
        return self._history[-1] if self._history else None

    def push(self, screen: Screen) -> None:
        if self._history:
            self._history[-1].left()
        self._history.append(screen)
        self.stack.addWidget(screen)
        self._show_top()

    def replace(self, screen: Screen) -> None:
        """Show ``screen`` in place of the current one (Back skips the replaced screen)."""
        if self._history:
            self._drop(self._history.pop())
        self.push(screen)

    def back(self) -> None:
        if len(self._history) > 1:
            self._drop(self._history.pop())
            self._show_top()

    def home(self) -> None:
        while len(self._history) > 1:
            self._drop(self._history.pop())
        self._show_top()

    def show_after_home(self, screen: Screen) -> None:
        """Show a result screen whose Back goes home, not into the finished flow."""
        while len(self._history) > 1:
            self._drop(self._history.pop())
        self.push(screen)

    def show_outcome(self, origin: Screen, screen: Screen) -> None:
        """Show the outcome of work started on ``origin``: in its place if it is still shown,
        else after Home, so the elder sees it wherever they went meanwhile."""
        if self.current() is origin:
            self.replace(screen)
        else:
            self.show_after_home(screen)

    def can_go_back(self) -> bool:
        return self.back_button.isVisible()

    def open_for_resident(self, make_screen: Callable[[], Screen]) -> None:
        """Open a resident's screen; on a kiosk nobody has signed in to, ask for a card first."""
        sign_in = self.features.with_role("sign_in")
        if self.ctx.session.signed_in or sign_in is None or sign_in.open is None:
            self.push(make_screen())
            return
        self.push(sign_in.open(self.ctx, self, then=make_screen))

    def open_feature(self, name: str, **args: Any) -> None:
        feature = self.features.get(name)
        if feature.open is None:
            raise ValueError(f"feature {name!r} has no screen to open")
        opener = feature.open

        def make_screen() -> Screen:
            return opener(self.ctx, self, **args)

        if feature.needs_resident:
            self.open_for_resident(make_screen)
        else:
            self.push(make_screen())

    def start_sos(self) -> None:
        emergency = self.features.with_role("emergency")
        current = self.current()
        if emergency is None or (current is not None and current.pauses_idle):
            return  # no emergency feature, or an emergency is already on screen
        self.open_feature(emergency.name)

    def switch_language(self, language: str, *, announce: bool = True) -> None:
        """Show and speak everything in ``language`` from now on. The kiosk starts again from
        its home screen in the new language; a half-finished order is left, as with Home."""
        ctx = self.ctx
        if language == ctx.language:
            return
        ctx.config = ctx.config.with_changes(language=language)
        install_language(language)  # ours, Qt's own, and QLocale's numbers, dates and times
        ctx.speaker.set_language(language)
        self.retranslate()
        self.rebuild()
        current = self.current()
        if announce and current is not None:
            ctx.say(current.spoken_text())

    def read_aloud(self) -> None:
        current = self.current()
        if current is not None:
            self.ctx.say(current.spoken_text())

    def _drop(self, screen: Screen) -> None:
        screen.left()
        self.stack.removeWidget(screen)
        screen.deleteLater()

    def _show_top(self) -> None:
        screen = self._history[-1]
        # Take the old page out before the footer changes, and put the new one in after it:
        # the old page with the new footer could ask for more than the screen has, and a
        # top-level window that grew once does not shrink back.
        self.stack.clear()
        self._outer.activate()  # forget the old page's size before the footer changes
        self.title_label.setText(screen.title())
        self.title_label.setAccessibleName(screen.title())
        self._fit_chrome()  # before anything lays the window out with the new title
        self.back_button.setVisible(screen.shows_back and len(self._history) > 1)
        self.home_button.setVisible(screen.shows_home and not screen.is_home)
        self.stack.setCurrentWidget(screen)
        self.sos_button.setEnabled(not screen.pauses_idle)
        self.voice.screen_changed()
        screen.entered()
        self.sig_screen_changed.emit(screen)

    def _voice_state(self, state: str, text: str) -> None:
        if self._voice_banner is not None or text:  # the strip is made on its first news
            banner = self.voice_banner
            if text and banner.isHidden():
                banner.text.setText(text)  # measured with its words, before it shows
                self._make_room(banner)
            banner.show_state(state, text)
        listening = state in ("loading", "listening", "heard")
        self.speak_button.set_label(
            self.tr("Stop") if listening else self.tr("Speak"),
            self.tr("Stop listening")
            if listening
            else self.tr("Say what you want instead of tapping"),
        )

    def retranslate(self) -> None:
        """Say the window's own words again in the language now installed."""
        self.setWindowTitle(self.tr("Community care"))
        self.setAccessibleName(self.tr("Community care kiosk"))
        for button, text, description in (
            (self.sos_button, self.tr("SOS"), self.tr("Call for help in an emergency")),
            (self.read_button, self.tr("Read aloud"), self.tr("Read this screen aloud")),
            (self.back_button, self.tr("Back"), self.tr("Go back one screen")),
            (self.home_button, self.tr("Home"), self.tr("Go to the home screen")),
        ):
            button.set_label(text, description)
        self._voice_state("idle", "")
        self._account_labels()
        self._fit_chrome()
        if self.ctx.sync.status is not None:
            self._sync_status(self.ctx.sync.status)

    def rebuild(self) -> None:
        """Start again from a new home screen (after the language changed)."""
        while len(self._history) > 1:
            self._drop(self._history.pop())
        self.renew_home()

    # -- who is signed in -----------------------------------------------------------------

    def _sync_status(self, status) -> None:
        from ui.sync_status import is_news, status_text

        # "All sent" is no news: where large type leaves no room for it, it is left out.
        self._sync_news = is_news(status)
        self._show_sync_line(status_text(status))

    def _show_sync_line(self, text: str) -> None:
        self.sync_label.setText(text)
        self.sync_label.setAccessibleName(text)
        self.sync_label.setVisible(bool(text) and (self._sync_news or not self._compact))

    def _sync_changes(self, changes) -> None:
        """React to what the center sent: each feature to its part, messages in the header."""
        for feature in self.features:
            if feature.on_changes is not None:
                feature.on_changes(self.ctx, self, changes)
        for message in changes.messages:
            self._show_message(message)

    def retitle(self, screen: Screen) -> bool:
        if self.current() is not screen:
            return True
        self.title_label.setText(screen.title())
        self.title_label.setAccessibleName(screen.title())
        return self._fit_chrome()

    def renew_home(self) -> None:
        """Put a new home screen in place of the old one, under whatever is open."""
        old_home = self._history[0]
        new_home = self._make_home(self)
        self._history[0] = new_home
        self.stack.addWidget(new_home)
        if self.current() is new_home:
            self.stack.clear()
            self._show_top()
        self.stack.removeWidget(old_home)
        old_home.deleteLater()

    def _show_message(self, message: dict) -> None:
        resident = self.ctx.session.resident
        card = message.get("resident_card")
        if card and (resident is None or resident.card_number != card):
            return  # kept in the database for when that resident signs in
        text = self.tr("Message from the center: %1").replace("%1", str(message.get("text")))
        self._sync_news = True
        self._show_sync_line(text)
        self.ctx.say(text)

    @property
    def voice_banner(self) -> VoiceBanner:
        """What the listener is doing (listening, what it heard, why voice is off), in a
        strip between the page and the footer."""
        if self._voice_banner is None:
            from ui.voice.banner import VoiceBanner

            self._voice_banner = VoiceBanner(self.ctx)
            self._voice_slot.addWidget(self._voice_banner)
            self._add_strip(self._voice_banner)
        return self._voice_banner

    @property
    def voice_label(self) -> QLabel:
        return self.voice_banner.text

    def _fit_chrome(self) -> bool:
        """Give the title its one line: where the header cannot hold the title, the tools and
        SOS side by side (large type on a tablet), the tools move down into the footer, and
        Read aloud and Speak show only their icons there if the words do not fit. Whether
        the title is on one line."""
        theme = self.ctx.theme
        room = self.width() - 2 * theme.mm(3)
        gap = theme.gap_px
        self.title_label.ensurePolished()
        title_w = self.title_label.fontMetrics().horizontalAdvance(self.title_label.text()) + 2
        # Icons give way before the tools move (their words must still fit).
        buttons = (self.account_button, self.read_button, self.speak_button)
        words = [b.hint(icon=False).width() for b in buttons if not b.isHidden()]
        full_sos = self.sos_button.hint(icon=False, label=self.tr("SOS")).width()
        wanted = [title_w, full_sos, *words]
        wanted.append(self.resident_label.sizeHint().width())
        compact = sum(wanted) + gap * (len(wanted) - 1) > room
        # Crowded, SOS says it in fewer words ("求助"), so a title keeps to one line.
        sos_text = self.tr("SOS", "short, where large type crowds the header")
        if not compact:
            sos_text = self.tr("SOS")
        if self.sos_button.label_text() != sos_text:
            self.sos_button.set_label(sos_text, self.tr("Call for help in an emergency"))
        # A title on one line needs the height of its glyphs, not of the CJK line box (1.45
        # em): at 200 % on a tablet that is a tenth of the page.
        beside_sos = room - gap - self.sos_button.minimumSizeHint().width()
        one_line = title_w <= (beside_sos if compact else beside_sos - sum(words))
        self.title_label.setWordWrap(not one_line)
        metrics = self.title_label.fontMetrics()
        self.title_label.setMaximumHeight(
            ink_height(metrics, self.title_label.text()) if one_line else 16_777_215
        )
        moved = compact != self._compact
        if moved:
            self._compact = compact
            # The buttons take their new shape before they move, so the row they join never
            # asks, even for a moment, for more than the screen has.
            for button in (self.account_button, self.read_button, self.speak_button):
                button.allow_icon_only(compact)
            for widget in self._tools:
                hidden = widget.isHidden()  # a moved widget would show only later, by itself
                if compact:
                    self._header.removeWidget(widget)
                    self._tools_row.addWidget(widget)
                else:
                    self._tools_row.removeWidget(widget)
                    self._header.insertWidget(self._header.indexOf(self.sos_button), widget)
                widget.setVisible(not hidden)
        self._show_sync_line(self.sync_label.text())
        screen = self.current()
        footer = compact or (screen is not None and not screen.is_home)
        if footer != self.footer.isVisibleTo(self):
            self.footer.setVisible(footer)
            moved = True
        if compact:
            # The name gives way last of all, where even icons leave it no room.
            third = (room - 2 * gap) // 3
            buttons = (self.account_button, self.read_button, self.speak_button)
            need = sum(b.minimumSizeHint().width() + gap for b in buttons if not b.isHidden())
            need += self.resident_label.sizeHint().width()
            self.resident_label.setVisible(need <= third and bool(self.resident_label.text()))
        else:
            self.resident_label.show()
        if moved:
            self._outer.activate()  # place the page now, in the room it has left
        return one_line

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_chrome()

    def _session_changed(self, resident: object) -> None:
        self._account_labels()
        for feature in self.features:
            if feature.on_session is not None:
                feature.on_session(self.ctx, self, resident)  # type: ignore[arg-type]

    def _account_labels(self) -> None:
        session = self.ctx.session
        self.resident_label.setText(mask_name(session.resident.name) if session.resident else "")
        self.account_button.setVisible(
            session.kiosk and self.features.with_role("sign_in") is not None
        )
        if session.signed_in:
            self.account_button.set_label(self.tr("Sign out"), self.tr("Sign out of this kiosk"))
        else:
            self.account_button.set_label(
                self.tr("Sign in"), self.tr("Sign in with your service card")
            )
        self._fit_chrome()

    def _account_clicked(self) -> None:
        if self.ctx.session.signed_in:
            self.ctx.session.sign_out()
            return
        sign_in = self.features.with_role("sign_in")
        if sign_in is not None:
            self.open_feature(sign_in.name)

    def keyPressEvent(self, event) -> None:
        # Keys typed anywhere (a card reader types digits and Enter) go to whichever feature
        # takes them.
        for feature in self.features:
            if feature.on_key is not None and feature.on_key(self.ctx, self, event):
                return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        if self.exit_guard.refuses(event):
            event.ignore()
            return
        super().closeEvent(event)

    @property
    def exit_status(self) -> int:
        """The process's exit status: 0, or ui.kiosk_exit.STAFF_EXIT_STATUS once staff left."""
        return self.exit_guard.exit_status

    def shutdown(self) -> None:
        """Stop watching input and timers; part of the application's one shutdown path."""
        for part in self._parts.values():
            close = getattr(part, "close", None)
            if close is not None:
                close()
        self.voice.close()
        for screen in self._history:
            screen.left()
