"""kiosk_args: the plain command line read directly gives what argparse gives, and anything
else goes to argparse, which explains or refuses it."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_args import OPTIONS, full_parser, parse_args, quick_parse

PLAIN = [o for o in OPTIONS if not o.many]


def full(words: list[str]) -> dict[str, object]:
    return vars(full_parser().parse_args(words))


@st.composite
def plain_command_lines(draw: st.DrawFn) -> list[str]:
    """Each plain option at most once, in any order, values as '--opt v' or '--opt=v'."""
    chosen = draw(st.lists(st.sampled_from(PLAIN), unique_by=lambda o: o.flag))
    words: list[str] = []
    for option in chosen:
        if not option.takes_value:
            words.append(option.flag)
            continue
        value = draw(st.sampled_from(option.choices) if option.choices else st.just("/srv/k"))
        if draw(st.booleans()):
            words.append(f"{option.flag}={value}")
        else:
            words += [option.flag, value]
    return words


@given(plain_command_lines())
def test_a_plain_command_line_reads_as_argparse_reads_it(words: list[str]) -> None:
    quick = quick_parse(words)
    assert quick is not None, words
    assert vars(quick) == full(words)


def test_no_options_give_every_default() -> None:
    args = parse_args([])
    assert vars(args) == full([])
    assert args.demo is False and args.mode is None and args.voice_files is None


@pytest.mark.parametrize(
    "words",
    [
        ["--voice-files", "a.wav", "b.wav"],  # one or more values: argparse's
        ["--dem"],  # an abbreviation
        ["--demo", "--demo"],  # said twice
        ["--demo=yes"],  # a switch given a value
        ["--mode"],  # a value missing
        ["--mode", "office"],  # not one of the choices
        ["--data-dir", "-x"],  # looks like an option
        ["stray"],  # no positional arguments
        ["--help"],
    ],
)
def test_anything_else_goes_to_argparse(words: list[str]) -> None:
    assert quick_parse(words) is None


def test_voice_files_are_read_by_argparse() -> None:
    args = parse_args(["--demo", "--voice-files", "a.wav", "b.wav"])
    assert args.demo is True and args.voice_files == ["a.wav", "b.wav"]


def test_an_abbreviation_still_works() -> None:
    assert parse_args(["--full"]).fullscreen is True


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--mode", "office"], "invalid choice: 'office'"),
        (["--mode"], "expected one argument"),
        (["--colour", "red"], "unrecognized arguments: --colour red"),
    ],
)
def test_a_mistake_gets_argparse_s_message_and_status(
    words: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(words)
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err


def test_help_lists_the_options_but_not_the_hidden_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_args(["--help"])
    assert stopped.value.code == 0
    text = capsys.readouterr().out
    assert "Community elder-care kiosk" in text and "--voice-files WAV" in text
    assert "--exit-after-first-frame" not in text and "--check-glyphs" not in text


def test_the_table_makes_an_argparse_parser() -> None:
    assert isinstance(full_parser(), argparse.ArgumentParser)
