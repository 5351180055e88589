"""What every screen needs, handed down explicitly instead of reached through globals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from app.catalog import Catalog
from app.clock import utc_now
from app.config import Config
from app.paths import Paths
from app.store import Store
from ui.session import Session
from ui.sync_status import SyncBridge
from ui.tasks import TaskRunner
from ui.theme import Theme
from voice.tts import Speaker


class AppContext:
    """Written out rather than a dataclass: it is made once per start, before the first
    frame, where a dataclass's generated methods cost about 0.7 ms to make."""

    def __init__(
        self,
        config: Config,
        store: Store,
        catalog: Catalog,
        theme: Theme,
        tasks: TaskRunner,
        speaker: Speaker,
        session: Session,
        staff_notices: list[str] | None = None,
        sync: SyncBridge | None = None,
        voice_models: Path = Path("voice-models"),
        paths: Paths | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.config = config
        self.store = store
        self.catalog = catalog
        self.theme = theme
        self.tasks = tasks
        self.speaker = speaker
        self.session = session
        self.staff_notices: list[str] = [] if staff_notices is None else staff_notices
        self.sync = SyncBridge() if sync is None else sync
        # Offline voice models, one folder per language (voice.models).
        self.voice_models = voice_models
        # Where the config file and the data folder are (the staff settings keep the PIN and
        # changed settings there); None where nothing is kept (screenshots, most tests).
        self.paths = paths
        # The kiosk's clock (an aware datetime): what can still be ordered today is judged by
        # it, in the catalog's time zone. Tests and the gallery pin it.
        self.clock = clock

    @property
    def language(self) -> str:
        return self.config.language

    def say(self, text: str) -> None:
        self.speaker.say(text)

    def queued(self) -> None:
        """Call after writing to the outbox, so the sync worker sends it now."""
        self.sync.queued()
