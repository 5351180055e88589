"""The development part of the utterance corpus meets the understanding's goals, so that a
change to the word lists or the rules that loses ground fails here. (The held-out part is
measured by ``python -m bench understand`` only, never asserted: see docs/PERFORMANCE.md.)"""

from __future__ import annotations

import pytest

from bench.understand import GOALS, evaluate, goals_met, load_corpus
from voice.understand import Understander


@pytest.fixture(scope="module")
def dev_result() -> dict:
    rows = load_corpus("dev")
    understanders = {language: Understander(language) for language in ("zh_CN", "en_US")}
    return evaluate(rows, understanders)


def test_the_dev_part_meets_the_goals(dev_result):
    wrong = [(w["id"], w["text"], w["expected"], w["got"]) for w in dev_result["wrong_decisions"]]
    assert dev_result["accuracy"] >= GOALS["accuracy"], dev_result["not_right"]
    assert dev_result["wrong"] <= GOALS["wrong"], wrong
    assert dev_result["sos_recall"] == 1.0
    assert goals_met(dev_result)["no_order_or_sos_placed_wrongly"], wrong


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_each_language_meets_the_goals_on_its_own(dev_result, language):
    figures = dev_result["per_language"][language]
    assert figures["n"] >= 100
    assert figures["accuracy"] >= GOALS["accuracy"]
    assert figures["wrong"] <= GOALS["wrong"]
    assert figures["sos_recall"] == 1.0
