"""Config: defaults, the TOML file, environment and command line, and bad values of each."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from app.config import Config, ConfigProblem, describe_options, load_config, options

_OPTION_LINE = re.compile(r"^# ([a-z_]+) = ")


def write_config(folder: Path, text: str) -> Path:
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def defaults() -> dict[str, object]:
    return {f.name: f.default for f in options()}


def only_problem(problems: list[ConfigProblem]) -> ConfigProblem:
    assert len(problems) == 1, [p.message for p in problems]
    return problems[0]


# -- defaults and sources ------------------------------------------------------------------------


def test_defaults_without_file_or_environment() -> None:
    loaded = load_config(None, environ={})

    assert loaded.config == Config()
    assert loaded.problems == []
    assert loaded.file_error is None
    assert loaded.config.mode == "home"
    assert loaded.config.language == "zh_CN"
    assert loaded.config.font_scale == 100
    assert loaded.config.speech_enabled is True
    assert loaded.config.log_level == "INFO"


def test_a_missing_file_gives_defaults_and_is_not_created(tmp_path: Path) -> None:
    absent = tmp_path / "config.toml"

    loaded = load_config(absent, environ={})

    assert loaded.config == Config()
    assert loaded.problems == []
    assert loaded.file_error is None
    assert not absent.exists()


def test_file_values_apply(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        'mode = "kiosk"\n'
        'language = "en_US"\n'
        "font_scale = 150\n"
        "screen_dpi = 96.5\n"
        "idle_signout_s = 300\n"
        "speech_enabled = false\n"
        'center_name = "阳光社区服务中心"\n'
        'log_level = "DEBUG"\n',
    )

    loaded = load_config(path, environ={})

    assert loaded.problems == []
    assert loaded.file_error is None
    config = loaded.config
    assert config.mode == "kiosk"
    assert config.language == "en_US"
    assert config.font_scale == 150
    assert config.screen_dpi == 96.5
    assert config.idle_signout_s == 300
    assert config.speech_enabled is False
    assert config.center_name == "阳光社区服务中心"
    assert config.log_level == "DEBUG"
    # Keys the file does not mention keep their defaults.
    assert config.theme == "light"
    assert config.sos_countdown_s == 5


def test_environment_beats_the_file(tmp_path: Path) -> None:
    path = write_config(tmp_path, 'mode = "home"\nfont_scale = 120\nspeech_enabled = true\n')
    environ = {
        "ELDERKIOSK_MODE": "kiosk",
        "ELDERKIOSK_FONT_SCALE": "180",
        "ELDERKIOSK_SPEECH_ENABLED": "off",
        "ELDERKIOSK_SCREEN_DPI": "160.5",
        "UNRELATED_MODE": "ignored",
    }

    loaded = load_config(path, environ=environ)

    assert loaded.problems == []
    assert loaded.config.mode == "kiosk"
    assert loaded.config.font_scale == 180
    assert loaded.config.speech_enabled is False
    assert loaded.config.screen_dpi == 160.5


def test_command_line_beats_the_environment(tmp_path: Path) -> None:
    path = write_config(tmp_path, 'mode = "kiosk"\nlanguage = "en_US"\n')
    environ = {"ELDERKIOSK_MODE": "kiosk", "ELDERKIOSK_LOG_LEVEL": "ERROR"}

    loaded = load_config(
        path, environ=environ, overrides={"mode": "home", "log_level": "DEBUG", "theme": None}
    )

    assert loaded.problems == []
    assert loaded.config.mode == "home"
    assert loaded.config.log_level == "DEBUG"
    # None means "not given on the command line": the file and defaults stay.
    assert loaded.config.language == "en_US"
    assert loaded.config.theme == "light"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        (" on ", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
    ],
)
def test_environment_booleans(text: str, expected: bool) -> None:
    loaded = load_config(None, environ={"ELDERKIOSK_SPEECH_ENABLED": text})

    assert loaded.problems == []
    assert loaded.config.speech_enabled is expected


# -- bad values -----------------------------------------------------------------------------------

# key, the value as written in TOML, the value as an environment variable, the allowed values.
BAD_VALUES = [
    pytest.param("mode", '"office"', "office", "home | kiosk", id="wrong-choice"),
    pytest.param(
        "log_level", '"TRACE"', "TRACE", "DEBUG | INFO | WARNING | ERROR", id="wrong-level"
    ),
    pytest.param("font_scale", "250", "250", "int from 100 to 200", id="int-above-range"),
    pytest.param("idle_signout_s", "10", "10", "int from 45 to 3600", id="int-below-range"),
    pytest.param("font_scale", '"big"', "big", "int from 100 to 200", id="non-int"),
    pytest.param("font_scale", "150.5", "150.5", "int from 100 to 200", id="fraction-for-int"),
    pytest.param("speech_enabled", '"maybe"', "maybe", "true | false", id="bool-maybe"),
    pytest.param("speech_enabled", "1", "2", "true | false", id="number-for-bool"),
    pytest.param("screen_dpi", "-1.0", "-1", "float from 0 to 1000", id="float-below-range"),
    pytest.param("screen_dpi", "inf", "inf", "float from 0 to 1000", id="float-infinite"),
    pytest.param("center_name", "42", None, "str", id="number-for-text"),
]


def assert_names_key_and_allowed(problem: ConfigProblem, key: str, allowed: str) -> None:
    assert problem.key == key
    assert problem.allowed == allowed
    assert f"'{key}'" in problem.message
    assert allowed in problem.message


@pytest.mark.parametrize(("key", "toml_value", "env_value", "allowed"), BAD_VALUES)
def test_a_bad_file_value_keeps_its_default_and_the_rest_of_the_file_applies(
    tmp_path: Path, key: str, toml_value: str, env_value: str | None, allowed: str
) -> None:
    path = write_config(
        tmp_path, f'language = "en_US"\n{key} = {toml_value}\ntheme = "dark"\nsos_countdown_s = 9\n'
    )

    loaded = load_config(path, environ={})

    problem = only_problem(loaded.problems)
    assert_names_key_and_allowed(problem, key, allowed)
    assert str(path) in problem.source
    assert getattr(loaded.config, key) == defaults()[key]
    assert loaded.config.language == "en_US"
    assert loaded.config.theme == "dark"
    assert loaded.config.sos_countdown_s == 9
    assert loaded.file_error is None


# Every environment value is text, so a text option cannot get a value of the wrong type there.
BAD_ENVIRONMENT_VALUES = [p for p in BAD_VALUES if p.values[2] is not None]


@pytest.mark.parametrize(("key", "toml_value", "env_value", "allowed"), BAD_ENVIRONMENT_VALUES)
def test_a_bad_environment_value_keeps_its_default_and_other_variables_apply(
    key: str, toml_value: str, env_value: str, allowed: str
) -> None:
    env_key = "ELDERKIOSK_" + key.upper()
    environ = {env_key: env_value, "ELDERKIOSK_THEME": "dark"}

    loaded = load_config(None, environ=environ)

    problem = only_problem(loaded.problems)
    assert_names_key_and_allowed(problem, key, allowed)
    assert env_key in problem.source
    assert getattr(loaded.config, key) == defaults()[key]
    assert loaded.config.theme == "dark"


def test_a_bad_command_line_value_is_a_problem_too() -> None:
    loaded = load_config(None, environ={}, overrides={"font_scale": "huge", "theme": "dark"})

    problem = only_problem(loaded.problems)
    assert_names_key_and_allowed(problem, "font_scale", "int from 100 to 200")
    assert problem.source == "command line"
    assert loaded.config.font_scale == 100
    assert loaded.config.theme == "dark"


def test_an_unknown_key_names_the_known_keys_and_the_rest_applies(tmp_path: Path) -> None:
    path = write_config(tmp_path, 'colour = "blue"\nmode = "kiosk"\n')

    loaded = load_config(path, environ={})

    problem = only_problem(loaded.problems)
    assert problem.key == "colour"
    assert "'colour'" in problem.message
    for f in options():
        assert f.name in problem.message
    assert loaded.config.mode == "kiosk"
    assert loaded.config == Config(mode="kiosk")


def test_several_bad_values_are_each_reported(tmp_path: Path) -> None:
    path = write_config(
        tmp_path, 'mode = "office"\nfont_scale = 10\nspeech_enabled = "maybe"\ntheme = "dark"\n'
    )

    loaded = load_config(path, environ={})

    assert sorted(p.key for p in loaded.problems) == ["font_scale", "mode", "speech_enabled"]
    assert loaded.config == Config(theme="dark")


@pytest.mark.parametrize(
    ("source", "value"),
    [("file", "nan"), ("environment", "nan"), ("environment", "NaN")],
)
def test_not_a_number_is_refused_for_the_screen_dpi(
    tmp_path: Path, source: str, value: str
) -> None:
    # NaN compares false with both limits, so the range check alone lets it through and a
    # NaN DPI would reach the theme's millimetre-to-pixel conversion.
    if source == "file":
        loaded = load_config(write_config(tmp_path, f"screen_dpi = {value}\n"), environ={})
    else:
        loaded = load_config(None, environ={"ELDERKIOSK_SCREEN_DPI": value})

    problem = only_problem(loaded.problems)
    assert problem.key == "screen_dpi"
    assert loaded.config.screen_dpi == 0.0


# -- a file that cannot be read -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'mode = "kiosk\nfont_scale = 150\n', id="toml-syntax-error"),
        pytest.param(b'mode = "kiosk"\ncenter_name = "\xff\xfe\xfa"\n', id="invalid-utf8"),
        pytest.param(b"\x00\x01\x02 binary junk \x89PNG\r\n", id="binary-junk"),
    ],
)
def test_an_unreadable_file_gives_defaults_and_is_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    before = path.stat()

    loaded = load_config(path, environ={})

    assert loaded.config == Config()
    assert loaded.problems == []
    assert loaded.file_error is not None
    assert str(path) in loaded.file_error
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_environment_still_applies_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"mode = [unclosed\n")

    loaded = load_config(path, environ={"ELDERKIOSK_MODE": "kiosk"})

    assert loaded.file_error is not None
    assert loaded.config == Config(mode="kiosk")


# -- the documentation and changes from the admin screen ---------------------------------------


def uncomment_option_lines(text: str) -> str:
    return "\n".join(line[2:] if _OPTION_LINE.match(line) else line for line in text.splitlines())


def test_describe_options_is_valid_toml_listing_every_option_with_its_default(
    tmp_path: Path,
) -> None:
    text = describe_options()
    uncommented = uncomment_option_lines(text)

    parsed = tomllib.loads(uncommented)

    assert list(parsed) == [f.name for f in options()]
    assert parsed == defaults()
    for f in options():
        assert f.metadata["description"] in text
    # The documented file, used as a config file, is accepted as it is.
    loaded = load_config(write_config(tmp_path, uncommented), environ={})
    assert loaded.problems == []
    assert loaded.file_error is None
    assert loaded.config == Config()


def test_describe_options_as_written_is_all_comments() -> None:
    assert tomllib.loads(describe_options()) == {}


def test_with_changes_returns_a_checked_copy() -> None:
    original = Config()

    changed = original.with_changes(mode="kiosk", font_scale="175", speech_enabled="no")

    assert changed.mode == "kiosk"
    assert changed.font_scale == 175
    assert changed.speech_enabled is False
    assert original == Config()
    with pytest.raises(AttributeError):  # a named tuple: its values cannot be set
        changed.mode = "home"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "key", "allowed"),
    [
        ({"mode": "office"}, "mode", "home | kiosk"),
        ({"font_scale": 99}, "font_scale", "int from 100 to 200"),
        ({"sos_countdown_s": "soon"}, "sos_countdown_s", "int from 3 to 15"),
        ({"speech_enabled": "maybe"}, "speech_enabled", "true | false"),
        ({"theme": "dark", "language": "fr_FR"}, "language", "zh_CN | en_US"),
    ],
)
def test_with_changes_refuses_a_bad_value(
    changes: dict[str, object], key: str, allowed: str
) -> None:
    original = Config()

    with pytest.raises(ValueError, match=re.escape(f"'{key}'")) as excinfo:
        original.with_changes(**changes)

    assert allowed in str(excinfo.value)
    assert original == Config()
