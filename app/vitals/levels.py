"""The levels a reading can have, and which of two levels is the worse."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """What a reading means; the same strings as the wire format's reading levels."""

    VERY_LOW = "very_low"
    LOW = "low"
    NORMAL = "normal"
    A_BIT_HIGH = "a_bit_high"
    HIGH = "high"
    VERY_HIGH = "very_high"
    UNSURE = "unsure"  # the device flagged the measurement: measure again


# How far from normal each level is: the worst value decides a reading's level. A level far
# below normal is as bad as one as far above it.
SEVERITY: dict[Level, int] = {
    Level.NORMAL: 0,
    Level.A_BIT_HIGH: 1,
    Level.LOW: 1,
    Level.HIGH: 2,
    Level.VERY_LOW: 3,
    Level.VERY_HIGH: 3,
    Level.UNSURE: 4,
}

BELOW_NORMAL = frozenset({Level.VERY_LOW, Level.LOW})
ABOVE_NORMAL = frozenset({Level.A_BIT_HIGH, Level.HIGH, Level.VERY_HIGH})


def worst(levels: list[Level]) -> Level:
    """The level furthest from normal (the first of equals); normal for none."""
    found = Level.NORMAL
    for level in levels:
        if SEVERITY[level] > SEVERITY[found]:
            found = level
    return found
