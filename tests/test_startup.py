"""Starting the real program: bad config and a broken database give plain messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each test starts the real program in a child process.
pytestmark = pytest.mark.slow


def start(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ELDERKIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--exit-after-first-frame", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_demo_reaches_its_first_frame(tmp_path: Path) -> None:
    result = start(tmp_path, "--demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-frame ")


def test_a_bad_config_value_names_the_key_and_the_kiosk_still_starts(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(
        'mode = "kiosks"\nfont_scale = 500\n', encoding="utf-8"
    )
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "'mode'" in result.stderr and "home | kiosk" in result.stderr
    assert "'font_scale'" in result.stderr and "100 to 200" in result.stderr


def test_a_config_file_that_is_not_toml_is_reported_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    config = tmp_path / "config" / "config.toml"
    config.write_text("mode = = kiosk\n", encoding="utf-8")
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cannot be read" in result.stderr
    assert config.read_text(encoding="utf-8") == "mode = = kiosk\n"


def test_a_database_that_is_not_one_says_so_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    database = tmp_path / "data" / "kiosk.sqlite3"
    database.write_bytes(b"not a database " * 100)
    result = start(tmp_path)
    assert result.returncode == 2
    assert "cannot be used (corrupt)" in result.stderr
    assert "Ask staff" in result.stderr
    assert database.read_bytes() == b"not a database " * 100


def test_heavy_modules_wait_until_after_the_first_frame(tmp_path: Path) -> None:
    """Rule 4 of the architecture: nothing heavy on the way to the home screen."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['main.py', '--demo', '--exit-after-first-frame']\n"
        "try:\n"
        "    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['requests', 'pydantic', 'sqlalchemy', 'fastapi', 'qasync', 'vosk',\n"
        "         'pyttsx3', 'PySide6.QtWebEngineWidgets']\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    env = {**os.environ, "ELDERKIOSK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "first-frame" in result.stdout, result.stderr
    assert "LOADED []" in result.stdout, result.stdout
