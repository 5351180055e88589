"""The kiosk's command line: one table of options, read two ways.

A kiosk is started by systemd with the same few options every day, and argparse costs about
4 ms of a 0.2 s start (its import, and a gettext look-up for each message as the parser is
built). So a command line made only of the table's options in their plain forms
(``--demo``, ``--mode kiosk``, ``--mode=kiosk``) is read here directly; anything else (help,
a mistake, ``--voice-files``, an abbreviation) goes to argparse, built from the same table,
which explains or refuses it as usual. tests/test_kiosk_args.py holds both readings equal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, NamedTuple

SUPPRESS = "==SUPPRESS=="  # argparse.SUPPRESS, without importing argparse


class Option(NamedTuple):
    flag: str
    help: str
    choices: tuple[str, ...] = ()
    takes_value: bool = False
    many: bool = False  # one or more values (nargs="+")
    metavar: str | None = None

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")


DESCRIPTION = "Community elder-care kiosk"
OPTIONS = (
    Option("--demo", "seed demo residents; own data folder"),
    Option("--mode", "override the configured mode", choices=("home", "kiosk"), takes_value=True),
    Option("--fullscreen", "fill the screen (kiosks)"),
    Option("--data-dir", "keep config, data and logs under this folder", takes_value=True),
    Option("--language", "override the language", choices=("zh_CN", "en_US"), takes_value=True),
    Option("--theme", "override the colour theme", choices=("light", "dark"), takes_value=True),
    Option(
        "--voice-files",
        "hear these recordings, one per press of Speak, instead of the microphone",
        takes_value=True,
        many=True,
        metavar="WAV",
    ),
    Option(
        "--set-admin-pin",
        "set the staff PIN of the admin screen (read from the console or stdin) and stop",
    ),
    Option("--exit-after-first-frame", SUPPRESS),
    # For the installer's tests: list the characters of the translations the font cannot draw.
    Option("--check-glyphs", SUPPRESS),
)


def parse_args(argv: Sequence[str] | None = None) -> Any:
    """The options given (``sys.argv[1:]`` by default), as attributes named like argparse's
    (``args.data_dir``); argparse's message and exit status for a command line it refuses."""
    words = list(sys.argv[1:] if argv is None else argv)
    quick = quick_parse(words)
    return quick if quick is not None else full_parser().parse_args(words)


def defaults() -> dict[str, Any]:
    return {o.dest: (None if o.takes_value else False) for o in OPTIONS}


def quick_parse(words: Sequence[str]) -> SimpleNamespace | None:
    """The plain command line read directly, or None when argparse should read it."""
    by_flag = {o.flag: o for o in OPTIONS}
    values = defaults()
    seen: set[str] = set()
    index = 0
    while index < len(words):
        flag, equals, value = words[index].partition("=")
        option = by_flag.get(flag)
        if option is None or option.many or flag in seen:
            return None
        seen.add(flag)
        if not option.takes_value:
            if equals:
                return None
            values[option.dest] = True
        else:
            if not equals:
                index += 1
                if index == len(words):
                    return None
                value = words[index]
            if (
                not value
                or value.startswith("-")
                or (option.choices and value not in option.choices)
            ):
                return None
            values[option.dest] = value
        index += 1
    return SimpleNamespace(**values)


def full_parser() -> Any:
    import argparse

    parser = argparse.ArgumentParser(description=DESCRIPTION)
    for option in OPTIONS:
        extra: dict[str, Any] = {}
        if option.choices:
            extra["choices"] = option.choices
        if option.many:
            extra["nargs"] = "+"
        if option.metavar:
            extra["metavar"] = option.metavar
        if not option.takes_value:
            extra["action"] = "store_true"
        help_text = argparse.SUPPRESS if option.help == SUPPRESS else option.help
        parser.add_argument(option.flag, help=help_text, **extra)
    return parser
