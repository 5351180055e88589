"""``python -m voice.understand.train``: learn the second opinion from the dev sentences.

Reads ``tests/data/utterances/dev.jsonl`` (never the held-out part), and for each language
fits :class:`voice.understand.model.Model` by a few passes of stochastic gradient descent
on the log-loss, each sentence scored only over what its screen offers (plus ``sos`` and
:data:`~voice.understand.model.NOTHING`), exactly as the kiosk will ask the model. A
sentence written as "ask" between two actions teaches both, half each. Shuffling uses a
fixed seed and the file is written rounded and sorted, so training today gives the bytes
committed (a test checks it).

    python -m voice.understand.train [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voice.understand.model import MODEL_DIR, NOTHING, Model, model_path

if TYPE_CHECKING:
    from voice.understand import Understander

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV = REPO_ROOT / "tests" / "data" / "utterances" / "dev.jsonl"
LANGUAGES = ("zh_CN", "en_US")
# Chosen by leave-one-part-out cross-validation on dev (python -m bench understand_cv).
EPOCHS = 8
RATE = 0.25
DECAY = 0.7  # the rate of each pass is the one before times this
MIN_COUNT = 2  # a piece seen in fewer sentences than this says nothing that carries over
SEED = 17
# Weights smaller than this are dropped from the file: they change no decision.
TINY = 0.002


@dataclass(frozen=True)
class Example:
    pieces: tuple[str, ...]
    labels: tuple[str, ...]  # what the screen offers, plus sos and NOTHING
    target: dict[str, float]  # label -> share of the truth


def target_of(row: Mapping[str, Any]) -> dict[str, float]:
    """What a corpus line says the sentence means, as shares of labels."""
    if row["decision"] == "act":
        return {row["action"]: 1.0}
    if row["decision"] == "ask":
        sides = list(row.get("alternatives") or [row["action"]])
        return {side: 1.0 / len(sides) for side in sides}
    return {NOTHING: 1.0}


def examples(rows: Iterable[Mapping[str, Any]], understander: Understander) -> list[Example]:
    found = []
    for row in rows:
        offered = understander.screen(row["screen"])[0]
        labels = understander.model_labels(offered)
        target = {k: v for k, v in target_of(row).items() if k in labels}
        if not target:
            continue  # an action this screen does not offer: nothing to learn here
        total = sum(target.values())
        found.append(
            Example(
                understander.pieces(row["text"], offered),
                labels,
                {k: v / total for k, v in target.items()},
            )
        )
    return found


def fit(
    found: Sequence[Example],
    language: str,
    *,
    epochs: int = EPOCHS,
    rate: float = RATE,
    seed: int = SEED,
) -> Model:
    """Multinomial logistic regression by stochastic gradient descent, pure Python."""
    seen = Counter(piece for example in found for piece in example.pieces)
    kept = {piece for piece, count in seen.items() if count >= MIN_COUNT}
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    labels = sorted({label for example in found for label in example.labels})
    order = list(range(len(found)))
    shuffler = random.Random(seed)
    model = Model(language, tuple(labels), bias, weights)
    for _ in range(epochs):
        shuffler.shuffle(order)
        for index in order:
            example = found[index]
            pieces = [p for p in example.pieces if p in kept]
            probabilities = model.probabilities(pieces, example.labels)
            for label, probability in probabilities.items():
                step = rate * (probability - example.target.get(label, 0.0))
                if abs(step) < 1e-9:
                    continue
                bias[label] = bias.get(label, 0.0) - step
                for piece in pieces:
                    row = weights.setdefault(piece, {})
                    row[label] = row.get(label, 0.0) - step
        rate *= DECAY
    for piece in list(weights):
        row = {label: w for label, w in weights[piece].items() if abs(w) >= TINY}
        if row:
            weights[piece] = row
        else:
            del weights[piece]
    return model


def train(rows: Iterable[Mapping[str, Any]], understander: Understander) -> Model:
    """The model of ``understander``'s language learnt from ``rows`` of that language."""
    mine = [row for row in rows if row["language"] == understander.language]
    return fit(examples(mine, understander), understander.language)


def load_rows(path: Path = DEV) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def trained_files(path: Path = DEV) -> dict[str, str]:
    """language -> the model file's text, as training on ``path`` gives it today."""
    from voice.understand import Understander

    rows = load_rows(path)
    made = {}
    for language in LANGUAGES:
        understander = Understander(language, model=None)
        understander.prepare()
        made[language] = train(rows, understander).as_json()
    return made


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m voice.understand.train", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="only say whether the shipped files are up to date"
    )
    args = parser.parse_args(argv)
    stale = []
    for language, text in trained_files().items():
        path = model_path(language)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
            continue
        MODEL_DIR.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {len(text)} bytes", file=sys.stderr)
    if stale:
        print(f"out of date with dev.jsonl: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
