"""Chinese cut into words: jieba's dictionary with every word of our lists added.

jieba reads its dictionary on first use (about half a second, then a cache file in the
temporary folder): :func:`segmenter` loads it when :meth:`Understander.prepare` is called,
which the kiosk does in the listener's thread, never the UI thread. Where jieba is missing,
our own lists cut the text (longest word first).
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterable
from typing import Any, Protocol

log = logging.getLogger(__name__)

_HAN = re.compile(r"^[\u3400-\u9fff]+$")


class Segmenter(Protocol):
    def cut(self, text: str) -> list[str]: ...

    def add_words(self, words: Iterable[str]) -> None: ...

    def frequency(self, word: str) -> int: ...


class LexiconSegmenter:
    """Longest word of our lists first; any other character stands alone."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words: set[str] = set()
        self._longest = 1
        self.add_words(words)

    def add_words(self, words: Iterable[str]) -> None:
        self._words.update(words)
        self._longest = max((len(w) for w in self._words), default=1)

    def frequency(self, word: str) -> int:
        return 0

    def cut(self, text: str) -> list[str]:
        tokens: list[str] = []
        start = 0
        while start < len(text):
            if text[start].isascii() and text[start].isalnum():
                end = start
                while end < len(text) and text[end].isascii() and text[end].isalnum():
                    end += 1
                tokens.append(text[start:end])
                start = end
                continue
            for end in range(min(len(text), start + self._longest), start, -1):
                if text[start:end] in self._words or end == start + 1:
                    tokens.append(text[start:end])
                    start = end
                    break
        return tokens


class JiebaSegmenter:
    """jieba's own dictionary with our words added; no guessing of unknown words (HMM off),
    so a run of characters jieba does not know is cut into single characters."""

    def __init__(self) -> None:
        with warnings.catch_warnings():  # its pkg_resources fallback warns on new setuptools
            warnings.simplefilter("ignore")
            import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer: Any = jieba.Tokenizer()
        self._tokenizer.initialize()
        self._frequencies = dict(self._tokenizer.FREQ)
        self._added: set[str] = set()
        self._lock = threading.Lock()

    def add_words(self, words: Iterable[str]) -> None:
        with self._lock:
            for word in words:
                if word not in self._added and _HAN.match(word):
                    self._tokenizer.add_word(word)
                    self._added.add(word)

    def cut(self, text: str) -> list[str]:
        return [t for t in self._tokenizer.lcut(text, HMM=False) if t.strip()]

    def frequency(self, word: str) -> int:
        """How often jieba's corpus has ``word`` (before our words were added)."""
        return int(self._frequencies.get(word, 0))


_segmenter: Segmenter | None = None
_segmenter_lock = threading.Lock()


def segmenter() -> Segmenter:
    """The process's Chinese segmenter, loaded on first use (jieba, else our own lists)."""
    global _segmenter
    with _segmenter_lock:
        if _segmenter is None:
            try:
                _segmenter = JiebaSegmenter()
            except ImportError:
                log.warning("voice: jieba is not installed; Chinese is cut by our word lists")
                _segmenter = LexiconSegmenter()
        return _segmenter
