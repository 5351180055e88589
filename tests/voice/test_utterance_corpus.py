"""The utterance corpus: everyday speech with what each screen should do with it (issue 17).

``tests/data/utterances/dev.jsonl`` is for developing the understanding of speech;
``heldout.jsonl`` is only for measuring it (``python -m bench understand``), so that the
figures say how well the kiosk understands sentences nobody tuned it on. One JSON object a line:

    {"id": "zh-0001", "language": "zh_CN", "screen": "home", "text": "...",
     "action": "service.meals" | null, "slots": {"meal": "today_lunch"},
     "decision": "act" | "ask" | "none", "alternatives": [...] (only for "ask"),
     "style": "direct" | "indirect" | ... | "chatter"}

The labels say what the kiosk should do, as a person at the center would take it: an action
the screen offers (or a global one), slots only for what was pinned down to one catalog option
(a day not said means today), "ask" with two or three alternatives, best first, where a
person would ask which was meant, and distress is an SOS on every screen. This test checks the
format and the coverage, not any matcher; it reads the phrase tables and the catalog only for
their names.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO / "tests" / "data" / "utterances"
PARTS = ("dev", "heldout")
CATALOG = REPO / "assets" / "catalog" / "services.toml"
PHRASES_DIR = REPO / "i18n" / "phrases"

LANGUAGES = {"zh_CN": "zh", "en_US": "en"}
MIN_PER_LANGUAGE = {"zh_CN": 300, "en_US": 100}
MIN_TOTAL = 400
# Each held-out part, once measured, joins development and a fresh one is written by someone
# who has not seen the understanding, less its near copies of development sentences: so the
# held-out part is judged by its size, enough for a figure to mean something, and it stays
# under half of the corpus.
HELDOUT_AT_LEAST = 250
HELDOUT_AT_MOST_SHARE = 0.45
# Two texts of one language this alike (difflib ratio of their words, or characters in
# Chinese) are the same sentence with a word swapped, not a different way of saying it.
NEAR_COPY_RATIO = 0.75
MIN_COMPARED_TOKENS = 3

STYLES = (
    "direct",
    "indirect",
    "question",
    "colloquial",
    "filler",
    "mishearing",
    "distress",
    "negation",
    "chatter",
)
DECISIONS = ("act", "ask", "none")
FIELDS = ("id", "language", "screen", "text", "action", "slots", "decision", "style")
GLOBAL_ACTIONS = ("sos", "back", "home", "read_aloud")
HOME_ENTRIES = ("my_orders", "health", "learn", "video_call", "language")
CHOICE_SCREENS = {"meals_choice": "meal", "portions_choice": "portions", "when_choice": "when"}
ID_PATTERN = re.compile(r"(zh|en)-\d{4,5}")


# -- what the corpus is checked against ----------------------------------------------------------


def _load_catalog() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(service id -> its choice ids, choice id -> its option ids), from the default catalog."""
    data = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
    choices = {
        choice_id: tuple(str(option["id"]) for option in choice["options"])
        for choice_id, choice in data["choices"].items()
    }
    services = {str(s["id"]): tuple(s.get("choices", ())) for s in data["services"]}
    return services, choices


SERVICES, CHOICES = _load_catalog()


def _offered() -> dict[str, frozenset[str]]:
    """Each screen's own actions (the globals are offered everywhere besides)."""
    offered = {
        "home": frozenset({f"service.{sid}" for sid in SERVICES} | set(HOME_ENTRIES)),
        "confirm": frozenset({"yes", "no"}),
        "sos_countdown": frozenset({"cancel", "no"}),
    }
    for screen, choice_id in CHOICE_SCREENS.items():
        offered[screen] = frozenset(f"option.{oid}" for oid in CHOICES[choice_id])
    return offered


OFFERED = _offered()
SCREENS = tuple(OFFERED)


def _intent_names(language: str) -> frozenset[str]:
    data = tomllib.loads((PHRASES_DIR / f"{language}.toml").read_text(encoding="utf-8"))
    return frozenset(data["intents"])


