"""The words of the Health screens, in one place: the kinds of reading, their values and units,
what a level means, the devices' states and what to do when one fails, and the problems a
device may flag. Screens and speech share them, so what is shown and what is said agree.

Every function gives the words in the language installed when it is called (never at import).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

# The kinds of reading, in the order of their choices on the Health screen.
KINDS = ("blood_pressure", "pulse_oximetry", "temperature", "glucose", "weight", "heart_rate")
LEVELS = ("very_low", "low", "normal", "a_bit_high", "high", "very_high", "unsure")
MEALS = ("fasting", "after_meal", "unknown")


@dataclass(frozen=True)
class ValueSpec:
    """One value of a reading as typed and shown: its key in ``values``, how many decimals
    it is shown with, and whether a typed reading may leave it out."""

    key: str
    decimals: int = 0
    optional: bool = False


# The values of each kind, in the order they are shown and typed.
VALUES: dict[str, tuple[ValueSpec, ...]] = {
    "blood_pressure": (
        ValueSpec("systolic"),
        ValueSpec("diastolic"),
        ValueSpec("pulse", optional=True),
    ),
    "pulse_oximetry": (ValueSpec("spo2"), ValueSpec("pulse", optional=True)),
    "temperature": (ValueSpec("temperature_c", 1),),
    "glucose": (ValueSpec("glucose_mmol_l", 1),),
    "weight": (ValueSpec("weight_kg", 1),),
    "heart_rate": (ValueSpec("pulse"),),
}

ICONS = {kind: kind for kind in KINDS}
LEVEL_ICONS = {level: f"level_{level}" for level in LEVELS}


def kind_name(kind: str) -> str:
    """The reading's everyday name: "血压" / "Blood pressure"."""
    return {
        "blood_pressure": QCoreApplication.translate("HealthWords", "Blood pressure"),
        "pulse_oximetry": QCoreApplication.translate("HealthWords", "Blood oxygen"),
        "temperature": QCoreApplication.translate("HealthWords", "Temperature"),
        "glucose": QCoreApplication.translate("HealthWords", "Blood sugar"),
        "weight": QCoreApplication.translate("HealthWords", "Weight"),
        "heart_rate": QCoreApplication.translate("HealthWords", "Heart rate"),
    }.get(kind, kind)


def device_name(kind: str) -> str:
    """The device that measures it, as an elder calls it: "血压计" / "blood pressure monitor"."""
    return {
        "blood_pressure": QCoreApplication.translate("HealthWords", "blood pressure monitor"),
        "pulse_oximetry": QCoreApplication.translate("HealthWords", "finger clip oximeter"),
        "temperature": QCoreApplication.translate("HealthWords", "thermometer"),
        "glucose": QCoreApplication.translate("HealthWords", "blood sugar meter"),
        "weight": QCoreApplication.translate("HealthWords", "scale"),
        "heart_rate": QCoreApplication.translate("HealthWords", "heart rate strap"),
    }.get(kind, kind)


def value_name(key: str) -> str:
    """A value's name, said as people say it ("高压" for systolic)."""
    return {
        "systolic": QCoreApplication.translate("HealthWords", "Upper number (systolic)"),
        "diastolic": QCoreApplication.translate("HealthWords", "Lower number (diastolic)"),
        "pulse": QCoreApplication.translate("HealthWords", "Pulse"),
        "spo2": QCoreApplication.translate("HealthWords", "Blood oxygen"),
        "temperature_c": QCoreApplication.translate("HealthWords", "Temperature"),
        "glucose_mmol_l": QCoreApplication.translate("HealthWords", "Blood sugar"),
        "weight_kg": QCoreApplication.translate("HealthWords", "Weight"),
    }.get(key, key)


def unit(key: str) -> str:
    """The unit a value is shown in (the kiosk shows one unit per value)."""
    return {
        "systolic": QCoreApplication.translate("HealthWords", "mmHg"),
        "diastolic": QCoreApplication.translate("HealthWords", "mmHg"),
        "pulse": QCoreApplication.translate("HealthWords", "beats/min"),
        "spo2": "%",
        "temperature_c": "°C",
        "glucose_mmol_l": QCoreApplication.translate("HealthWords", "mmol/L"),
        "weight_kg": QCoreApplication.translate("HealthWords", "kg"),
    }.get(key, "")


def level_word(level: str, language: str) -> str:
    """What a reading means, in one or two words: "正常" / "Normal". The words are data
    (assets/vitals/thresholds.toml), shared with the sentences that use them."""
    from app.vitals.levels import Level
    from app.vitals.thresholds import load_thresholds

    try:
        word = load_thresholds().words[Level(level)].get(language)
    except (KeyError, ValueError):
        word = load_thresholds().words[Level.UNSURE].get(language)
    return capitalised(word)


def in_sentence(name: str) -> str:
    """A name inside a sentence: "upper number" for "Upper number" (not "SpO2"'s capitals)."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].isalpha() and first[1:].islower():
        return name[0].lower() + name[1:]
    return name


def capitalised(word: str) -> str:
    """A word that starts a line or a badge, with a capital in English."""
    return word[:1].upper() + word[1:]


def meal_word(meal: str) -> str:
    return {
        "fasting": QCoreApplication.translate("HealthWords", "Before eating"),
        "after_meal": QCoreApplication.translate("HealthWords", "After a meal"),
        "unknown": QCoreApplication.translate("HealthWords", "Not sure"),
    }.get(meal, QCoreApplication.translate("HealthWords", "Not sure"))


def number(value: float, decimals: int = 0) -> str:
    """A value as the screen shows it, with the locale's decimal point."""
    if decimals == 0:
        return str(round(value))
    return QLocale().toString(float(value), "f", decimals)


