"""Settings changed by staff on the kiosk are written into its config file: only those keys,
the rest of the file as it was, read back as written, and a broken file left alone."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.admin.settings_file import SettingsNotSaved, save_settings, updated_text
from app.config import load_config

STAFF_FILE = """\
# Set up by the installer on 2026-03-01.
mode = "kiosk"
font_scale = 100   # bigger later?

center_name = "朝阳社区"
"""


def test_only_the_changed_keys_are_rewritten_and_new_ones_added(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text(STAFF_FILE, encoding="utf-8")
    save_settings(file, {"font_scale": 150, "speech_enabled": False, "speech_rate": 170})
    text = file.read_text(encoding="utf-8")
    assert text.startswith('# Set up by the installer on 2026-03-01.\nmode = "kiosk"\n')
    assert "font_scale = 150\n" in text and 'center_name = "朝阳社区"' in text
    loaded = load_config(file, environ={})
    assert loaded.problems == [] and loaded.file_error is None
    config = loaded.config
    assert (config.font_scale, config.speech_enabled, config.speech_rate) == (150, False, 170)
    assert (config.mode, config.center_name) == ("kiosk", "朝阳社区")


def test_a_missing_file_and_folder_are_made(tmp_path: Path) -> None:
    file = tmp_path / "config" / "config.toml"
    save_settings(file, {"sos_countdown_s": 8, "device_name": 'Hall "A"\\1'})
    assert tomllib.loads(file.read_text(encoding="utf-8")) == {
        "sos_countdown_s": 8,
        "device_name": 'Hall "A"\\1',
    }


def test_keys_under_a_table_are_not_taken_for_settings() -> None:
    text = 'mode = "kiosk"\n[notes]\nfont_scale = "by hand"\n'
    written = tomllib.loads(updated_text(text, {"font_scale": 175}))
    assert written == {"mode": "kiosk", "font_scale": 175, "notes": {"font_scale": "by hand"}}


@pytest.mark.parametrize(
    ("changes", "why"),
    [({"font_scale": 250}, "font_scale"), ({"pin": "123456"}, "no such setting")],
)
def test_a_value_the_kiosk_would_refuse_is_not_written(
    tmp_path: Path, changes: dict[str, object], why: str
) -> None:
    file = tmp_path / "config.toml"
    file.write_text(STAFF_FILE, encoding="utf-8")
    with pytest.raises(SettingsNotSaved, match=why):
        save_settings(file, changes)
    assert file.read_text(encoding="utf-8") == STAFF_FILE


def test_a_file_that_is_not_toml_is_left_alone_with_a_reason(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text("mode = kiosk\n", encoding="utf-8")
    with pytest.raises(SettingsNotSaved, match=r"not valid TOML.*left as it is"):
        save_settings(file, {"font_scale": 125})
    assert file.read_text(encoding="utf-8") == "mode = kiosk\n"


def test_a_file_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "config"
    not_a_folder.write_text(STAFF_FILE, encoding="utf-8")
    with pytest.raises(SettingsNotSaved, match="cannot be written"):
        save_settings(not_a_folder / "config.toml", {"font_scale": 125})
    assert not_a_folder.read_text(encoding="utf-8") == STAFF_FILE
