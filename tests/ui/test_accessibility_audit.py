"""The accessibility audit: every screen and dialog of the gallery, held to ELDER_UX.md.

Each case shows one gallery entry (ui/gallery.py) in one language, theme and font scale on
one reference screen, grabs the window and measures it (tests/helpers/audit.py): touch
targets and gaps in mm, type in pt, contrast from the grabbed pixels, clipped text, primary
choices, the fixed places of Back, Home and SOS, and accessible names. A case collects every
broken rule and fails once, naming the widget and the number against the floor.

One demo kiosk window serves all the cases of its language, theme, scale, reference screen
and mode (cases run in that order), so the whole audit takes well under a minute or two.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.catalog import load_catalog
from tests.helpers.audit import Reference, audit
from tests.helpers.audit_known import NEEDS_REDESIGN
from ui.gallery import DemoKiosk, Entry, entries
from ui.layout.pager import Pager
from ui.theme import Theme
from ui.translations import install_language

# The reference screens of ELDER_UX.md.
REFERENCES = (
    Reference("kiosk", (1920, 1080), 102.0),  # community kiosk: 21.5 inch, viewed at 50 cm
    Reference("tablet", (1280, 800), 149.0),  # home tablet: 10.1 inch, held at 35 cm
)
LANGUAGES = ("zh_CN", "en_US")
THEMES = ("light", "dark")
FONT_SCALES = (100, 200)

# Hundreds of grabbed and measured windows: the full run only.
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Case:
    entry: Entry
    language: str
    theme: str
    font_scale: int
    reference: Reference

    @property
    def id(self) -> str:
        return (
            f"{self.entry.name}-{self.language}-{self.theme}-{self.font_scale}pct"
            f"-{self.reference.name}"
        )

    @property
    def window_key(self) -> tuple[str, str, int, str, str]:
        return (self.language, self.theme, self.font_scale, self.reference.name, self.entry.mode)

    def heading(self) -> str:
        w, h = self.reference.size
        return (
            f"screen {self.entry.name!r}, {self.language}, {self.theme} theme, "
            f"{self.font_scale} % type, {self.reference.name} reference screen "
            f"({w}x{h} px at {self.reference.dpi:g} DPI)"
        )


def known_failure(case: Case) -> list[pytest.MarkDecorator]:
    """xfail, strictly, the cases that need a redesign (tests/helpers/audit_known.py), unless
    ``AUDIT_MEASURE_ALL=1`` asks for every case's measurements."""
    if os.environ.get("AUDIT_MEASURE_ALL") == "1":
        return []
    key = (case.entry.name, case.language, case.font_scale, case.reference.name)
    reason = NEEDS_REDESIGN.get(key)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def cases() -> Iterator[Any]:
    listed = entries(load_catalog())
    for reference in REFERENCES:
        for font_scale in FONT_SCALES:
            for language in LANGUAGES:
                for theme in THEMES:
                    for mode in ("home", "kiosk"):
                        for entry in (e for e in listed if e.mode == mode):
                            case = Case(entry, language, theme, font_scale, reference)
                            yield pytest.param(case, id=case.id, marks=known_failure(case))


class KioskPool:
    """The one demo kiosk window in use; a new one when the cases move to another setup."""

    def __init__(self) -> None:
        self.key: tuple[str, str, int, str, str] | None = None
        self.kiosk: DemoKiosk | None = None

    def get(self, case: Case) -> DemoKiosk:
        if self.key != case.window_key or self.kiosk is None:
            self.close()
            self.kiosk = DemoKiosk(
                language=case.language,
                theme=case.theme,
                font_scale=case.font_scale,
                dpi=case.reference.dpi,
                size=case.reference.size,
                mode=case.entry.mode,
            )
            self.key = case.window_key
        install_language(case.language)  # another module may have switched it meanwhile
        return self.kiosk

    def close(self) -> None:
        if self.kiosk is not None:
            self.kiosk.close()
        self.kiosk, self.key = None, None


@pytest.fixture(scope="module")
def kiosks(qapp: Any) -> Iterator[KioskPool]:
    pool = KioskPool()
    yield pool
    pool.close()
    install_language("zh_CN")