INTENTS = {language: _intent_names(language) for language in LANGUAGES}


# -- loading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Utterance:
    part: str
    line: int
    row: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.part}.jsonl:{self.line} ({self.row.get('id', '?')})"


def _load(part: str) -> tuple[list[Utterance], list[str]]:
    path = CORPUS_DIR / f"{part}.jsonl"
    rows: list[Utterance] = []
    problems: list[str] = []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [f"{part}.jsonl is not UTF-8: {exc}"]
    if text.startswith("\ufeff"):
        problems.append(f"{part}.jsonl starts with a byte order mark")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            problems.append(f"{part}.jsonl:{number}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{part}.jsonl:{number}: not JSON: {exc}")
            continue
        if not isinstance(row, dict):
            problems.append(f"{part}.jsonl:{number}: not a JSON object")
            continue
        rows.append(Utterance(part, number, row))
    return rows, problems


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Utterance]]:
    loaded: dict[str, list[Utterance]] = {}
    problems: list[str] = []
    for part in PARTS:
        loaded[part], part_problems = _load(part)
        problems += part_problems
    assert not problems, "\n".join(problems)
    return loaded


def _all(corpus: dict[str, list[Utterance]]) -> list[Utterance]:
    return [u for part in PARTS for u in corpus[part]]


def _report(problems: list[str]) -> str:
    shown = problems[:60]
    more = f"\n... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    return f"{len(problems)} problem(s):\n" + "\n".join(shown) + more


# -- each line -----------------------------------------------------------------------------------


def _field_problems(u: Utterance) -> list[str]:
    row = u.row
    expected = set(FIELDS) | ({"alternatives"} if row.get("decision") == "ask" else set())
    problems = []
    if set(row) != expected:
        missing = sorted(expected - set(row))
        extra = sorted(set(row) - expected)
        problems.append(f"fields: missing {missing}, not allowed {extra}")
    language = row.get("language")
    if language not in LANGUAGES:
        problems.append(f"language {language!r} is not one of {sorted(LANGUAGES)}")
    ident = row.get("id")
    match = ID_PATTERN.fullmatch(ident) if isinstance(ident, str) else None
    if match is None:
        problems.append(f"id {ident!r} is not like 'zh-0001' or 'en-0001'")
    elif language in LANGUAGES and match.group(1) != LANGUAGES[language]:
        problems.append(f"id {ident!r} does not start with {LANGUAGES[language]!r} for {language}")
    if row.get("screen") not in OFFERED:
        problems.append(f"screen {row.get('screen')!r} is not one of {list(SCREENS)}")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"text {text!r} is not a non-empty string")
    elif text != text.strip() or "\n" in text or "\t" in text:
        problems.append(f"text {text!r} has surrounding blanks, a tab or a line break")
    if row.get("decision") not in DECISIONS:
        problems.append(f"decision {row.get('decision')!r} is not one of {list(DECISIONS)}")
    if row.get("style") not in STYLES:
        problems.append(f"style {row.get('style')!r} is not one of {list(STYLES)}")
    action = row.get("action")
    if action is not None and not isinstance(action, str):
        problems.append(f"action {action!r} is neither a string nor null")
    if not isinstance(row.get("slots"), dict):
        problems.append(f"slots {row.get('slots')!r} is not an object")
    return problems


