"""Compile the ``.ts`` translation sources to ``.qm`` (and, with ``--update``, refresh them).

    python -m i18n.build            # lrelease: .ts -> .qm (setup and start-up do this)
    python -m i18n.build --update   # lupdate: collect tr() strings from the code into .ts

The ``.qm`` files are build output and not kept in git.
"""

from __future__ import annotations

import sys
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent
REPO_ROOT = I18N_DIR.parent
LANGUAGES = ("zh_CN", "en_US")
SOURCE_DIRS = ("ui",)


def ts_file(language: str) -> Path:
    return I18N_DIR / f"kiosk_{language}.ts"


def qm_file(language: str) -> Path:
    return I18N_DIR / f"kiosk_{language}.qm"


def _tool(name: str) -> str:
    """A PySide6 tool next to this Python (virtual environments) or on PATH."""
    import shutil

    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found; install PySide6")
    return found


def sources() -> list[str]:
    files = []
    for folder in SOURCE_DIRS:
        files += sorted(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / folder).rglob("*.py"))
    return files


def lupdate_command(target: Path) -> list[str]:
    """The lupdate call that collects every tr() string of the code into ``target``."""
    return [
        _tool("pyside6-lupdate"),
        "-no-obsolete",
        "-locations",
        "none",
        *sources(),
        "-ts",
        str(target),
    ]


def update() -> None:
    """Collect every tr() string into the .ts files; obsolete entries are dropped."""
    import subprocess

    for language in LANGUAGES:
        subprocess.run(lupdate_command(ts_file(language)), cwd=REPO_ROOT, check=True)


def release() -> list[Path]:
    """Compile each .ts into its .qm; return the .qm files."""
    import subprocess

    built = []
    for language in LANGUAGES:
        source, target = ts_file(language), qm_file(language)
        if not source.exists():
            continue
        subprocess.run(
            [_tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)], check=True
        )
        built.append(target)
    return built


def stale() -> bool:
    """True when some .qm is missing or older than its .ts."""
    for language in LANGUAGES:
        source, target = ts_file(language), qm_file(language)
        if source.exists() and (
            not target.exists() or target.stat().st_mtime < source.stat().st_mtime
        ):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh .ts from the code first")
    args = parser.parse_args(argv)
    if args.update:
        update()
    for path in release():
        print(f"built {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
