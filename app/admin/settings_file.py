"""Writing settings that staff changed on the kiosk back into its config file.

Only the keys changed are touched: each ``key = value`` line of the file is replaced where it
is, a key the file does not have yet is added before the first table, and every other line
(comments, other keys, the staff's own notes) stays as it was. The new text is read back with
the same reader as at start-up and must give the values asked for before it replaces the old
file in one step, so a failure leaves the old file whole. A file that cannot be read as TOML
is left alone: its settings are staff's to mend, not the kiosk's to overwrite.

This does disk writes and an fsync: call it off the UI thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path

from app.config import Config, options


class SettingsNotSaved(Exception):
    """The file was not changed; the message says why, in words for staff."""


_KNOWN = {f.name for f in options()}
_TABLE = re.compile(r"^\s*\[")


def toml_value(value: object) -> str:
    """``value`` (a setting's bool, int, float or str) written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string (the same escapes), kept readable.
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"a setting cannot be {type(value).__name__}")


def updated_text(text: str, changes: Mapping[str, object]) -> str:
    """``text`` (a config file) with the ``changes`` written in."""
    lines = text.splitlines()
    pending = dict(changes)
    # Settings are top-level keys: a line under a table is some other key of the same name.
    first_table = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    for index, line in enumerate(lines[:first_table]):
        for key in list(pending):
            if re.match(rf"^\s*{re.escape(key)}\s*=", line):
                lines[index] = f"{key} = {toml_value(pending.pop(key))}"
                break
    if pending:
        added = [f"{key} = {toml_value(value)}" for key, value in pending.items()]
        lines[first_table:first_table] = added
    return "\n".join(lines) + "\n"


def save_settings(file: Path, changes: Mapping[str, object]) -> None:
    """Write ``changes`` (setting name to its new, checked value) into ``file``."""
    unknown = sorted(set(changes) - _KNOWN)
    if unknown:
        raise SettingsNotSaved(f"no such setting: {', '.join(unknown)}")
    try:
        Config().with_changes(**changes)  # each value must be one the kiosk accepts
    except ValueError as error:
        raise SettingsNotSaved(str(error)) from error
    try:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsNotSaved(f"the config file {file} cannot be read: {error}") from error
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsNotSaved(
            f"the config file {file} is not valid TOML ({error}); it was left as it is"
        ) from error
    new_text = updated_text(text, changes)
    try:
        written = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as error:  # pragma: no cover - a bug in updated_text
        raise SettingsNotSaved(f"the settings could not be written into {file}: {error}") from error
    if any(written.get(key) != value for key, value in changes.items()):
        raise SettingsNotSaved(f"the settings could not be written into {file} as asked")
    _replace(file, new_text)


def _replace(file: Path, text: str) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=file.name, dir=file.parent)
    except OSError as error:
        raise SettingsNotSaved(f"the config file {file} cannot be written: {error}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if file.exists():
            os.chmod(temporary, file.stat().st_mode & 0o777)
        os.replace(temporary, file)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise SettingsNotSaved(f"the config file {file} cannot be written: {error}") from error
