"""Volunteer-led group sessions: a feature of its own beside Learn, offered on shared kiosks.

A volunteer signs in with their name and kiosk PIN, checked by the center
(ui.learn.volunteer_signin), chooses the lesson and checks in the elders present
(ui.learn.volunteer_session), moves the steps while the elders watch, marks each elder and
ends the session (ui.learn.volunteer_pacing). Nobody signs in as a resident for it: each
elder's progress is recorded as their own (app.tutorials.sessions). This module stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature, HomeEntry

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _entries(ctx: AppContext) -> list[HomeEntry]:
    from PySide6.QtCore import QCoreApplication

    if ctx.config.mode != "kiosk":
        return []  # a home tablet has one resident and no group
    return [
        HomeEntry(
            key="volunteer",
            label=QCoreApplication.translate("HomeScreen", "Group lesson"),
            description=QCoreApplication.translate(
                "HomeScreen", "For volunteers: run a lesson for several elders"
            ),
            icon="learn",
            intent="learn.volunteer",
        )
    ]


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from ui.learn.volunteer_signin import VolunteerNamesScreen

    return VolunteerNamesScreen(ctx, nav)


FEATURE = Feature(name="volunteer", open=_open, home_entries=_entries)
