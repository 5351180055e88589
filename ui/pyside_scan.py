"""Tell PySide6 up front which modules use it, so that its import hook does not read them.

Once PySide6 is imported, its import hook looks at the module each later import statement
returns, the first time it sees it, to know whether the module may switch on one of PySide6's
``__feature__`` options (snake_case, true_property): it reads the module's whole source file
and searches it for "PySide6". Before the first frame that is some eighty modules, about 8 ms
of a 0.21 s start: the ui modules, the app and voice modules they import names from, and the
standard library's (``from dataclasses import dataclass`` in a ui module reads dataclasses.py).

The kiosk selects no feature anywhere, so the answers are known without reading:
- a ui module uses PySide6, with no feature selected: 0 in the hook's table;
- app, voice, sync and i18n never import Qt (tests/test_architecture.py): not users, -1;
- a module loaded before PySide6 was (the standard library, sqlcipher3, ...) is entered as not
  a user, -1; the one difference it could make is to a module selecting a feature, and no
  module does.
These are the values the hook's own look stores (tests/ui/test_pyside_scan.py holds it to
that). A PySide6 without the table (a release that changed it) is left alone, and its hook
reads the files as before: slower, never wrong. An installed kiosk runs from bytecode, where
the hook finds no source to read; this is for the source checkout, which the start-up
benchmark measures.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

FEATURE_MODULE = "shibokensupport.feature"  # where PySide6 keeps the hook's table
NO_FEATURE = 0  # "uses PySide6, no feature selected"
NOT_A_USER = -1  # "does not use PySide6": the hook ignores it from then on
ROOT = Path(__file__).resolve().parent.parent
QT_PACKAGES = ("ui",)
QT_FREE_PACKAGES = ("app", "voice", "sync", "i18n")
# PySide6's own modules, and the script, whose entry the hook keeps itself.
HOOK_OWN = ("PySide6", "shiboken6", "shibokensupport", "signature_bootstrap", "__main__")


def feature_table() -> dict[str, int] | None:
    """The hook's table (module name -> feature selection), or None when this PySide6 has
    none (it is loaded together with PySide6: None before PySide6 is imported, too)."""
    module = sys.modules.get(FEATURE_MODULE)
    table = getattr(module, "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def module_names(folder: Path, package: str) -> list[str]:
    """The dotted names of every module and package under ``folder`` (the package
    ``package``), read from the folder itself so that a new module needs no list kept."""
    names = [package]
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return names
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if not entry.name.startswith((".", "_")):
                names.extend(module_names(Path(entry.path), f"{package}.{entry.name}"))
        elif entry.name.endswith(".py") and entry.name != "__init__.py":
            names.append(f"{package}.{entry.name[:-3]}")
    return names


def declare_modules(root: Path = ROOT) -> int:
    """Enter the kiosk's packages under ``root`` and every module loaded so far in the hook's
    table, so that it does not read them when they are imported. Entries already made are
    kept. Returns how many were entered (0 when this PySide6 has no table)."""
    table = feature_table()
    if table is None:
        log.debug("no PySide6 feature table: module sources are read at import")
        return 0
    before = len(table)
    for packages, value in ((QT_PACKAGES, NO_FEATURE), (QT_FREE_PACKAGES, NOT_A_USER)):
        for package in packages:
            for name in module_names(root / package, package):
                table.setdefault(name, value)
    for name in list(sys.modules):
        if name.partition(".")[0] not in HOOK_OWN:
            table.setdefault(name, NOT_A_USER)
    return len(table) - before
