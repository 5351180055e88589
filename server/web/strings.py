"""The console's words: one table per language (``strings/zh_CN.toml``, ``strings/en_US.toml``),
read once. Chinese is the default; a page asks :func:`table` for the visitor's language."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Final

LANGUAGES: Final[tuple[str, ...]] = ("zh_CN", "en_US")
DEFAULT: Final = "zh_CN"
FOLDER = Path(__file__).with_name("strings")


class Strings:
    """The words of one language; ``t(key, **values)`` fills ``{name}`` places."""

    def __init__(self, language: str, words: dict[str, str]) -> None:
        self.language = language
        self.words = words

    @property
    def html_lang(self) -> str:
        return self.language.replace("_", "-")

    def has(self, key: str) -> bool:
        return key in self.words

    def t(self, key: str, /, **values: object) -> str:
        # A key missing from a table shows as itself, so a page never fails over a word
        # (the test of the tables makes sure both have every key the templates use).
        text = self.words.get(key, key)
        return text.format(**values) if values else text


def _flatten(data: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@functools.cache
def table(language: str) -> Strings:
    """The table of ``language`` (the default language's for one the console lacks)."""
    if language not in LANGUAGES:
        language = DEFAULT
    with (FOLDER / f"{language}.toml").open("rb") as file:
        return Strings(language, _flatten(tomllib.load(file)))


def pick(requested: str | None) -> str:
    return requested if requested in LANGUAGES else DEFAULT
