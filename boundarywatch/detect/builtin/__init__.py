"""Built-in recognizers, registered explicitly (no import side effects)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from boundarywatch.detect.learned import EmbeddingRecognizer
from boundarywatch.detect.recognizer import PatternRecognizer
from boundarywatch.domain import CATEGORIES

if TYPE_CHECKING:
    from boundarywatch.detect.registry import RecognizerRegistry

__all__ = ["DEFAULT_RECOGNIZERS", "populate_registry"]

DEFAULT_RECOGNIZERS: tuple[str, ...] = (*(f"{c}.lexicon.v1" for c in CATEGORIES), "boundary.embedding.v1")


def populate_registry(reg: RecognizerRegistry) -> None:
    """Register every built-in recognizer under its versioned name."""
    for c in CATEGORIES:
        reg.register(f"{c}.lexicon.v1", partial(PatternRecognizer, c))
    reg.register("boundary.embedding.v1", EmbeddingRecognizer)
