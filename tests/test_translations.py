"""Translations: every user-visible string goes through tr(), every one is translated, and
every Chinese character the kiosk can show has a glyph in the font it is drawn with.

ARCHITECTURE.md rule 5 and ELDER_UX.md "font": the .ts files are the sources lupdate keeps
(``python -m i18n.build --update``); a string missing from them shows in English on a
Chinese screen, and a character missing from the font shows as an empty box.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontMetrics, QRawFont
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app.catalog import load_catalog
from app.config import Config
from app.demo import DEMO_RESIDENTS
from app.people import mask_name
from i18n import build
from ui.theme import Theme

UI_DIR = build.REPO_ROOT / "ui"

# -- the .ts files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    kind: str  # the translation's type attribute: "" when finished
    numerus: bool


def messages(path: Path) -> list[Message]:
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{path.name}: {name}: no <translation>"
            forms = [f.text or "" for f in translation.iter("numerusform")]
            text = " | ".join(forms) if forms else (translation.text or "")
            found.append(
                Message(
                    context=name,
                    source=message.findtext("source", ""),
                    translation=text,
                    kind=translation.get("type", ""),
                    numerus=message.get("numerus") == "yes",
                )
            )
    return found


@pytest.mark.parametrize("language", build.LANGUAGES)
def test_every_message_is_finished_and_current(language: str) -> None:
    path = build.ts_file(language)
    found = messages(path)
    assert len(found) > 100, f"{path.name} holds only {len(found)} messages"
    problems = []
    for m in found:
        where = f"{m.context}: {m.source!r}"
        if m.kind in ("unfinished", "obsolete", "vanished"):
            problems.append(f"{where} is {m.kind}")
        elif not m.translation.strip() or (m.numerus and "|  |" in f"| {m.translation} |"):
            problems.append(f"{where} has an empty translation")
        missing = set(re.findall(r"%\d", m.source)) - set(re.findall(r"%\d", m.translation))
        if missing and m.translation.strip():
            problems.append(f"{where}: the translation drops {sorted(missing)}")
    assert problems == [], f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.slow  # lupdate in a child process
@pytest.mark.parametrize("language", build.LANGUAGES)
def test_lupdate_would_add_or_drop_nothing(language: str, tmp_path: Path) -> None:
    """Run lupdate as ``i18n.build --update`` does, into a copy: the .ts must not change."""
    real = build.ts_file(language)
    copy = tmp_path / real.name
    shutil.copyfile(real, copy)
    result = subprocess.run(
        build.lupdate_command(copy),
        cwd=build.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    before = {(m.context, m.source) for m in messages(real)}
    after = {(m.context, m.source) for m in messages(copy)}
    added = sorted(after - before)
    dropped = sorted(before - after)
    assert added == [], (
        f"tr() strings missing from {real.name} (run python -m i18n.build --update and "
        f"translate them): {added}"
    )
    assert dropped == [], f"{real.name} holds strings the code no longer uses: {dropped}"
    assert [m for m in messages(copy) if m.kind] == [], result.stdout


# -- every user-visible string through tr() ------------------------------------------------------

# Calls that put text in front of the elder (or a screen reader), and which of their
# arguments are that text: positions, and keyword names.
VISIBLE_ARGUMENTS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "QLabel": ((0,), ("text",)),
    "QPushButton": ((0,), ("text",)),
    "BigButton": ((0,), ("text", "description")),
    "BigTile": ((0, 1), ("name", "description")),
    "setText": ((0,), ()),
    "set_label": ((0, 1), ("text", "description")),
    "label": ((0,), ("text",)),  # Screen.label(text, role): the role is a property name
    "setWindowTitle": ((0,), ()),
    "setAccessibleName": ((0,), ()),
    "setAccessibleDescription": ((0,), ()),
    "setToolTip": ((0,), ()),
    "setPlaceholderText": ((0,), ()),
    "say": ((0,), ("text",)),
}

# (file relative to ui/, the literal): why it may be shown as it is. Keep this tiny.
ALLOWED: dict[tuple[str, str], str] = {}


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def words_in(node: ast.AST) -> list[str]:
    """Literal words (anything with a letter) that ``node`` puts into a string as they are.

    Variables, catalog data and the results of tr()/translate() hold no literal words;
    an f-string or a concatenation is only as good as its literal parts."""
    if isinstance(node, ast.Constant):
        text = node.value
        return [text] if isinstance(text, str) and any(c.isalpha() for c in text) else []
    if isinstance(node, ast.JoinedStr):
        return [w for part in node.values for w in words_in(part)]
    if isinstance(node, ast.BinOp):
        return words_in(node.left) + words_in(node.right)
    if isinstance(node, ast.IfExp):
        return words_in(node.body) + words_in(node.orelse)
    if isinstance(node, ast.Call) and call_name(node) not in ("tr", "translate"):
        # "literal".replace(...), "literal".format(...): the literal is shown.
        func = node.func
        if isinstance(func, ast.Attribute) and call_name(node) != "join":
            return words_in(func.value)
    return []


class Finder(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.depth = 0  # inside a function: tr() runs when the screen is built
        self.problems: list[str] = []

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(build.REPO_ROOT)}:{getattr(node, 'lineno', 0)}"

    def generic_visit(self, node: ast.AST) -> None:
        inside = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        self.depth += inside
        super().generic_visit(node)
        self.depth -= inside

    def visit_Call(self, node: ast.Call) -> None:
        name = call_name(node)
        if name in ("tr", "translate"):
            self.check_translation_call(node, name)
        elif name in VISIBLE_ARGUMENTS:
            positions, keywords = VISIBLE_ARGUMENTS[name]
            shown = [node.args[i] for i in positions if i < len(node.args)]
            shown += [k.value for k in node.keywords if k.arg in keywords]
            relative = str(self.path.relative_to(UI_DIR))
            for argument in shown:
                for literal in words_in(argument):
                    if (relative, literal) not in ALLOWED:
                        self.problems.append(
                            f"{self.where(node)}: {name}() shows {literal!r} without tr()"
                        )
        self.generic_visit(node)

    def check_translation_call(self, node: ast.Call, name: str) -> None:
        if self.depth == 0:
            self.problems.append(f"{self.where(node)}: {name}() runs at import time")
        # lupdate only sees literal texts (and contexts).
        literal_args = node.args[:1] if name == "tr" else node.args[:2]
        for argument in literal_args:
            if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                self.problems.append(
                    f"{self.where(node)}: {name}() of a non-literal, which lupdate cannot see"
                )


def ui_sources() -> list[Path]:
    return sorted(UI_DIR.rglob("*.py"))


def test_every_user_visible_literal_goes_through_tr() -> None:
    problems = []
    for path in ui_sources():
        finder = Finder(path)
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        problems += finder.problems
    assert problems == [], "\n".join(problems)


def test_the_literal_check_finds_what_it_should() -> None:
    """The check itself: untranslated words are found, translated and data texts are not."""
    code = """
