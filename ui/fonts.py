"""The Chinese font: a copy bundled by the installer stands in when the system has none.

``setup.sh`` installs fonts-noto-cjk, and the installer bundle (``installer/kiosk.spec``) also
carries its Noto Sans CJK files in ``assets/fonts/``, for a machine set up some other way.
:func:`register_bundled_fonts` makes those files known only when the system lacks the family
the theme wants first (``FONT_FAMILIES[0]``). It is cheap on the start-up path: a checkout
without ``assets/fonts/`` costs one failed directory read; on Linux the folder is handed to
fontconfig, which answers from its own cache after the first start (Qt's
``addApplicationFont`` would parse both 20 MB collections on every start, about 30 ms).

This module is imported on the way to the first frame, so it is kept small and imports Qt
inside the function, only when there are fonts to register. The glyph check of
``main.py --check-glyphs`` is in ``ui/glyphs.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from app.paths import ASSETS_DIR

log = logging.getLogger(__name__)

FONTS_DIR = ASSETS_DIR / "fonts"
FONT_SUFFIXES = (".ttc", ".otf", ".ttf")


def font_files(folder: Path = FONTS_DIR) -> list[Path]:
    """The font files in ``folder``; none if there is no such folder."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    except OSError:
        return []


def register_bundled_fonts(folder: Path = FONTS_DIR, family: str | None = None) -> str:
    """Make the fonts in ``folder`` usable if the system lacks ``family``; say what was done.

    Returns ``"none"`` (no font files), ``"system"`` (the system has the family: nothing to
    do), ``"fontconfig"`` or ``"qt"`` (how the files were added), or ``"failed"``. Call it
    after the QApplication exists and before the theme picks its family.
    """
    files = font_files(folder)
    if not files:
        return "none"
    from PySide6.QtGui import QFontDatabase

    if family is None:
        from ui.theme import FONT_FAMILIES

        family = FONT_FAMILIES[0]
    fontconfig = _fontconfig()
    if fontconfig is not None:
        if _fontconfig_has(fontconfig, family):
            return "system"
        added = fontconfig.FcConfigAppFontAddDir(None, str(folder).encode())
        if added and family in QFontDatabase.families():
            log.info("using the bundled fonts in %s (the system has no %s)", folder, family)
            return "fontconfig"
    elif family in QFontDatabase.families():
        return "system"
    # No fontconfig (Windows), or Qt had read its font list before the folder was added.
    for path in files:
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("the bundled font %s could not be loaded", path)
    if family in QFontDatabase.families():
        log.info("using the bundled fonts in %s (the system has no %s)", folder, family)
        return "qt"
    log.warning("no %s on this system and none in %s: Chinese may not display", family, folder)
    return "failed"


def _fontconfig() -> Any:
    """The process's fontconfig library (the one Qt uses), or None where there is none."""
    import sys

    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        library = ctypes.CDLL("libfontconfig.so.1")
        library.FcInit()  # Qt would do this a moment later: the config is loaded once
    except (OSError, AttributeError):
        return None
    library.FcConfigAppFontAddDir.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    library.FcNameParse.argtypes = [ctypes.c_char_p]
    library.FcNameParse.restype = ctypes.c_void_p
    library.FcObjectSetCreate.restype = ctypes.c_void_p
    library.FcObjectSetAdd.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    library.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    library.FcFontList.restype = ctypes.POINTER(ctypes.c_int)  # FcFontSet starts with nfont
    library.FcFontSetDestroy.argtypes = [ctypes.c_void_p]
    library.FcObjectSetDestroy.argtypes = [ctypes.c_void_p]
    library.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    return library


def _fontconfig_has(library: Any, family: str) -> bool:
    """Whether fontconfig knows a font of exactly ``family`` (no aliases, no substitutes)."""
    pattern = library.FcNameParse(family.replace("-", "\\-").encode())
    objects = library.FcObjectSetCreate()
    library.FcObjectSetAdd(objects, b"family")
    fonts = library.FcFontList(None, pattern, objects)
    found = bool(fonts) and fonts[0] > 0
    if fonts:
        library.FcFontSetDestroy(fonts)
    library.FcObjectSetDestroy(objects)
    library.FcPatternDestroy(pattern)
    return found
