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
    of falling"); what they say of a service is a need ("好几天没洗澡了"); ``done``: words
    of a need met already ("have had lunch") that deny what follows, but not distress ("I
    have had a fall");
    ``until``: words of a new wish that end a denial once it has denied something
    ("不要助餐，要助洁"); ``clause``: words that always end one ("但是", "but");
    ``instead``: words of a change of mind that take back the answers said before them
    ("三份太多，改两份", "make it two"), of the kind said after them;
    ``away``: words of not being there or not free ("不方便", "不在家", "I won't be home")
    that take back the answers of their clause, or of the clause before ("明天上午我得去
    医院，下午才在家" is tomorrow afternoon), and nothing else.
``[slots.<part list>]``
    the parts that make up an answer to a catalog question: ``[slots.day]`` (today,
    tomorrow, ``other`` for days no option offers), ``[slots.meal]`` (lunch, dinner,
    breakfast), ``[slots.when]`` (now, morning, afternoon ...), ``[slots.portions]``
    (numbers as keys "1", "2" ..., ``units``: the counting words of food, "份", "portions",
    which make a count name the meals service, and ``persons``: those of people or of
    anything, 人, 个, "people", which answer how many but name no service),
    ``[slots.people]`` (``others``: people who may eat with the elder, 老伴, "my husband";
    ``self``: the elder, 我, "me"; ``with``: words of company, 和, 也, "too").
    An option id is read as the parts it is made of (``tomorrow_lunch`` = tomorrow + lunch),
    see :mod:`voice.understand.slots`.
``[alone]``
    action -> words that mean it only when nothing else is said: "对", "好", "good" are a
    yes alone, never in "好热啊" or "this show is really good".
``[chatter]``
    ``markers``: words of a sentence not said to the kiosk (the radio, yesterday's news,
    "吃了两个包子"); such a sentence (not a long one as such: a need is often told at
    length, with no word of asking) asks for nothing unless it also has a word of
    ``asking`` (a request: 想, 帮我, "could you") or of ``unless`` (a need or a trouble:
    该, 坏了, "leaking", "lonely"), or a pair (a thing and what is wrong with it); only the
    globals, yes, no and cancel stand. ``told``: words of something done (了) that make a
    sentence such a one where more is said after them in their clause ("买了个新手机",
    not "没电了").
    ``empty``: words that say nothing (了, 啊, "um"), not counted.
    ``aside``: words that say the elder is talking to someone else ("没叫你", "I'm not
    talking to you"): whatever else is said, it asks for nothing (distress still counts).
``[prefer]``
    action -> actions it wins over when both are said: taking someone to the doctor is
    the medical service, not an escort; asking about an order is not a new one.
``[chatter]`` ``speakers``, ``says``, ``quotes``, ``own``
    who may be quoted (医生, "my son") and the words of saying (说, 让我, "said"): a speaker
    and a word of saying, or a word that quotes by itself (听说, "apparently"), make what
    follows a remark (see :mod:`voice.understand.remarks`) unless a later clause has a
    word of the elder's own request (帮我, "can you").

These sections are read from the same file (voice.intents passes on only the ones above):

``[pairs.<name>]``
    two words that name ``action`` together, in one clause, a few words apart: one of
    ``things`` and one of ``states``, in either order (``order = "thing first"`` to keep
    it), such as a body part and what is wrong with it ("胸口" + "压", "chest" +
    "squeezing") or a thing and the need it shows ("身上" + "脏": a bath, not cleaning).
    See :mod:`voice.understand.pairs`.
``[distress]``
    ``past``: words that put distress said in their clause in the past ("去年", "years
    ago"); ``had``: a word right after a statement of distress that says it happened once
    (摔过); ``lasting``: words of a complaint that has lasted ("这几天", "for weeks"): the
    distress of their clause is a need of ``lasting_is`` (a doctor), not an emergency,
    unless one of ``urgent`` is said ("厉害", "help"); ``cries``: calls for someone to come
    ("快来人", "somebody come"), distress alone but, beside a trouble at home that someone
    must come to at once (a burst pipe: ``service.urgent``), a call for that; ``unwell``:
    words of feeling unwell, however mildly ("有点晕", "I feel funny"), which on the SOS
    countdown confirm the call; ``unsure``: words of not knowing ("说不好", "I don't know"),
    which refuse nothing (the countdown is never called off on them); ``alarm``: cries of
    alarm ("不好了", "oh no"), which are no "no" (the "不好" and "no" in them refuse
    nothing) and, with distress after them, part of the cry; ``harmless``: an everyday
    cause that makes distress of its clause no emergency ("坐久了", "from sitting too long":
    a leg gone numb); ``go_ahead``: pleas to go ahead with the call ("快", "叫吧", "hurry",
    "call them now"), which on the SOS countdown confirm it; ``fragment``: words of distress
    that still say it when speech breaks off ("喘……喘不……", "can't... breathe": on the
    countdown, said broken off or over again, they confirm the call); ``pain_cry``: cries of
    pain ("哎哟", "oh", "ow"), which with a fragment alone in its clause ("oh, my chest") are
    distress, whatever answer they broke into; ``calls``:
    calls for help ("help me", "somebody help") that are distress only when said alone in
    their clause or followed by nothing but words of ``call_ends`` ("me", "please",
    "quick"): "can somebody help me have a shower" asks for help with a shower.
``[spoken]``
    ``or``: words between two answers to be asked between (或者, "or");
    ``between``: little words said inside a Chinese word of two characters (视个频, 出趟门:
    every such word of the lists is also found with one of them between its characters);
    ``[spoken.same]``: regional and everyday words for a word of the lists, word for word
    (明朝 is 明天, 啥 is 什么, "telly" is "tv").

A word written ``A…B`` is found with up to four other words between its parts
("给…打电话" in "给老大打个电话"); one written ``…B`` is any word of the sentence that ends in
B and is at least two characters longer (…药: 降糖药, 感冒药; …费: 物业费, not 浪费). In
Chinese every number word with every counting word is a word of its own (两份, 三个), and
jieba is told of all of them.
Words are written as people say them (Chinese without spaces); they are normalised like
what is heard (:func:`voice.intents.normalize`), so "I'd" and "i would" are one word list.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from voice.intents import PhraseTable, PhraseTableError, normalize, spaced

CONCEPT = 1.0
HINT = 0.5
NEGATION_KINDS = ("before", "after", "unreal", "done", "until", "clause", "instead", "away")
PORTION_UNITS = "units"
PORTION_PERSONS = "persons"  # counting words of people: they count, but name no service
GAP = "…"  # "给…打电话": the parts in this order, other words may stand between them
# fmt: off
CHATTER_KINDS = (
    "markers", "told", "asking", "unless", "empty", "speakers", "says", "quotes", "own",
    "aside", "weather", "weather_like", "about_food",
)
# fmt: on
# [chatter] lists of words that mean something only beside others, and their senses.
REMARK_KINDS = {
    "speakers": "speaker",
    "says": "says",
    "quotes": "quote",
    "own": "own",
    "told": "told",
    "aside": "aside",
    # the weather talked about ("这天", "rain"), and what is said of it ("闷", "muggy"): in a
    # sentence about the weather, "闷得慌" is the air, not loneliness
    "weather": "weather",
    "weather_like": "weather_like",
    # a question about the food or a remark on who eats how much ("how big is one portion",
    # "he could eat for three"): its numbers choose nothing
    "about_food": "about_food",
}
# fmt: off
DISTRESS_KINDS = (
    "past", "had", "lasting", "urgent", "cries", "unwell", "unsure", "alarm", "harmless",
    "go_ahead", "fragment", "pain_cry",
)
# fmt: on
# [distress] lists read as sets of words, not as senses: calls for help, and the words that
# may follow one in its clause and leave it a call ("help me please", not "help me shower").
CALL_LISTS = ("calls", "call_ends")
# Sections voice.intents does not pass on: read from the phrase file itself.
MORE_SECTIONS = ("pairs", "distress", "spoken")
PAIR_ORDERS = ("any", "thing first")
# Senses of words that mean something only beside others: the words of pairs, of reported
# speech and of the time of distress.
BESIDE = frozenset(
    {"thing", "state", "speaker", "says", "quote", "own", "past", "had", "lasting", "urgent"}
    | {"person", "or", "told", "cries", "aside", "reported", "unwell", "unsure", "alarm"}
    | {"weather", "weather_like", "about_food", "harmless", "go_ahead", "fragment", "pain_cry"}
)
PEOPLE_LIST = "people"  # [slots.people]: others, self, with (counted, not a question's parts)
# What such a word keeps of the words it is made of (洗洗: the hints of 洗; 一个人: one),
# but never distress nor an answer: those are said as such.
ANSWERS = frozenset({"sos", "yes", "no", "cancel"})
INHERITED = ("concept", "hint", "slot", "unit", "request")


@dataclass(frozen=True)
class Sense:
    """One meaning of a word: a concept or hint of an action, a negation, or a slot part."""

    # concept | hint | alone | negation | until | clause | slot | unit | chatter | request,
    # thing | state (of a pair), speaker | says | quote | own (reported speech),
    # past | had | lasting | urgent (the time of distress), unwell | unsure (on the countdown),
    # alarm (a cry of alarm, no refusal)
    kind: str
    name: str  # the action; "before"/"after" for a negation; "<list>.<part>" for a slot
    weight: float = CONCEPT


@dataclass(frozen=True)
class PairRule:
    """A pair of ``[pairs.<name>]``: the action its two words name together."""

    action: str
    any_order: bool = True


@dataclass(frozen=True)
class Lexicon:
    """Every word of one language's lists, normalised, with its senses."""

    language: str
    senses: Mapping[str, tuple[Sense, ...]]
    parts: Mapping[str, frozenset[str]] = field(default_factory=dict)  # list -> its parts
    longest: int = 1  # the most words (spaced languages) or characters one entry has
    gapped: tuple[tuple[tuple[str, ...], tuple[Sense, ...]], ...] = ()
    chatter: frozenset[str] = frozenset()
    requests: frozenset[str] = frozenset()  # [chatter] asking and unless
    troubles: frozenset[str] = frozenset()  # [chatter] unless: needs and troubles
    empty: frozenset[str] = frozenset()  # words that say nothing (了, 啊, "um")
    prefer: Mapping[str, frozenset[str]] = field(default_factory=dict)
    pairs: Mapping[str, PairRule] = field(default_factory=dict)
    same: Mapping[str, str] = field(default_factory=dict)  # a regional word -> ours
    lasting_is: str | None = None  # what lasting distress is a need of
    servings: frozenset[str] = frozenset()  # counting words of food (份, "portions")
    endings: Mapping[str, tuple[Sense, ...]] = field(default_factory=dict)  # "…药"
    split: frozenset[str] = frozenset()  # words said apart ([spoken] between): 视个频
    calls: frozenset[str] = frozenset()  # [distress] calls: "help me", "somebody help"
    call_ends: frozenset[str] = frozenset()  # [distress] call_ends: "me", "please"

    def lookup(self, form: str) -> tuple[Sense, ...]:
        return self.senses.get(form, ())

    def forms(self) -> list[str]:
        """Every word, and every part of a gapped one (for the segmenter)."""
        return [
            *self.senses,
            *(part for parts, _ in self.gapped for part in parts),
            *self.same,
        ]


def _words(value: Any, where: str, path: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise PhraseTableError(f"{path}: {where} must be a list of words")
    return value


def more_sections(table: PhraseTable) -> dict[str, Any]:
    """The sections of ``MORE_SECTIONS`` in ``table.words``, else in the file it was read
    from (voice.intents passes on only the grammar's and the first lists of understanding).

    Raises PhraseTableError for a file that cannot be read."""
    found = {name: table.words[name] for name in MORE_SECTIONS if name in table.words}
    path = table.path
    if len(found) < len(MORE_SECTIONS) and path is not None and path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise PhraseTableError(f"{path}: cannot be read: {error}") from error
        for name in MORE_SECTIONS:
            if name in data:
                found.setdefault(name, data[name])
    return found


def _table(value: Any, name: str, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PhraseTableError(f"{path}: [{name}] must be a table")
    return value


def build_lexicon(table: PhraseTable, extra: Mapping[str, Iterable[str]] | None = None) -> Lexicon:
    """The lexicon of ``table``'s word lists, plus ``extra`` concepts (names on screen).

    Raises PhraseTableError naming the file and the list that is broken."""
    language = table.language
    path = str(table.path or f"<{language} phrases>")
    data = {**table.words, **more_sections(table)}
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
    servings: set[str] = set()
    for list_name, lists in slots.items():
        if not isinstance(lists, dict):
            raise PhraseTableError(f"{path}: [slots.{list_name}] must be a table of word lists")
        for part, words in lists.items():
            where = f"[slots.{list_name}] {part!r}"
            if list_name == "portions" and part in (PORTION_UNITS, PORTION_PERSONS):
                sense = Sense("unit", f"{list_name}.{PORTION_UNITS}")
                units.extend(_words(words, where, path))
                if part == PORTION_UNITS:  # of food: they name the meals service
                    servings.update(normalize(w, language) for w in _words(words, where, path))
            elif list_name == PEOPLE_LIST:
                if part not in ("others", "self", "with"):
                    raise PhraseTableError(f"{path}: {where}: people are others, self or with")
                sense = Sense("person", part)
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
    if not isinstance(chatter, dict) or set(chatter) - set(CHATTER_KINDS):
        raise PhraseTableError(f"{path}: [chatter] may hold only {', '.join(CHATTER_KINDS)}")
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
    asking = {normalize(w, language) for w in _words(chatter.get("asking", []), "[chatter]", path)}
    for word in markers:
        add(word, Sense("chatter", "markers"), "[chatter] markers")
    for word in unless | asking:
        add(word, Sense("request", "unless"), "[chatter] unless")
    for list_name, kind in REMARK_KINDS.items():
        where = f"[chatter] {list_name}"
        for word in _words(chatter.get(list_name, []), where, path):
            add(word, Sense(kind, "chatter"), where)

    prefer_table = data.get("prefer", {})
    if not isinstance(prefer_table, dict):
        raise PhraseTableError(f"{path}: [prefer] must be a table of action lists")
    prefer = {
        action: frozenset(_words(losers, f"[prefer] {action!r}", path))
        for action, losers in prefer_table.items()
    }

    pairs = _pairs(_table(data.get("pairs", {}), "pairs", path), path, add)
    distress = _table(data.get("distress", {}), "distress", path)
    lasting_is = distress.get("lasting_is")
    if set(distress) - {*DISTRESS_KINDS, *CALL_LISTS, "lasting_is"} or not isinstance(
        lasting_is, str | None
    ):
        raise PhraseTableError(
            f"{path}: [distress] may hold only {', '.join((*DISTRESS_KINDS, *CALL_LISTS))}"
            " and lasting_is"
        )
    calls, call_ends = (
        frozenset(normalize(w, language) for w in _words(distress.get(k, []), k, path))
        for k in CALL_LISTS
    )
    for kind in DISTRESS_KINDS:
        for word in _words(distress.get(kind, []), f"[distress] {kind}", path):
            add(word, Sense(kind, "distress"), f"[distress] {kind}")

    spoken = _table(data.get("spoken", {}), "spoken", path)
    if set(spoken) - {"between", "same", "or"}:
        raise PhraseTableError(f"{path}: [spoken] may hold only between, same and or")
    for word in _words(spoken.get("or", []), "[spoken] or", path):
        add(word, Sense("or", "spoken"), "[spoken] or")
    same = _same(_table(spoken.get("same", {}), "spoken.same", path), language, path)
    split: set[str] = set()
    if not spaced(language):
        split = _split_words(senses, _words(spoken.get("between", []), "[spoken] between", path))

    _inherit(senses, spaced(language))
    gapped: list[tuple[tuple[str, ...], tuple[Sense, ...]]] = []
    endings: dict[str, tuple[Sense, ...]] = {}
    for form in [f for f in senses if GAP in f]:
        pieces = tuple(form.split(GAP))
        if len(pieces) == 2 and not pieces[0] and pieces[1]:
            endings[pieces[1]] = tuple(senses.pop(form))
            continue
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
        frozenset(unless | asking),
        frozenset(unless),
        frozenset(empty),
        prefer,
        pairs,
        same,
        lasting_is,
        frozenset(servings),
        endings,
        frozenset(split),
        calls,
        call_ends,
    )


def _pairs(
    section: dict[str, Any], path: str, add: Callable[[str, Sense, str], None]
) -> dict[str, PairRule]:
    """The rules of ``[pairs.<name>]``; their words are added with a thing or state sense."""
    rules: dict[str, PairRule] = {}
    for name, pair in section.items():
        where = f"[pairs.{name}]"
        if not isinstance(pair, dict) or set(pair) - {"action", "things", "states", "order"}:
            raise PhraseTableError(f"{path}: {where} holds action, things, states and order")
        action, order = pair.get("action"), pair.get("order", "any")
        if not isinstance(action, str) or not action:
            raise PhraseTableError(f"{path}: {where} needs an action")
        if order not in PAIR_ORDERS:
            raise PhraseTableError(f"{path}: {where}: order is one of {PAIR_ORDERS}")
        things = _words(pair.get("things"), f"{where} things", path)
        states = _words(pair.get("states"), f"{where} states", path)
        if not things or not states:
            raise PhraseTableError(f"{path}: {where} needs things and states")
        for word in things:
            add(word, Sense("thing", name), f"{where} things")
        for word in states:
            add(word, Sense("state", name), f"{where} states")
        rules[name] = PairRule(action, order == "any")
    return rules


def _same(section: dict[str, Any], language: str, path: str) -> dict[str, str]:
    same: dict[str, str] = {}
    for word, ours in section.items():
        if not isinstance(ours, str) or not normalize(ours, language):
            raise PhraseTableError(f"{path}: [spoken.same] {word!r} must name a word")
        same[normalize(word, language)] = normalize(ours, language)
    return same


def _split_words(senses: dict[str, list[Sense]], between: list[str]) -> set[str]:
    """Every Chinese word of two characters of the lists, but a statement of distress,
    also said with one of ``between`` inside it: 视频 as 视个频, 出门 as 出趟门. Returns the
    words made so that were none of the lists already."""
    made: set[str] = set()
    for form, found in list(senses.items()):
        if len(form) != 2 or not all("\u4e00" <= c <= "\u9fff" for c in form):
            continue
        kept = [s for s in found if s.kind in ("concept", "hint") and s.name != "sos"]
        for little in between:
            split = form[0] + little + form[1]
            if kept and split not in senses:
                made.add(split)
            for sense in kept:
                if split not in senses or sense not in senses[split]:
                    senses.setdefault(split, []).append(sense)
    return made


def _inherit(senses: dict[str, list[Sense]], spaced_words: bool) -> None:
    """A word that means something only beside others keeps what the words it is made of
    mean by themselves: unpaired, "洗洗" is still the hints of 洗, "一个人" still one, "had a
    bath" still a bath. Chinese words must be made of ours whole; English words need not."""
    for form, found in list(senses.items()):
        if GAP in form or any(s.kind not in BESIDE for s in found):
            continue
        pieces = form.split() if spaced_words else list(form)
        parts: list[str] = []
        start = 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                part = (" " if spaced_words else "").join(pieces[start:end])
                if part != form and part in senses:
                    parts.append(part)
                    start = end
                    break
            else:
                if not spaced_words:
                    parts = []
                    break
                start += 1
        if not spaced_words and len(parts) == len(form) and any(s.kind == "thing" for s in found):
            continue  # a thing named by two characters is not what each says: 心脏 is no 脏
        for part in parts:
            counted = any(s.kind == "unit" for s in senses[part])
            for sense in senses[part]:
                if sense.kind not in INHERITED or sense in found or sense.name in ANSWERS:
                    continue  # "摔了个" is no fall without 跟头, "不行了" no "no"
                if sense.name.startswith("portions.") and not counted:
                    continue  # the 一 of 洗一洗 is no count; the 一个 of 一个人 is
                found.append(sense)
