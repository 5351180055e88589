"""Render the kiosk's screens to PNG files, for the docs and for looking at changes.

    python -m ui.screenshots OUT_DIR [--dpi 149] [--size 1280x800] [--only NAME ...]

Each screen of the gallery (``ui/gallery.py``) is shown in zh_CN and en_US, light and dark
theme, with demo data, on the offscreen platform unless a display is set, and saved as
``NAME_LANGUAGE_THEME.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ui.gallery import DemoKiosk, Entry, entries
from ui.translations import install_language

LANGUAGES = ("zh_CN", "en_US")
THEMES = ("light", "dark")


def render(
    out_dir: Path,
    *,
    dpi: float,
    size: tuple[int, int],
    only: list[str] | None = None,
    font_scale: int = 100,
) -> list[Path]:
    if QApplication.instance() is None:
        from ui.collector import UiThreadCollector

        # As in the kiosk: reference cycles collected on this thread between events only.
        UiThreadCollector(QApplication(sys.argv[:1])).start()
    out_dir.mkdir(parents=True, exist_ok=True)
    listed: list[Entry] = [e for e in entries() if not only or e.name in only]
    unknown = set(only or ()) - {e.name for e in listed}
    if unknown:
        raise ValueError(f"no such screen: {', '.join(sorted(unknown))}")
    written: list[Path] = []
    for language in LANGUAGES:
        for theme_name in THEMES:
            for mode in ("home", "kiosk"):
                wanted = [e for e in listed if e.mode == mode]
                if not wanted:
                    continue
                kiosk = DemoKiosk(
                    language=language,
                    theme=theme_name,
                    font_scale=font_scale,
                    dpi=dpi,
                    size=size,
                    mode=mode,
                )
                try:
                    for entry in wanted:
                        shown = kiosk.show(entry, wait_ms=50)
                        path = out_dir / f"{entry.name}_{language}_{theme_name}.png"
                        shown.grab().save(str(path))
                        written.append(path)
                finally:
                    kiosk.close()
    install_language("zh_CN")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render every screen to PNG.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--dpi", type=float, default=149.0)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--font-scale", type=int, default=100, choices=range(100, 201, 10))
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these screens")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    for path in render(
        args.out_dir,
        dpi=args.dpi,
        size=(width, height),
        only=args.only,
        font_scale=args.font_scale,
    ):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
