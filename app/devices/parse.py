"""``python -m app.devices.parse UUID HEX``: what a health device's bytes say, as JSON.

UUID is the characteristic: 2A35, 0x2a35 or 00002a35-0000-1000-8000-00805f9b34fb. HEX is the
value as the device sent it (spaces and colons between bytes are allowed). Prints one JSON
object: the measurement's fields with the specification's names in snake_case plus
"characteristic" (e.g. "blood_pressure_measurement"), exit code 0; or {"error": "..."} and exit
code 1 for an unknown characteristic, bad hex, bytes that are not a measurement or a wrong
number of arguments.

    python -m app.devices.parse 2A35 "1e 7800 5000 5a00 e507 0a0f 0c1e00 4800 01 0500"
"""

from __future__ import annotations

import json
import sys
from typing import Any

from app.devices import ParseError
from app.devices.profiles import name_of, parse

USAGE = "usage: python -m app.devices.parse UUID HEX (for example: 2A37 0648)"


def describe(argv: list[str]) -> dict[str, Any]:
    """The JSON object for the command's arguments; ParseError saying what is wrong."""
    if len(argv) != 2:
        raise ParseError(f"expected 2 arguments, got {len(argv)}; {USAGE}")
    characteristic, text = argv
    try:
        data = bytes.fromhex(text.replace(":", " "))
    except ValueError as error:
        raise ParseError(f"not hexadecimal bytes: {text!r} ({error})") from None
    name = name_of(characteristic)
    return {"characteristic": name, **parse(characteristic, data).to_json()}


def main(argv: list[str]) -> int:
    try:
        result = describe(argv)
    except ParseError as error:
        print(json.dumps({"error": str(error)}, ensure_ascii=False))
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
