"""The word lists of understanding, read from ``i18n/phrases/<language>.toml``.

The grammar path matches whole phrases (the ``[intents]`` table); understanding looks for
concepts instead, words that carry a meaning wherever they stand in a sentence:

``[concepts]``
    action -> words that name it by themselves ("打扫", "doctor"). The words of ``sos`` are
    statements of distress ("胸口疼", "I fell"): they mean sos on every screen.
``[hints]``
    action -> words that point to it less surely ("饿" for meals, "help" for sos); a concept
    of another action outweighs them.
``[negation]``
    ``before``: words that deny what follows in the same clause ("不要", "don't");
    ``after``: words that deny what came before when nothing follows ("助餐不要了");
    ``unreal``: words after which a statement of distress is not one ("我没摔着", "afraid
    of falling"); what they say of a service is a need ("好几天没洗澡了");
    ``until``: words of a new wish that end a denial once it has denied something
    ("不要助餐，要助洁"); ``clause``: words that always end one ("但是", "but").
``[slots.<part list>]``
    the parts that make up an answer to a catalog question: ``[slots.day]`` (today,
    tomorrow, ``other`` for days no option offers), ``[slots.meal]`` (lunch, dinner,
    breakfast), ``[slots.when]`` (now, morning, afternoon ...), ``[slots.portions]``
    (numbers as keys "1", "2" ..., and ``units``: the counting words "份", "portions").
    An option id is read as the parts it is made of (``tomorrow_lunch`` = tomorrow + lunch),
    see :mod:`voice.understand.slots`.
``[alone]``
    action -> words that mean it only when nothing else is said: "对", "好", "good" are a
    yes alone, never in "好热啊" or "this show is really good".
``[chatter]``
    ``markers``: words of a sentence not said to the kiosk (the radio, yesterday's news,
    "吃了两个包子"); such a sentence, and any long one (six words or more that say
    something), asks for nothing unless it also has a word of ``unless``: a request or a
    need (想, 帮我, 该, 坏了, "could you", "leaking", "lonely"); only the globals, yes,
    no and cancel stand. ``empty``: words that say nothing (了, 啊, "um"), not counted.
``[prefer]``
    action -> actions it wins over when both are said: taking someone to the doctor is
    the medical service, not an escort; asking about an order is not a new one.

A word written ``A…B`` is found with up to four other words between its parts
("给…打电话" in "给老大打个电话"). In Chinese every number word with every counting word
is a word of its own (两份, 三个), and jieba is told of all of them.
Words are written as people say them (Chinese without spaces); they are normalised like
what is heard (:func:`voice.intents.normalize`), so "I'd" and "i would" are one word list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from voice.intents import PhraseTable, PhraseTableError, normalize, spaced

CONCEPT = 1.0
HINT = 0.5
NEGATION_KINDS = ("before", "after", "unreal", "until", "clause")
PORTION_UNITS = "units"
GAP = "…"  # "给…打电话": the parts in this order, other words may stand between them


@dataclass(frozen=True)
class Sense:
    """One meaning of a word: a concept or hint of an action, a negation, or a slot part."""

    # concept | hint | alone | negation | until | clause | slot | unit | chatter | request
    kind: str
    name: str  # the action; "before"/"after" for a negation; "<list>.<part>" for a slot
    weight: float = CONCEPT


@dataclass(frozen=True)
class Lexicon:
    """Every word of one language's lists, normalised, with its senses."""

    language: str
    senses: Mapping[str, tuple[Sense, ...]]
    parts: Mapping[str, frozenset[str]] = field(default_factory=dict)  # list -> its parts
    longest: int = 1  # the most words (spaced languages) or characters one entry has
    gapped: tuple[tuple[tuple[str, ...], tuple[Sense, ...]], ...] = ()
    chatter: frozenset[str] = frozenset()
    requests: frozenset[str] = frozenset()
    empty: frozenset[str] = frozenset()  # words that say nothing (了, 啊, "um")
    prefer: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def lookup(self, form: str) -> tuple[Sense, ...]:
        return self.senses.get(form, ())

    def forms(self) -> list[str]:
        """Every word, and every part of a gapped one (for the segmenter)."""
        return [*self.senses, *(part for parts, _ in self.gapped for part in parts)]


