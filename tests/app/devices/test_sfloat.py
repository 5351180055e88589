"""IEEE 11073 SFLOAT and FLOAT: vectors worked out from the bit layout (and the examples of
HL7's Personal Health Device implementation guide), the special values, and round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.devices.sfloat import (
    FLOAT_MANTISSA_MAX,
    SFLOAT_MANTISSA_MAX,
    Special,
    decode_float,
    decode_sfloat,
    encode_float,
    encode_sfloat,
)

# raw SFLOAT -> value. High nibble: exponent (two's complement), low 12 bits: mantissa.
SFLOAT_VECTORS = [
    (0x0072, 114.0),  # exponent 0, mantissa 0x072 = 114
    (0xF16E, 36.6),  # exponent 0xF = -1, mantissa 0x16E = 366 -> 36.6
    (0xF014, 2.0),  # HL7 PHD table: exponent -1, mantissa 20
    (0xE0C8, 2.0),  # exponent 0xE = -2, mantissa 200
    (0x1002, 20.0),  # exponent 1, mantissa 2
    (0x2002, 200.0),  # exponent 2, mantissa 2
    (0x04D2, 1234.0),  # exponent 0, mantissa 1234
    (0x0B2E, -1234.0),  # mantissa 0xB2E = 2862 - 4096 = -1234
    (0xFFFF, -0.1),  # exponent -1, mantissa 0xFFF = -1
    (0x0000, 0.0),
    (0x07FD, 2045.0),  # the largest finite mantissa
    (0x0803, -2045.0),  # the smallest finite mantissa
    (0x77FD, 20_450_000_000.0),  # exponent 7: the largest SFLOAT
    (0x8001, 1e-8),  # exponent 0x8 = -8, mantissa 1
    (0xE249, 5.85),  # exponent -2, mantissa 0x249 = 585
]

SFLOAT_SPECIALS = [
    (0x07FF, Special.NAN),
    (0x0800, Special.NRES),
    (0x07FE, Special.POSITIVE_INFINITY),
    (0x0802, Special.NEGATIVE_INFINITY),
    (0x0801, Special.RESERVED),
    # The special mantissas are not numbers whatever the exponent (see app/devices/sfloat.py).
    (0xF7FF, Special.NAN),
    (0x2800, Special.NRES),
]

# raw FLOAT -> value. High byte: exponent, low 24 bits: mantissa.
FLOAT_VECTORS = [
    (0x00000002, 2.0),  # HL7 PHD table
    (0xFF000014, 2.0),  # exponent -1, mantissa 20
    (0xFE0000C8, 2.0),  # exponent -2, mantissa 200
    (0x01000002, 20.0),
    (0x000004D2, 1234.0),
    (0x00FFFB2E, -1234.0),  # mantissa 0xFFFB2E = -1234
    (0xFF00016E, 36.6),  # exponent -1, mantissa 366: a thermometer's 36.6 C
    (0xFE000E4F, 36.63),  # exponent -2, mantissa 0xE4F = 3663
    (0xFF0003DA, 98.6),  # exponent -1, mantissa 986: 98.6 F
    (0x007FFFFD, 8_388_605.0),  # the largest finite mantissa
]

FLOAT_SPECIALS = [
    (0x007FFFFF, Special.NAN),
    (0x00800000, Special.NRES),
    (0x007FFFFE, Special.POSITIVE_INFINITY),
    (0x00800002, Special.NEGATIVE_INFINITY),
    (0x00800001, Special.RESERVED),
    (0xFF7FFFFF, Special.NAN),
]


@pytest.mark.parametrize(("raw", "value"), SFLOAT_VECTORS)
def test_sfloat_vectors_decode_to_the_nearest_double(raw: int, value: float) -> None:
    assert decode_sfloat(raw) == value


@pytest.mark.parametrize(("raw", "special"), SFLOAT_SPECIALS)
def test_sfloat_special_values_are_never_numbers(raw: int, special: Special) -> None:
    assert decode_sfloat(raw) is special


@pytest.mark.parametrize(("raw", "value"), FLOAT_VECTORS)
def test_float_vectors(raw: int, value: float) -> None:
    assert decode_float(raw) == value


@pytest.mark.parametrize(("raw", "special"), FLOAT_SPECIALS)
def test_float_special_values(raw: int, special: Special) -> None:
    assert decode_float(raw) is special


def test_special_values_encode_to_their_standard_codes() -> None:
    assert [encode_sfloat(s) for s in Special] == [0x07FF, 0x0800, 0x07FE, 0x0802, 0x0801]
    assert encode_float(Special.NAN) == 0x007FFFFF
    assert encode_float(Special.NEGATIVE_INFINITY) == 0x00800002
    assert str(Special.NRES) == "NRes"


def test_encoding_picks_an_exponent_that_keeps_the_decimal_digits() -> None:
    assert encode_sfloat(36.6) == 0xF16E
    assert encode_sfloat(36.6, exponent=-1) == 0xF16E
    assert encode_sfloat(114) == 0x0072
    assert encode_sfloat(1200) == 0x04B0  # 1200 x 10^0, not 12 x 10^2
    assert encode_sfloat(120, exponent=-1) == 0xF4B0  # mantissa 1200
    assert encode_float(36.6, exponent=-2) == 0xFE000E4C  # mantissa 3660
    assert encode_float(-1234) == 0x00FFFB2E


def test_encoding_rounds_half_to_even_when_digits_do_not_fit() -> None:
    # 123456 has six digits: 1234.56 x 10^2 rounds to mantissa 1235.
    assert encode_sfloat(123456) == 0x24D3
    assert decode_sfloat(encode_sfloat(123456)) == 123500.0
    assert encode_sfloat(0.125, exponent=-2) == 0xE00C  # 12.5 -> 12 (half to even)
    assert encode_sfloat(0.135, exponent=-2) == 0xE00E  # 13.5 -> 14


@pytest.mark.parametrize("value", [1e12, -1e12, float("nan"), float("inf")])
def test_values_beyond_the_format_cannot_be_encoded(value: float) -> None:
    with pytest.raises(ValueError, match=r"too large|not finite"):
        encode_sfloat(value)


def test_an_exponent_out_of_range_cannot_be_encoded() -> None:
    with pytest.raises(ValueError, match="exponent"):
        encode_sfloat(1, exponent=8)


@given(st.integers(-SFLOAT_MANTISSA_MAX, SFLOAT_MANTISSA_MAX), st.integers(-8, 7))
def test_every_finite_sfloat_decodes_exactly_and_round_trips(mantissa: int, exponent: int) -> None:
    raw = (exponent & 0xF) << 12 | mantissa & 0xFFF
    value = decode_sfloat(raw)
    # The double nearest the exact decimal mantissa x 10^exponent.
    assert value == float(Decimal(mantissa).scaleb(exponent))
    assert isinstance(value, float)
    assert decode_sfloat(encode_sfloat(value)) == value
    assert encode_sfloat(value, exponent) == raw


@given(st.integers(-FLOAT_MANTISSA_MAX, FLOAT_MANTISSA_MAX), st.integers(-20, 20))
def test_every_finite_float_decodes_exactly_and_round_trips(mantissa: int, exponent: int) -> None:
    raw = (exponent & 0xFF) << 24 | mantissa & 0xFFFFFF
    value = decode_float(raw)
    assert value == float(Decimal(mantissa).scaleb(exponent))
    assert isinstance(value, float)
    assert decode_float(encode_float(value)) == value
    assert encode_float(value, exponent) == raw


@given(st.integers(0, 0xFFFF))
def test_any_sixteen_bits_are_a_number_or_a_special_value(raw: int) -> None:
    value = decode_sfloat(raw)
    special = (raw & 0xFFF) in range(0x7FE, 0x803)
    assert isinstance(value, Special) == special
