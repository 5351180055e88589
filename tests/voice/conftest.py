"""What the understanding tests share: one prepared Understander per language for the whole
run (the Chinese word lists take most of a second to load). These are the word lists and
rules alone, which most tests describe; the learned second opinion joined to them is tested
in test_understand_model.py and by the corpus's goals."""

from __future__ import annotations

import pytest

from tests.helpers.understanding import LANGUAGES
from voice.understand import Understander


@pytest.fixture(scope="session")
def understanders() -> dict[str, Understander]:
    made = {language: Understander(language, model=None) for language in LANGUAGES}
    for understander in made.values():
        understander.prepare()
    return made
