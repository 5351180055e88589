"""The IEEE 11073-20601 number formats that Bluetooth health devices send.

SFLOAT is 16 bits: a signed 4-bit exponent (high nibble) and a signed 12-bit mantissa; FLOAT is
32 bits: a signed 8-bit exponent (high byte) and a signed 24-bit mantissa. The value is
mantissa x 10^exponent, so a device can say 36.6 exactly (mantissa 366, exponent -1).

The five highest and lowest mantissa codes are not numbers: NaN (not a number), NRes (not at
this resolution), +INFINITY, -INFINITY and a reserved code. The standard writes them with
exponent 0; this module treats those mantissas as special whatever the exponent, as the
standard's own range of finite values (+-2045 x 10^7 for SFLOAT) leaves them out and as common
open implementations do. A special value is returned as a ``Special``, never as a number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import Enum


class Special(Enum):
    """An IEEE 11073 value that is not a number; ``str()`` is the standard's own name."""

    NAN = "NaN"
    NRES = "NRes"
    POSITIVE_INFINITY = "+INFINITY"
    NEGATIVE_INFINITY = "-INFINITY"
    RESERVED = "reserved"

    def __str__(self) -> str:
        return self.value


# Mantissa codes (as unsigned bit patterns) of the special values.
_SFLOAT_SPECIALS = {
    0x07FE: Special.POSITIVE_INFINITY,
    0x07FF: Special.NAN,
    0x0800: Special.NRES,
    0x0801: Special.RESERVED,
    0x0802: Special.NEGATIVE_INFINITY,
}
_FLOAT_SPECIALS = {
    0x7FFFFE: Special.POSITIVE_INFINITY,
    0x7FFFFF: Special.NAN,
    0x800000: Special.NRES,
    0x800001: Special.RESERVED,
    0x800002: Special.NEGATIVE_INFINITY,
}

# The largest mantissa of a finite value: the codes above it are the special ones.
SFLOAT_MANTISSA_MAX = 2045
FLOAT_MANTISSA_MAX = 2**23 - 3
SFLOAT_EXPONENTS = range(-8, 8)
FLOAT_EXPONENTS = range(-128, 128)


def _signed(raw: int, bits: int) -> int:
    return raw - (1 << bits) if raw & (1 << (bits - 1)) else raw


def _value(mantissa: int, exponent: int) -> float:
    # One correctly rounded operation, so 366 and -1 give the double nearest 36.6.
    if exponent < 0:
        return mantissa / 10**-exponent
    return float(mantissa * 10**exponent)


def decode_sfloat(raw: int) -> float | Special:
    """The value of a 16-bit SFLOAT given as an unsigned integer (already little-endian
    decoded)."""
    mantissa_bits = raw & 0x0FFF
    if mantissa_bits in _SFLOAT_SPECIALS:
        return _SFLOAT_SPECIALS[mantissa_bits]
    return _value(_signed(mantissa_bits, 12), _signed(raw >> 12 & 0xF, 4))


def decode_float(raw: int) -> float | Special:
    """The value of a 32-bit FLOAT given as an unsigned integer."""
    mantissa_bits = raw & 0xFFFFFF
    if mantissa_bits in _FLOAT_SPECIALS:
        return _FLOAT_SPECIALS[mantissa_bits]
    return _value(_signed(mantissa_bits, 24), _signed(raw >> 24 & 0xFF, 8))


def _special_code(value: Special, table: dict[int, Special]) -> int:
    return next(code for code, special in table.items() if special is value)


def _mantissa_exponent(
    value: float, exponent: int | None, mantissa_max: int, exponents: range
) -> tuple[int, int]:
    """The mantissa and exponent nearest ``value``: at the given exponent, or else the
    smallest exponent that says the value's shortest decimal form whole (36.6 -> 366, -1)."""
    try:
        number = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError) as error:  # pragma: no cover - repr of a float
        raise ValueError(f"not a number: {value!r}") from error
    if not number.is_finite():
        raise ValueError(f"{value!r} is not finite: give a Special instead")
    if exponent is None:
        natural = int(number.normalize().as_tuple().exponent)  # finite: always an int
        exponent = max(min(natural, exponents[-1]), exponents[0])
        # Use a smaller exponent where the mantissa has room: 1200 stays 1200 x 10^0.
        while exponent > 0 and abs(number.scaleb(-(exponent - 1))) <= mantissa_max:
            exponent -= 1
    if exponent not in exponents:
        raise ValueError(f"exponent {exponent} is out of range")
    mantissa = int(number.scaleb(-exponent).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    # Too many digits for the mantissa: give up precision, as a device would.
    while abs(mantissa) > mantissa_max and exponent < exponents[-1]:
        exponent += 1
        mantissa = int(number.scaleb(-exponent).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    if abs(mantissa) > mantissa_max:
        raise ValueError(f"{value!r} is too large for this format")
    return mantissa, exponent


def encode_sfloat(value: float | Special, exponent: int | None = None) -> int:
    """The 16-bit SFLOAT (as an unsigned integer) for ``value``, at ``exponent`` if given
    (36.6 at -1 is 0xF16E); ValueError if it cannot be written."""
    if isinstance(value, Special):
        return _special_code(value, _SFLOAT_SPECIALS)
    mantissa, exponent = _mantissa_exponent(value, exponent, SFLOAT_MANTISSA_MAX, SFLOAT_EXPONENTS)
    return (exponent & 0xF) << 12 | mantissa & 0x0FFF


def encode_float(value: float | Special, exponent: int | None = None) -> int:
    """The 32-bit FLOAT (as an unsigned integer) for ``value``, at ``exponent`` if given."""
    if isinstance(value, Special):
        return _special_code(value, _FLOAT_SPECIALS)
    mantissa, exponent = _mantissa_exponent(value, exponent, FLOAT_MANTISSA_MAX, FLOAT_EXPONENTS)
    return (exponent & 0xFF) << 24 | mantissa & 0xFFFFFF
