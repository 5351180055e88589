"""``python -m voice.understand`` as other programs use it: one JSON line per text, and a
clear message with exit code 2 for bad arguments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow  # child processes that load jieba's dictionary


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voice.understand", *argv],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_json_line_per_text_as_the_screen_decides():
    done = run("--language", "zh_CN", "--screen", "home", "中午给我送个饭", "不要助餐", "救命")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    model_view = lines[0].pop("model")
    assert lines[0] == {
        "text": "中午给我送个饭",
        "action": "service.meals",
        "slots": {"meal": "today_lunch"},
        "decision": "act",
        "alternatives": [],
        "reason": "ok",
        "rules": {"decision": "act", "action": "service.meals"},
    }
    # the learned model's view: its best labels with their probabilities, best first
    assert model_view[0][0] == "service.meals"
    assert [p for _, p in model_view] == sorted((p for _, p in model_view), reverse=True)
    assert lines[1]["decision"] == "none" and lines[1]["reason"] == "negated"
    assert lines[2]["action"] == "sos" and lines[2]["decision"] == "act"
    assert len(lines) == 3


def test_english_and_an_ask():
    done = run("--language", "en_US", "--screen", "meals_choice", "tomorrow", "lunch today")
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["decision"] == "ask"
    assert set(first["alternatives"]) == {"option.tomorrow_lunch", "option.tomorrow_dinner"}
    assert second["slots"] == {"meal": "today_lunch"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--screen", "nowhere", "hello"], "invalid choice: 'nowhere'"),
        (["--language", "fr_FR", "--screen", "home", "bonjour"], "'fr_FR' is not one of"),
        (["--screen", "home"], "the following arguments are required: TEXT"),
        (["hello"], "the following arguments are required: --screen"),
        (["--screen", "home", "  "], "at least one text"),
    ],
)
def test_bad_arguments_are_named_with_exit_code_2(argv, message):
    done = run(*argv)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_the_bench_prints_one_json_object_whose_figures_add_up():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "understand", "--part", "dev", "--rounds", "1"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["part"] == "dev"
    assert result["n"] == sum(v["n"] for v in result["per_language"].values())
    assert result["n"] == sum(v["n"] for v in result["per_action"].values())
    for name in ("accuracy", "ask_again", "wrong", "sos_recall"):
        assert 0.0 <= result[name] <= 1.0, name
    assert len(result["wrong_decisions"]) == round(result["wrong"] * result["n"])
    assert 0 < result["understand_ms"]["p50"] <= result["understand_ms"]["p95"]
    assert result["grammar_path_listener_ms"]["p95"] > 0
    assert set(result["loading"]) == {"zh_CN", "en_US"}
    assert result["goals_detail"]["grammar_path_listener_p95_le_300ms"]
