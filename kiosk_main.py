"""Start the community elder-care kiosk.

Start-up runs in stages, each a function below:
1. ``init_basics``: paths, logging, config (bad values are reported and replaced by defaults);
2. ``init_qt``: the QApplication and the translations;
3. ``check_database`` (``kiosk_faults``): the database file is looked at before it is
   opened; a damaged one is kept aside for staff and the out-of-service page is shown instead
   of the kiosk (``show_out_of_service``), as it is when the key of an encrypted database is
   missing (app.privacy.key); an older plain database is encrypted here, once;
   ``init_subsystems``: database store, service catalog, speaker, background tasks, session;
4. ``init_window``: the main window with the home screen, painted once;
5. ``init_event_loop``: the qasync event loop (asyncio on Qt's loop), created after the first
   frame so that the home screen is not kept waiting by what only later work needs;
6. ``init_sync`` (``kiosk_sync``): the center server connection, the outbox worker and the
   update listener (``--demo`` starts a center server in this process, on loopback).
``shutdown`` is the one way out: it finishes pending writes, stops the speaker and closes the
database, whether the window was closed, the process got SIGTERM or start-up failed.

    python main.py --demo            # demo residents and catalog, in its own data folder
    python main.py --mode kiosk --fullscreen

``main.py`` only starts the clock and calls :func:`main` here: a script run by name is parsed
again at every start, an imported module is loaded from its kept bytecode.
"""

from __future__ import annotations

import time

STARTED_AT = time.perf_counter()

import gc  # noqa: E402 - the clock starts before anything else is imported
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from kiosk_args import parse_args  # noqa: E402
from kiosk_faults import check_database, keep_for_staff, show_out_of_service  # noqa: E402
from kiosk_sync import init_sync  # noqa: E402

LOG_BYTES = 2_000_000
LOG_BACKUPS = 5
log = logging.getLogger("kiosk")


class Kiosk:
    """Everything started, so that shutdown can stop it in reverse order. (Written out rather
    than a dataclass: made before the first frame, where generated methods cost time.)"""

    def __init__(self, args: Any) -> None:  # kiosk_args.parse_args
        self.args = args
        self.paths: Any = None
        self.config: Any = None
        self.app: Any = None
        self.collector: Any = None
        self.loop: Any = None
        self.store: Any = None
        self.speaker: Any = None
        self.tasks: Any = None
        self.window: Any = None
        self.session: Any = None
        self.catalog: Any = None
        self.ctx: Any = None
        self.center: Any = None
        self.demo_staff: Any = None
        self.database_key: Any = None  # app.privacy.key.DatabaseKey
        self.sync_worker: Any = None
        self.update_listener: Any = None
        self.first_frame_s: float = 0.0
        self.fonts: str = ""
        self.notices: list[str] = []


# -- stage 1 ------------------------------------------------------------------------------


def init_basics(kiosk: Kiosk) -> None:
    from app.config import load_config
    from app.paths import resolve_paths

    args = kiosk.args
    base = args.data_dir
    if base is None and args.demo and not os.environ.get("ELDERKIOSK_HOME"):
        import platformdirs

        base = str(Path(platformdirs.user_data_dir("eldercare-kiosk", appauthor=False)) / "demo")
    paths = resolve_paths(base)
    paths.create()
    kiosk.paths = paths
    from app.privacy.modes import keep_private

    # Residents' data, the log and the config are for the kiosk's user alone (0700/0600).
    private = keep_private([paths.config_dir, paths.data_dir, paths.log_dir])

    loaded = load_config(
        paths.config_file,
        overrides={"mode": args.mode, "language": args.language, "theme": args.theme},
    )
    kiosk.config = loaded.config
    if args.demo:
        from app.demo import with_demo_devices

        kiosk.config = with_demo_devices(kiosk.config)
    _init_logging(paths.log_dir, loaded.config.log_level)
    log.info("starting; data in %s", paths.data_dir)
    kiosk.notices.extend(private)
    for message in ([loaded.file_error] if loaded.file_error else []) + [
        p.message for p in loaded.problems
    ]:
        # Staff read this on the console and in the log; the kiosk carries on with defaults.
        print(message, file=sys.stderr)
        log.warning("%s", message)
        kiosk.notices.append(message)
    _preload_qt_free_modules()


