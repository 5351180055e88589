"""What an elder meant by a sentence, said any way a person would say it.

The grammar path (:mod:`voice.intents`) matches whole listed phrases. This one reads free
text, as the recogniser's own language model hears it or as it is typed, and looks for
concepts: the words of each action's lists in ``i18n/phrases/<language>.toml`` (see
:mod:`voice.understand.lexicon`), wherever they stand in the sentence, and what words say
together: a thing and what is wrong with it (:mod:`voice.understand.pairs`: "胸口" + "压",
"身上" + "脏"); what others were said to say is dropped (:mod:`voice.understand.remarks`:
"医生说…"). Then:

1. **Negation** (:mod:`voice.understand.negation`) takes back what it denies: "不要助餐",
   "I don't want cleaning" say nothing for meals or cleaning; on the confirm screen the
   denial itself is a "no"; a sentence that only tells (the radio, something done,
   something fine as it is) asks for nothing (:mod:`voice.understand.sentence`).
2. **Distress** ("胸口疼", "I fell", "救命") is ``sos`` with decision ``act`` on every screen,
   before anything else: it opens the cancellable countdown, it never calls at once; but
   not when denied, feared or of the past, and a complaint that has lasted is a doctor's
   matter (:mod:`voice.understand.distress`).
3. **Answers said along** fill the order questions (:mod:`voice.understand.slots`); meal
   words and portions point to the meals service on the home screen ("lunch" there is
   meals with lunch, not a question between the service and the option).
4. **The decision** (:meth:`Understander.understand`) acts only on an action the screen
   offers, and only when no other offered action is about as likely; with two or three as
   likely it asks between them; with an action of another screen more likely than any of
   this one's it does nothing ("not_here").

Statements of distress aside, the globals (``back``, ``home``, ``read_aloud``) are offered
only where the caller says so: :meth:`Understander.understand_screen` adds them to each
screen of the shared list, :meth:`Understander.understand` takes the screen's actions as
given (plus ``sos``, which is never lost) so that the kiosk's own screens decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.catalog import Catalog, ChoiceList, load_catalog
from voice.intents import PhraseTable, load_phrase_table, normalize, spaced
from voice.understand import words as wordlib
from voice.understand.broken import cry_breaks_in, halting, of_someone_else, repeats, weighing_up
from voice.understand.combine import Opinion, combine
from voice.understand.distress import calls_for_something, distress_time, is_distress
from voice.understand.lexicon import CONCEPT, HINT, Lexicon, Sense, build_lexicon
from voice.understand.model import NOTHING, Model, features, load_model
from voice.understand.negation import CALLING_OFF, negated_mentions
from voice.understand.pairs import pair_up
from voice.understand.remarks import report
from voice.understand.sentence import Sentence
from voice.understand.slots import Answer, Said, answer, answers, either
from voice.understand.words import Mention

GLOBAL_ACTIONS = ("sos", "back", "home", "read_aloud")
# The answers of the confirm screen: elsewhere they neither act nor stand in the way.
ANSWERS_ONLY = frozenset({"yes", "no"})
CANCEL = "cancel"
# Denied on the SOS countdown, a call of any kind calls the countdown off.
CALLING = frozenset({"sos", "video_call"})
# Something at home that someone must come to at once (a burst pipe, a lock): the service a
# call for help beside it asks for ([distress] cries).
URGENT = "service.urgent"
HOME_ENTRIES = ("my_orders", "health", "learn", "video_call", "language")
# The screens of the shared list, and the catalog question each choice screen asks.
CHOICE_SCREENS = {"meals_choice": "meal", "portions_choice": "portions", "when_choice": "when"}
OTHER_SCREENS: dict[str, tuple[str, ...]] = {
    "confirm": ("yes", "no"),
    "sos_countdown": ("cancel", "no"),
}
SCREEN_NAMES = ("home", *CHOICE_SCREENS, *OTHER_SCREENS)

# Sentences longer than this are not spoken to the kiosk (a radio, a conversation nearby):
# Chinese counted in characters, a spaced language in words (a breathless account of a fall
# runs to twenty English words and a hundred letters; it must still be heard).
MAX_CHARS = 80
MAX_WORDS = 40
# Offered actions whose weight is within this of the best one are as likely as it.
CLOSE = 0.25
MAX_ALTERNATIVES = 3
# Each further concept of an action adds this much, up to MAX_WEIGHT.
MORE = 0.25
MAX_WEIGHT = 1.5
# What a sentence not said to the kiosk (the radio, yesterday's news) can still mean.
# Never "yes": an order is never placed on words not said to the kiosk.
CHATTER_PROOF = frozenset({*("sos", "back", "home", "read_aloud"), "no", "cancel"})
# A sentence of at most this many words that say something may be a bare command ("学习",
# "wash"), and its hints count without a word of a request.
SHORT = 2
# This many words that are none of ours, and more of them than of ours: about something else.
ABOUT_ELSE = 3


@dataclass(frozen=True)
class Understanding:
    """What one utterance means on one screen."""

    text: str
    action: str | None  # the action to take (decision "act"), else the best guess or None
    slots: dict[str, str]  # choice id -> option id
    decision: str  # "act" | "ask" | "none"
    alternatives: tuple[str, ...]  # for "ask": up to three actions, best first
    # ok | empty | unclear | ambiguous | not_here | negated | too_long | doubted (the rules
    # would act, the learned model thinks otherwise) | learned (the model alone is sure)
    reason: str = "ok"
    opinion: Opinion | None = None  # what the rules and the learned model said apart

    def as_dict(self) -> dict[str, Any]:
        found = {
            "text": self.text,
            "action": self.action,
            "slots": dict(self.slots),
            "decision": self.decision,
            "alternatives": list(self.alternatives),
            "reason": self.reason,
        }
        if self.opinion is not None:
            found.update(self.opinion.as_dict())
        return found


@dataclass
class Evidence:
    """What the mentions of an utterance say, once negation has taken its share."""

    weights: dict[str, float] = field(default_factory=dict)
    denials: dict[str, float] = field(default_factory=dict)  # "no" said by denying something
    distress: bool = False
    cries_only: bool = True  # all the distress said was a call for someone to come
    negated: set[str] = field(default_factory=set)
    said: Said = field(default_factory=Said)
    implied: dict[str, float] = field(default_factory=dict)  # choice id -> weight
    chatter: bool = False
    reported_distress: bool = False  # distress someone else (the radio) was heard to say
    kept_on: bool = False  # a calling off was denied: "不要取消", "don't cancel"
    # A "no" that opens a correction followed by a yes said more than once: "No, I didn't
    # say no, I said yes" (the no corrects what the kiosk heard, it refuses nothing).
    corrected_to_yes: bool = False
    # Feeling unwell, however mildly, said and not denied: "就是有点晕", "I feel funny".
    unwell: bool = False
    # A plea to go ahead with the call ("快", "叫吧", "call them now"), not denied.
    go_ahead: bool = False
    # Words of distress that still say it cut off ("喘……喘不……"), not denied, by clause.
    fragments: list[Mention] = field(default_factory=list)
    # Speech broken off: pauses ("……", "...") or a word said over again ("快……快……").
    halting: bool = False

    def add(self, action: str, weight: float, *, denial: bool = False) -> None:
        """The strongest word for an action counts; each further concept adds a little
        (a hint adds nothing: "吃个饭" is one meal, not more of one)."""
        into = self.denials if denial else self.weights
        before = into.get(action, 0.0)
        if before and weight >= CONCEPT:
            into[action] = min(MAX_WEIGHT, max(before, weight) + MORE)
        else:
            into[action] = max(before, weight)


REPORTED = Sense("reported", "sos")


def _reported(mention: Mention) -> Mention:
    """A statement of distress someone else was heard to make: it means nothing else."""
    return Mention(mention.clause, mention.start, mention.end, mention.form, (REPORTED,))


# Understander(model=SHIPPED): the learned model shipped for the language, loaded by prepare().
SHIPPED = "shipped"


class Understander:
    """Understanding of free text in one language, for any screen's actions; ``model``:
    the learned second opinion (:mod:`voice.understand.model`), the shipped one by default,
    None for the word lists alone."""

    def __init__(
        self,
        language: str,
        *,
        table: PhraseTable | None = None,
        extra: Mapping[str, Iterable[str]] | None = None,
        catalog: Catalog | None = None,
        model: Model | str | None = SHIPPED,
    ) -> None:
        self.language = language
        self.model: Model | None = model if isinstance(model, Model) else None
        self._load_model = model == SHIPPED
        self.table = table if table is not None else load_phrase_table(language)
        self.lexicon: Lexicon = build_lexicon(self.table, extra)
        self.reader = wordlib.Reader(self.lexicon)
        self.catalog = catalog if catalog is not None else load_catalog(None)
        self.choices: dict[str, ChoiceList] = {
            c.id: c for s in self.catalog.services for c in s.choices
        }
        self.service_choices: dict[str, tuple[str, ...]] = {
            f"service.{s.id}": tuple(c.id for c in s.choices) for s in self.catalog.services
        }
        self._prepared = False

    # -- screens of the shared list ---------------------------------------------------------

    def screen(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(the actions offered, the questions answered along) on a screen of the list.

        Raises KeyError for a name not on the list."""
        if name == "home":
            services = tuple(f"service.{s.id}" for s in self.catalog.services)
            return (*services, *HOME_ENTRIES, *GLOBAL_ACTIONS), tuple(self.choices)
        if name in CHOICE_SCREENS:
            choice = self.choices[CHOICE_SCREENS[name]]
            options = tuple(f"option.{o.id}" for o in choice.options)
            return (*options, *GLOBAL_ACTIONS), (choice.id,)
        return (*OTHER_SCREENS[name], *GLOBAL_ACTIONS), ()

    def understand_screen(self, text: str, screen: str) -> Understanding:
        """:meth:`understand` as the named screen of the shared list would decide."""
        offered, slots_for = self.screen(screen)
        return self.understand(text, offered, slots_for=slots_for)

    # -- understanding ----------------------------------------------------------------------

    def prepare(self) -> None:
        """Load what the first sentence would otherwise wait for (Chinese: jieba's
        dictionary, about half a second). Call it off the UI thread."""
        if not self._prepared:
            if not spaced(self.language):
                wordlib.segmenter().add_words(self.lexicon.forms())
            self.reader.prepare()
            if self._load_model:
                self.model = load_model(self.language)
            self._prepared = True

    def understand(
        self, text: str, offered: Iterable[str], *, slots_for: Iterable[str] = ()
    ) -> Understanding:
        """What ``text`` means on a screen offering ``offered`` (plus ``sos``, always).

        ``slots_for``: the catalog questions whose answers said along are wanted, e.g. all
        of them on home (a service's own questions are then picked), ("meal", "portions")
        on the meals question."""
        raw = " ".join(text.split())
        normal = normalize(raw, self.language)
        if not normal:
            return Understanding(raw, None, {}, "none", (), "empty")
        too_long = (
            len(normal.split()) > MAX_WORDS if spaced(self.language) else len(normal) > MAX_CHARS
        )
        if too_long:
            return Understanding(raw, None, {}, "none", (), "too_long")
        self.prepare()
        words = self.reader.standard(wordlib.clauses(raw, self.language))
        evidence = self.weigh(self.read(words), words, halting=halting(raw))
        offered = tuple(dict.fromkeys(offered))
        slots_for = tuple(slots_for)
        rules = self.decide(raw, evidence, offered, slots_for)
        return self._second_opinion(rules, words, evidence, offered, slots_for)

    def reconsider(
        self, rules: Understanding, offered: Iterable[str], *, slots_for: Iterable[str] = ()
    ) -> Understanding:
        """``rules``, a decision of the word lists on ``rules.text`` (another version's, for
        measuring), with the learned model's second opinion as :meth:`understand` gives it."""
        self.prepare()
        words = self.reader.standard(wordlib.clauses(rules.text, self.language))
        evidence = self.weigh(self.read(words), words, halting=halting(rules.text))
        offered = tuple(dict.fromkeys(offered))
        return self._second_opinion(rules, words, evidence, offered, tuple(slots_for))

    def _second_opinion(
        self,
        rules: Understanding,
        words: list[list[str]],
        evidence: Evidence,
        offered: tuple[str, ...],
        slots_for: tuple[str, ...],
    ) -> Understanding:
        if self.model is None or rules.reason == "too_long":
            return rules
        view = self.model.probabilities(self._pieces(words, offered), self.model_labels(offered))
        said = Said() if evidence.chatter else evidence.said
        return combine(
            rules, view, offered, cries_only=evidence.distress and evidence.cries_only,
            chatter=evidence.chatter, slots=lambda action: self.slots(action, said, slots_for),
        )  # fmt: skip

    # -- the learned second opinion --------------------------------------------------------

    @staticmethod
    def model_labels(offered: Iterable[str]) -> tuple[str, ...]:
        """What the learned model chooses between on a screen offering ``offered``."""
        return tuple(dict.fromkeys((*offered, "sos", NOTHING)))

    def pieces(self, text: str, offered: Iterable[str]) -> tuple[str, ...]:
        """The pieces of ``text`` the learned model weighs on a screen offering ``offered``."""
        self.prepare()
        return self._pieces(self.reader.standard(wordlib.clauses(text, self.language)), offered)

    def _pieces(self, words: list[list[str]], offered: Iterable[str]) -> tuple[str, ...]:
        return (screen_kind(offered), *features(words, spaced=self.reader.spaced))

    def read(self, words: list[list[str]]) -> list[Mention]:
        """The mentions of ``words``: the lexicon's words, paired (pairs.py), and without
        what others were reported to say (remarks.py)."""
        mentions = pair_up(self.reader.mentions(words), self.lexicon)
        found = report(mentions)
        if not found.saying:
            return mentions
        kept: list[Mention] = []
        for index, mention in enumerate(mentions):
            if index in found.said and is_distress(mention):
                # "the doctor said my heart ...": never an SOS; but on the countdown, "是收音
                # 机里有人喊救命" says what set it off.
                kept.append(_reported(mention))
                continue
            if index in found.saying or (index in found.said and not found.asked):
                continue
            kept.append(mention)
        return kept

    def weigh(
        self,
        mentions: list[Mention],
        words: list[list[str]] | None = None,
        *,
        halting: bool = False,
    ) -> Evidence:
        """The weight of each action in the mentions, the distress said and the slots;
        ``words``: the clauses' words the mentions were found in; ``halting``: the speech
        was broken off by pauses (see :func:`halting`)."""
        denials = negated_mentions(mentions)
        denied, used = denials.denied, denials.used
        when = distress_time(
            mentions, lambda part: any(s.kind == "lasting" for s in self.lexicon.lookup(part))
        )
        help_with = calls_for_something(
            mentions, words or [], self.lexicon.calls, self.lexicon.call_ends | self.lexicon.empty
        )
        evidence = Evidence(halting=halting or repeats(words or []))
        weighing = weighing_up(words or [])
        sentence = Sentence(words or [], mentions, self.lexicon, self.reader)
        said_something = sentence.saying()
        unknown = sentence.unknown()
        told = sentence.told()
        # A thing and what is wrong with it (a pair) is a trouble told: a need.
        asked = sentence.asks(told) or any(m.also is not None for m in mentions)
        # Words of ours outnumbered by others ("隔壁家的狗叫了一晚上"): about something else.
        ours = sum(len(m.positions()) if m.also else 1 for m in mentions)
        about_else = unknown >= ABOUT_ELSE and unknown > ours
        # "我跟老李说话呢，没叫你": said to someone else, whatever it asks.
        aside = any(m.has("aside") for m in mentions)
        if any(m.has("weather") for m in mentions):
            # "今儿这天闷得慌，怕是要下雨": what is said of the weather asks for nothing; a
            # sentence with nothing else in it is a remark ("下雨了，帮我买点菜" is not).
            mentions = [m for m in mentions if not m.has("weather_like")]
            aside = aside or not any(
                s.kind == "concept" or (s.kind == "hint" and s.name == "sos")
                for m in mentions
                for s in m.senses
            )
        # "How big is one portion?", "My Harold could eat for three": about the food, no
        # choice of it (a word of distress said beside still counts).
        aside = aside or any(m.has("about_food") for m in mentions)
        # "不好了", "oh no" alone: a cry of alarm, no answer, and not to be guessed at.
        aside = aside or (
            any(m.has("alarm") for m in mentions)
            and not any(s.kind in ("concept", "hint") for m in mentions for s in m.senses)
        )
        evidence.chatter = aside or (
            not asked
            and (
                # what happened before ([distress] past: "年轻的时候") is told, not asked for
                any(m.has("chatter") or m.has("past") for m in mentions)
                or bool(told)
                or about_else
                # "我孙子明天来看我": someone else's day, no answer
                or sentence.about_others()
            )
        )
        # A bare command ("学习", "lunch") has no word that is none of ours, and a cry for
        # help ("help", "帮帮我") none either: "I need help with my computer" is no SOS.
        hints_count = asked or (said_something <= SHORT and not unknown)
        alone = sentence.alone()
        people = sentence.people()
        for index, mention in enumerate(mentions):
            how = denied.get(index)
            if REPORTED in mention.senses:
                evidence.reported_distress = True
                continue
            if how == "away":
                # The day the elder cannot do is still the day talked about ("明天上午不在家，
                # 下午吧": tomorrow afternoon).
                evidence.said.away_days.update(
                    s.name.split(".", 1)[1] for s in mention.senses if s.name.startswith("day.")
                )
                mention = Mention(
                    mention.clause,
                    mention.start,
                    mention.end,
                    mention.form,
                    tuple(s for s in mention.senses if s.kind not in ("slot", "unit")),
                    None,
                )
            if how == "double":
                continue  # "不是不要", "not no": neither a denial nor a refusal
            if how == "all" or (how == "needs" and not is_distress(mention)):
                evidence.negated.update(
                    s.name for s in mention.senses if s.kind in ("concept", "hint")
                )
                continue
            if (
                mention.has("unwell")
                and how != "distress"
                and not _denied_before(mentions, index)
                and not _over_after(mentions, index)
            ):
                evidence.unwell = True  # not "怕晕", "我不晕", "not dizzy", "有点晕，现在缓过来了"
            if mention.has("go_ahead") and how is None and not _denied_before(mentions, index):
                evidence.go_ahead = True  # not "别叫", "don't call"
            if (
                mention.has("fragment")
                and how is None
                and index not in when.past
                and not _denied_before(mentions, index)
            ):
                evidence.fragments.append(mention)
            for sense in mention.senses:
                if index in denials.undoing:
                    evidence.kept_on = True
                if sense.name in CALLING_OFF and index in denials.undoing:
                    continue  # "不要取消", "don't cancel": nothing is called off
                if sense.name == "yes" and sentence.asked_back(mention):
                    continue  # "行吗", "行不行啊": asking whether it is all right, no yes yet
                if sense.kind == "concept" and sense.name == "sos":
                    if index in help_with:
                        continue  # "can somebody help me have a shower": help with that
                    if how == "distress" or index in when.past:
                        evidence.negated.add("sos")
                        continue
                    if index in when.lasting and self.lexicon.lasting_is:
                        evidence.add(self.lexicon.lasting_is, CONCEPT)
                        continue
                    evidence.distress = True
                    evidence.cries_only = evidence.cries_only and mention.has("cries")
                if sense.kind == "alone" and alone:
                    evidence.add(sense.name, CONCEPT)
                misheard_distress = self.reader.spaced and sense.name == "sos" and mention.heard_as
                if (
                    sense.kind == "hint"
                    and (not hints_count or (sense.name == "sos" and unknown))
                    and not misheard_distress  # "hard attack": a phrase of distress misheard
                ):
                    continue
                if sense.name == "yes" and sense.kind == "concept" and not sentence.answer(mention):
                    continue  # "这么好的条件", "可以问一下吗": a yes is said as an answer
                if sense.name in ANSWERS_ONLY and mention.clause in weighing:
                    continue  # "订不订呢……": the elder weighing it up answers nothing yet
                if sense.name == "no" and of_someone_else(mentions, index):
                    continue  # "My late husband would never have paid that": his, not a no
                if sense.kind in ("concept", "hint"):
                    # A denial of something is itself a "no", but less surely than "不要".
                    if index in used:
                        evidence.add(sense.name, min(sense.weight, HINT), denial=True)
                    else:
                        evidence.add(sense.name, sense.weight)
                elif sense.kind == "slot":
                    list_name, part = sense.name.split(".", 1)
                    if list_name != "portions":
                        evidence.said.add(list_name, part)
            if mention.has("or"):
                evidence.said.either()
            self._note_implied(mention, evidence, hints_count, sentence.serves(mention))
            if mention.number is not None and not (people and mention.has("person")):
                # (with people named, "too" is no "two": "my son's eating too"); one of a
                # person ("一个人懒得做", "一口饭") is being alone, no count of food
                counted = mention.counted and not (
                    mention.number == 1 and sentence.of_people(mention)
                )
                evidence.said.counts.append((mention.number, counted))
        evidence.said.people = people
        if cry_breaks_in(mentions, evidence.fragments, words or []):
            # "Yes... oh, oh, my chest", "好……哎哟，胸口": the cry, not the answer it broke.
            evidence.distress = True
            evidence.cries_only = False
        evidence.corrected_to_yes = _corrects_to_yes(mentions, evidence)
        return evidence

    def _note_implied(
        self, mention: Mention, evidence: Evidence, hints_count: bool, serves: bool = False
    ) -> None:
        """A meal word ("lunch", 午饭) names the meals service, and so does a count of food
        ("两份"); a word that is also a time of day ("this evening", 中午) only points to it."""
        lists = {s.name.split(".", 1)[0] for s in mention.senses if s.kind == "slot"}
        if serves:
            lists.add("portions")
        else:
            lists.discard("portions")  # "就我一个", "我自己", "一" count no food
        for choice_id in lists & set(self.choices):
            weight = CONCEPT if lists <= {choice_id, "day"} else HINT
            if self.choices[choice_id].is_quantity:
                weight = HINT
            if weight < CONCEPT and not hints_count:
                continue
            evidence.implied[choice_id] = max(evidence.implied.get(choice_id, 0.0), weight)

    def _implied(self, evidence: Evidence) -> dict[str, float]:
        """Services that answers said along point to: a question only one service asks
        (which meal, how many portions) names that service."""
        implied: dict[str, float] = {}
        for choice_id, weight in evidence.implied.items():
            askers = [s for s, ids in self.service_choices.items() if choice_id in ids]
            if len(askers) == 1:
                implied[askers[0]] = max(implied.get(askers[0], 0.0), weight)
        return implied

    def decide(
        self, text: str, evidence: Evidence, offered: tuple[str, ...], slots_for: tuple[str, ...]
    ) -> Understanding:
        """The decision rule: see the module's docstring."""
        on_screen = set(offered) | {"sos"}
        if evidence.distress:
            # "水管崩了，快来人": a call for someone to come to a trouble at home is for that.
            if (
                evidence.cries_only
                and URGENT in on_screen
                and evidence.weights.get(URGENT, 0.0) >= CONCEPT
            ):
                return Understanding(
                    text, URGENT, self.slots(URGENT, evidence.said, slots_for), "act", ()
                )
            return Understanding(text, "sos", {}, "act", ())
        weights = dict(evidence.weights)
        for action, weight in evidence.denials.items():
            if action in on_screen:
                weights[action] = max(weights.get(action, 0.0), weight)
        for service, weight in self._implied(evidence).items():
            if service not in evidence.negated:  # "明天中午别送饭了": no meal wanted
                weights[service] = max(weights.get(service, 0.0), weight)
        if CANCEL in on_screen and weights.get("yes", 0.0) >= CONCEPT and "yes" not in on_screen:
            # On the countdown a "yes" ("是的，叫吧") says: call now.
            weights["sos"] = max(weights.get("sos", 0.0), weights.pop("yes"))
        if evidence.corrected_to_yes and "yes" in on_screen:
            weights.pop("no", None)
        if evidence.kept_on and CANCEL in on_screen:
            # "No, don't cancel, I need help": whatever "no" was said, the call goes on.
            for calling_off in CALLING_OFF:
                weights.pop(calling_off, None)
            weights["sos"] = max(weights.get("sos", 0.0), CONCEPT)
        if evidence.unwell and CANCEL in on_screen:
            # "我也说不好，就是有点晕", "I don't know, I feel funny": on the countdown feeling
            # unwell confirms the call, whatever else was said; only an SOS cut short is lost.
            for calling_off in CALLING_OFF:
                weights.pop(calling_off, None)
            weights["sos"] = max(weights.get("sos", 0.0), CONCEPT)
        if CANCEL in on_screen and (evidence.go_ahead or (evidence.halting and evidence.fragments)):
            # "快", "叫吧", "Call them now", and speech broken off by breathlessness or pain
            # ("喘……喘不……", "can't... breathe"): the call goes ahead. A calling off said
            # beside it ("别叫了，快停下") is as likely, and an SOS is never asked about; a
            # bare "no" is not ("快点……别等了": don't wait).
            weights.pop("no", None)
            weights["sos"] = max(weights.get("sos", 0.0), CONCEPT)
        if evidence.reported_distress and CANCEL in on_screen:
            # "是电视里的人喊救命": what set the countdown off was not the elder.
            weights[CANCEL] = max(weights.get(CANCEL, 0.0), CONCEPT)
        if evidence.negated & CALLING and CANCEL in on_screen:
            # "不用打120", "不要打电话", "don't call": on the countdown, calling it off.
            weights[CANCEL] = max(weights.get(CANCEL, 0.0), CONCEPT)
        said = evidence.said
        if evidence.chatter:
            # Not said to the kiosk: only the globals and the answers to a question stand.
            weights = {a: w for a, w in weights.items() if a in CHATTER_PROOF}
            said = Said()
        asked = self._question_on_screen(on_screen)
        if asked is not None:
            # On a question's screen its service is what the elder is ordering, not a wish.
            for service, ids in self.service_choices.items():
                if asked.id in ids:
                    weights.pop(service, None)
            found = answer(asked, said, self.lexicon.parts, bare_numbers=asked.is_quantity)
            fits = (found.filled,) if found.filled else found.fits
            if sides := either(asked, said, self.lexicon.parts):
                found, fits = Answer(None, sides), sides  # "今天或者明天上午": which one?
            if len(fits) <= MAX_ALTERNATIVES:
                for option in fits:
                    weight = CONCEPT if found.filled else HINT
                    weights[f"option.{option}"] = weights.get(f"option.{option}", 0.0) + weight
        for winner, losers in self.lexicon.prefer.items():
            if winner in on_screen and weights.get(winner, 0.0) >= CONCEPT:
                for loser in losers:
                    weights.pop(loser, None)
        here = sorted(
            ((w, a) for a, w in weights.items() if a in on_screen and w > 0),
            key=lambda item: -item[0],
        )
        elsewhere = {a: w for a, w in weights.items() if a not in on_screen and w >= CONCEPT}
        # A yes or a no where none is asked for stands in no one's way ("帮我订上" on home
        # orders), though with nothing else said it is the guess logged.
        best_elsewhere = max(
            (w for a, w in elsewhere.items() if a not in ANSWERS_ONLY), default=0.0
        )
        if not here or best_elsewhere > here[0][0]:
            if elsewhere:
                guess = max(elsewhere, key=elsewhere.__getitem__)
                return Understanding(text, guess, {}, "none", (), "not_here")
            reason = "negated" if evidence.negated else "unclear"
            return Understanding(text, None, {}, "none", (), reason)
        best = here[0][0]
        close = [a for w, a in here if w >= best - CLOSE]
        if len(close) > 1 and "sos" in close:
            # An emergency is never asked about: said as such it has acted already (distress),
            # so a word that only may be one ("来个人") gives way to the others.
            close.remove("sos")
        if len(close) > MAX_ALTERNATIVES:
            return Understanding(text, close[0], {}, "none", (), "ambiguous")
        if len(close) > 1:
            return Understanding(text, close[0], {}, "ask", tuple(close), "ambiguous")
        action = close[0]
        return Understanding(text, action, self.slots(action, said, slots_for), "act", ())

    def _question_on_screen(self, on_screen: set[str]) -> ChoiceList | None:
        for choice in self.choices.values():
            if any(f"option.{o.id}" in on_screen for o in choice.options):
                return choice
        return None

    def slots(self, action: str, said: Said, slots_for: tuple[str, ...]) -> dict[str, str]:
        """The answers said along with ``action`` to the questions wanted."""
        if action.startswith("service."):
            wanted = [c for c in self.service_choices.get(action, ()) if c in slots_for]
            return answers((self.choices[c] for c in wanted), said, self.lexicon.parts)
        if action.startswith("option."):
            option = action.split(".", 1)[1]
            for choice_id in slots_for:
                choice = self.choices.get(choice_id)
                if choice is not None and choice.option(option) is not None:
                    others = [self.choices[c] for c in slots_for if c != choice_id]
                    filled = answers(others, said, self.lexicon.parts)
                    return {choice_id: option, **filled}
        return {}


