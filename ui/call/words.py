"""The words of video calls, in one place for the screens and the voice.

Each outcome of a call (app.calls.ending), each refusal the center gives (sync.calls) and
each trouble the call page reports has one plain sentence saying what happened and, where
there is something to do, what to do next.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def named(template: str, name: str) -> str:
    return template.replace("%1", name)


def ended_sentence(outcome: str, name: str) -> str:
    """How the call with ``name`` ended (an app.calls.ending word)."""
    sentences = {
        "they_hung_up": QCoreApplication.translate("CallWords", "%1 hung up."),
        "you_hung_up": QCoreApplication.translate("CallWords", "You hung up."),
        "network": QCoreApplication.translate(
            "CallWords", "The network was cut off, so the call ended."
        ),
        "declined": QCoreApplication.translate("CallWords", "%1 cannot answer now."),
        "no_answer": QCoreApplication.translate("CallWords", "%1 did not answer."),
        "busy": QCoreApplication.translate("CallWords", "%1 is already in a call."),
        "quiet_hours": QCoreApplication.translate(
            "CallWords", "It is quiet time now, so calls are not put through."
        ),
        "blocked": QCoreApplication.translate(
            "CallWords", "Calls are paused for now. Staff can tell you more."
        ),
        "no_device": QCoreApplication.translate("CallWords", "%1 cannot take calls at the moment."),
        "offline": QCoreApplication.translate(
            "CallWords", "%1 is not online now. Try again later."
        ),
        "cancelled": QCoreApplication.translate("CallWords", "The call was cancelled."),
    }
    return named(
        sentences.get(outcome, QCoreApplication.translate("CallWords", "The call has ended.")), name
    )


def problem_sentence(reason: str, message: str, name: str) -> str:
    """Why a call could not start or go on (sync.calls.CallProblem). A refused call is said
    in the kiosk's own words for its reason: the center words its sentences in English for
    staff (``message``, which goes to the log), and the resident hears their language."""
    if reason in ("busy", "quiet_hours", "blocked", "no_device", "offline"):
        return ended_sentence(reason, name)
    return {
        "no_center": QCoreApplication.translate(
            "CallWords", "The center cannot be reached right now. Please try again later."
        ),
        "kiosk_refused": QCoreApplication.translate(
            "CallWords", "This tablet is not connected to the center. Please tell staff."
        ),
        "not_found": QCoreApplication.translate("CallWords", "This call is no longer there."),
    }.get(
        reason,
        QCoreApplication.translate(
            "CallWords", "The call could not be made. Please try again later."
        ),
    )


def page_trouble(detail: str) -> str:
    """The call page reports an error (``call:error:<detail>``)."""
    return {
        "no_camera": QCoreApplication.translate(
            "CallWords", "The camera cannot be used. Please tell staff."
        ),
        "no_microphone": QCoreApplication.translate(
            "CallWords", "The microphone cannot be used. Please tell staff."
        ),
        "permission": QCoreApplication.translate(
            "CallWords", "The camera was not allowed. Please tell staff."
        ),
        "network": QCoreApplication.translate(
            "CallWords", "The network was cut off, so the call ended."
        ),
        "ticket": QCoreApplication.translate(
            "CallWords", "The call could not be joined. Please call again."
        ),
    }.get(
        detail,
        QCoreApplication.translate(
            "CallWords", "Something went wrong with the call. Please try again."
        ),
    )


def no_video() -> str:
    return QCoreApplication.translate(
        "CallWords", "Video calls cannot start on this tablet. Please tell staff."
    )


def stalled(name: str) -> str:
    """A call that never got going (app.calls.STALL_S)."""
    return named(
        QCoreApplication.translate(
            "CallWords", "The call to %1 did not get through. Please try again later."
        ),
        name,
    )
