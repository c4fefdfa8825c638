"""Shared fixture for the lexicon tables: does a category's built-in lexicon match one utterance?"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from boundarywatch.detect.recognizer import PatternRecognizer
from boundarywatch.domain import Document, Mode, Role, Utterance


@cache
def _recognizer(category: str) -> PatternRecognizer:
    rec = PatternRecognizer(category)
    rec.load()
    return rec


def lexicon_signals(category: str, text: str, role: str):
    role_ = Role(role)
    mode = Mode.REPORT if role_ is Role.NARRATOR else Mode.DIALOGUE
    doc = Document("t", mode, (Utterance(0, role, role_, text, text),), "text")
    return _recognizer(category).analyze(doc)


@pytest.fixture
def lexicon_match() -> Callable[[str, str, str], bool]:
    """``lexicon_match(category, text, role)``: True when the category's lexicon emits a signal."""
    return lambda category, text, role: bool(lexicon_signals(category, text, role))
