"""Why voice cannot work here: one exception for the listener, its models and its audio."""

from __future__ import annotations


class VoiceUnavailable(Exception):
    """Voice cannot work here; ``reason`` is one of not_installed, broken_model,
    no_microphone, no_engine, bad_audio, wrong_model (it knows none of the language's
    phrases). The message says what to do."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
