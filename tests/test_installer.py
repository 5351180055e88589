"""The installer bundle: it builds, starts, and draws every Chinese character with its own font.

The bundle is built once per session with ``installer/build.sh`` into a temporary folder
(about 30-60 s). The glyph tests hide the system's CJK fonts from fontconfig (a fonts.conf
that knows only DejaVu) and run ``--check-glyphs``, which lists the characters of the zh_CN
translations that the font the theme resolves to cannot draw: the bundle must draw them all
with its own Noto Sans CJK, and the same check without that font must find them missing.
"""

from __future__ import annotations

import filecmp
import importlib.util
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from i18n import build
from tests.helpers.center import HTTP_TIMEOUT, wait_until
from ui.fonts import font_files, register_bundled_fonts
from ui.glyphs import qm_translations

ROOT = Path(__file__).resolve().parent.parent
NAME = "eldercare-kiosk"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
GLYPHS = re.compile(r"^glyphs (\w+): family='([^']*)' checked=(\d+) missing=(\d+) ?(.*)$", re.M)


def environment(home: Path, **extra: str) -> dict[str, str]:
    """This process's environment without kiosk or fontconfig settings, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ELDERKIOSK_", "FONTCONFIG_"))
    }
    return {**env, "ELDERKIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built bundle's folder (``dist/eldercare-kiosk``)."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip(
            "PyInstaller is not installed: `bash installer/setup.sh --test` installs it"
            " (the build extra of pyproject.toml)"
        )
    where = tmp_path_factory.mktemp("installer")
    result = subprocess.run(
        ["bash", "installer/build.sh", "--dist", str(where / "dist"), "--work", str(where / "w")],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    folder = where / "dist" / NAME
    assert "Built in " in result.stdout and str(folder) in result.stdout
    return folder


@pytest.fixture
def blind_fontconfig(tmp_path: Path) -> dict[str, str]:
    """Environment settings under which fontconfig knows DejaVu and no CJK font at all."""
    if not (DEJAVU / "DejaVuSans.ttf").is_file():
        pytest.skip(f"the glyph check needs a Latin-only font folder; {DEJAVU} is missing")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


def glyph_lines(stdout: str) -> dict[str, tuple[str, int, int, str]]:
    """weight -> (family, characters checked, number missing, the missing characters)."""
    return {
        weight: (family, int(checked), int(missing), chars)
        for weight, family, checked, missing, chars in GLYPHS.findall(stdout)
    }


# -- the bundle -------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_bundle_holds_the_kiosk_and_its_files(bundle: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    inside = bundle / "_internal"
    fonts = inside / "assets" / "fonts"
    for name in ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"):
        assert (fonts / name).stat().st_size > 10_000_000
    assert "SIL OPEN FONT LICENSE" in (fonts / "NotoSansCJK-LICENSE.txt").read_text().upper()
    for folder, pattern in [
        ("assets/icons", "*.svg"),
        ("assets/catalog", "*.toml"),
        ("i18n/phrases", "*.toml"),
        ("app/migrations", "*.sql"),
        ("server/migrations", "*.py"),
        ("server/migrations/versions", "*.py"),
        ("server/web/templates", "*.html"),
        ("server/web/strings", "*.toml"),
        ("server/web/static", "*"),
    ]:
        names = sorted(p.name for p in (ROOT / folder).glob(pattern))
        assert names, folder
        _same, mismatch, errors = filecmp.cmpfiles(ROOT / folder, inside / folder, names, False)
        assert (mismatch, errors) == ([], []), folder
    for language in build.LANGUAGES:
        assert (inside / "i18n" / f"kiosk_{language}.qm").is_file()
    assert (inside / "vosk" / "libvosk.so").is_file()
    assert not (inside / "tests").exists() and not (inside / "bench").exists()

    modules = set(CArchiveReader(str(bundle / NAME)).open_embedded_archive("PYZ.pyz").toc)
    wanted = {
        "app.store",
        "ui.fonts",
        "voice.asr",
        "sync.worker",
        "i18n.build",
        "server.embedded",
        "server.app",
        "uvicorn.loops.auto",
        "alembic.op",
        "qasync",
        "vosk",
        "pyttsx3.drivers.espeak",
    }
    assert wanted <= modules, sorted(wanted - modules)
    assert not any(m.split(".")[0] in {"tests", "bench", "pytest"} for m in modules)


@pytest.mark.slow
def test_the_bundle_reaches_its_first_frame(bundle: Path, tmp_path: Path) -> None:
    result = run([str(bundle / NAME), "--demo", "--exit-after-first-frame"], environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.search(r"^first-frame \d+\.\d+$", result.stdout, re.M), result.stdout


@pytest.mark.slow
def test_the_bundles_demo_center_serves_the_staff_console(bundle: Path, tmp_path: Path) -> None:
    """The demo's center runs inside the kiosk: its console pages need their templates, words
    and files from the bundle, not from a checkout."""
    log_file = tmp_path / "logs" / "kiosk.log"
    with subprocess.Popen(
        [str(bundle / NAME), "--demo"],
        cwd=tmp_path,
        env=environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as kiosk:
        try:
            url = wait_until(
                lambda: _center_url(log_file, kiosk), 90, "the demo's center in the kiosk log"
            )
            signin = requests.get(f"{url}/console/sign-in", timeout=HTTP_TIMEOUT)
            assert signin.status_code == 200, signin.text[-2000:]
            assert "登录" in signin.text and 'name="password"' in signin.text
            for name, kind in (("console.css", "text/css"), ("board.js", "text/javascript")):
                static = requests.get(f"{url}/console/static/{name}", timeout=HTTP_TIMEOUT)
                assert static.status_code == 200 and static.headers["content-type"].startswith(
                    kind
                ), name
            board = requests.get(f"{url}/console/", allow_redirects=False, timeout=HTTP_TIMEOUT)
            assert board.status_code == 303
            assert board.headers["location"].startswith("/console/sign-in")
        finally:
            kiosk.terminate()
            try:
                kiosk.wait(20)
            except subprocess.TimeoutExpired:
                kiosk.kill()
                kiosk.wait(10)


def _center_url(log_file: Path, kiosk: subprocess.Popen[str]) -> str | None:
    if kiosk.poll() is not None:
        stderr = kiosk.stderr.read() if kiosk.stderr else ""
        raise AssertionError(f"the kiosk exited with {kiosk.returncode}: {stderr[-3000:]}")
    if not log_file.is_file():
        return None
    found = re.search(r"embedded center server on (http://127\.0\.0\.1:\d+)", log_file.read_text())
    return found.group(1) if found else None


@pytest.mark.slow
def test_the_bundled_font_draws_every_chinese_character(
    bundle: Path, tmp_path: Path, blind_fontconfig: dict[str, str]
) -> None:
    result = run([str(bundle / NAME), "--check-glyphs"], environment(tmp_path, **blind_fontconfig))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fonts fontconfig" in result.stdout  # the system has none: the bundle's was added
    lines = glyph_lines(result.stdout)
    assert set(lines) == {"regular", "bold"}, result.stdout
    for family, checked, missing, chars in lines.values():
        assert family == "Noto Sans CJK SC"
        assert checked > 100
        assert (missing, chars) == (0, "")


@pytest.fixture
def bundle_without_fonts(bundle: Path) -> Iterator[Path]:
    fonts = bundle / "_internal" / "assets" / "fonts"
    aside = fonts.with_name("fonts-aside")
    fonts.rename(aside)
    try:
        yield bundle
    finally:
        aside.rename(fonts)


@pytest.mark.slow
def test_the_bundle_without_its_font_lacks_the_chinese_glyphs(
    bundle_without_fonts: Path, tmp_path: Path, blind_fontconfig: dict[str, str]
) -> None:
    result = run(
        [str(bundle_without_fonts / NAME), "--check-glyphs"],
        environment(tmp_path, **blind_fontconfig),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fonts none" in result.stdout
    lines = glyph_lines(result.stdout)
    assert set(lines) == {"regular", "bold"}, result.stdout
    for family, _checked, missing, chars in lines.values():
        assert family != "Noto Sans CJK SC"
        assert missing > 100 and "助" in chars and "养" in chars


# -- from source --------------------------------------------------------------------------------


@pytest.mark.slow  # the kiosk in a child process
def test_from_source_without_the_font_the_check_finds_missing_glyphs(
    tmp_path: Path, blind_fontconfig: dict[str, str]
) -> None:
    """The control: the same check fails where no CJK font can be found."""
    if font_files():
        pytest.skip("this checkout carries fonts in assets/fonts/")
    result = run(
        [sys.executable, "main.py", "--check-glyphs"], environment(tmp_path, **blind_fontconfig)
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = glyph_lines(result.stdout)
    assert set(lines) == {"regular", "bold"}, result.stdout
    for _family, checked, missing, chars in lines.values():
        assert missing > 100 and missing <= checked
        assert "助" in chars and "养" in chars


def test_the_check_reads_every_translation_of_the_compiled_file() -> None:
    if build.stale():
        build.release()
    tree = ET.parse(build.ts_file("zh_CN"))
    translated = {
        node.text
        for node in tree.iter("translation")
        if node.text and node.get("type") not in {"vanished", "obsolete"}
    }
    assert set(qm_translations(build.qm_file("zh_CN"))) == translated


def test_bundled_fonts_are_left_alone_when_the_system_has_the_family(
    qapp: object, tmp_path: Path
) -> None:
    assert register_bundled_fonts(tmp_path) == "none"  # nothing to add
    (tmp_path / "NotoSansCJK-Regular.ttc").write_bytes(b"not read")
    from PySide6.QtGui import QFontDatabase

    if "Noto Sans CJK SC" not in QFontDatabase.families():
        pytest.skip("fonts-noto-cjk is not installed here")
    assert register_bundled_fonts(tmp_path) == "system"
