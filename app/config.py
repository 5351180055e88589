"""Configuration, declared once: each option's name, type, default, description and limits.

Values come from the defaults, then the TOML file in the config folder, then environment
variables named ``ELDERKIOSK_<OPTION>``. A bad value never stops the kiosk: it is reported as a
:class:`ConfigProblem` naming the key and what is allowed, and that key keeps its default.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

ENV_PREFIX = "ELDERKIOSK_"
_UNSET: Any = object()  # no fallback given: the option's default


class ConfigOption(NamedTuple):
    """One declared option: its name, default and what is allowed (``metadata``: description,
    choices, min, max)."""

    name: str
    default: Any
    metadata: Mapping[str, Any]


_declared: list[dict[str, Any]] = []  # option() calls in declaration order, named below


def option(
    default: Any,
    description: str,
    *,
    choices: tuple[str, ...] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
) -> Any:
    """Declare one config option: its default, as the field's default, and its metadata, kept
    in declaration order and named from Config's fields once the class is made."""
    _declared.append(
        {"description": description, "choices": choices, "min": minimum, "max": maximum}
    )
    return default


class Config(NamedTuple):
    """Every setting of the kiosk. Read as typed attributes: ``config.mode``."""

    mode: str = option(
        "home",
        "home: one resident, no sign-in. kiosk: shared terminal with card sign-in.",
        choices=("home", "kiosk"),
    )
    language: str = option("zh_CN", "Language of screens and speech.", choices=("zh_CN", "en_US"))
    theme: str = option("light", "Colour theme.", choices=("light", "dark"))
    font_scale: int = option(100, "Text size in percent.", minimum=100, maximum=200)
    screen_dpi: float = option(
        0.0,
        "Physical dots per inch of the screen; 0 asks the screen itself.",
        minimum=0,
        maximum=1000,
    )
    idle_signout_s: int = option(
        120, "Kiosk mode: seconds without a touch before sign-out.", minimum=45, maximum=3600
    )
    idle_warning_s: int = option(
        20, "Kiosk mode: warn this many seconds before sign-out.", minimum=20, maximum=120
    )
    staff_exit_keys: str = option(
        "",
        "Kiosk mode ignores requests to close its window; staff close it with this key"
        " combination, such as Ctrl+Alt+Shift+Q (Ctrl, Alt or Meta and one key). Empty: no"
        " way out by keyboard.",
    )
    sos_countdown_s: int = option(
        5, "Seconds of spoken countdown before an SOS is raised.", minimum=3, maximum=15
    )
    center_name: str = option("社区养老服务中心", "Name of the community center.")
    center_phone: str = option("010-6512-3456", "Phone number of the center's duty desk.")
    emergency_number: str = option("120", "Public emergency number shown with an SOS.")
    home_resident_card: str = option(
        "", "Home mode: service-card number of the resident this tablet belongs to."
    )
    local_retention_days: int = option(
        90,
        "Days a reading or a read message stays on this terminal once the center has it"
        " (the center keeps its own copy).",
        minimum=1,
        maximum=3650,
    )
    speech_enabled: bool = option(True, "Speak titles, choices and results aloud.")
    speech_rate: int = option(150, "Speaking rate, words per minute.", minimum=80, maximum=260)
    speech_volume: int = option(90, "Speaking volume in percent.", minimum=0, maximum=100)
    voice_enabled: bool = option(True, "Offer the Speak button (voice commands).")
    voice_model_dir: str = option(
        "",
        "Folder of the offline voice models, one sub-folder per language (zh_CN, en_US); "
        "empty: voice-models in the data folder.",
    )
    voice_input_device: str = option(
        "default", "Microphone as ALSA names it (arecord -L), such as default or plughw:1,0."
    )
    voice_end_silence_s: float = option(
        1.5,
        "Seconds of quiet after speech before the kiosk takes what was said as finished.",
        minimum=0.5,
        maximum=5,
    )
    voice_no_speech_s: float = option(
        8.0, "Seconds to wait for the first word before giving up.", minimum=3, maximum=30
    )
    voice_max_utterance_s: float = option(
        15.0, "Longest command the kiosk listens to, in seconds.", minimum=5, maximum=60
    )
    voice_listen_after_prompt: bool = option(
        True, "After the kiosk asks a yes/no question, listen for the answer by itself."
    )
    voice_sentences: bool = option(
        True,
        "Also hear whole sentences with the voice model's own language model (about 0.4 of "
        "a core while listening); off: only the screen's short commands, for slow tablets.",
    )
    server_url: str = option(
        "", "Center server address, such as https://center.example:8600; empty: no sync."
    )
    server_ca_file: str = option(
        "", "Certificate authority file to trust for the center server (its own CA)."
    )
    enrolment_code: str = option(
        "", "One-time code from the center's staff; used once when the kiosk has no token."
    )
    device_name: str = option("", "Name of this terminal as the center sees it.")
    vitals_device: str = option(
        "none",
        "Health devices at this terminal: bluetooth (the center's Bluetooth cuff, oximeter,"
        " thermometer, glucose meter or scale), simulated (demo and training: a pretend device),"
        " none (readings are typed in by hand).",
        choices=("none", "bluetooth", "simulated"),
    )
    vitals_paired_devices: str = option(
        "",
        "Bluetooth addresses of the devices staff paired with this terminal, one per kind of"
        " reading, such as 'blood_pressure=A4:C1:38:12:34:56, pulse_oximetry=00:A0:50:AB:CD:EF'"
        " (kinds: blood_pressure, heart_rate, pulse_oximetry, temperature, glucose, weight). A"
        " kind without an address uses the first device nearby that offers it.",
    )
    vitals_search_s: int = option(
        90,
        "Seconds to look for a health device before saying none was found (a cuff often shows"
        " itself only once its measurement is finished).",
        minimum=10,
        maximum=600,
    )
    log_level: str = option(
        "INFO", "Detail of the log file.", choices=("DEBUG", "INFO", "WARNING", "ERROR")
    )

    def with_changes(self, **changes: Any) -> Config:
        """A copy with some values changed (each checked as if read from the file)."""
        merged = self._asdict()
        problems: list[ConfigProblem] = []
        for key, raw in changes.items():
            if key not in merged:
                raise ValueError(f"unknown setting '{key}'")
            merged[key] = _coerce(_field(key), raw, "setting", problems, merged[key])
        if problems:
            raise ValueError(problems[0].message)
        return Config(**merged)


