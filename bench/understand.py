"""Understanding everyday speech: how often the kiosk does what was meant, on text.

Every utterance of the corpus (``tests/data/utterances/<part>.jsonl``, see
docs/ARCHITECTURE.md, Voice) is given to ``voice.understand.Understander.understand_screen``
for its screen, in its language, and the decision is compared with the one written beside it:

- ``accuracy``: the decision, the action and the slots are all as written (for "ask", the
  same alternatives in any order);
- ``ask_again``: share of utterances that should have acted and got "none";
- ``wrong``: share that acted on an action other than the one written (also where nothing,
  or a question, was written): the figure that must stay near zero;
- ``sos_recall``: share of the utterances written as sos that gave sos with decision "act";
- ``orders_placed_wrongly`` / ``sos_started_wrongly``: "yes" on the confirm screen (which
  places an order) and "sos" acted on where the corpus says otherwise.

Figures per language and per written action, the list of wrong decisions, and timing:
per-utterance understanding time (p50/p95, the understanding already loaded), the loading
of each language (jieba's and pypinyin's dictionaries, the first sentence), and what the
listener's thread adds on the grammar path after the recogniser's final result
(``voice.intents.decide`` then understanding, p95; the grammar path's goal is an intent
within 300 ms, of which ``python -m bench voice`` measures the recogniser's part).

The held-out part is the default: it is what the figures in docs/PERFORMANCE.md are about.
``--part dev`` is for development, and the only part to tune on.

    python -m bench understand [--part heldout|dev] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.stats import median, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "tests" / "data" / "utterances"
PARTS = ("heldout", "dev")
GOALS = {"accuracy": 0.90, "wrong": 0.01, "sos_recall": 1.0}
GOAL_GRAMMAR_MS = 300.0
FIELDS = ("id", "language", "screen", "text", "action", "slots", "decision")


class CorpusError(Exception):
    """A corpus file is missing or a line of it is broken; the message says where."""


def load_corpus(part: str, folder: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    path = folder / f"{part}.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CorpusError(f"{path}: cannot be read: {error}") from error
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise CorpusError(f"{path}:{number}: not JSON: {error}") from error
        missing = [f for f in FIELDS if f not in row]
        if missing:
            raise CorpusError(f"{path}:{number}: missing {', '.join(missing)}")
        rows.append(row)
    return rows


def judge(row: Mapping[str, Any], got: Mapping[str, Any]) -> dict[str, bool]:
    """How one answer compares with what the corpus says it should be."""
    expected_decision = row["decision"]
    acted = got["decision"] == "act"
    if expected_decision == "act":
        same = acted and got["action"] == row["action"] and got["slots"] == (row["slots"] or {})
    elif expected_decision == "ask":
        same = got["decision"] == "ask" and set(got["alternatives"]) == set(
            row.get("alternatives") or ()
        )
    else:
        same = got["decision"] == "none"
    return {
        "right": same,
        "ask_again": expected_decision == "act" and got["decision"] == "none",
        "wrong": acted and (expected_decision != "act" or got["action"] != row["action"]),
        "sos_expected": row["action"] == "sos" and expected_decision == "act",
        "sos_given": acted and got["action"] == "sos",
        "slots_only": acted
        and expected_decision == "act"
        and got["action"] == row["action"]
        and not same,
    }


def figures(judged: list[dict[str, bool]]) -> dict[str, Any]:
    count = len(judged)
    sos = [j for j in judged if j["sos_expected"]]

    def share(key: str) -> float:
        return round(sum(j[key] for j in judged) / count, 4) if count else 0.0

    return {
        "n": count,
        "accuracy": share("right"),
        "ask_again": share("ask_again"),
        "wrong": share("wrong"),
        "sos_recall": round(sum(j["sos_given"] for j in sos) / len(sos), 4) if sos else None,
        "sos_n": len(sos),
        "right_action_wrong_slots": sum(j["slots_only"] for j in judged),
    }


def evaluate(rows: Iterable[Mapping[str, Any]], understanders: Mapping[str, Any]) -> dict:
    """Every row understood on its screen; the figures, per language and action, and the
    decisions that acted wrongly. ``understanders``: language -> Understander."""
    judged: list[tuple[Mapping[str, Any], dict[str, Any], dict[str, bool]]] = []
    for row in rows:
        got = understanders[row["language"]].understand_screen(row["text"], row["screen"])
        answer = got.as_dict()
        judged.append((row, answer, judge(row, answer)))
    by_language: dict[str, list[dict[str, bool]]] = defaultdict(list)
    by_action: dict[str, list[dict[str, bool]]] = defaultdict(list)
    by_style: dict[str, list[dict[str, bool]]] = defaultdict(list)
    for row, _, verdict in judged:
        by_language[row["language"]].append(verdict)
        key = row["action"] if row["decision"] == "act" else f"({row['decision']})"
        by_action[key].append(verdict)
        by_style[row.get("style", "?")].append(verdict)
    everything = [verdict for _, _, verdict in judged]
    wrong = [
        {
            "id": row.get("id"),
            "language": row["language"],
            "screen": row["screen"],
            "text": row["text"],
            "expected": _short(row),
            "got": _short(answer),
        }
        for row, answer, verdict in judged
        if verdict["wrong"]
    ]
    missed = [
        {
            "id": row.get("id"),
            "language": row["language"],
            "screen": row["screen"],
            "text": row["text"],
            "expected": _short(row),
            "got": _short(answer),
            "reason": answer["reason"],
        }
        for row, answer, verdict in judged
        if not verdict["right"] and not verdict["wrong"]
    ]
    orders = sum(
        1
        for row, answer, verdict in judged
        if verdict["wrong"] and row["screen"] == "confirm" and answer["action"] == "yes"
    )
    sos = sum(1 for _, _, verdict in judged if verdict["wrong"] and verdict["sos_given"])
    return {
        **figures(everything),
        "orders_placed_wrongly": orders,
        "sos_started_wrongly": sos,
        "per_language": {lang: figures(v) for lang, v in sorted(by_language.items())},
        "per_action": {action: figures(v) for action, v in sorted(by_action.items())},
        "per_style": {style: figures(v) for style, v in sorted(by_style.items())},
        "wrong_decisions": wrong,
        "not_right": missed,
    }


def _short(answer: Mapping[str, Any]) -> dict[str, Any]:
    short: dict[str, Any] = {"decision": answer["decision"], "action": answer["action"]}
    if answer.get("slots"):
        short["slots"] = answer["slots"]
    if answer["decision"] == "ask":
        short["alternatives"] = list(answer.get("alternatives") or ())
    return short


def goals_met(result: Mapping[str, Any]) -> dict[str, bool]:
    return {
        "accuracy_ge_0_90": result["accuracy"] >= GOALS["accuracy"],
        "wrong_le_0_01": result["wrong"] <= GOALS["wrong"],
        "sos_recall_1": result["sos_recall"] in (None, 1.0),
        "no_order_or_sos_placed_wrongly": result["orders_placed_wrongly"] == 0
        and result["sos_started_wrongly"] == 0,
    }


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def measure_loading(language: str) -> dict[str, float]:
    """A fresh process: importing voice.understand, making an Understander, preparing it
    (the dictionaries) and the first sentence, each timed."""
    child = (
        "import json, sys, time\n"
        f"sys.path.insert(0, {str(REPO_ROOT)!r})\n"
        "t0 = time.perf_counter()\n"
        "from voice.understand import Understander\n"
        "t1 = time.perf_counter()\n"
        f"u = Understander({language!r})\n"
        "t2 = time.perf_counter()\n"
        "u.prepare()\n"
        "t3 = time.perf_counter()\n"
        "u.understand_screen('明天中午送两份饭' if u.language.startswith('zh') else"
        " 'two lunches tomorrow please', 'home')\n"
        "t4 = time.perf_counter()\n"
        "print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3]))\n"
    )
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"the loading child failed:\n{done.stderr}")
    imported, made, prepared, first = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "import_ms": ms(imported),
        "make_ms": ms(made),
        "prepare_ms": ms(prepared),
        "first_sentence_ms": ms(first),
    }


def measure_timing(
    rows: list[dict[str, Any]], understanders: Mapping[str, Any], rounds: int
) -> dict[str, Any]:
    """Per-utterance understanding time, and the listener's share on the grammar path."""
    from voice.intents import IntentMatcher, decide

    matchers = {lang: IntentMatcher(u.table) for lang, u in understanders.items()}
    understand: dict[str, list[float]] = defaultdict(list)
    grammar: list[float] = []
    for _ in range(rounds):
        for row in rows:
            u = understanders[row["language"]]
            offered, slots_for = u.screen(row["screen"])
            started = time.perf_counter()
            u.understand(row["text"], offered, slots_for=slots_for)
            understand[row["language"]].append(time.perf_counter() - started)
            started = time.perf_counter()
            decide(matchers[row["language"]], [(row["text"], 1.0)], offered)
            u.understand(row["text"], offered, slots_for=slots_for)
            grammar.append(time.perf_counter() - started)
    every = [t for times in understand.values() for t in times]
    return {
        "understand_ms": {
            "p50": ms(median(every)),
            "p95": ms(percentile(every, 95)),
            "max": ms(max(every)),
            "runs": len(every),
            **{
                lang: {"p50": ms(median(t)), "p95": ms(percentile(t, 95))}
                for lang, t in sorted(understand.items())
            },
        },
        "grammar_path_listener_ms": {
            "p50": ms(median(grammar)),
            "p95": ms(percentile(grammar, 95)),
            "basis": (
                "voice.intents.decide on the utterance as the recogniser's only result, then"
                " Understander.understand, as the listener's thread does after the final"
                " result; the recogniser's own time is bench voice's intent_ms"
            ),
        },
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench understand",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--part", choices=PARTS, default="heldout", help="corpus part")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds over the part")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        rows = load_corpus(args.part, args.corpus)
    except CorpusError as error:
        raise SystemExit(str(error)) from error
    machine = describe()
    languages = sorted({row["language"] for row in rows})
    loading = {language: measure_loading(language) for language in languages}
    print(f"loading: {loading}", file=sys.stderr)
    from voice.understand import Understander

    understanders = {language: Understander(language) for language in languages}
    for understander in understanders.values():
        understander.prepare()
    result = evaluate(rows, understanders)
    timing = measure_timing(rows, understanders, args.rounds)
    met = goals_met(result)
    met["grammar_path_listener_p95_le_300ms"] = (
        timing["grammar_path_listener_ms"]["p95"] <= GOAL_GRAMMAR_MS
    )
    return {
        "part": args.part,
        **result,
        **timing,
        "loading": loading,
        "machine": machine,
        "goals": {**GOALS, "grammar_path_p95_ms": GOAL_GRAMMAR_MS},
        "goals_detail": met,
        "goals_met": all(met.values()),
    }
