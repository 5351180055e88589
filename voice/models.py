"""Where the offline voice models live, and how they get there.

The kiosk looks for one vosk model per language in ``<models>/<language>/`` (``zh_CN``,
``en_US``); ``<models>`` is the ``voice_model_dir`` setting, or ``voice-models`` in the data
folder. A real deployment installs the standard small models once::

    .venv/bin/python -m voice.models download zh_CN en_US

which fetches them from alphacephei.com (the vosk project's own site) over HTTPS. A kiosk
without internet installs them from a copied zip file or folder instead::

    .venv/bin/python -m voice.models install zh_CN /media/usb/vosk-model-small-cn-0.22.zip

Without a model the Speak button says that voice is not installed; everything else works.

A model can be heard two ways (see ``voice.asr``): with the screen's grammar (short commands)
and with the model's own free language model (sentences). Which of the two a model supports
follows from its decoding graph, as vosk reads it:

- ``graph/HCLr.fst`` + ``graph/Gr.fst`` (a lookahead graph, as the small models have): both.
- ``graph/HCLr.fst`` without ``Gr.fst`` (the words then come from ``graph/words.txt``): the
  grammar only; vosk cannot make a free recogniser.
- ``graph/HCLG.fst`` (a static graph, as the big server models have): the free path only;
  vosk ignores a grammar for such a model and decodes with the graph's own language model.

``rescore/G.carpa`` and ``rnnlm/`` only rescore the free path's results. ``python -m
voice.models list`` and :func:`model_support` say which paths each installed model supports,
and why not.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import NamedTuple


class ModelSource(NamedTuple):
    name: str
    url: str
    size_mb: int


# The standard small models (about 40-50 MB each); they support per-screen grammars.
STANDARD_MODELS = {
    "zh_CN": ModelSource(
        "vosk-model-small-cn-0.22",
        "https://alphacephei.com/vosk/models/vosk-model-small-cn-0.22.zip",
        42,
    ),
    "en_US": ModelSource(
        "vosk-model-small-en-us-0.15",
        "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        40,
    ),
}


def is_model_folder(path: Path) -> bool:
    """A vosk model folder has at least an acoustic model and its configuration."""
    return (path / "am" / "final.mdl").is_file() and (path / "conf" / "model.conf").is_file()


class ModelSupport(NamedTuple):
    """Which ways of hearing a model folder supports, and why not (``""`` when it does)."""

    grammar: bool
    free: bool
    graph: str  # lookahead (HCLr.fst, with Gr.fst or words.txt), static (HCLG.fst) or none
    grammar_why_not: str = ""
    free_why_not: str = ""
    rescoring: tuple[str, ...] = ()  # what rescores the free path: carpa, rnnlm

    @property
    def paths(self) -> tuple[str, ...]:
        """The supported paths, grammar first: ("grammar", "free"), ("grammar",) ..."""
        return tuple(name for name, ok in (("grammar", self.grammar), ("free", self.free)) if ok)

    def describe(self) -> str:
        """One line for people: each path, yes or no and why not."""
        parts = []
        for name, ok, why in (
            ("grammar", self.grammar, self.grammar_why_not),
            ("free", self.free, self.free_why_not),
        ):
            parts.append(f"{name}: yes" if ok else f"{name}: no ({why})")
        if self.rescoring:
            parts.append("free path rescored by " + " + ".join(self.rescoring))
        return "; ".join(parts)


def model_support(path: Path) -> ModelSupport:
    """Which paths the model in ``path`` supports, from its files alone (nothing is loaded).

    The rules are vosk's own (``Model::ReadDataFiles`` and the ``Recognizer`` constructors):
    a static ``HCLG.fst`` wins over a lookahead ``HCLr.fst``; a free recogniser on a
    lookahead graph needs ``Gr.fst``; a grammar needs the model's word list, which is
    ``Gr.fst``'s or ``words.txt``.
    """
    if not is_model_folder(path):
        why = "there is no vosk model here (am/final.mdl and conf/model.conf)"
        return ModelSupport(False, False, "none", why, why)
    graph = path / "graph"
    rescoring = tuple(
        name
        for name, files in (
            ("carpa", ("rescore/G.carpa", "rescore/G.fst")),
            ("rnnlm", ("rnnlm/final.raw", "rnnlm/word_feats.txt")),
        )
        if all((path / f).is_file() for f in files)
    )
    if (graph / "HCLG.fst").is_file():
        return ModelSupport(
            grammar=False,
            free=True,
            graph="static",
            grammar_why_not=(
                "its decoding graph is fixed (graph/HCLG.fst): vosk ignores a grammar and "
                "decodes with the graph's own language model"
            ),
            rescoring=rescoring,
        )
    if not (graph / "HCLr.fst").is_file():
        why = "no decoding graph (graph/HCLG.fst or graph/HCLr.fst)"
        return ModelSupport(False, False, "none", why, why)
    has_lm = (graph / "Gr.fst").is_file()
    broken = ""  # vosk cannot load such a model at all
    if not (graph / "disambig_tid.int").is_file():
        broken = "vosk cannot load it: graph/disambig_tid.int is missing"
    elif not has_lm and not (graph / "words.txt").is_file():
        broken = "vosk cannot load it: no word list (graph/Gr.fst or graph/words.txt)"
    free_why = "" if has_lm else "no free language model: graph/Gr.fst is missing"
    return ModelSupport(
        grammar=not broken,
        free=has_lm and not broken,
        graph="lookahead",
        grammar_why_not=broken,
        free_why_not=broken or free_why,
        rescoring=rescoring if has_lm and not broken else (),
    )


class ModelInstallError(Exception):
    """A model could not be installed; the message says why and what to do."""


def default_root(data_dir: Path, configured: str = "") -> Path:
    return Path(configured).expanduser() if configured else data_dir / "voice-models"


def find_model(root: Path, language: str) -> Path | None:
    """The model folder for ``language`` under ``root``, if one is installed."""
    for candidate in (root / language, root / language.split("_")[0]):
        if is_model_folder(candidate):
            return candidate
    return None


def installed_models(root: Path) -> dict[str, Path]:
    """Every model folder under ``root`` by its folder name (the language), sorted."""
    if not root.is_dir():
        return {}
    return {
        child.name: child
        for child in sorted(root.iterdir())
        if not child.name.startswith(".") and is_model_folder(child)
    }


def model_report(root: Path, languages: Iterable[str] = ()) -> list[dict[str, object]]:
    """For each of ``languages`` and each other installed model: its folder and the paths it
    supports, as plain data (``python -m voice.models list --json`` prints it)."""
    found = installed_models(root)
    rows: list[dict[str, object]] = []
    for language in dict.fromkeys([*languages, *found]):
        path = found.get(language) or find_model(root, language)
        if path is None:
            rows.append({"language": language, "installed": False, "path": None})
            continue
        support = model_support(path)
        rows.append(
            {
                "language": language,
                "installed": True,
                "path": str(path),
                **support._asdict(),
                "paths": list(support.paths),
                "summary": support.describe(),
            }
        )
    return rows


def _model_inside(folder: Path) -> Path:
    """The model folder in an unpacked archive: the folder itself or its one sub-folder."""
    if is_model_folder(folder):
        return folder
    children = [c for c in folder.iterdir() if c.is_dir()]
    if len(children) == 1 and is_model_folder(children[0]):
        return children[0]
    raise ModelInstallError(
        "this is not a vosk model: there is no am/final.mdl and conf/model.conf in it"
    )


def _safe_extract(archive: Path, target: Path) -> None:
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.infolist():
                parts = PurePosixPath(member.filename).parts
                if member.filename.startswith("/") or ".." in parts:
                    raise ModelInstallError(f"the archive has an unsafe path: {member.filename}")
            zipped.extractall(target)
    # A damaged member fails only while it is unpacked: a bad CRC is a BadZipFile, damaged
    # compressed data a zlib.error, a cut-off member an EOFError.
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ModelInstallError(f"{archive} is not a readable zip file: {error}") from error


def install(language: str, source: Path, root: Path) -> Path:
    """Install a model from a zip file or a folder as ``root/language``; returns that folder.

    The new model is unpacked and checked beside the old one and then moved into place, so
    a failed install leaves the previous model working.
    """
    if not source.exists():
        raise ModelInstallError(f"{source} does not exist")
    root.mkdir(parents=True, exist_ok=True)
    import tempfile  # only when a model is installed

    work = Path(tempfile.mkdtemp(prefix=f".{language}-", dir=root))
    try:
        if source.is_dir():
            unpacked = work / "model"
            shutil.copytree(source, unpacked)
        else:
            _safe_extract(source, work)
            unpacked = work
        model = _model_inside(unpacked)
        target = root / language
        old = root / f".{language}-old"
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            target.rename(old)
        model.rename(target)
        if old.exists():
            shutil.rmtree(old)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def download(language: str, root: Path, url: str | None = None, *, timeout: float = 60) -> Path:
    """Fetch and install the standard model for ``language`` (or the one at ``url``)."""
    if url is None:
        if language not in STANDARD_MODELS:
            raise ModelInstallError(f"no standard model is known for {language}")
        url = STANDARD_MODELS[language].url
    import urllib.error
    import urllib.request  # only when downloading

    root.mkdir(parents=True, exist_ok=True)
    import tempfile  # only when a model is downloaded

    handle, name = tempfile.mkstemp(prefix=f".{language}-", suffix=".zip", dir=root)
    os.close(handle)
    archive = Path(name)
    try:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer, archive.open("wb") as out:
                shutil.copyfileobj(answer, out, 1 << 20)
        except OSError as error:  # URLError and HTTPError are OSErrors
            if isinstance(error, urllib.error.HTTPError):
                error.close()  # it holds the server's answer and its connection open
            raise ModelInstallError(f"cannot download {url}: {error}") from error
        return install(language, archive, root)
    finally:
        archive.unlink(missing_ok=True)


def check_models(root: Path, phrase_dir: Path | None = None) -> int:
    """Print, per installed language, the phrases whose words the model lacks (those phrases
    are left out of the grammars, and logged when the kiosk loads the model) and the ways the
    model can hear; 1 if a phrase is left out or a free path that should work does not."""
    from voice.asr import VoiceModel, VoiceUnavailable, build_grammar
    from voice.intents import PHRASE_DIR, IntentMatcher, PhraseTableError, load_phrase_table

    folder = phrase_dir or PHRASE_DIR
    missing = 0
    languages = sorted({p.stem for p in folder.glob("*.toml")})
    for language in languages:
        path = find_model(root, language)
        if path is None:
            print(f"{language}: no model installed")
            continue
        try:
            matcher = IntentMatcher(load_phrase_table(language, folder))
            model = VoiceModel(path)
        except (PhraseTableError, VoiceUnavailable) as error:
            print(f"{language}: {error}")
            missing += 1
            continue
        grammar = build_grammar(matcher.grammar_phrases(), language, model.knows)
        print(f"{language}: {len(grammar.phrases)} phrases usable, {len(grammar.unknown)} left out")
        for phrase, words in grammar.unknown.items():
            print(f"  {phrase!r}: the model does not know {', '.join(words)}")
        missing += len(grammar.unknown)
        print(f"  {model.support.describe()}")
        if model.support.free and model.free_recognizer(16000) is None:
            print(f"  free: the model says it has one, but vosk cannot use it: {model.free_error}")
            missing += 1
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    from app.paths import resolve_paths

    parser = argparse.ArgumentParser(
        prog="python -m voice.models", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--dir", help="models folder (default: voice-models in the data folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    get = commands.add_parser("download", help="download the standard small models")
    get.add_argument("languages", nargs="+", choices=sorted(STANDARD_MODELS))
    get.add_argument("--url", help="fetch from this address instead (one language only)")
    put = commands.add_parser("install", help="install a model from a zip file or folder")
    put.add_argument("language")
    put.add_argument("source", type=Path)
    shown = commands.add_parser(
        "list", help="show which languages have a model, and which ways it can hear"
    )
    shown.add_argument("--json", action="store_true", help="one JSON object per model")
    check = commands.add_parser(
        "check", help="load each installed model and list the phrases it cannot hear"
    )
    check.add_argument("--phrases", type=Path, help="folder of phrase tables (i18n/phrases)")
    args = parser.parse_args(argv)

    root = default_root(resolve_paths().data_dir, args.dir or "")
    try:
        if args.command == "download":
            if args.url and len(args.languages) > 1:
                parser.error("--url goes with one language")
            for language in args.languages:
                print(f"{language}: downloading ...", file=sys.stderr)
                print(f"{language}: installed in {download(language, root, args.url)}")
        elif args.command == "install":
            print(f"{args.language}: installed in {install(args.language, args.source, root)}")
        elif args.command == "check":
            return check_models(root, args.phrases)
        else:
            for row in model_report(root, sorted(STANDARD_MODELS)):
                if args.json:
                    print(json.dumps(row, ensure_ascii=False))
                elif row["installed"]:
                    print(f"{row['language']}: {row['path']}\n  {row['summary']}")
                else:
                    print(f"{row['language']}: not installed")
    except ModelInstallError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