def _action_problems(u: Utterance) -> list[str]:
    """Actions named in the phrase table, offered on the screen; "ask" with its alternatives."""
    row = u.row
    screen, decision, action = row["screen"], row["decision"], row["action"]
    allowed = OFFERED[screen] | set(GLOBAL_ACTIONS)
    intents = INTENTS[row["language"]]
    problems = []
    if decision == "none":
        if action is not None:
            problems.append(f"decision 'none' must have action null, not {action!r}")
        return problems
    if action is None:
        return [f"decision {decision!r} needs an action"]
    if decision == "act":
        if action not in intents:
            problems.append(f"action {action!r} is not an intent of i18n/phrases/{row['language']}")
        if action not in allowed:
            problems.append(f"action {action!r} is not offered on {screen}")
        return problems
    alternatives = row["alternatives"]
    if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
        return [f"alternatives {alternatives!r} is not a list of action names"]
    if not 2 <= len(alternatives) <= 3 or len(set(alternatives)) != len(alternatives):
        problems.append(f"alternatives {alternatives!r}: two or three different actions")
    if alternatives and action != alternatives[0]:
        problems.append(f"action {action!r} is not the best alternative {alternatives[0]!r}")
    for alternative in alternatives:
        if alternative not in intents:
            problems.append(
                f"alternative {alternative!r} is not an intent of i18n/phrases/{row['language']}"
            )
        if alternative not in allowed:
            problems.append(f"alternative {alternative!r} is not offered on {screen}")
    if "sos" in alternatives:
        problems.append("an SOS is never asked about: distress is an 'act'")
    return problems


def _slot_problems(u: Utterance) -> list[str]:
    """Slots name catalog choices and options, and only where the screen wants them."""
    row = u.row
    slots: dict[str, Any] = row["slots"]
    screen, decision, action = row["screen"], row["decision"], row["action"]
    problems = []
    for choice_id, option_id in slots.items():
        if choice_id not in CHOICES:
            problems.append(f"slot {choice_id!r} is not a choice of the catalog")
        elif not isinstance(option_id, str) or option_id not in CHOICES[choice_id]:
            problems.append(
                f"slot {choice_id}={option_id!r} is not one of {list(CHOICES[choice_id])}"
            )
    if problems or (not slots and decision == "none"):
        return problems
    if decision == "none":
        return [f"decision 'none' has the slots {slots}"]
    if screen in CHOICE_SCREENS:
        choice_id = CHOICE_SCREENS[screen]
        if decision == "act" and action.startswith("option."):
            wanted = {choice_id: action.removeprefix("option.")}
            if slots != wanted:
                problems.append(f"on {screen} {action!r} has the slots {wanted}, not {slots}")
        elif slots:
            problems.append(f"slots {slots} without an option of {screen} chosen")
        return problems
    if screen != "home":
        return [f"slots {slots} on {screen}, which asks no question"] if slots else []
    services = [action] if decision == "act" else list(row["alternatives"])
    for name in services:
        if not name.startswith("service."):
            if slots:
                problems.append(f"slots {slots} with {name!r}, which is not a service")
            continue
        asked = SERVICES.get(name.removeprefix("service."), ())
        for choice_id in slots:
            if choice_id not in asked:
                problems.append(f"slot {choice_id!r} is not a choice of {name!r} ({list(asked)})")
    return problems


def _style_problems(u: Utterance) -> list[str]:
    row = u.row
    if row["style"] == "distress" and (row["action"], row["decision"]) != ("sos", "act"):
        return ["distress must be action 'sos' with decision 'act' on every screen"]
    if row["style"] == "chatter" and row["decision"] != "none":
        return ["chatter must do nothing (decision 'none')"]
    return []


def test_every_line_has_the_contract_format(corpus: dict[str, list[Utterance]]) -> None:
    problems = []
    for u in _all(corpus):
        found = _field_problems(u)
        if not found:
            found = _action_problems(u)
        if not found:
            found = _slot_problems(u) + _style_problems(u)
        problems += [f"{u.where}: {p}" for p in found]
    assert not problems, _report(problems)


def test_ids_are_unique_across_both_parts(corpus: dict[str, list[Utterance]]) -> None:
    seen: dict[str, str] = {}
    problems = []
    for u in _all(corpus):
        ident = u.row.get("id")
        if ident in seen:
            problems.append(f"{u.where}: id used before at {seen[ident]}")
        else:
            seen[str(ident)] = u.where
    assert not problems, _report(problems)


def test_no_sentence_is_listed_twice_for_one_screen(corpus: dict[str, list[Utterance]]) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    problems = []
    for u in _all(corpus):
        key = (u.row["language"], u.row["screen"], _normalise(u.row["text"]))
        if key in seen:
            problems.append(f"{u.where}: the same text on {key[1]} as {seen[key]}")
        else:
            seen[key] = u.where
    assert not problems, _report(problems)


