"""``python -m voice.understand --language zh_CN --screen home TEXT...``

Prints, for each text, one JSON line with what the named screen would decide:
``{"text", "action", "slots", "decision", "alternatives", "reason"}``. Other programs use it
to check the understanding; bad arguments are named on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from voice.intents import PhraseTableError
from voice.understand import SCREEN_NAMES, Understander

LANGUAGES = ("zh_CN", "en_US")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m voice.understand",
        description="What each text means on a kiosk screen, one JSON line per text.",
    )
    parser.add_argument(
        "--language", default="zh_CN", help=f"one of {', '.join(LANGUAGES)} (default zh_CN)"
    )
    parser.add_argument(
        "--screen", required=True, choices=SCREEN_NAMES, metavar="NAME",
        help=f"one of {', '.join(SCREEN_NAMES)}",
    )  # fmt: skip
    parser.add_argument("texts", nargs="+", metavar="TEXT", help="what was said")
    args = parser.parse_args(argv)
    if args.language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        parser.error(f"argument --language: {args.language!r} is not one of {known}")
    if not any(text.strip() for text in args.texts):
        parser.error("give at least one text that is not empty")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        understander = Understander(args.language)
    except PhraseTableError as error:
        print(f"python -m voice.understand: {error}", file=sys.stderr)
        return 2
    for text in args.texts:
        understood = understander.understand_screen(text, args.screen)
        print(json.dumps(understood.as_dict(), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
