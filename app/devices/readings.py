"""From a parsed characteristic to the kiosk's ``DeviceReading`` (values in the kiosk's units,
the device's problems named plainly), and the pairing of glucose measurements with their
context records."""

from __future__ import annotations

from app.devices import DeviceReading, ParseError


def reading_from(characteristic: int | str, data: bytes) -> DeviceReading:
    """The reading in one notification or indication; ParseError if it is not one."""
    raise ParseError(f"cannot read {characteristic!r} yet ({len(data)} bytes)")


def with_context(reading: DeviceReading, context_data: bytes) -> DeviceReading:
    """The glucose reading with the meal from its Glucose Measurement Context record."""
    raise ParseError("cannot read a glucose context yet")


class GlucoseRecords:
    """Pairs glucose measurements with the context records that follow them."""

    def add(self, characteristic: int | str, data: bytes) -> list[DeviceReading]:
        """Readings completed by this notification (in the order the meter sent them)."""
        raise ParseError("cannot read glucose records yet")

    def flush(self) -> list[DeviceReading]:
        """Readings still waiting for a context that did not come."""
        return []
