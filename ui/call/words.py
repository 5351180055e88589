"""The words of video calls, in one place for the screens and the voice.

Each outcome of a call (app.calls.ending), each refusal the center gives (sync.calls) and
each trouble the call page reports has one plain sentence saying what happened and, where
there is something to do, what to do next.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallWords", text)


def named(template: str, name: str) -> str:
    return template.replace("%1", name)


def ended_sentence(outcome: str, name: str) -> str:
    """How the call with ``name`` ended (an app.calls.ending word)."""
    sentences = {
        "they_hung_up": _tr("%1 hung up."),
        "you_hung_up": _tr("You hung up."),
        "network": _tr("The network was cut off, so the call ended."),
        "declined": _tr("%1 cannot answer now."),
        "no_answer": _tr("%1 did not answer."),
        "busy": _tr("%1 is already in a call."),
        "quiet_hours": _tr("It is quiet time now, so calls are not put through."),
        "blocked": _tr("Calls are paused for now. Staff can tell you more."),
        "no_device": _tr("%1 cannot take calls at the moment."),
        "offline": _tr("%1 is not online now. Try again later."),
        "cancelled": _tr("The call was cancelled."),
    }
    return named(sentences.get(outcome, _tr("The call has ended.")), name)


def problem_sentence(reason: str, message: str, name: str) -> str:
    """Why a call could not start or go on (sync.calls.CallProblem): the center's own
    sentence where it gave one for a refused call, else ours."""
    if reason in ("busy", "quiet_hours", "blocked", "no_device", "offline"):
        return message or ended_sentence(reason, name)
    return {
        "no_center": _tr("The center cannot be reached right now. Please try again later."),
        "kiosk_refused": _tr("This tablet is not connected to the center. Please tell staff."),
        "not_found": _tr("This call is no longer there."),
    }.get(reason, _tr("The call could not be made. Please try again later."))


def page_trouble(detail: str) -> str:
    """The call page reports an error (``call:error:<detail>``)."""
    return {
        "no_camera": _tr("The camera cannot be used. Please tell staff."),
        "no_microphone": _tr("The microphone cannot be used. Please tell staff."),
        "permission": _tr("The camera was not allowed. Please tell staff."),
        "network": _tr("The network was cut off, so the call ended."),
        "ticket": _tr("The call could not be joined. Please call again."),
    }.get(detail, _tr("Something went wrong with the call. Please try again."))


def no_video() -> str:
    return _tr("Video calls cannot start on this tablet. Please tell staff.")


def stalled(name: str) -> str:
    """A call that never got going (app.calls.STALL_S)."""
    return named(_tr("The call to %1 did not get through. Please try again later."), name)