def _words(value: Any, where: str, path: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise PhraseTableError(f"{path}: {where} must be a list of words")
    return value


def build_lexicon(table: PhraseTable, extra: Mapping[str, Iterable[str]] | None = None) -> Lexicon:
    """The lexicon of ``table``'s word lists, plus ``extra`` concepts (names on screen).

    Raises PhraseTableError naming the file and the list that is broken."""
    language = table.language
    path = str(table.path or f"<{language} phrases>")
    data = table.words
    senses: dict[str, list[Sense]] = {}
    parts: dict[str, set[str]] = {}

    def add(word: str, sense: Sense, where: str) -> None:
        form = GAP.join(normalize(piece, language) for piece in word.split(GAP))
        if not form.strip(GAP):
            raise PhraseTableError(f"{path}: {where} has an empty word")
        if sense not in senses.setdefault(form, []):
            senses[form].append(sense)

    for table_name, weight, kind in (("concepts", CONCEPT, "concept"), ("hints", HINT, "hint")):
        section = data.get(table_name, {})
        if not isinstance(section, dict):
            raise PhraseTableError(f"{path}: [{table_name}] must be a table of word lists")
        for action, words in section.items():
            where = f"[{table_name}] {action!r}"
            for word in _words(words, where, path):
                add(word, Sense(kind, action, weight), where)
    for action, words in (extra or {}).items():
        for word in words:
            if normalize(word, language):
                add(word, Sense("concept", action), f"the screen's words for {action!r}")

    negation = data.get("negation", {})
    if not isinstance(negation, dict) or set(negation) - set(NEGATION_KINDS):
        raise PhraseTableError(f"{path}: [negation] may hold only {', '.join(NEGATION_KINDS)}")
    for kind, words in negation.items():
        sense = Sense(kind, kind) if kind in ("until", "clause") else Sense("negation", kind)
        for word in _words(words, f"[negation] {kind}", path):
            add(word, sense, f"[negation] {kind}")

    slots = data.get("slots", {})
    if not isinstance(slots, dict):
        raise PhraseTableError(f"{path}: [slots] must hold tables of word lists")
    numbers: dict[str, list[str]] = {}
    units: list[str] = []
    for list_name, lists in slots.items():
        if not isinstance(lists, dict):
            raise PhraseTableError(f"{path}: [slots.{list_name}] must be a table of word lists")
        for part, words in lists.items():
            where = f"[slots.{list_name}] {part!r}"
            if list_name == "portions" and part == PORTION_UNITS:
                sense = Sense("unit", f"{list_name}.{part}")
                units.extend(_words(words, where, path))
            else:
                if list_name == "portions" and not part.isdigit():
                    raise PhraseTableError(f"{path}: {where}: portions are keyed by number")
                sense = Sense("slot", f"{list_name}.{part}")
                parts.setdefault(list_name, set()).add(part)
                if list_name == "portions":
                    numbers[part] = [*_words(words, where, path), part]
            for word in _words(words, where, path):
                add(word, sense, where)
    if not spaced(language):
        for number, said in numbers.items():
            for word in said:
                for unit in units:
                    add(word + unit, Sense("slot", f"portions.{number}"), "[slots.portions]")
                    add(word + unit, Sense("unit", "portions.units"), "[slots.portions]")

    chatter = data.get("chatter", {})
    if not isinstance(chatter, dict) or set(chatter) - {"markers", "unless", "empty"}:
        raise PhraseTableError(f"{path}: [chatter] may hold only markers, unless and empty")
    empty = {normalize(w, language) for w in _words(chatter.get("empty", []), "[chatter]", path)}
    alone = data.get("alone", {})
    if not isinstance(alone, dict):
        raise PhraseTableError(f"{path}: [alone] must be a table of word lists")
    for action, words in alone.items():
        for word in _words(words, f"[alone] {action!r}", path):
            add(word, Sense("alone", action), f"[alone] {action!r}")
    markers = {
        normalize(w, language) for w in _words(chatter.get("markers", []), "[chatter]", path)
    }
    unless = {normalize(w, language) for w in _words(chatter.get("unless", []), "[chatter]", path)}
    for word in markers:
        add(word, Sense("chatter", "markers"), "[chatter] markers")
    for word in unless:
        add(word, Sense("request", "unless"), "[chatter] unless")

    prefer_table = data.get("prefer", {})
    if not isinstance(prefer_table, dict):
        raise PhraseTableError(f"{path}: [prefer] must be a table of action lists")
    prefer = {
        action: frozenset(_words(losers, f"[prefer] {action!r}", path))
        for action, losers in prefer_table.items()
    }

    gapped: list[tuple[tuple[str, ...], tuple[Sense, ...]]] = []
    for form in [f for f in senses if GAP in f]:
        pieces = tuple(form.split(GAP))
        if len(pieces) < 2 or not all(pieces):
            raise PhraseTableError(f"{path}: {form!r}: a gapped word needs a word each side")
        gapped.append((pieces, tuple(senses.pop(form))))

    longest = max((len(form.split()) if " " in form else len(form) for form in senses), default=1)
    return Lexicon(
        language,
        {form: tuple(found) for form, found in senses.items()},
        {name: frozenset(found) for name, found in parts.items()},
        longest,
        tuple(gapped),
        frozenset(markers),
        frozenset(unless),
        frozenset(empty),
        prefer,
    )