def _corrects_to_yes(mentions: list[Mention], evidence: Evidence) -> bool:
    """Whether the sentence opens with a "no" that corrects ("No, ..."), and a yes said at
    least twice after it outweighs it: "No, I didn't say no, I said yes". A bare "No, yes"
    or "不对，行" stays a question between the two: an order is placed only on a clear yes."""
    if not mentions:
        return False
    first = mentions[0]
    opens_correction = any(s.kind == "concept" and s.name == "no" for s in first.senses) and any(
        s.kind == "negation" and s.name == "instead" for s in first.senses
    )
    yes_after = sum(
        1 for m in mentions[1:] if any(s.name == "yes" and s.kind == "concept" for s in m.senses)
    )
    return opens_correction and yes_after >= 2 and "yes" in evidence.weights


def _denied_before(mentions: list[Mention], index: int) -> bool:
    """Whether a word of denial stands before ``mentions[index]`` in its clause ("我不晕",
    "not dizzy now"): the words of feeling unwell name no action a denial would take back."""
    mention = mentions[index]
    return any(
        m.clause == mention.clause and m.end <= mention.start and m.has("negation")
        for m in mentions[:index]
    )


def _over_after(mentions: list[Mention], index: int) -> bool:
    """Whether feeling unwell, ``mentions[index]``, is said to be over after it ("刚才有点晕，
    现在缓过来了", "I felt faint, it has passed"): a word of a need met, or of being fine."""
    return any(
        s.kind == "negation" and s.name == "done" for m in mentions[index + 1 :] for s in m.senses
    )


def screen_kind(offered: Iterable[str]) -> str:
    """The kind of screen offering ``offered``, a piece the learned model weighs: how often
    nothing is meant differs between the home screen, a question and the countdown."""
    offered = set(offered)
    if "yes" in offered:
        return "screen:confirm"
    if CANCEL in offered:
        return "screen:countdown"
    if any(a.startswith("option.") for a in offered):
        return "screen:question"
    return "screen:home"