@pytest.mark.parametrize("case", list(cases()))
def test_screen_meets_the_elder_rules(case: Case, kiosks: KioskPool) -> None:
    kiosk = kiosks.get(case)
    shown = kiosk.show(case.entry)
    page = kiosk.window.current() if shown is kiosk.window else None

    def measure() -> list[str]:
        return list(
            audit(
                shown,
                kiosk.ctx.theme,
                case.reference,
                places=case.entry.places,
                language=case.language,
                font_scale=case.font_scale,
                page=page,
            )
        )

    failures = measure()
    # A body split into pages (large type) is measured on every page, not just the first.
    for pager in (p for p in shown.findChildren(Pager) if p.isVisible() and p.page_count > 1):
        first = pager.page
        for number in range(pager.page_count):
            if number != first:
                pager.show_page(number)
                failures += [f"page {number + 1}: {line}" for line in measure()]
        pager.show_page(first)
    assert not failures, (
        f"{case.heading()}: {len(failures)} broken rules of ELDER_UX.md\n  " + "\n  ".join(failures)
    )


def test_every_gallery_entry_is_audited() -> None:
    names = [e.name for e in entries(load_catalog())]
    assert len(names) == len(set(names))
    audited = {p.values[0].entry.name for p in cases()}
    assert audited == set(names)
    assert len(list(cases())) == len(names) * 2 * 2 * 2 * 2


def test_every_known_redesign_names_a_real_case() -> None:
    audited = [p.values[0] for p in cases()]
    keys = {(c.entry.name, c.language, c.font_scale, c.reference.name) for c in audited}
    assert set(NEEDS_REDESIGN) - keys == set()


# -- the audit itself ----------------------------------------------------------------------------


def test_the_audit_finds_what_it_should(qtbot: Any) -> None:
    """A page that breaks the rules on purpose: each broken rule is reported with its number."""
    theme = Theme.create(theme="light", font_scale=100, dpi=102)
    reference = Reference("kiosk", (400, 400), 102.0)
    page = QWidget()
    qtbot.add_widget(page)
    page.setStyleSheet(theme.stylesheet())
    layout = QVBoxLayout(page)
    layout.setSpacing(0)
    faint = QLabel("Faint words")
    faint.setObjectName("faint")
    faint.setStyleSheet("color: #BBBBBB;")
    faint.setAccessibleName("Loading")
    small = QPushButton("Tiny")
    small.setObjectName("tiny")
    small.setStyleSheet("min-height: 10px; min-width: 10px; font-size: 10px; padding: 0;")
    small.setFixedSize(20, 20)
    neighbour = QPushButton("Next")
    neighbour.setObjectName("neighbour")
    neighbour.setAccessibleDescription("Go to the next page")
    wide = QLabel("A sentence far too long for its narrow little label")
    wide.setObjectName("wide")
    wide.setFixedWidth(80)
    short = QLabel("一句话太长了，这个标签放不下这么多字。")
    short.setObjectName("short")
    short.setWordWrap(True)
    short.setFixedSize(120, 30)
    for widget in (faint, small, neighbour, wide, short):
        layout.addWidget(widget)
    page.resize(*reference.size)
    page.show()
    qtbot.waitExposed(page)

    found = list(
        audit(page, theme, reference, places="flow", language="zh_CN", font_scale=100, page=None)
    )
    expected = [
        "faint “Faint words”: contrast 1.72:1 < 7:1 (text #BBBBBB on #F5F2EA",
        "faint “Faint words”: English words on a Chinese screen",
        "faint “Faint words”: a screen reader says “Loading”, not the text shown",
        "tiny “Tiny”: 5.0 x 5.0 mm < 12 x 12 mm (tappable element)",
        "tiny “Tiny”: type 7.1 pt < 18 pt (body text: 18 pt grown to 100%)",
        "tiny “Tiny”: label clipped: needs 20 px of width",
        "tiny “Tiny”: no accessible description",
        "tiny “Tiny” and neighbour “Next”: gap 0.0 mm < 3 mm",
        "wide “A sentence far too long for its narrow l”: text clipped: needs 635 px of width",
        "short “一句话太长了，这个标签放不下这么多字。”: text clipped: needs",
        "SOS: not on screen",
        "back: not on screen",
        "home: not on screen",
    ]
    missing = [e for e in expected if not any(line.startswith(e) for line in found)]
    assert missing == [], "\n".join(found)
    assert not any(line.startswith("neighbour “Next”: no accessible") for line in found)