def build(self, service, name):
    QLabel("Hello")
    self.title.setText(f"Welcome {name}")
    BigButton("Back" + "", theme, description="Go back")
    self.label("Not saved: %1.".replace("%1", name), "heading")
    self.ctx.say("Cancelled")
    QLabel(self.tr("Hello"))
    QLabel(service.name.get("zh_CN"))
    self.label(name, "heading")
    self.number.setText(" ".join(name))
    self.setAccessibleName(f"{name} {service}")
    widget.setObjectName("sos")
    widget.setProperty("role", "title")
    self.tr(name)
TITLE = QCoreApplication.translate("Ctx", "At import")
"""
    path = UI_DIR / "example.py"
    finder = Finder(path)
    finder.visit(ast.parse(code))
    found = [problem.split(": ", 1)[1] for problem in finder.problems]
    assert found == [
        "QLabel() shows 'Hello' without tr()",
        "setText() shows 'Welcome ' without tr()",
        "BigButton() shows 'Back' without tr()",
        "BigButton() shows 'Go back' without tr()",
        "label() shows 'Not saved: %1.' without tr()",
        "say() shows 'Cancelled' without tr()",
        "tr() of a non-literal, which lupdate cannot see",
        "translate() runs at import time",
    ]


# -- glyphs --------------------------------------------------------------------------------------


def chinese_texts() -> list[str]:
    """Every zh translation, and every Chinese text of the catalog, the demo and the config."""
    texts = [m.translation for m in messages(build.ts_file("zh_CN"))]
    catalog = load_catalog()
    for service in catalog.services:
        texts += [service.name.zh, service.description.zh]
        for choice_list in service.choices:
            texts.append(choice_list.title.zh)
            texts += [option.label.zh for option in choice_list.options]
    texts += [mask_name(name) for _, name, *_ in DEMO_RESIDENTS]
    texts.append(Config().center_name)
    return texts


def test_the_texts_to_check_are_there() -> None:
    texts = chinese_texts()
    assert "确认下单" in texts and "助餐" in texts and "李*国" in texts


def rendered_font(qtbot: Any, widget: QWidget, role: str) -> QFont:
    """The font ``widget`` with ``role`` is drawn in under the application's style sheet."""
    page = QWidget()
    qtbot.add_widget(page)
    page.setStyleSheet(Theme.create(theme="light", font_scale=100, dpi=149).stylesheet())
    widget.setParent(page)
    widget.setProperty("role", role)
    widget.ensurePolished()
    return QFont(widget.font())


@pytest.mark.parametrize(
    ("kind", "role"),
    [("label", ""), ("label", "title"), ("button", "primary"), ("button", "nav")],
    ids=["body", "title", "primary button", "nav button"],
)
def test_every_chinese_character_has_a_glyph_in_the_rendered_font(
    qtbot: Any, kind: str, role: str
) -> None:
    widget: QWidget = QLabel("助餐") if kind == "label" else QPushButton("助餐")
    font = rendered_font(qtbot, widget, role)
    raw = QRawFont.fromFont(font)
    metrics = QFontMetrics(font)
    assert raw.isValid()
    characters = sorted({c for text in chinese_texts() for c in text if not c.isspace()})
    # By code point: PySide's one-character str -> QChar overload misreports some characters.
    missing_in_font = "".join(c for c in characters if not raw.supportsCharacter(ord(c)))
    missing_anywhere = "".join(c for c in characters if not metrics.inFontUcs4(ord(c)))
    assert missing_in_font == "", (
        f"the {kind} ({role or 'body'}) is drawn in {raw.familyName()}, which lacks "
        f"{len(missing_in_font)} characters: {missing_in_font[:40]}"
    )
    assert missing_anywhere == ""
