"""The glyph check behind ``main.py --check-glyphs``: the characters of the translations that
the font the theme resolves to cannot draw (``tests/test_installer.py`` runs it in the bundle
with the system's CJK fonts hidden). Not imported on the way to the first frame.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtGui import QFont, QRawFont

_QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_QM_MESSAGES = 0x69
_TAG_END, _TAG_TRANSLATION, _TAG_OBSOLETE1 = 1, 3, 5
_TAGS_WITH_LENGTH = {2, 4, 6, 7, 8}  # source text (16 and 8 bit), contexts, comment


def qm_translations(path: Path) -> list[str]:
    """Every translated text in a compiled Qt translation file (``.qm``)."""
    data = path.read_bytes()
    if not data.startswith(_QM_MAGIC):
        raise ValueError(f"{path} is not a Qt translation file")
    texts: list[str] = []
    at = len(_QM_MAGIC)
    while at + 5 <= len(data):
        tag, length = data[at], int.from_bytes(data[at + 1 : at + 5], "big")
        at += 5
        if tag == _QM_MESSAGES:
            texts += _messages(data[at : at + length])
        at += length
    return texts


def _messages(block: bytes) -> list[str]:
    texts = []
    at = 0
    while at < len(block):
        tag = block[at]
        at += 1
        if tag == _TAG_END:
            continue
        if tag == _TAG_OBSOLETE1:
            at += 4
            continue
        if tag != _TAG_TRANSLATION and tag not in _TAGS_WITH_LENGTH:
            raise ValueError(f"unknown tag {tag} in a .qm message")
        length = int.from_bytes(block[at : at + 4], "big")
        at += 4
        if length == 0xFFFFFFFF:  # a null translation
            continue
        if tag == _TAG_TRANSLATION:
            texts.append(block[at : at + length].decode("utf-16-be"))
        at += length
    return texts


def glyph_report(fonts: dict[str, QFont], text: str) -> tuple[list[str], bool]:
    """For each font (by weight name): the family it resolves to and the characters of
    ``text`` it cannot draw itself, one line each; and whether none are missing.

    Only the font Qt resolves the families to is asked, not Qt's per-glyph fallback: the
    style sheet means every widget to draw in that one font.
    """
    wanted = sorted({c for c in text if unicodedata.category(c)[0] not in "CZ"})  # no spaces
    lines, complete = [], True
    for weight, font in fonts.items():
        raw = QRawFont.fromFont(font)
        family = raw.familyName() if raw.isValid() else ""
        missing = "".join(
            c for c in wanted if not (raw.isValid() and raw.supportsCharacter(ord(c)))
        )
        complete = complete and not missing
        lines.append(
            f"glyphs {weight}: family={family!r} checked={len(wanted)} missing={len(missing)}"
            f" {missing}".rstrip()
        )
    return lines, complete
