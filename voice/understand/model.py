"""A learned second opinion on what a sentence asks for, beside the rules of word lists.

The rules (:mod:`voice.understand`) know the words they were given and stop there; this
model has learnt from the development sentences of the corpus (``tests/data/utterances/
dev.jsonl``) which pieces of text go with which action, pieces that carry over to sentences
said another way: for Chinese every character, pair and triple of characters and every word
(as :mod:`voice.understand.words` cuts them); for English every word, pair of words and word
stem. It is a linear model (multinomial logistic regression) whose scores are turned into
probabilities only over what the screen offers, plus ``sos`` and :data:`NOTHING` (the
sentence asks nothing of this screen): an action the screen does not offer is never
guessed.

The parameters are written by ``python -m voice.understand.train`` to
``voice/understand/model/<language>.json`` and shipped with the kiosk. A file that is
missing or broken is logged and the rules work alone (:func:`load_model`).
"""

from __future__ import annotations

import itertools
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "model"
FORMAT = 1
# The sentence asks nothing of this screen (chatter, something denied, another screen's).
NOTHING = "(nothing)"
# English word stems: the first letters of a longer word ("shower", "showers", "showering").
STEM = 5


def model_path(language: str, folder: Path = MODEL_DIR) -> Path:
    return folder / f"{language}.json"


def features(words_by_clause: Sequence[Sequence[str]], *, spaced: bool) -> list[str]:
    """The pieces of a sentence the model weighs: ``words_by_clause`` as the reader gives
    them (lower case, regional words made standard). Each piece once."""
    found: list[str] = []
    if spaced:
        for clause in words_by_clause:
            padded = ["<", *clause, ">"]
            found.extend(f"w:{w}" for w in clause)
            found.extend(f"s:{w[:STEM]}" for w in clause if len(w) > STEM)
            found.extend(f"b:{a}_{b}" for a, b in itertools.pairwise(padded))
    else:
        for clause in words_by_clause:
            text = "<" + "".join(clause) + ">"
            found.extend(f"w:{w}" for w in clause)
            found.extend(f"c:{c}" for c in text[1:-1])
            found.extend(f"b:{text[i : i + 2]}" for i in range(len(text) - 1))
            found.extend(f"t:{text[i : i + 3]}" for i in range(len(text) - 2))
    return list(dict.fromkeys(found))


@dataclass
class Model:
    """Weights of pieces for each label; :meth:`probabilities` over a screen's labels."""

    language: str
    labels: tuple[str, ...]
    bias: dict[str, float]
    weights: dict[str, dict[str, float]]  # piece -> label -> weight

    def probabilities(self, pieces: Iterable[str], labels: Iterable[str]) -> dict[str, float]:
        """How likely each of ``labels`` is (they sum to 1); labels never seen in training
        get the bias of none, so a new screen's actions are possible but not favoured."""
        wanted = tuple(dict.fromkeys(labels))
        scores = {label: self.bias.get(label, 0.0) for label in wanted}
        for piece in pieces:
            row = self.weights.get(piece)
            if row is None:
                continue
            for label, weight in row.items():
                if label in scores:
                    scores[label] += weight
        return softmax(scores)

    def as_json(self) -> str:
        """Compact, sorted, four decimals: the same training gives the same bytes."""
        data = {
            "format": FORMAT,
            "language": self.language,
            "labels": list(self.labels),
            "bias": {k: round(v, 4) for k, v in sorted(self.bias.items())},
            "weights": {
                piece: {k: round(v, 4) for k, v in sorted(row.items())}
                for piece, row in sorted(self.weights.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str, language: str) -> Model:
        """Raises ValueError saying what is wrong with ``text``."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"not JSON: {error}") from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a model of format {FORMAT}")
        if data.get("language") != language:
            raise ValueError(f"a model of {data.get('language')!r}, not of {language!r}")
        labels, bias, weights = data.get("labels"), data.get("bias"), data.get("weights")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise ValueError("labels: not a list of names")
        if not isinstance(bias, dict) or not _numbers(bias):
            raise ValueError("bias: not a table of numbers")
        if not isinstance(weights, dict) or not all(_numbers(row) for row in weights.values()):
            raise ValueError("weights: not a table of tables of numbers")
        return cls(language, tuple(labels), dict(bias), {k: dict(v) for k, v in weights.items()})


def _numbers(table: Any) -> bool:
    return isinstance(table, dict) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        for v in table.values()
    )


def softmax(scores: Mapping[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    top = max(scores.values())
    raised = {label: math.exp(score - top) for label, score in scores.items()}
    total = sum(raised.values())
    return {label: value / total for label, value in raised.items()}


def load_model(language: str, path: Path | None = None) -> Model | None:
    """The shipped model of ``language``, or None (logged: the rules then work alone)."""
    path = path if path is not None else model_path(language, MODEL_DIR)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        log.warning(
            "voice: no learned model for %s (%s); the word lists decide alone", language, error
        )
        return None
    try:
        return Model.from_json(text, language)
    except ValueError as error:
        log.warning(
            "voice: the learned model %s is broken (%s); the word lists decide alone", path, error
        )
        return None
