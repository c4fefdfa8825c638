"""The screener embeds a batch in the background while the lexicons run: same signals as one after the other."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from boundarywatch.config import load_config
from boundarywatch.detect import Screener
from boundarywatch.detect.recognizer import PatternRecognizer, Signal
from boundarywatch.domain import Document
from boundarywatch.ingest import load_document
from boundarywatch.testing import FakeEncoder, make_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _docs() -> list[Document]:
    names = ["session_teams.vtt", "session_zoom.vtt", "messages.jsonl", "complaint.txt"]
    docs = [load_document(EXAMPLES / n) for n in names]
    docs.append(make_document([("client", "I brought you a scarf."), ("therapist", "Thank you, I love it!"),
                               ("client", "ok"), ("therapist", "ok")]))
    return docs


def test_overlapped_signals_equal_sequential() -> None:
    screener = Screener(load_config())  # the real encoder: the example transcripts give real signals
    docs = _docs()
    got = screener.signals_many(docs)
    want: list[list[Signal]] = [[] for _ in docs]
    for r in screener.recognizers:
        for i, sigs in enumerate(r.analyze_many(docs)):
            want[i].extend(sigs)
    assert got == want
    assert sum(map(len, got)) > 20
    assert any(s.kind_scores for sigs in got for s in sigs)  # the learned recognizer took part


def test_switch_interval_restored_after_error(monkeypatch: pytest.MonkeyPatch) -> None:
    screener = Screener(load_config(), encoder=FakeEncoder())
    screener.load()
    before = sys.getswitchinterval()

    def boom(self: PatternRecognizer, docs: object) -> object:
        raise RuntimeError("lexicon failed")

    monkeypatch.setattr(PatternRecognizer, "analyze_many", boom)
    with pytest.raises(RuntimeError, match="lexicon failed"):
        screener.signals_many(_docs())
    assert sys.getswitchinterval() == before


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_learned_signals_do_not_depend_on_the_scoring_chunk(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Rows are scored in chunks to bound memory on big files; the signals are those of one pass."""
    from boundarywatch.detect.learned import EmbeddingRecognizer

    learned = EmbeddingRecognizer()
    docs = _docs()
    monkeypatch.setattr(EmbeddingRecognizer, "CHUNK_ROWS", 10**6)
    whole = learned.analyze_many(docs)
    monkeypatch.setattr(EmbeddingRecognizer, "CHUNK_ROWS", chunk)
    assert learned.analyze_many(docs) == whole
    assert sum(map(len, whole)) > 10