def _preload_qt_free_modules() -> None:
    """Load the Qt-free modules the next stages use before PySide6: once it is imported,
    every later import also goes through shiboken's import hook, which reads each module's
    source again (about 9 ms over these modules)."""
    import importlib

    for name in ("app.catalog", "app.demo", "app.people", "app.store", "app.store_check"):
        importlib.import_module(name)
    for name in ("i18n.build", "voice.models", "voice.tts"):
        importlib.import_module(name)
    # The Qt-free parts of ui/: the features' registrations (their screens load with Qt),
    # the pagination function, the palettes, the language names and what spares PySide6's
    # import hook from reading the rest (ui.pyside_scan).
    for name in ("ui.layout.paginate", "ui.palette", "ui.language", "ui.pyside_scan"):
        importlib.import_module(name)
    from ui.features import load_features

    load_features()


def _init_logging(log_dir: Path, level: str) -> None:
    # Rotate once at start-up: a kiosk restarts daily, and this keeps logging.handlers (and
    # its imports) off the start-up path.
    current = log_dir / "kiosk.log"
    if current.exists() and current.stat().st_size > LOG_BYTES:
        for index in range(LOG_BACKUPS - 1, 0, -1):
            older = log_dir / f"kiosk.log.{index}"
            if older.exists():
                older.replace(log_dir / f"kiosk.log.{index + 1}")
        current.replace(log_dir / "kiosk.log.1")
    handler = logging.FileHandler(current, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)


# -- stage 2 ------------------------------------------------------------------------------


def init_qt(kiosk: Kiosk) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.pyside_scan import declare_modules

    declare_modules()  # before the ui modules below are imported
    from ui.fonts import register_bundled_fonts
    from ui.translations import install_language

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("eldercare-kiosk")
    app.setApplicationDisplayName("社区养老服务")
    kiosk.app = app
    # Reference cycles are collected on this thread between events only (see ui.collector).
    from ui.collector import UiThreadCollector

    kiosk.collector = UiThreadCollector(app)
    kiosk.collector.start()
    # Before any theme is made: the installer's CJK font, if the system lacks its own.
    kiosk.fonts = register_bundled_fonts()
    install_language(kiosk.config.language)
    from ui.icons import cache_in

    cache_in(kiosk.paths.data_dir / "icon-cache")


# -- stage 3 ------------------------------------------------------------------------------


def init_subsystems(kiosk: Kiosk) -> None:
    from app import demo
    from app.catalog import load_catalog
    from app.people import find_by_card
    from app.store import Store
    from ui.session import Session
    from ui.tasks import TaskRunner
    from voice.tts import Speaker

    config = kiosk.config
    paths = kiosk.paths
    key = kiosk.database_key.key if kiosk.database_key is not None else None
    kiosk.store = store = Store(paths.database_file, key=key)
    if kiosk.args.demo:
        added = demo.seed_demo(store)
        log.info("demo residents added: %d", added)
    catalog = load_catalog(paths.config_dir / "catalog.toml")
    for problem in catalog.problems:
        log.warning("catalog: %s", problem)
        kiosk.notices.append(f"catalog: {problem}")
    kiosk.tasks = TaskRunner("store")
    kiosk.speaker = Speaker(
        language=config.language,
        rate=config.speech_rate,
        volume=config.speech_volume,
        enabled=config.speech_enabled,
    )
    resident = None
    if config.mode == "home":
        card = config.home_resident_card or (demo.HOME_DEMO_CARD if kiosk.args.demo else "")
        resident = find_by_card(store, card) if card else None
        if resident is None:
            message = "home mode: no resident set (home_resident_card); ordering needs staff setup"
            log.warning(message)
            kiosk.notices.append(message)
    kiosk.session = Session(config.mode, resident)
    kiosk.catalog = catalog


def _keep_for_their_time(kiosk: Kiosk) -> None:
    """Remove readings and messages past their time here (app.privacy.retention), off the
    UI thread after the first frame, and again each day the kiosk stays up."""
    from PySide6.QtCore import QTimer

    from app.privacy.retention import prune

    def run() -> None:
        kiosk.tasks.run(
            lambda: prune(kiosk.store, days=kiosk.config.local_retention_days),
            lambda _pruned: None,
            lambda error: log.error("old readings could not be removed", exc_info=error),
        )

    run()
    timer = QTimer(kiosk.app)
    timer.timeout.connect(run)
    timer.start(24 * 3600 * 1000)


