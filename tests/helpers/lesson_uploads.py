"""Lesson folders as an administrator uploads them to the center: zipped (with or without
the folder itself, with hostile paths) or as JSON."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from tests.helpers.tutorials import PICTURE, SMALL_LESSON


def small_lesson_files(lesson_id: str = "one_tap", version: int = 1) -> dict[str, bytes]:
    """The two-step lesson of tests.helpers.tutorials, file name -> content."""
    return {
        "lesson.toml": SMALL_LESSON.format(lesson_id=lesson_id, version=version).encode(),
        "one.svg": PICTURE,
        "icon.svg": PICTURE,
    }


def folder_files(folder: Path) -> dict[str, bytes]:
    """A lesson folder on disk, file name -> content."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def zipped(files: dict[str, bytes], top: str | None = None) -> bytes:
    """A .zip of ``files``, inside the folder ``top`` as a desktop archiver makes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{top}/{name}" if top else name, data)
    return buffer.getvalue()


def as_json(files: dict[str, bytes]) -> dict[str, Any]:
    """The JSON form of an upload: lesson.toml and the pictures as text."""
    return {
        "toml": files["lesson.toml"].decode(),
        "files": {n: d.decode() for n, d in files.items() if n != "lesson.toml"},
    }


ZIP_HEADERS = {"Content-Type": "application/zip"}
