"""The kiosk's two languages, each named in its own words.

The switch is the "English" / "中文" button on the home screen (``Navigator.switch_language``):
each language is named in its own words, so someone who cannot read the current one still
finds theirs. On a shared kiosk a resident sees their own language while signed in, and the
configured language returns when they sign out (ui.signin).
"""

from __future__ import annotations

# Each language's name in that language; never translated.
LANGUAGE_NAMES = {"zh_CN": "中文", "en_US": "English"}


def other_language(language: str) -> str:
    return "en_US" if language == "zh_CN" else "zh_CN"
