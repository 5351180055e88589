"""Learn: lessons in digital skills for the signed-in resident, one small step at a time.

Screens: ``home`` (the lessons with how far the resident got), ``player`` (one step per page:
the picture with the thing to tap ringed, its sentence shown and spoken, fixed Previous /
Repeat / Next), ``finish`` (a lesson or a practice done), ``sandbox`` (practice on mock phone
screens where nothing real happens). ``page`` lays a picture beside its words, ``picture``
draws a lesson's SVG with its ring and takes taps on it, ``lessons`` loads the lessons and
words the badges, ``center`` brings the resident's progress from other kiosks through the
center.

Volunteer-led group sessions (a volunteer signs in, checks in the elders present, paces the
steps and marks each elder's result) need the center's volunteer accounts; their seam is
:func:`ui.learn.player.open_lesson`, whose ``learners`` are whoever's progress the player
records (the signed-in resident today; the elders checked in to a session then) and whose
``paced`` hides the resident's own Next so that the volunteer's screen moves the steps.
This module stays light: nothing here imports Qt widgets or the lessons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.features import Feature, HomeEntry

if TYPE_CHECKING:
    from app.delivery import Changes
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen


def _entries(ctx: AppContext) -> list[HomeEntry]:
    from PySide6.QtCore import QCoreApplication  # Qt is not loaded when features register

    return [
        HomeEntry(
            key="learn",
            label=QCoreApplication.translate("HomeScreen", "Learn"),
            description=QCoreApplication.translate(
                "HomeScreen", "Lessons for phones and the internet"
            ),
            icon="learn",
            intent="learn",
        )
    ]


def _open(ctx: AppContext, nav: Navigator) -> Screen:
    from ui.learn.home import LearnHomeScreen

    return LearnHomeScreen(ctx, nav)


def _attach(ctx: AppContext, nav: Navigator) -> None:
    # The lessons are read and checked once, off the UI thread, before anyone opens Learn.
    from ui.learn.lessons import local_folder, warm_library

    folder = local_folder(ctx.store.path)
    ctx.tasks.run(lambda: warm_library(folder))


def _on_changes(ctx: AppContext, nav: Navigator, changes: Changes) -> None:
    """A lesson the center published was written into this kiosk's lessons folder: read the
    lessons again off the UI thread, then show the new list if Learn's list is on screen
    (a lesson being played goes on as it was)."""
    if not changes.lessons_installed:
        return
    from ui.learn.lessons import local_folder, reload_library

    folder = local_folder(ctx.store.path)
    ctx.tasks.run(lambda: reload_library(folder), lambda _library: _renew_list(ctx, nav))


def _renew_list(ctx: AppContext, nav: Navigator) -> None:
    from ui.learn.home import LearnHomeScreen

    if isinstance(nav.current(), LearnHomeScreen):
        nav.replace(LearnHomeScreen(ctx, nav))


FEATURE = Feature(
    name="learn",
    open=_open,
    home_entries=_entries,
    needs_resident=True,
    attach=_attach,
    attach_later=True,
    on_changes=_on_changes,
)
