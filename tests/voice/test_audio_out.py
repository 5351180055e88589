"""The aplay sink (voice/audio_out.py), through fake ``aplay`` scripts and the real one, and
the Mandarin voice the speaker picks."""

from __future__ import annotations

import array
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.paths import REPO_ROOT
from tests.helpers.speech import RATE, WAIT_S, EngineBackends, tone, wait_idle, write_script
from voice.audio_out import AplaySink, AudioUnavailable
from voice.tts import Speaker, spoken_form, voice_for

# -- aplay ---------------------------------------------------------------------------------------


def test_aplay_sink_streams_raw_pcm_into_aplay(fake_aplay: Path) -> None:
    pcm = tone(200)
    stream = AplaySink().open(RATE)
    for chunk in pcm.chunks():
        stream.write(chunk)
    stream.finish()
    assert (fake_aplay / "played.raw").read_bytes() == pcm.data
    args = (fake_aplay / "args.txt").read_text().split()
    assert args == ["-q", "-t", "raw", "-f", "S16_LE", "-r", str(RATE), "-c", "1", "-"]


def test_the_speaker_plays_through_aplay(
    make_speaker: Callable[..., Speaker], engine: EngineBackends, fake_aplay: Path
) -> None:
    speaker = make_speaker(engine, language="en_US")
    speaker.say("Hello")
    wait_idle(speaker)
    played = (fake_aplay / "played.raw").read_bytes()
    assert len(played) > RATE // 4 and speaker.audio_available
    assert max(abs(s) for s in array.array("h", played)) > 1000


def test_aborting_aplay_kills_it_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "bin"
    write_script(folder, "aplay", "exec sleep 60")  # never reads: the pipe fills and blocks
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    stream = AplaySink().open(RATE)
    errors: list[BaseException] = []

    def play_ten_seconds() -> None:
        try:
            for chunk in tone(10_000).chunks():
                stream.write(chunk)
            stream.finish()
        except BaseException as error:
            errors.append(error)

    player = threading.Thread(target=play_ten_seconds)
    player.start()
    stream.abort()
    player.join(WAIT_S)
    assert not player.is_alive() and errors == []


def test_an_aplay_that_exits_with_an_error_is_audio_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bin"
    write_script(folder, "aplay", 'echo "aplay: no soundcards found..." >&2\nexit 1')
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    stream = AplaySink().open(RATE)
    with pytest.raises(AudioUnavailable, match="no soundcards found"):
        for chunk in tone(3000).chunks():  # more than a pipe holds: a write fails, or finish
            stream.write(chunk)
        stream.finish()
    stream.finish()  # safe to call again


def _sound_cards() -> bool | None:
    """True/False: aplay -l lists a card or not; None: no aplay at all."""
    try:
        listing = subprocess.run(["aplay", "-l"], capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    return "card " in listing.stdout


@pytest.mark.slow  # the real aplay
@pytest.mark.skipif(not _sound_cards(), reason="no sound card (aplay -l)")
def test_real_aplay_plays_a_short_tone() -> None:
    stream = AplaySink().open(RATE)
    for chunk in tone(100).chunks():
        stream.write(chunk)
    stream.finish()


@pytest.mark.slow  # the real aplay
@pytest.mark.skipif(_sound_cards() is not False, reason="aplay missing or a sound card present")
def test_real_aplay_without_a_sound_card_is_audio_unavailable() -> None:
    stream = AplaySink().open(RATE)
    with pytest.raises(AudioUnavailable):
        for chunk in tone(100).chunks():
            stream.write(chunk)
        stream.finish()


@pytest.mark.slow  # espeak-ng in a child process
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_the_mandarin_voice_says_every_kiosk_sentence_in_mandarin():
    """No character of the kiosk's Chinese falls back to an English reading of its pinyin."""
    import xml.etree.ElementTree as ElementTree

    from app.catalog import load_catalog

    root = ElementTree.parse(REPO_ROOT / "i18n" / "kiosk_zh_CN.ts").getroot()
    sentences = [t.text for t in root.iter("translation") if t.text]
    catalog = load_catalog(None)
    sentences += [s.name.get("zh_CN") + "，" + s.description.get("zh_CN") for s in catalog.services]
    # Each %1 stands for a number: "音量：%1%" is said as "音量：百分之1". A command for staff
    # ("python main.py --set-admin-pin") is English by design: left out, as Latin words are
    # (untranslated words are the audit's to find).
    said = (
        re.sub(r"[A-Za-z][\w.-]*(?: -*[\w.-]+)*", "", re.sub(r"%(\d)", r"\1", s)) for s in sentences
    )
    text = "。".join(spoken_form(s, "zh_CN") for s in said)
    phonemes = subprocess.run(
        ["espeak-ng", "-v", voice_for("zh_CN"), "-x", "-q", text],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "(en)" not in phonemes, phonemes[:400]


@pytest.mark.parametrize(
    ("text", "language", "said"),
    [
        ("脉搏 72 次/分", "zh_CN", "脉搏 72 次每分"),
        ("血糖 6.2 毫摩尔/升", "zh_CN", "血糖 6.2 毫摩尔每升"),
        ("血压 150/95 毫米汞柱", "zh_CN", "血压 150，95 毫米汞柱"),
        ("血氧 97%，音量 80 %", "zh_CN", "血氧 百分之97，音量 百分之80"),
        ("Pulse 72 beats/min, 150/95", "en_US", "Pulse 72 beats/min, 150/95"),
    ],
)
def test_the_chinese_voice_never_reads_a_slash(text: str, language: str, said: str) -> None:
    assert spoken_form(text, language) == said