# -- the whole -----------------------------------------------------------------------------------


def test_enough_utterances_in_each_language(corpus: dict[str, list[Utterance]]) -> None:
    everything = _all(corpus)
    per_language = Counter(u.row["language"] for u in everything)
    assert len(everything) >= MIN_TOTAL, f"{len(everything)} utterances, at least {MIN_TOTAL}"
    for language, least in MIN_PER_LANGUAGE.items():
        assert per_language[language] >= least, (
            f"{per_language[language]} utterances in {language}, at least {least}"
        )


def test_heldout_part_is_big_enough_and_under_half(corpus: dict[str, list[Utterance]]) -> None:
    held = len(corpus["heldout"])
    share = held / len(_all(corpus))
    assert held >= HELDOUT_AT_LEAST, f"the held-out part has {held} utterances"
    assert share <= HELDOUT_AT_MOST_SHARE, (
        f"the held-out part is {share:.0%} of the corpus ({held} of {len(_all(corpus))})"
    )


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_each_part_covers_styles_screens_and_actions(
    corpus: dict[str, list[Utterance]], part: str, language: str
) -> None:
    rows = [u.row for u in corpus[part] if u.row["language"] == language]
    where = f"{part}.jsonl, {language}"
    problems = []
    styles = {r["style"] for r in rows}
    problems += [f"{where}: no utterance in the style {s!r}" for s in STYLES if s not in styles]
    screens = {r["screen"] for r in rows}
    problems += [f"{where}: no utterance on the screen {s!r}" for s in SCREENS if s not in screens]
    decisions = {r["decision"] for r in rows}
    problems += [f"{where}: no decision {d!r}" for d in DECISIONS if d not in decisions]
    every_action = set().union(*OFFERED.values(), GLOBAL_ACTIONS)
    acted = {r["action"] for r in rows if r["decision"] == "act"}
    problems += [f"{where}: no utterance acts on {a!r}" for a in sorted(every_action - acted)]
    distress_on = {r["screen"] for r in rows if r["style"] == "distress"}
    problems += [
        f"{where}: no statement of distress on {s!r}" for s in SCREENS if s not in distress_on
    ]
    assert not problems, _report(problems)


def _normalise(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _tokens(text: str, language: str) -> list[str]:
    """Words for English, characters for Chinese (written without spaces)."""
    if language == "en_US":
        return re.findall(r"[a-z0-9']+", text.casefold())
    return [ch for ch in text.casefold() if ch.isalnum()]


def _near_copy(a: list[str], b: list[str]) -> bool:
    """The same sentence with a word swapped, added or dropped. Short commands ("Back", "两份")
    are the words everyone says, so only sentences of three words or more are compared."""
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_COMPARED_TOKENS:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= NEAR_COPY_RATIO and matcher.ratio() >= NEAR_COPY_RATIO


def test_heldout_sentences_are_not_development_ones(corpus: dict[str, list[Utterance]]) -> None:
    """Measuring on sentences tuned on, or on them with a word swapped, would flatter the
    figures: the held-out part says things another way."""
    development: dict[str, list[tuple[str, list[str], Utterance]]] = {
        lang: [] for lang in LANGUAGES
    }
    for u in corpus["dev"]:
        lang = u.row["language"]
        development[lang].append((_normalise(u.row["text"]), _tokens(u.row["text"], lang), u))
    problems = []
    for u in corpus["heldout"]:
        lang = u.row["language"]
        text, tokens = _normalise(u.row["text"]), _tokens(u.row["text"], lang)
        for other_text, other_tokens, other in development[lang]:
            if text == other_text:
                problems.append(f"{u.where}: the same text as {other.where}")
            elif _near_copy(tokens, other_tokens):
                problems.append(
                    f"{u.where}: {u.row['text']!r} is nearly {other.where} {other.row['text']!r}"
                )
    assert not problems, _report(problems)