class ConfigProblem(NamedTuple):
    """One setting that could not be used; the default was kept instead."""

    key: str
    value: str
    source: str
    allowed: str
    kept: object = None

    @property
    def message(self) -> str:
        return (
            f"Config {self.source}: '{self.key}' = {self.value!r} is not allowed; "
            f"allowed: {self.allowed}. Keeping {self.kept!r}."
        )


# Config is a named tuple (made on the way to the first frame: a frozen dataclass costs about
# 1.5 ms more to make); its options' metadata is matched to its fields by order.
_OPTIONS = {
    name: ConfigOption(name, default, meta)
    for (name, default), meta in zip(Config._field_defaults.items(), _declared, strict=True)
}


def options() -> list[ConfigOption]:
    """All declared options, in declaration order."""
    return list(_OPTIONS.values())


def _field(key: str) -> ConfigOption:
    try:
        return _OPTIONS[key]
    except KeyError:
        raise KeyError(key) from None


def _allowed(f: ConfigOption) -> str:
    meta = f.metadata
    if meta["choices"]:
        return " | ".join(meta["choices"])
    kind = type(f.default).__name__
    if kind == "bool":
        return "true | false"
    if meta["min"] is not None or meta["max"] is not None:
        return f"{kind} from {meta['min']} to {meta['max']}"
    return kind