def decimals_of(key: str) -> int:
    for specs in VALUES.values():
        for spec in specs:
            if spec.key == key:
                return spec.decimals
    return 0


def main_figure(kind: str, values: dict[str, float]) -> str:
    """The reading's main numbers in one piece: "150/95" for blood pressure, else the first
    value ("36.8")."""
    if kind == "blood_pressure" and "systolic" in values and "diastolic" in values:
        return f"{number(values['systolic'])}/{number(values['diastolic'])}"
    spec = VALUES.get(kind, ())[0] if VALUES.get(kind) else None
    if spec is None or spec.key not in values:
        return "—"
    return number(values[spec.key], spec.decimals)


def main_unit(kind: str) -> str:
    specs = VALUES.get(kind, ())
    return unit(specs[0].key) if specs else ""


def reading_words(kind: str, values: dict[str, float]) -> str:
    """The whole reading in one line for a list or to be said: "150/95 mmHg, pulse 72"."""
    parts = [f"{main_figure(kind, values)} {main_unit(kind)}".strip()]
    shown = {"systolic", "diastolic"} if kind == "blood_pressure" else set()
    first = VALUES.get(kind, ())[:1]
    shown |= {spec.key for spec in first}
    for spec in VALUES.get(kind, ()):
        if spec.key in values and spec.key not in shown:
            parts.append(
                QCoreApplication.translate("HealthWords", "%1 %2 %3")
                .replace("%1", value_name(spec.key))
                .replace("%2", number(values[spec.key], spec.decimals))
                .replace("%3", unit(spec.key))
                .strip()
            )
    return QCoreApplication.translate("Wording", ", ").join(parts)


def when_words(moment: QDateTime) -> str:
    """When a reading was taken, short: "6月11日 09:30" / "Jun 11, 09:30"."""
    return QLocale().toString(
        moment.toLocalTime(), QCoreApplication.translate("HealthWords", "MMM d, HH:mm")
    )


# -- the device -------------------------------------------------------------------------------


def state_words(kind: str, state: str) -> str:
    """The device's state in a sentence, for the measuring screen."""
    device = device_name(kind)
    template = {
        "searching": QCoreApplication.translate("HealthWords", "Looking for the %1..."),
        "connecting": QCoreApplication.translate("HealthWords", "Connecting to the %1..."),
        "connected": QCoreApplication.translate(
            "HealthWords", "The %1 is connected. Start the measurement on it."
        ),
        "measuring": QCoreApplication.translate("HealthWords", "Measuring. Please keep still."),
        "done": QCoreApplication.translate("HealthWords", "Done. Showing your reading."),
        "failed": QCoreApplication.translate("HealthWords", "The %1 did not send a reading."),
    }.get(state, QCoreApplication.translate("HealthWords", "Looking for the %1..."))
    return template.replace("%1", device)


def failure_words(kind: str, problem: str) -> str:
    """What went wrong with the device and what to do now."""
    device = device_name(kind)
    template = {
        "bluetooth_off": QCoreApplication.translate(
            "HealthWords",
            "This kiosk cannot reach the %1: its Bluetooth is off. Please ask staff, or type"
            " the numbers in.",
        ),
        "not_found": QCoreApplication.translate(
            "HealthWords", "The %1 was not found. Please turn it on and press its start key again."
        ),
        "disconnected_mid_reading": QCoreApplication.translate(
            "HealthWords",
            "The %1 stopped before the measurement was finished. Nothing was saved. Please"
            " measure again.",
        ),
        "garbage": QCoreApplication.translate(
            "HealthWords",
            "The %1 sent something this kiosk cannot read. Nothing was saved. Please measure"
            " again, or ask staff.",
        ),
        "timeout": QCoreApplication.translate(
            "HealthWords", "No reading came from the %1. Please press its start key again."
        ),
        "no_adapter": QCoreApplication.translate(
            "HealthWords",
            "This kiosk has no working Bluetooth for the %1. Please ask staff, or type the"
            " numbers in.",
        ),
        "not_paired": QCoreApplication.translate(
            "HealthWords",
            "The %1 is not set up with this kiosk yet. Please ask staff, or type the numbers in.",
        ),
        "connect_failed": QCoreApplication.translate(
            "HealthWords",
            "This kiosk could not connect to the %1. Please turn it off and on again, then"
            " measure again.",
        ),
        "no_reading": QCoreApplication.translate(
            "HealthWords",
            "The %1 has no new reading. Please measure with it first, then try again.",
        ),
        "no_device": QCoreApplication.translate(
            "HealthWords", "This kiosk has no %1. Please type the numbers in."
        ),
    }.get(
        problem,
        QCoreApplication.translate(
            "HealthWords",
            "Something went wrong with the %1. Nothing was saved. Please measure again.",
        ),
    )
    return template.replace("%1", device)


# -- what became of the reading ---------------------------------------------------------------

SAVING = "saving"
SAVED = "saved"
SENT = "sent"
SEEN = "seen"
NOT_SAVED = "not_saved"


def delivery_words(state: str, *, seen_by: str = "") -> str:
    """What is true about a reading's way to the center: never more than it answered."""
    if state == SAVING:
        return QCoreApplication.translate("HealthWords", "Saving on this kiosk...")
    if state == SAVED:
        return QCoreApplication.translate(
            "HealthWords", "Saved on this kiosk, sending to the center."
        )
    if state == SENT:
        return QCoreApplication.translate("HealthWords", "The center has your reading.")
    if state == SEEN:
        return QCoreApplication.translate("HealthWords", "%1 has seen it.").replace(
            "%1", seen_by or QCoreApplication.translate("HealthWords", "A staff member")
        )
    return QCoreApplication.translate("HealthWords", "Not saved.")
