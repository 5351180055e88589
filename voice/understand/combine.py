"""The rules of word lists and the learned model, together: one decision.

The rules (:meth:`voice.understand.Understander.decide`) read what the word lists know, and
a sentence said another way can fool them; the learned model
(:mod:`voice.understand.model`) has a view of every sentence but has only seen the
development sentences. Acting wrongly is worse than asking, so:

- they agree, or the model finds the rules' action likely enough (:data:`KEEP`): act;
- the model is fairly sure (:data:`DOUBT`) of another action, or surer
  (:data:`DOUBT_NOTHING`) that nothing is asked: ask between the two when the model's is
  another action the screen offers, else do nothing ("please say it again or tap");
- the rules heard only a cry for help ("help me ...") and the model is sure
  (:data:`SERVICE_OVER_CRY`) it is a service the screen offers ("help me have a shower"):
  that service (its read-back still comes before any order);
- the rules found nothing and the model alone is very sure (:data:`ALONE`) of an action the
  screen offers: act on it; but never to place an order nor to call off the SOS countdown.

A statement of distress the rules found is never doubted: the countdown is cancellable, a
missed one is not. The thresholds were chosen by leave-one-part-out cross-validation on the
development sentences (``python -m bench understand_cv``, docs/PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from voice.understand.model import NOTHING

if TYPE_CHECKING:
    from voice.understand import Understanding

KEEP = 0.15
DOUBT = 0.5
# Doubting that anything is asked at all needs the model surer: the word lists know
# denials and chatter better than a bag of pieces does.
DOUBT_NOTHING = 0.9
# Asking between the rules' action and the model's needs the rules' to be this likely too.
ASK_FLOOR = 0.02
SERVICE_OVER_CRY = 0.7
ALONE = 0.9
# The model alone starts the SOS countdown only this sure (a false one is cancellable, but
# still a wrong act); None: never alone.
ALONE_SOS = 0.9
# What the model alone never does: place an order (the "yes" of the confirm screen: a
# sentence the rules found no yes in, "行是行，就是贵了点", is no order) ...
NEVER_ALONE = frozenset({"yes"})
# ... nor call off the SOS countdown (a countdown wrongly called off is an emergency
# missed; a missed call-off is only a call the elder can stop).
NEVER_ALONE_ON_COUNTDOWN = frozenset({"cancel", "no"})
# The rules found nothing for these reasons: the model may then act alone. (Not where the
# rules found a denial or another screen's action: they know those better.)
MAY_ACT_ALONE = frozenset({"unclear", "empty"})
# What the model's view shows: its best labels.
SHOWN = 3


@dataclass(frozen=True)
class Opinion:
    """What each side said, for the log and ``python -m voice.understand``."""

    rules_decision: str
    rules_action: str | None
    model: tuple[tuple[str, float], ...]  # the model's best labels, most likely first

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules": {"decision": self.rules_decision, "action": self.rules_action},
            "model": [[label, round(p, 3)] for label, p in self.model],
        }


def combine(
    rules: Understanding,
    view: Mapping[str, float],
    offered: tuple[str, ...],
    *,
    cries_only: bool,
    chatter: bool = False,
    slots: Callable[[str], dict[str, str]],
) -> Understanding:
    """The decision of the rules (``rules``) and of the model (``view``: label ->
    probability over what the screen offers, sos and NOTHING) together. ``cries_only``:
    the only distress the rules found was a call for help; ``chatter``: the rules found the
    sentence not said to the kiosk (something told, done, of the past), and then the model
    never acts alone; ``slots``: the answers said along for an action."""
    ranked = sorted(view.items(), key=lambda item: (-item[1], item[0]))
    opinion = Opinion(rules.decision, rules.action, tuple(ranked[:SHOWN]))
    best, best_p = ranked[0] if ranked else (NOTHING, 0.0)
    kept = replace(rules, opinion=opinion)
    if rules.decision == "act" and rules.action is not None:
        action = rules.action
        if action == "sos":
            if (
                cries_only
                and best.startswith("service.")
                and best in offered
                and best_p >= SERVICE_OVER_CRY
            ):
                return replace(kept, action=best, slots=slots(best), reason="learned")
            return kept
        if best == action or view.get(action, 0.0) >= KEEP:
            return kept
        if best_p < (DOUBT_NOTHING if best in (NOTHING, "sos") else DOUBT):
            return kept
        if best not in (NOTHING, "sos") and best in offered and view.get(action, 0.0) >= ASK_FLOOR:
            return replace(
                kept, slots={}, decision="ask", alternatives=(action, best), reason="doubted"
            )
        return replace(kept, slots={}, decision="none", alternatives=(), reason="doubted")
    if (
        rules.decision == "none"
        and rules.reason in MAY_ACT_ALONE
        and not chatter
        and best != NOTHING
        and (best in offered or best == "sos")
        and best_p >= (ALONE_SOS if best == "sos" else ALONE)
        and best not in NEVER_ALONE
        and not ("cancel" in offered and best in NEVER_ALONE_ON_COUNTDOWN)
    ):
        return replace(kept, action=best, slots=slots(best), decision="act", reason="learned")
    return kept