def _check_thresholds(kiosk: Kiosk) -> None:
    """Read the vital-sign thresholds once the home screen is up (they are kept): a broken
    file is for staff to see at start-up, not for a resident to meet at a first reading."""
    from app.vitals import ThresholdsError, load_thresholds

    try:
        load_thresholds()
    except ThresholdsError as error:
        message = f"STAFF: health readings cannot be judged: {error}"
        log.error("%s", message)
        print(message, file=sys.stderr)
        kiosk.notices.append(message)


# -- stage 4 ------------------------------------------------------------------------------


def init_window(kiosk: Kiosk) -> None:
    from ui.context import AppContext
    from ui.theme import Theme, screen_dpi
    from ui.window import build_window
    from voice.models import default_root

    config = kiosk.config
    theme = Theme.create(
        theme=config.theme,
        font_scale=config.font_scale,
        dpi=screen_dpi(config.screen_dpi),
    )
    ctx = AppContext(
        config=config,
        store=kiosk.store,
        catalog=kiosk.catalog,
        theme=theme,
        tasks=kiosk.tasks,
        speaker=kiosk.speaker,
        session=kiosk.session,
        staff_notices=kiosk.notices,
        voice_models=default_root(kiosk.paths.data_dir, config.voice_model_dir),
        paths=kiosk.paths,
    )
    kiosk.ctx = ctx
    window = build_window(ctx, attach_later=True)
    kiosk.window = window
    if kiosk.args.voice_files:
        window.voice.hear_files([Path(f) for f in kiosk.args.voice_files])
    painted = _watch_first_paint(window)
    _show(window, kiosk.args.fullscreen)
    # Paint the home screen now, before anything that only later work needs.
    deadline = time.monotonic() + 2.0
    while not painted and time.monotonic() < deadline:
        kiosk.app.processEvents()
    kiosk.first_frame_s = time.perf_counter() - STARTED_AT
    log.info("home screen painted after %.3f s", kiosk.first_frame_s)


def attach_the_rest(kiosk: Kiosk) -> None:
    """What the first frame did not need: the staff corner, the call ringer, the lessons read
    ahead (Feature.attach_later); before the event loop runs and sync delivers news."""
    kiosk.window.attach_parts()
    log.info("every part attached after %.3f s", time.perf_counter() - STARTED_AT)


def _watch_first_paint(window) -> list[bool]:
    """A list that becomes non-empty once ``window`` has painted."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[bool] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(True)
            return False

    window.installEventFilter(FirstPaint(window))
    return painted


# -- stage 5 ------------------------------------------------------------------------------


def init_event_loop(kiosk: Kiosk) -> None:
    os.environ.setdefault("QT_API", "pyside6")
    import qasync

    kiosk.loop = qasync.QEventLoop(kiosk.app)


def check_glyphs(kiosk: Kiosk) -> int:
    """Print which characters of the zh_CN translations the theme's font cannot draw."""
    from i18n import build
    from ui.glyphs import glyph_report, qm_translations
    from ui.theme import Theme, screen_dpi

    config = kiosk.config
    theme = Theme.create(
        theme=config.theme, font_scale=config.font_scale, dpi=screen_dpi(config.screen_dpi)
    )
    text = "".join(qm_translations(build.qm_file("zh_CN")))
    lines, complete = glyph_report({"regular": theme.font(), "bold": theme.font(bold=True)}, text)
    print(f"fonts {kiosk.fonts}", *lines, sep="\n", flush=True)
    return 0 if complete else 1


# -- shutdown -----------------------------------------------------------------------------


def shutdown(kiosk: Kiosk) -> None:
    """Stop everything that was started, in reverse order; safe after a partial start."""
    if kiosk.window is not None:
        kiosk.window.shutdown()
    if kiosk.tasks is not None:
        kiosk.tasks.shutdown()  # pending writes finish first
    for part in (kiosk.update_listener, kiosk.sync_worker, kiosk.demo_staff, kiosk.center):
        if part is not None:
            part.stop()
    if kiosk.speaker is not None:
        kiosk.speaker.close()
    if kiosk.store is not None:
        kiosk.store.close()
    log.info("stopped")
    logging.shutdown()


