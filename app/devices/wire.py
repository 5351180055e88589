"""Reading and writing the fields the health characteristics share: little-endian integers,
IEEE 11073 numbers, the 7-byte Date Time, bit sets; and the base of every parsed measurement
(its ``to_json``).

Decisions for all the characteristics (each module adds its own):

- a field the flags promise but the bytes do not hold raises ``ParseError``;
- flag and status bits the specification reserves are ignored, as it asks of a receiver
  (a reserved flag is named in the measurement's ``notes``, a reserved status bit appears as
  ``reserved_bit_N``);
- bytes after the last field are ignored and noted: later versions of a specification add
  fields at the end;
- a Date Time with year, month or day 0 is "not known", and one that is not a real date or
  time (month 13, 30 February, 25 o'clock) is left out and noted: the measurement itself is
  still good, and the kiosk keeps its own clock;
- an IEEE 11073 special value (NaN, NRes, an infinity, the reserved code) leaves its field
  None and is named in ``special_values``.
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

from app.devices import ParseError
from app.devices.sfloat import Special, decode_float, decode_sfloat, encode_float, encode_sfloat

DATE_TIME_SIZE = 7
_DATE_TIME = struct.Struct("<HBBBBB")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Measurement:
    """Base of the parsed characteristics: ``notes`` says in words what the parser decided
    (reserved bits ignored, a time stamp left out, extra bytes), ``special_values`` names the
    fields that came as an IEEE 11073 special value."""

    CHARACTERISTIC: ClassVar[int]
    # Computed attributes that to_json adds to the fields.
    JSON_PROPERTIES: ClassVar[tuple[str, ...]] = ()

    special_values: Mapping[str, str] = dataclasses.field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The measurement as a JSON-ready dict: field names as the specification's, in
        snake_case; times in ISO 8601 (the device's clock, no time zone)."""
        # The characteristic's own fields first, what the parser noted last.
        names = [field.name for field in dataclasses.fields(self)]
        names = [name for name in names if name not in _BASE_FIELDS]
        names += [*self.JSON_PROPERTIES, *_BASE_FIELDS]
        return {name: _json_value(getattr(self, name)) for name in names}


_BASE_FIELDS = ("special_values", "notes")


def _json_value(value: object) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _json_value(getattr(value, field.name))
            for field in dataclasses.fields(value)
        }
    return value


class Reader:
    """A cursor over one characteristic value; every read names its field, so a short value
    gives a ParseError saying what was missing."""

    def __init__(self, data: bytes, what: str) -> None:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ParseError(f"{what}: expected bytes, got {type(data).__name__}")
        self.data = bytes(data)
        self.what = what
        self.offset = 0
        self.notes: list[str] = []
        self.special_values: dict[str, str] = {}

    def _take(self, size: int, field: str) -> bytes:
        end = self.offset + size
        if end > len(self.data):
            left = len(self.data) - self.offset
            raise ParseError(
                f"{self.what} is too short: the {field} needs {size} bytes at byte "
                f"{self.offset}, {left} left ({len(self.data)} bytes in all)"
            )
        chunk = self.data[self.offset : end]
        self.offset = end
        return chunk

    def remaining(self) -> int:
        return len(self.data) - self.offset

    def uint8(self, field: str) -> int:
        return self._take(1, field)[0]

    def uint16(self, field: str) -> int:
        return int.from_bytes(self._take(2, field), "little")

    def sint16(self, field: str) -> int:
        return int.from_bytes(self._take(2, field), "little", signed=True)

    def uint24(self, field: str) -> int:
        return int.from_bytes(self._take(3, field), "little")

    def sfloat(self, field: str) -> float | None:
        """An SFLOAT; None (and noted) if it is a special value."""
        return self._number(decode_sfloat(self.uint16(field)), field)

    def float32(self, field: str) -> float | None:
        """A FLOAT; None (and noted) if it is a special value."""
        return self._number(decode_float(int.from_bytes(self._take(4, field), "little")), field)

    def _number(self, value: float | Special, field: str) -> float | None:
        if isinstance(value, Special):
            self.special_values[field] = str(value)
            self.notes.append(f"{field} is {value}, not a number")
            return None
        return value

    def date_time(self, field: str) -> datetime | None:
        """A Bluetooth Date Time; None (and noted) if not known or not a real date."""
        year, month, day, hours, minutes, seconds = _DATE_TIME.unpack(
            self._take(DATE_TIME_SIZE, field)
        )
        if year == 0 or month == 0 or day == 0:
            self.notes.append(f"{field} is not known (the device sent zero)")
            return None
        shown = f"{year:04}-{month:02}-{day:02} {hours:02}:{minutes:02}:{seconds:02}"
        if year < 1582:
            self.notes.append(f"{field} {shown} is before 1582, which the format excludes")
            return None
        try:
            return datetime(year, month, day, hours, minutes, seconds)
        except ValueError:
            self.notes.append(f"{field} {shown} is not a real date and time; left out")
            return None

    def reserved_flags(self, flags: int, reserved_mask: int) -> None:
        if flags & reserved_mask:
            self.notes.append(
                f"reserved flag bits {flags & reserved_mask:#04x} were set and ignored"
            )

    def finish(self) -> None:
        """Note bytes after the last field (ignored: a later specification may add fields)."""
        if self.remaining():
            count = self.remaining()
            plural = "s" if count > 1 else ""
            self.notes.append(f"{count} byte{plural} after the last field ignored")

    def extras(self) -> dict[str, Any]:
        """The notes and special values, for the measurement's constructor."""
        return {"special_values": dict(self.special_values), "notes": tuple(self.notes)}


