"""``build_window``: the one place the kiosk's window is assembled, for ``main.py``, the
tests, the screen gallery and the benchmarks alike."""

from __future__ import annotations

from collections.abc import Iterable

from ui.context import AppContext
from ui.features import FEATURE_MODULES, FeatureRegistry, load_features
from ui.home.screen import HomeScreen
from ui.navigator import Navigator
from ui.shell import MainWindow


def build_window(
    ctx: AppContext,
    *,
    features: FeatureRegistry | Iterable[str] = FEATURE_MODULES,
    attach_later: bool = False,
) -> MainWindow:
    """The main window with every registered feature, showing the home screen (not yet
    shown on the screen: the caller sizes and shows it). ``attach_later``: the parts the
    first frame does not need wait for ``window.attach_parts()`` (the kiosk calls it once
    the home screen is painted)."""
    registry = features if isinstance(features, FeatureRegistry) else load_features(features)
    window = MainWindow(
        ctx, registry, lambda nav: HomeScreen(ctx, nav, registry), attach_later=attach_later
    )
    nav: Navigator = window  # mypy holds the window to the interface screens are given
    nav.push(HomeScreen(ctx, nav, registry))
    return window