def _coerce(
    f: ConfigOption,
    raw: Any,
    source: str,
    problems: list[ConfigProblem],
    fallback: Any = _UNSET,
) -> Any:
    """``raw`` as the option's type, or ``fallback`` (the value so far) with a problem noted."""
    if fallback is _UNSET:
        fallback = f.default
    kind = type(f.default)
    value: Any
    try:
        if kind is bool:
            if isinstance(raw, bool):
                value = raw
            elif isinstance(raw, str) and raw.strip().lower() in ("1", "true", "yes", "on"):
                value = True
            elif isinstance(raw, str) and raw.strip().lower() in ("0", "false", "no", "off"):
                value = False
            else:
                raise ValueError(raw)
        elif kind is int:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError(raw)
            value = int(raw)
        elif kind is float:
            if isinstance(raw, bool):
                raise ValueError(raw)
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError(raw)
        elif kind is str:
            if not isinstance(raw, str):
                raise ValueError(raw)
            value = raw
        else:  # pragma: no cover - every option is one of the kinds above
            raise TypeError(kind)
        meta = f.metadata
        if meta["choices"] and value not in meta["choices"]:
            raise ValueError(raw)
        if meta["min"] is not None and value < meta["min"]:
            raise ValueError(raw)
        if meta["max"] is not None and value > meta["max"]:
            raise ValueError(raw)
    except (TypeError, ValueError):
        problems.append(ConfigProblem(f.name, str(raw), source, _allowed(f), fallback))
        return fallback
    return value


class LoadedConfig(NamedTuple):
    """The config and what was wrong with the sources it came from."""

    config: Config
    problems: list[ConfigProblem]
    file_error: str | None = None


def load_config(
    file: Path | None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> LoadedConfig:
    """Read the config file, then environment overrides, then command-line ``overrides``."""
    environ = os.environ if environ is None else environ
    problems: list[ConfigProblem] = []
    file_error: str | None = None
    values: dict[str, Any] = {}
    fields = _OPTIONS

    raw_file: dict[str, Any] = {}
    if file is not None and file.exists():
        try:
            raw_file = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            file_error = f"Config file {file} cannot be read ({exc}); using defaults."
    for key, raw in raw_file.items():
        if key not in fields:
            allowed = ", ".join(fields)
            problems.append(ConfigProblem(key, str(raw), f"file {file}", f"known keys: {allowed}"))
            continue
        values[key] = _coerce(fields[key], raw, f"file {file}", problems)

    for key, f in fields.items():
        env_key = ENV_PREFIX + key.upper()
        if env_key in environ:
            # A typo in the environment keeps the file's value, not the default: a shared
            # kiosk must not fall back to home mode because of one bad variable.
            values[key] = _coerce(
                f,
                environ[env_key],
                f"environment {env_key}",
                problems,
                values.get(key, f.default),
            )

    for key, raw in (overrides or {}).items():
        if raw is None:
            continue
        if key not in fields:
            problems.append(ConfigProblem(key, str(raw), "command line", "known keys"))
            continue
        values[key] = _coerce(
            fields[key], raw, "command line", problems, values.get(key, fields[key].default)
        )

    return LoadedConfig(Config(**values), problems, file_error)


def describe_options() -> str:
    """A commented TOML text listing every option with its default: the documentation."""
    lines = ["# Elder-care kiosk settings. Delete a line to use its default.", ""]
    for f in _OPTIONS.values():
        lines.append(f"# {f.metadata['description']} Allowed: {_allowed(f)}.")
        default = f.default
        if isinstance(default, bool):
            shown = "true" if default else "false"
        elif isinstance(default, str):
            shown = '"' + default.replace("\\", "\\\\").replace('"', '\\"') + '"'
        else:
            shown = str(default)
        lines.append(f"# {f.name} = {shown}")
        lines.append("")
    return "\n".join(lines)
