"""Voice commands on screen: the Speak button's session, its visible state, and the actions.

Each screen says which actions it offers (``Screen.voice_commands``) and which phrases come
from its data (``Screen.voice_phrases``: service names, choice labels). SOS, Back, Home and
Read aloud are offered everywhere. A press of Speak stops the kiosk's own speech and listens
once, two ways (voice.asr): with a grammar made of those phrases, and with the model's own
language model for sentences. It shows what it hears while the elder speaks. What was said
is then understood in the listener's thread (voice.understand), with the screen's actions
and the order questions it can take answers for: one action is done (with the answers said
along, so the order asks only what was not said), two or three are offered as buttons
("Which did you mean?"), anything else gets "sorry, please say it again or tap". Nothing is
guessed, and nothing the screen does not offer is done.

Orders and cancelling are confirmed on their own screens (yes / no, by voice or tap); SOS by
voice starts the same cancellable countdown as the SOS button. After a question that the
elder reached by voice, the kiosk listens for the answer by itself once its speech is over.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.navigator import Navigator
    from ui.screen import Screen
    from voice.asr import AudioSource, Listener, VoiceEvent, VoiceModel
    from voice.intents import IntentMatcher
    from voice.understand import Understander, Understanding

log = logging.getLogger(__name__)

# Follow-up listening after "not understood", before the kiosk leaves it to a tap.
MAX_RETRIES = 1


class VoiceController(QObject):
    """Owns the listener; turns its events into screen text, speech and actions."""

    sig_state = Signal(str, str)
    """(state, text to show): idle, loading, listening, heard, understood, not_understood,
    no_speech, unavailable."""

    _sig_event = Signal(object)  # (VoiceEvent, Understanding | None) from the listener's thread
    _sig_quiet = Signal(object)  # the speaker fell silent after a question on this screen

    def __init__(
        self,
        ctx: AppContext,
        window: Navigator,
        model_root: Path,
        *,
        language: str | None = None,
        phrase_dir: Path | None = None,
        source_factory: Callable[[], AudioSource] | None = None,
    ) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self.ctx = ctx
        self.window = window
        self.model_root = model_root
        self.phrase_dir = phrase_dir
        self._language = language
        self._source_factory = source_factory or self._microphone
        self._listener: Listener | None = None
        self._models: dict[str, VoiceModel] = {}
        self._models_lock = threading.Lock()
        self._matchers: dict[str, IntentMatcher] = {}
        self._understanders: dict[str, Understander] = {}
        self._understanders_lock = threading.Lock()
        self._session = 0
        # What the screen listened for offers, fixed when listening starts: the listener's
        # thread works out what was meant with these.
        self._listening_for: tuple[str, tuple[str, ...], tuple[str, ...]] = ("", (), ())
        self._commands: dict[str, Callable[[], None]] = {}
        self._retries = 0
        self.by_voice = False  # the last action came by voice: answer questions by voice too
        self.state = "idle"
        self.last_event: VoiceEvent | None = None
        self.last_understanding: Understanding | None = None
        self._sig_event.connect(self._unpack)
        self._sig_quiet.connect(self._listen_again)

    def hear_files(self, files: list[Path]) -> None:
        """Listen to these WAV recordings, one per session, instead of the microphone
        (demonstrations and checks of a kiosk without a microphone at hand)."""
        waiting = list(files)

        def next_file() -> AudioSource:
            from voice.asr import VoiceUnavailable, WavFileSource

            if not waiting:
                raise VoiceUnavailable("no_microphone", "no more recordings to hear")
            return WavFileSource(waiting.pop(0), trailing_silence_s=2.0, realtime=True)

        self._source_factory = next_file

    def _microphone(self) -> AudioSource:
        from voice.asr import ArecordSource

        return ArecordSource(self.ctx.config.voice_input_device)

    # -- what is offered ------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self._language or self.ctx.language

    def matcher(self, screen: Screen | None) -> IntentMatcher:
        """The matcher for the current language, with the screen's data phrases added."""
        # The voice modules load on first use, not on the way to the first frame.
        from voice.intents import PHRASE_DIR, IntentMatcher, load_phrase_table

        language = self.language
        if language not in self._matchers:
            table = load_phrase_table(language, self.phrase_dir or PHRASE_DIR)
            self._matchers[language] = IntentMatcher(table)
        base = self._matchers[language]
        extra = screen.voice_phrases() if screen is not None else {}
        if not extra:
            return base
        return IntentMatcher(base.table, base.threshold, base.margin, extra)

    def commands(self, screen: Screen | None) -> dict[str, Callable[[], None]]:
        window = self.window
        offered: dict[str, Callable[[], None]] = {
            "sos": window.start_sos,
            "read_aloud": window.read_aloud,
        }
        if screen is not None and not screen.is_home:
            if screen.shows_back and window.can_go_back():
                offered["back"] = window.back
            if screen.shows_home:
                offered["home"] = window.home
        if screen is not None:
            offered.update(screen.voice_commands())
        if screen is not None and screen.pauses_idle:
            offered.pop("sos", None)  # an emergency is already on screen
        return offered

    # -- listening ------------------------------------------------------------------------

    def available(self) -> tuple[bool, str]:
        """Whether voice can work now, and if not, the sentence that says why."""
        from voice.models import find_model

        if not self.ctx.config.voice_enabled:
            return False, self.tr("Voice commands are switched off on this kiosk. Please tap.")
        if find_model(self.model_root, self.language) is None:
            return False, self.tr(
                "Voice is not installed on this kiosk. Please tap the screen, "
                "or ask staff to install voice."
            )
        return True, ""

    def speak_pressed(self) -> None:
        """The Speak button: listen now, or stop listening if already listening."""
        if self.state in ("loading", "listening", "heard"):
            self.stop()
            return
        self._retries = 0
        self.listen()

    def listen(self, source: AudioSource | None = None) -> bool:
        """Start one listening session for the current screen; False if voice is off."""
        ok, why = self.available()
        if not ok:
            self._set_state("unavailable", why)
            self.ctx.say(why)
            return False
        from voice.intents import PhraseTableError

        screen = self.window.current()
        try:
            matcher = self.matcher(screen)
        except PhraseTableError as error:
            log.error("voice phrases: %s", error)
            text = self.tr("Voice does not work at the moment. Please tap the screen.")
            self._set_state("unavailable", text)
            self.ctx.say(text)
            return False
        self._commands = self.commands(screen)
        slots = screen.voice_slots() if screen is not None else ()
        self._listening_for = (self.language, tuple(self._commands), slots)
        self.ctx.speaker.stop()  # the microphone must not hear the kiosk itself
        listener = self._ensure_listener()
        self._session = listener.listen(matcher, list(self._commands), source)
        return True

    def listen_after_prompt(self) -> None:
        """Called by a screen that just asked a question: listen for the answer once the
        question has been spoken, if the elder is using voice."""
        if not (self.by_voice and self.ctx.config.voice_listen_after_prompt):
            return
        if not self.available()[0]:
            return
        self._listen_when_quiet()

    def _listen_when_quiet(self) -> None:
        """Listen once the kiosk has finished speaking, so the microphone does not hear it;
        only if the same screen is still shown then."""
        screen = self.window.current()
        self.ctx.speaker.when_idle(lambda: self._sig_quiet.emit(screen))

    def _listen_again(self, screen: object) -> None:
        if self.window.current() is screen and self.state not in ("loading", "listening"):
            self.listen()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        self._set_state("idle", "")

    def screen_changed(self) -> None:
        """A new screen: whatever was being listened for belonged to the old one."""
        if self._listener is not None and self.state in ("loading", "listening", "heard"):
            self._listener.cancel()
            self._set_state("idle", "")

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()

    def _ensure_listener(self) -> Listener:
        if self._listener is None:
            from voice.asr import Listener, ListenSettings

            config = self.ctx.config
            settings = ListenSettings(
                end_silence_s=config.voice_end_silence_s,
                no_speech_s=config.voice_no_speech_s,
                max_utterance_s=config.voice_max_utterance_s,
                free_path=config.voice_sentences,
            )
            self._listener = Listener(self._model, self._source_factory, self._heard, settings)
        return self._listener

    def _model(self, language: str) -> VoiceModel:
        """Runs in the listener's thread: loading a model takes seconds, once."""
        from voice.asr import VoiceModel, VoiceUnavailable
        from voice.models import find_model

        with self._models_lock:
            if language not in self._models:
                path = find_model(self.model_root, language)
                if path is None:
                    raise VoiceUnavailable("not_installed", f"no voice model for {language}")
                model = VoiceModel(path)
                self._models[language] = model
                report_unknown_words(model, self.matcher(None), language)
            model = self._models[language]
        try:  # its word lists load now, while the model is being read anyway
            self.understander(language)
        except Exception:
            log.exception("voice: the understanding of %s could not be prepared", language)
        return model

    def understander(self, language: str) -> Understander:
        """The text understanding of ``language`` (voice.understand), made once: its word
        lists load in the listener's thread, never on the way to a frame."""
        from voice.understand import Understander

        with self._understanders_lock:
            if language not in self._understanders:
                understander = Understander(language, catalog=self.ctx.catalog)
                understander.prepare()
                self._understanders[language] = understander
            return self._understanders[language]

    def _heard(self, event: VoiceEvent) -> None:
        """Runs in the listener's thread: what was said is understood here, with what the
        screen offered when listening began, then handed to the UI thread."""
        if event.kind in ("understood", "not_understood"):
            language, offered, slots = self._listening_for
            # The rule of the two ways of hearing (voice.asr.choose_heard): the grammar's
            # command, else the free model's sentence, else nothing to understand. A command
            # the grammar took keeps its action; the answers said along come from the
            # sentence as the free model heard it, where it heard one.
            text = event.understanding_text
            if event.chosen == "grammar" and event.free_text:
                text = event.free_text
            if not text:
                self._sig_event.emit((event, None))
                return
            try:
                understanding = self.understander(language).understand(
                    text, offered, slots_for=slots
                )
            except Exception:  # the grammar's answer still stands
                log.exception("voice: understanding %r failed", text)
                understanding = None
            self._sig_event.emit((event, understanding))
            return
        self._sig_event.emit((event, None))

    # -- what the listener reports --------------------------------------------------------

    def _unpack(self, packed: tuple[VoiceEvent, Understanding | None]) -> None:
        self._on_event(*packed)

    def _on_event(self, event: VoiceEvent, understanding: Understanding | None = None) -> None:
        if event.session != self._session:
            return
        self.last_event = event
        self.last_understanding = understanding
        kind = event.kind
        if kind == "loading":
            self._set_state("loading", self.tr("Getting ready to listen ..."))
        elif kind == "listening":
            self._set_state("listening", self.tr("Listening ... please speak now."))
        elif kind == "partial":
            self._set_state("heard", self.tr("I hear: \u201c%1\u201d").replace("%1", event.text))
        elif kind == "understood":
            self._understood(event, understanding)
        elif kind == "not_understood":
            self._not_understood(event, understanding)
        elif kind == "no_speech":
            text = self.tr("I did not hear anything. Press Speak and talk, or tap the screen.")
            self._set_state("no_speech", text)
            self.ctx.say(text)
        elif kind in ("unavailable", "failed"):
            log.warning("voice: %s (%s)", event.detail, event.reason or kind)
            if event.reason == "no_microphone":
                text = self.tr("The microphone does not work. Please tap the screen.")
            elif event.reason == "not_installed":
                text = self.available()[1] or self.tr("Voice is not installed on this kiosk.")
            else:
                text = self.tr("Voice does not work at the moment. Please tap the screen.")
            self._set_state("unavailable", text)
            self.ctx.say(text)
        elif kind == "stopped":
            self._set_state("idle", "")

    def _understood(self, event: VoiceEvent, understanding: Understanding | None) -> None:
        """The grammar heard one of the screen's commands clearly; answers said along with it
        ("明天中午，两份") come from the understanding of the same words."""
        assert event.match is not None and event.match.intent is not None
        intent = event.match.intent
        slots: dict[str, str] = {}
        if understanding is not None and understanding.action == intent:
            slots = dict(understanding.slots)
        self._do(intent, slots, event.text)

    def _do(self, intent: str, slots: dict[str, str], said: str) -> None:
        action = self._commands.get(intent)
        if action is None:  # the screen changed meanwhile; do nothing rather than guess
            self._set_state("idle", "")
            return
        self._set_state("understood", self.tr("You said: \u201c%1\u201d").replace("%1", said))
        self.by_voice = True
        self._retries = 0
        screen = self.window.current()
        if not (slots and screen is not None and screen.voice_act(intent, slots)):
            action()

    def _sentence(self, event: VoiceEvent, understanding: Understanding | None) -> bool:
        """Whether the understanding of a sentence the grammar did not take settles it:
        one action (done), or two or three (asked with buttons). False: not understood."""
        if understanding is None:
            return False
        said = understanding.text or event.text
        if understanding.decision == "act" and understanding.action in self._commands:
            self._do(understanding.action, dict(understanding.slots), said)
            return True
        if understanding.decision == "ask":
            return self._ask_meaning(understanding)
        return False

    def _ask_meaning(self, understanding: Understanding) -> bool:
        from ui.voice.meaning import Meaning, MeaningScreen

        screen = self.window.current()
        if screen is None:
            return False
        labels = screen.action_labels()
        slots = dict(understanding.slots)
        said = understanding.text

        def doing(action: str) -> Callable[[], None]:
            return lambda: self._do(action, slots, said)

        meanings = [
            Meaning(action, labels[action], doing(action))
            for action in understanding.alternatives
            if action in self._commands and action in labels
        ]
        if len(meanings) < 2:
            return False
        self._set_state("idle", "")
        self.by_voice = True
        self._retries = 0
        self.window.push(MeaningScreen(self.ctx, self.window, understanding.text, meanings))
        return True

    def _not_understood(self, event: VoiceEvent, understanding: Understanding | None) -> None:
        if self._sentence(event, understanding):
            return
        text = self.tr("Sorry, I did not understand. Please say it again or tap.")
        shown = text
        if event.text:
            shown = (
                self.tr("I heard \u201c%1\u201d. %2").replace("%1", event.text).replace("%2", text)
            )
        self._set_state("not_understood", shown)
        self.ctx.say(text)
        if self._retries < MAX_RETRIES and self.ctx.config.voice_listen_after_prompt:
            self._retries += 1
            self._listen_when_quiet()

    def _set_state(self, state: str, text: str) -> None:
        self.state = state
        self.sig_state.emit(state, text)


def report_unknown_words(model: VoiceModel, matcher: IntentMatcher, language: str) -> dict:
    """Log every phrase of the language's table that the model cannot hear, with the words
    it lacks: such phrases are left out of the grammars, never dropped silently."""
    from voice.asr import build_grammar

    grammar = build_grammar(matcher.grammar_phrases(), language, model.knows)
    for phrase, words in grammar.unknown.items():
        log.warning(
            "voice (%s): the model does not know %s; the phrase %r is left out",
            language,
            ", ".join(words),
            phrase,
        )
    return grammar.unknown
