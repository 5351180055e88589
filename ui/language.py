"""Switching the kiosk's language on the spot: screens, Qt's own texts, numbers and speech.

The switch is the "English" / "中文" button on the home screen: each language is named in its
own words, so someone who cannot read the current one still finds theirs. The kiosk starts
again from its home screen in the new language; a half-finished order is left, as it would be
with Home. On a shared kiosk the configured language returns when the resident signs out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.translations import install_language

if TYPE_CHECKING:
    from ui.shell import MainWindow

# Each language's name in that language; never translated.
LANGUAGE_NAMES = {"zh_CN": "中文", "en_US": "English"}


def other_language(language: str) -> str:
    return "en_US" if language == "zh_CN" else "zh_CN"


def switch_language(window: MainWindow, language: str) -> None:
    """Show and speak everything in ``language`` from now on."""
    ctx = window.ctx
    if language == ctx.language:
        return
    ctx.config = ctx.config.with_changes(language=language)
    install_language(language)  # ours, Qt's own, and QLocale's numbers, dates and times
    ctx.speaker.set_language(language)
    window.retranslate()
    window.rebuild()
    current = window.current()
    if current is not None:
        ctx.say(current.spoken_text())
