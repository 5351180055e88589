"""What every screen needs, handed down explicitly instead of reached through globals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class AppContext:
    config: Config
    store: Store
    catalog: Catalog
    theme: Theme
    tasks: TaskRunner
    speaker: Speaker
    session: Session
    staff_notices: list[str] = field(default_factory=list)
    sync: SyncBridge = field(default_factory=SyncBridge)
    # Offline voice models, one folder per language (voice.models).
    voice_models: Path = Path("voice-models")
    # Where the config file and the data folder are (the staff settings keep the PIN and
    # changed settings there); None where nothing is kept (screenshots, most tests).
    paths: Paths | None = None
    # The kiosk's clock (an aware datetime): what can still be ordered today is judged by it,
    # in the catalog's time zone. Tests and the gallery pin it.
    clock: Callable[[], datetime] = utc_now

    @property
    def language(self) -> str:
        return self.config.language

    def say(self, text: str) -> None:
        self.speaker.say(text)

    def queued(self) -> None:
        """Call after writing to the outbox, so the sync worker sends it now."""
        self.sync.queued()