def set_admin_pin(kiosk: Kiosk) -> int:
    """Set the staff PIN (ui/admin) from the console or standard input, then stop."""
    from app.admin.pin import PinStore
    from app.admin.pin_command import set_pin_command

    status = set_pin_command(PinStore(kiosk.paths.data_dir), sys.stdin, sys.stderr)
    logging.shutdown()
    return status


def main(argv: list[str] | None = None) -> int:
    # Start-up makes a few hundred thousand objects that live as long as the kiosk; Python's
    # automatic collection would look through them again and again meanwhile (about 6 ms).
    # Cycles are collected from the Qt stage on, on the UI thread only (ui.collector).
    gc.disable()
    kiosk = Kiosk(parse_args(argv))
    init_basics(kiosk)
    if kiosk.args.set_admin_pin:
        return set_admin_pin(kiosk)
    try:
        init_qt(kiosk)
        if kiosk.args.check_glyphs:
            return check_glyphs(kiosk)
        damage = check_database(kiosk)
        if damage is not None:
            return show_out_of_service(kiosk, damage)
        try:
            init_subsystems(kiosk)
        except Exception as exc:
            from app.store import StoreError
            from app.store_check import Damage

            if not isinstance(exc, StoreError):
                raise
            log.error("the database cannot be used", exc_info=exc)
            if exc.kind == "corrupt":  # damage the checks did not see
                keep_for_staff(kiosk, Damage(exc.kind, exc.detail))
            else:
                print(
                    f"The kiosk database {kiosk.paths.database_file} cannot be used"
                    f" ({exc.kind}): {exc.detail}. Ask staff to check the disk; nothing was"
                    " changed.",
                    file=sys.stderr,
                )
            return show_out_of_service(kiosk, f"{exc.kind}: {exc.detail}")
        init_window(kiosk)
        if kiosk.args.exit_after_first_frame:
            # For the start-up benchmark: report the first frame and stop.
            print(f"first-frame {kiosk.first_frame_s:.4f}", flush=True)
            return 0
        attach_the_rest(kiosk)
        _check_thresholds(kiosk)  # after the first frame: it is not needed for it
        _keep_for_their_time(kiosk)
        init_event_loop(kiosk)
        init_sync(kiosk)
        _quit_on_signals(kiosk.app)
        from ui.heartbeat import start_heartbeat

        start_heartbeat(kiosk.app)  # READY=1 to systemd, then the watchdog's heartbeat
        log.info("running")
        with kiosk.loop:
            try:
                kiosk.loop.run_until_complete(_until_quit(kiosk.app))
            except RuntimeError:
                # A signal that came as the loop started stops it before the wait ends.
                if not getattr(kiosk.app, "quit_requested", False):
                    raise
        return kiosk.window.exit_status  # staff leaving on purpose is not restarted by systemd
    finally:
        shutdown(kiosk)


def _quit_on_signals(app) -> None:
    """SIGTERM (systemd stopping the kiosk) and SIGINT go through the one shutdown path.

    Python runs a signal handler only when it next runs Python code, which under Qt's event
    loop can be half a minute away on an idle kiosk, past systemd's stop timeout. The signal
    also writes to a socket that Qt watches, which wakes the loop at once."""
    import contextlib
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        # Back in Python: the pending handler has run by now; empty the socket.
        with contextlib.suppress(BlockingIOError):
            reader.recv(64)

    notifier.activated.connect(drain)
    app._signal_wakeup = (reader, writer, notifier)  # kept alive as long as the app

    def request_quit(*_) -> None:
        app.quit_requested = True
        app.quit()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, request_quit)


def _show(window, fullscreen: bool) -> None:
    """Show the window: the whole screen on a kiosk, 1280x800 otherwise. Without a window
    manager (a bare X session on a kiosk) the full-screen request is not acted on, so the
    window is also given the screen's size itself."""
    if fullscreen:
        screen = window.screen()
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()


async def _until_quit(app) -> None:
    import asyncio

    finished = asyncio.Event()
    app.aboutToQuit.connect(finished.set)
    if getattr(app, "quit_requested", False):
        return  # asked to stop before the loop ran
    await finished.wait()
