"""The learned second opinion: its file, what happens without it, and how it is joined to
the word lists' decision (voice/understand/model.py, train.py, combine.py)."""

from __future__ import annotations

import logging

import pytest

from voice.understand import Understander, Understanding
from voice.understand import model as model_module
from voice.understand.combine import combine
from voice.understand.model import NOTHING, Model, features, load_model, model_path
from voice.understand.train import trained_files

HOME = ("service.meals", "service.bathing", "service.cleaning", "my_orders", "sos", "back")


def rules_said(decision: str, action: str | None, reason: str = "ok") -> Understanding:
    return Understanding("something said", action, {}, decision, (), reason)


def joined(rules: Understanding, view: dict[str, float], **flags: bool) -> Understanding:
    return combine(
        rules,
        view,
        HOME,
        cries_only=flags.get("cries_only", False),
        chatter=flags.get("chatter", False),
        slots=lambda action: {"meal": "today_lunch"} if action == "service.meals" else {},
    )


# -- the combination ---------------------------------------------------------------------------


def test_agreeing_acts():
    got = joined(rules_said("act", "service.meals"), {"service.meals": 0.9, NOTHING: 0.1})
    assert (got.decision, got.action, got.reason) == ("act", "service.meals", "ok")
    assert got.opinion is not None and got.opinion.model[0][0] == "service.meals"


def test_a_doubted_act_becomes_a_question_between_the_two():
    view = {"service.cleaning": 0.1, "service.bathing": 0.85, NOTHING: 0.05}
    got = joined(rules_said("act", "service.cleaning"), view)
    assert got.decision == "ask"
    assert got.alternatives == ("service.cleaning", "service.bathing")
    assert got.reason == "doubted"


def test_an_act_the_model_finds_asks_nothing_is_not_taken():
    view = {"service.meals": 0.02, NOTHING: 0.95, "sos": 0.03}
    got = joined(rules_said("act", "service.meals"), view)
    assert got.decision == "none" and got.reason == "doubted" and got.slots == {}


def test_a_mild_doubt_leaves_the_rules_to_act():
    view = {"service.meals": 0.2, NOTHING: 0.8}
    assert joined(rules_said("act", "service.meals"), view).decision == "act"


def test_distress_found_by_the_rules_is_never_doubted():
    view = {"sos": 0.01, NOTHING: 0.99}
    got = joined(rules_said("act", "sos"), view)
    assert (got.decision, got.action) == ("act", "sos")


def test_a_cry_for_help_with_a_clear_service_is_that_service():
    view = {"service.bathing": 0.9, "sos": 0.05, NOTHING: 0.05}
    got = joined(rules_said("act", "sos"), view, cries_only=True)
    assert (got.decision, got.action, got.reason) == ("act", "service.bathing", "learned")


def test_the_model_alone_acts_only_when_very_sure_and_not_on_chatter():
    sure = {"service.meals": 0.97, NOTHING: 0.03}
    got = joined(rules_said("none", None, "unclear"), sure)
    assert (got.decision, got.action) == ("act", "service.meals")
    assert got.slots == {"meal": "today_lunch"}
    assert joined(rules_said("none", None, "unclear"), sure, chatter=True).decision == "none"
    assert joined(rules_said("none", None, "negated"), sure).decision == "none"
    unsure = {"service.meals": 0.6, NOTHING: 0.4}
    assert joined(rules_said("none", None, "unclear"), unsure).decision == "none"


def test_the_model_never_acts_on_what_the_screen_does_not_offer():
    # a label the screen does not offer in the view (a bad caller) is never acted on
    view = {"service.legal": 0.99, NOTHING: 0.01}
    assert joined(rules_said("none", None, "unclear"), view).decision == "none"


# -- the model in the understanding ------------------------------------------------------------


@pytest.fixture(scope="module")
def english() -> Understander:
    understander = Understander("en_US")
    understander.prepare()
    return understander


def test_the_shipped_model_is_used_and_scores_only_what_the_screen_offers(english):
    assert english.model is not None
    got = english.understand_screen("could someone help me have a shower", "home")
    assert got.opinion is not None
    offered = set(english.screen("home")[0]) | {"sos", NOTHING}
    assert {label for label, _ in got.opinion.model} <= offered
    confirm = english.understand_screen("yes please", "confirm")
    assert confirm.opinion is not None
    assert {label for label, _ in confirm.opinion.model} <= {
        *english.screen("confirm")[0],
        NOTHING,
    }


def test_the_pieces_carry_over(english):
    pieces = features([["i", "need", "a", "shower"]], spaced=True)
    assert {"w:shower", "b:a_shower", "s:showe", "b:<_i"} <= set(pieces)
    chinese = features([["想", "洗澡"]], spaced=False)
    assert {"w:洗澡", "c:洗", "b:洗澡", "t:想洗澡", "b:<想"} <= set(chinese)


# -- the file ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "not JSON"),
        ("[1, 2]", "format"),
        ('{"format": 1, "language": "zh_CN"}', "not of 'en_US'"),
        ('{"format": 1, "language": "en_US", "labels": "x"}', "labels"),
        ('{"format": 1, "language": "en_US", "labels": [], "bias": {"a": "b"}}', "bias"),
        (
            '{"format": 1, "language": "en_US", "labels": [], "bias": {}, "weights": {"w": 3}}',
            "weights",
        ),
    ],
)
def test_a_broken_model_file_leaves_the_rules_alone_with_a_clear_log_line(
    tmp_path, caplog, text, says
):
    path = tmp_path / "en_US.json"
    path.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="voice.understand.model"):
        assert load_model("en_US", path) is None
    assert says in caplog.text and "the word lists decide alone" in caplog.text


def test_without_its_file_the_understanding_works_on_the_word_lists(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(model_module, "MODEL_DIR", tmp_path)
    understander = Understander("en_US")
    with caplog.at_level(logging.WARNING, logger="voice.understand.model"):
        got = understander.understand_screen("I need a bath", "home")
    assert understander.model is None
    assert "no learned model for en_US" in caplog.text
    assert (got.decision, got.action, got.opinion) == ("act", "service.bathing", None)


def test_a_model_file_round_trips():
    made = Model("en_US", ("a", "b"), {"a": 0.5}, {"w:x": {"b": 1.25}})
    again = Model.from_json(made.as_json(), "en_US")
    assert again == made
    probabilities = again.probabilities(["w:x", "w:unknown"], ["a", "b"])
    assert probabilities["b"] > probabilities["a"]
    assert sum(probabilities.values()) == pytest.approx(1.0)


@pytest.mark.slow
def test_the_shipped_files_are_what_training_on_dev_gives_today():
    """Run python -m voice.understand.train after changing dev.jsonl or the pieces."""
    for language, text in trained_files().items():
        assert model_path(language).read_text(encoding="utf-8") == text, language
