"""Test doubles for boundarywatch users and our own tests: a stub recognizer, a fake encoder, builders."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from boundarywatch.detect.recognizer import Recognizer, Signal
from boundarywatch.domain import Document, Mode, Role, Utterance

__all__ = ["FakeEncoder", "StubRecognizer", "make_document"]


class StubRecognizer(Recognizer):
    """Emits fixed signals: ``{turn: [(category, score, kind_scores or None)]}``."""

    name = "stub"
    version = "1"

    def __init__(self, plan: dict[int, list[tuple[str, float, dict[str, float] | None]]]) -> None:
        self.plan = plan
        self.categories = tuple(sorted({c for v in plan.values() for c, _, _ in v}))

    def analyze(self, doc: Document) -> list[Signal]:  # noqa: D102
        out = []
        for turn, items in self.plan.items():
            if turn < len(doc.utterances):
                for cat, score, ks in items:
                    out.append(Signal(turn, cat, score, self.id, end=len(doc.utterances[turn].text),
                                      kind_scores=ks or {"none": 0.0}))
        return out


class FakeEncoder:
    """Deterministic pseudo-embeddings from a text hash (for plumbing tests; carries no meaning)."""

    name = "fake"
    dim = 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # noqa: D102
        out = np.zeros((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            seed = int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


def make_document(turns: Sequence[tuple[str, str]], *, mode: Mode = Mode.DIALOGUE, path: str = "test.txt") -> Document:
    """A document from ``(role, text)`` pairs; roles are therapist, client, narrator or unknown."""
    utts = []
    offset = 0
    for i, (role, text) in enumerate(turns):
        r = Role(role)
        utts.append(Utterance(i, role, r, text, text, offset))
        offset += len(text) + 1
    return Document(path=path, mode=mode, utterances=tuple(utts), input_format="test")
