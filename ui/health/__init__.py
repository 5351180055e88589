"""Health readings of the signed-in resident: measuring with the kiosk's devices (or typing a
reading in), the result in large numbers with what it means, and the trend of the last days.

Screens: ``home`` (a choice per kind), ``measuring`` (steps and the device's state, the device
run as an asyncio task by ``aio``), ``result``, ``typed`` (``valuepad``: the number pad with a
decimal point), ``history`` (charts and the list; ``chart`` is the only module that loads
QtCharts, when a chart is first shown). The words are in ``words``, the steps' pictures and
sentences in ``steps``, the shared widgets (level badge, the numbers at 60 pt, a step) in
``widgets``, and ``question`` lets a question become the title at large type.
This module stays light: nothing here imports Qt widgets, charts or the device code.

A reading's result screen listens to the center's answers itself (the reading sent, who
acknowledged it); a resident who has left it is not told aloud later, on a shared kiosk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature, HomeEntry

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _entries(ctx: AppContext) -> list[HomeEntry]:
    from PySide6.QtCore import QCoreApplication  # Qt is not loaded when features register

    return [
        HomeEntry(
            key="health",
            label=QCoreApplication.translate("HomeScreen", "Health"),
            description=QCoreApplication.translate(
                "HomeScreen", "Blood pressure and other readings"
            ),
            icon="health",
            intent="health",
        )
    ]


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from ui.health.home import HealthHomeScreen

    return HealthHomeScreen(ctx, nav)


FEATURE = Feature(
    name="health",
    open=_open,
    home_entries=_entries,
    needs_resident=True,
    settings=("vitals_device", "vitals_paired_devices", "vitals_search_s"),
)
