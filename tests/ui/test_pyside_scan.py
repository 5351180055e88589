"""ui.pyside_scan: the ui modules are entered in PySide6's import-hook table before import,
with the value the hook itself would give them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore  # noqa: F401  (the hook and its table come with PySide6)

from ui import pyside_scan
from ui.pyside_scan import NO_FEATURE, NOT_A_USER, declare_modules, feature_table, module_names


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    """A package ``scanpkg`` on sys.path: two modules, a subpackage, a cache folder."""
    root = tmp_path / "scanpkg"
    (root / "sub").mkdir(parents=True)
    (root / "__pycache__").mkdir()
    (root / "__init__.py").write_text("", encoding="utf-8")
    (root / "uses_qt.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (root / "plain.py").write_text("VALUE = 1\n", encoding="utf-8")
    (root / "notes.txt").write_text("not a module\n", encoding="utf-8")
    (root / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (root / "sub" / "deep.py").write_text("VALUE = 2\n", encoding="utf-8")
    (root / "__pycache__" / "stale.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    yield root
    sys.path.remove(str(tmp_path))
    table = feature_table() or {}
    for name in [n for n in sys.modules if n == "scanpkg" or n.startswith("scanpkg.")]:
        del sys.modules[name]
        table.pop(name, None)
    for name in [n for n in table if n.startswith("scanpkg")]:
        del table[name]


def test_the_names_are_read_from_the_folder(package: Path) -> None:
    assert sorted(module_names(package, "scanpkg")) == [
        "scanpkg",
        "scanpkg.plain",
        "scanpkg.sub",
        "scanpkg.sub.deep",
        "scanpkg.uses_qt",
    ]


def test_a_missing_folder_gives_the_package_alone(tmp_path: Path) -> None:
    assert module_names(tmp_path / "gone", "gone") == ["gone"]


def test_the_hook_itself_gives_a_module_using_pyside6_the_value_entered(package: Path) -> None:
    # The contract the shortcut rests on: this PySide6's hook reads a newly imported module
    # and stores NO_FEATURE for one that uses PySide6 (and something else for one that does
    # not). A PySide6 that changes this fails here, not in the field.
    table = feature_table()
    assert table is not None, "this PySide6 has no feature table: ui.pyside_scan does nothing"
    # The hook sits in the import statement (builtins.__import__, not importlib's API) and
    # looks at the module the statement returns.
    exec("from scanpkg.uses_qt import QObject\nfrom scanpkg.plain import VALUE", {})
    assert table["scanpkg.uses_qt"] == NO_FEATURE
    assert table["scanpkg.plain"] == NOT_A_USER


def test_declared_modules_are_entered_and_earlier_entries_kept(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = feature_table()
    assert table is not None
    free = package.parent / "scanfree"
    free.mkdir()
    (free / "__init__.py").write_text("", encoding="utf-8")
    (free / "rules.py").write_text("LIMIT = 3\n", encoding="utf-8")
    monkeypatch.setattr(pyside_scan, "QT_PACKAGES", ("scanpkg",))
    monkeypatch.setattr(pyside_scan, "QT_FREE_PACKAGES", ("scanfree",))
    table["scanpkg.plain"] = NOT_A_USER  # as if the hook had looked at it already
    try:
        assert declare_modules(package.parent) >= 6  # with the modules loaded so far
        assert table["scanpkg.uses_qt"] == NO_FEATURE
        assert table["scanpkg.sub.deep"] == NO_FEATURE
        assert table["scanpkg.plain"] == NOT_A_USER
        assert table["scanfree"] == table["scanfree.rules"] == NOT_A_USER
        assert declare_modules(package.parent) == 0  # a second call changes nothing
    finally:
        table.pop("scanfree", None)
        table.pop("scanfree.rules", None)


def test_the_kiosk_packages_are_declared() -> None:
    table = feature_table()
    assert table is not None
    declare_modules()
    for name in ("ui.shell", "ui.home.screen", "ui.widgets.buttons"):
        assert name in table
    for name in ("app.store", "app.catalog", "voice.tts", "sync.protocol"):
        assert name in table


def test_a_pyside6_without_the_table_is_left_alone(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pyside_scan, "FEATURE_MODULE", "no.such.module")
    assert feature_table() is None
    assert declare_modules(package.parent) == 0


def test_modules_loaded_before_are_entered_as_not_users_but_pysides_own_are_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = feature_table()
    assert table is not None
    loaded = type(sys)("scan_loaded_before")
    monkeypatch.setitem(sys.modules, "scan_loaded_before", loaded)
    for own in ("__main__", "PySide6.QtCore", "shiboken6"):
        monkeypatch.delitem(table, own, raising=False)
    try:
        declare_modules()
        assert table["scan_loaded_before"] == NOT_A_USER
        for own in ("__main__", "PySide6.QtCore", "shiboken6"):
            assert own not in table, own  # the hook keeps these itself
    finally:
        table.pop("scan_loaded_before", None)
