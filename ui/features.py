"""The feature registry: each feature folder under ``ui/`` registers itself here once.

A feature (services, orders, sos, signin, health, learn, call ...) says what it offers
(:class:`Feature`): its entries on the home screen with their voice intents, its first
screen, whether it needs a signed-in resident, what it does with updates from the center,
with keys typed (a card reader), when a resident signs in or out, and which settings it
reads. The main window and the home screen learn of features only from here, never by name.

Adding a feature is one new folder ``ui/<name>/`` whose ``__init__.py`` defines ``FEATURE``,
plus its line in :data:`FEATURE_MODULES`. A feature's ``__init__`` stays light: its screens
are imported when first opened, not at start-up.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from app.delivery import Changes
    from app.people import Resident
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen

log = logging.getLogger(__name__)

# One line per feature, in the order of their entries on the home screen.
NO_ARGS: Mapping[str, Any] = MappingProxyType({})  # a shared default no one can change

FEATURE_MODULES = (
    "ui.services",
    "ui.orders",
    "ui.health",
    "ui.privacy",
    "ui.learn",
    "ui.learn.volunteer",
    "ui.call",
    "ui.sos",
    "ui.signin",
    "ui.admin",
)


class HomeEntry(NamedTuple):
    """One way into a feature from the home screen."""

    key: str
    """Names the entry's button (``tile_<key>`` for a primary tile, ``entry_<key>`` else)."""
    label: str
    description: str
    icon: str
    intent: str
    """The voice intent that opens it (i18n/phrases), e.g. ``service.meals``."""
    primary: bool = False
    """A large tile (a service) rather than one of the smaller entries below them."""
    phrases: tuple[str, ...] = ()
    """Spoken names that come from data rather than the phrase table (a center's own
    service names)."""
    args: Mapping[str, Any] = NO_ARGS
    """Passed to the feature's ``open`` (e.g. which service)."""


class Feature(NamedTuple):
    """What one feature offers the kiosk."""

    name: str
    open: Callable[..., Screen] | None = None
    """``open(ctx, nav, **args)``: the feature's first screen."""
    home_entries: Callable[[AppContext], list[HomeEntry]] | None = None
    """Its entries on the home screen, in the current language."""
    needs_resident: bool = False
    """On a shared kiosk, a card is asked for before the feature opens."""
    on_changes: Callable[[AppContext, Navigator, Changes], None] | None = None
    """What it does with what the center sent (orders moving on, a new catalog)."""
    on_key: Callable[[AppContext, Navigator, QKeyEvent], bool] | None = None
    """Keys typed anywhere (a card reader types digits and Enter); True if taken."""
    on_session: Callable[[AppContext, Navigator, Resident | None], None] | None = None
    """A resident signed in (the Resident) or out (None)."""
    attach: Callable[[AppContext, Navigator], object] | None = None
    """Called once when the window is built; what it returns is the feature's part of the
    window (watchers, banners), reachable as ``window.part(name)``."""
    attach_later: bool = False
    """Its part is not needed for the first frame (the staff corner, the call ringer, the
    lessons read ahead): the kiosk attaches it right after the home screen is first painted
    (``MainWindow.attach_parts``); ``build_window`` attaches every part at once unless told."""
    role: str = ""
    """A fixed place in the window's frame it fills: "emergency" (the SOS button) or
    "sign_in" (the card sign-in asked for by resident-only features)."""
    settings: tuple[str, ...] = ()
    """The config keys it reads (app.config), for the staff settings screen."""


class FeatureRegistry:
    """The features of one window, in registration order."""

    def __init__(self, features: Iterable[Feature] = ()) -> None:
        self._features: dict[str, Feature] = {}
        for feature in features:
            self.register(feature)

    def register(self, feature: Feature) -> None:
        if feature.name in self._features:
            raise ValueError(f"feature {feature.name!r} is registered twice")
        if feature.role and self.with_role(feature.role) is not None:
            raise ValueError(f"two features fill the {feature.role!r} place")
        self._features[feature.name] = feature

    def __iter__(self) -> Iterator[Feature]:
        return iter(self._features.values())

    def __contains__(self, name: object) -> bool:
        return name in self._features

    def get(self, name: str) -> Feature:
        try:
            return self._features[name]
        except KeyError:
            raise KeyError(f"no feature {name!r} is registered") from None

    def with_role(self, role: str) -> Feature | None:
        return next((f for f in self._features.values() if f.role == role), None)

    def home_entries(self, ctx: AppContext) -> list[tuple[Feature, HomeEntry]]:
        """Every feature's home entries, primary tiles first, each in registration order."""
        entries = [
            (feature, entry)
            for feature in self._features.values()
            if feature.home_entries is not None
            for entry in feature.home_entries(ctx)
        ]
        return [pair for pair in entries if pair[1].primary] + [
            pair for pair in entries if not pair[1].primary
        ]


def load_features(modules: Iterable[str] = FEATURE_MODULES) -> FeatureRegistry:
    """The registry of the features in ``modules`` (each module's ``FEATURE``)."""
    registry = FeatureRegistry()
    for name in modules:
        feature = importlib.import_module(name).FEATURE
        if not isinstance(feature, Feature):
            raise TypeError(f"{name}.FEATURE is not a Feature")
        registry.register(feature)
    return registry
