"""The steps of measuring each kind of reading: a picture (assets/vitals/pictures) and one short
sentence each, shown and read aloud before the device is used."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def steps(kind: str) -> list[tuple[str, str]]:
    """(picture, sentence) of each step of measuring ``kind``, in order."""
    if kind == "blood_pressure":
        return [
            (
                "sit_rest",
                QCoreApplication.translate("HealthSteps", "Sit down and rest for a moment."),
            ),
            (
                "bp_cuff",
                QCoreApplication.translate(
                    "HealthSteps", "Put the cuff on your upper arm, arm on the table."
                ),
            ),
            (
                "bp_start",
                QCoreApplication.translate(
                    "HealthSteps", "Press start on the monitor and keep still."
                ),
            ),
        ]
    if kind == "pulse_oximetry":
        return [
            (
                "sit_rest",
                QCoreApplication.translate("HealthSteps", "Sit down and rest for a moment."),
            ),
            (
                "ox_finger",
                QCoreApplication.translate("HealthSteps", "Put a finger into the clip, nail up."),
            ),
            (
                "ox_still",
                QCoreApplication.translate(
                    "HealthSteps", "Rest your hand on the table and keep it still."
                ),
            ),
        ]
    if kind == "temperature":
        return [
            (
                "sit_rest",
                QCoreApplication.translate("HealthSteps", "Sit down and rest for a moment."),
            ),
            (
                "temp_forehead",
                QCoreApplication.translate(
                    "HealthSteps", "Hold it to your forehead and press its key."
                ),
            ),
        ]
    if kind == "glucose":
        return [
            ("gl_wash", QCoreApplication.translate("HealthSteps", "Wash and dry your hands.")),
            (
                "gl_strip",
                QCoreApplication.translate(
                    "HealthSteps", "Put a test strip into the blood sugar meter."
                ),
            ),
            (
                "gl_drop",
                QCoreApplication.translate(
                    "HealthSteps", "Touch the strip's end with a drop of blood."
                ),
            ),
        ]
    if kind == "weight":
        return [
            (
                "wt_shoes",
                QCoreApplication.translate(
                    "HealthSteps", "Take off your shoes and any heavy coat."
                ),
            ),
            (
                "wt_stand",
                QCoreApplication.translate(
                    "HealthSteps", "Stand still on the middle of the scale."
                ),
            ),
        ]
    if kind == "heart_rate":
        return [
            (
                "hr_strap",
                QCoreApplication.translate(
                    "HealthSteps", "Put the strap round your chest, under your clothes."
                ),
            ),
            ("sit_rest", QCoreApplication.translate("HealthSteps", "Sit down and keep still.")),
        ]
    return []