def bit_names(value: int, names: Mapping[int, str], width: int) -> tuple[str, ...]:
    """Names of the set bits of ``value``, lowest first; a bit with no name (reserved by the
    specification) is ``reserved_bit_N``."""
    return tuple(names.get(bit, f"reserved_bit_{bit}") for bit in range(width) if value >> bit & 1)


def bits_from_names(names: Iterable[str], table: Mapping[int, str]) -> int:
    """The inverse of ``bit_names``: ValueError for a name that is not in the table."""
    numbers = {name: bit for bit, name in table.items()}
    value = 0
    for name in names:
        if name in numbers:
            value |= 1 << numbers[name]
        elif name.startswith("reserved_bit_"):
            value |= 1 << int(name.removeprefix("reserved_bit_"))
        else:
            raise ValueError(f"unknown status bit {name!r}")
    return value


def code_name(value: int, names: Mapping[int, str]) -> str:
    """The name of an enumerated value; ``reserved_N`` for one the specification reserves."""
    return names.get(value, f"reserved_{value}")


def code_from_name(name: str, names: Mapping[int, str]) -> int:
    """The inverse of ``code_name``."""
    for code, known in names.items():
        if known == name:
            return code
    if name.startswith("reserved_"):
        return int(name.removeprefix("reserved_"))
    raise ValueError(f"unknown value {name!r}")


# Writers, for the encoders (the simulated devices and the tests).


def put_date_time(moment: datetime | None) -> bytes:
    """A Date Time; None writes the "not known" all-zero value."""
    if moment is None:
        return bytes(DATE_TIME_SIZE)
    return _DATE_TIME.pack(
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second
    )


def put_sfloat(value: float | Special | None, exponent: int | None = None) -> bytes:
    """An SFLOAT; None writes NaN."""
    return encode_sfloat(Special.NAN if value is None else value, exponent).to_bytes(2, "little")


def put_float(value: float | Special | None, exponent: int | None = None) -> bytes:
    """A FLOAT; None writes NaN."""
    return encode_float(Special.NAN if value is None else value, exponent).to_bytes(4, "little")


def special_or(value: float | None, field: str, specials: Mapping[str, str]) -> float | Special:
    """The value to write for a field: its special value when the measurement names one."""
    if value is None and field in specials:
        return Special(specials[field])
    if value is None:
        return Special.NAN
    return value
