"""Answers to the order questions said along with a request ("明天中午送两份饭").

An option of a catalog question is read as the parts its id is made of: ``tomorrow_lunch``
is the day ``tomorrow`` and the meal ``lunch``, ``now`` is ``now``. What was said gives
parts too, from the ``[slots.*]`` word lists (明天 -> day tomorrow, 中午 -> meal lunch and
time of day noon). An option is filled only when what was said pins it down to that one:

- a day not said is today, as a person at the center would take it ("中午送饭": lunch today),
  or the day of a time the elder said they cannot do ("明天上午不在家，下午吧"); but a time
  of day said alone that tomorrow also offers ("下午", "in the morning") fits both days,
  and is asked about;
- a part no option has (早饭, 后天, "the day after tomorrow") leaves the question unanswered;
- a time of day falls within an option that is a whole day ("今天下午" is ``today``);
- what fits several options (明天: lunch or dinner?) fills nothing, but the options it
  fits are kept: on the question's own screen they are the ones to ask between.

Counts answer a quantity question ("两份", "two portions", "for two"); a bare number only
where the question is on screen, and there the people said are counted too ("我和老伴", "my
husband's eating too": two).

Answers said either side of an "or" ([spoken] or: 或者, 还是, "or") are asked between, where
each side pins down an option: "今天或者明天上午" is today or tomorrow morning; a side that
says no day has the day of the side before it ("明天上午还是下午").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.catalog import ChoiceList

DAY_LIST = "day"
TIME_LIST = "when"
DEFAULT_DAY = "today"
TOMORROW = "tomorrow"
NOW = "now"


@dataclass
class Said:
    """The slot parts and counts of an utterance that no negation took back."""

    parts: dict[str, set[str]] = field(default_factory=dict)  # list name -> parts
    counts: list[tuple[int, bool]] = field(default_factory=list)  # (number, counted)
    # The parts said on each side of an "or", when one was said.
    sides: list[dict[str, set[str]]] = field(default_factory=list)
    people: int = 0  # the people said to be eating, the elder among them
    # Days said of a time the elder cannot do: the day meant where no other is said.
    away_days: set[str] = field(default_factory=set)

    def add(self, list_name: str, part: str) -> None:
        self.parts.setdefault(list_name, set()).add(part)
        if self.sides:
            self.sides[-1].setdefault(list_name, set()).add(part)

    def either(self) -> None:
        """An "or" was said: what follows is another side."""
        if not self.sides:
            self.sides.append({name: set(found) for name, found in self.parts.items()})
        self.sides.append({})

    def lists(self) -> set[str]:
        return {name for name, found in self.parts.items() if found}


def option_parts(option_id: str) -> frozenset[str]:
    return frozenset(option_id.split("_"))


@dataclass(frozen=True)
class Answer:
    """What was said about one question: the option it pins down, or those it fits."""

    filled: str | None = None
    fits: tuple[str, ...] = ()


def answer(
    choice: ChoiceList,
    said: Said,
    lists: Mapping[str, frozenset[str]],
    *,
    bare_numbers: bool = False,
) -> Answer:
    """The answer to ``choice`` in what was said; ``lists`` are the lexicon's part lists."""
    option_ids = [o.id for o in choice.options]
    if choice.is_quantity:
        numbers = list(dict.fromkeys(n for n, counted in said.counts if counted or bare_numbers))
        if bare_numbers and said.people and not any(counted for _, counted in said.counts):
            numbers = [said.people]  # "for me and my sister": the people, not "for me"
        offered = [str(n) for n in numbers if str(n) in option_ids]
        if len(numbers) == 1 and offered:
            return Answer(offered[0], (offered[0],))
        if len(numbers) > 1 and len(offered) == len(numbers):
            return Answer(None, tuple(offered))  # "两三份", "one or two": which, then?
        return Answer()
    universe = set().union(*(option_parts(o) for o in option_ids))
    # The lists this question is made of: its days, its meals or times of day.
    relevant = [name for name, parts in lists.items() if parts & universe]
    heard = set().union(*(said.parts.get(name, set()) for name in relevant))
    if not heard:
        return Answer()
    days = lists.get(DAY_LIST, frozenset())
    times = lists.get(TIME_LIST, frozenset()) - {NOW}

    def covered(part: str, option: frozenset[str]) -> bool:
        # "今天下午" falls within "today": a time of day inside a whole day's option.
        return part in option or (part in times and option <= days)

    with_day = set(heard)
    if not heard & days and NOW not in heard:
        with_day |= (said.away_days & days) or {DEFAULT_DAY}
    fits = [
        o
        for o in option_ids
        if option_parts(o) <= with_day and all(covered(p, option_parts(o)) for p in with_day)
    ]
    if not heard & days and NOW not in heard and heard & times and not said.away_days & days:
        # "下午", "in the morning" said alone: this afternoon or tomorrow's? A person would ask.
        later = {*heard, TOMORROW}
        tomorrows = [
            o
            for o in option_ids
            if option_parts(o) <= later and all(covered(p, option_parts(o)) for p in later)
        ]
        if fits and tomorrows:
            return Answer(None, tuple(dict.fromkeys((*fits, *tomorrows))))
    if len(fits) == 1:
        return Answer(fits[0], (fits[0],))
    if heard - universe - times:
        return Answer()  # breakfast, the day after tomorrow: nothing offered fits
    partial = [o for o in option_ids if heard <= option_parts(o)]
    return Answer(None, tuple(partial))


def answers(
    choices: Iterable[ChoiceList],
    said: Said,
    lists: Mapping[str, frozenset[str]],
    *,
    bare_for: str | None = None,
) -> dict[str, str]:
    """The questions among ``choices`` that what was said answers: choice id -> option id."""
    filled: dict[str, str] = {}
    for choice in choices:
        found = answer(choice, said, lists, bare_numbers=choice.id == bare_for)
        if found.filled is not None:
            filled[choice.id] = found.filled
    return filled


def either(choice: ChoiceList, said: Said, lists: Mapping[str, frozenset[str]]) -> tuple[str, ...]:
    """The options of ``choice`` that the sides of an "or" fit ("今天还是明天": today, or
    tomorrow morning or afternoon), if each side fits some; else none."""
    if len(said.sides) < 2 or choice.is_quantity:
        return ()
    days = lists.get(DAY_LIST, frozenset())
    fits: list[str] = []
    day: set[str] = set()
    for side in said.sides:
        parts = {name: set(found) for name, found in side.items()}
        if parts.get(DAY_LIST):
            day = parts[DAY_LIST] & days
        elif day:
            parts[DAY_LIST] = set(day)
        found = answer(choice, Said(parts), lists)
        if not found.fits:
            return ()
        fits.extend(found.fits)
    options = tuple(dict.fromkeys(fits))
    return options if len(options) > 1 else ()
