"""``python main.py --set-admin-pin``: set the staff PIN from a console or a pipe.

At a console the PIN is asked twice without being shown; from a pipe (an installer script:
``echo 123456 | python main.py --set-admin-pin``) the first line is the PIN. Only its hash is
kept (:mod:`app.admin.pin`).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import TextIO

from app.admin.pin import MAX_DIGITS, MIN_DIGITS, PinError, PinStore


def set_pin_command(
    store: PinStore,
    stdin: TextIO,
    out: TextIO,
    *,
    ask: Callable[[str], str] = getpass.getpass,
) -> int:
    """Read the new PIN and keep its hash; the exit status (0 when it was set)."""
    prompt = f"New staff PIN ({MIN_DIGITS} to {MAX_DIGITS} digits): "
    if stdin.isatty():
        pin = ask(prompt)
        if ask("The same PIN again: ") != pin:
            print("The two PINs differ; the staff PIN was not changed.", file=out)
            return 1
    else:
        pin = stdin.readline()
    try:
        store.set_pin(pin)
    except PinError as error:
        print(f"The staff PIN was not changed: {error}.", file=out)
        return 1
    print(f"Staff PIN set (kept as a hash in {store.pin_file}).", file=out)
    return 0
