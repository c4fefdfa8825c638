"""The benchmark's generated workloads are valid inputs of the formats they claim to be."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from boundarywatch.ingest import load_document

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.workloads import (  # noqa: E402
    CORPUS_DIR,
    WORKLOAD_FILES,
    corpus_conversations,
    iter_messages,
    session_vtt,
    write_jsonl,
)


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_session_is_a_webvtt_file_with_one_utterance_per_cue(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "session.vtt"
    path.write_text(session_vtt(n=600, seed=seed), encoding="utf-8")
    doc = load_document(path)
    assert len(doc.utterances) == 600
    assert {u.speaker for u in doc.utterances} == {"Therapist", "Client"}


def test_corpus_turns_with_blank_lines_are_folded_into_one_cue() -> None:
    # e-mail turns carry paragraph breaks; a caption cue cannot, or the cue would end early
    assert any("\n\n" in text for conv in corpus_conversations() for _, text in conv)
    vtt = session_vtt(n=3000, seed=1)
    for block in vtt.strip().split("\n\n")[1:]:
        lines = block.split("\n")
        assert len(lines) == 3 and "-->" in lines[1] and lines[2].startswith("<v "), block[:200]


def test_message_export_is_json_lines_with_threads(tmp_path: Path) -> None:
    path = tmp_path / "day.jsonl"
    assert write_jsonl(path, iter_messages(500, seed=3)) == 500
    doc = load_document(path)
    assert len(doc.utterances) == 500
    assert len({u.thread for u in doc.utterances}) > 8


def test_workloads_read_only_the_pinned_corpus_files(tmp_path: Path) -> None:
    # a data round that adds corpus files must not change the benchmark's workloads
    assert all((CORPUS_DIR / f).is_file() for f in WORKLOAD_FILES)
    conv = {"id": "x-001", "mode": "dialogue", "turns": [{"speaker": "client", "text": "hi"},
                                                         {"speaker": "therapist", "text": "hello"}]}
    (tmp_path / "old.jsonl").write_text(json.dumps(conv) + "\n", encoding="utf-8")
    (tmp_path / "new_round.jsonl").write_text((json.dumps(conv) + "\n") * 5, encoding="utf-8")
    assert len(corpus_conversations(tmp_path, files=("old.jsonl",))) == 1
    with pytest.raises(SystemExit, match="missing: gone.jsonl"):
        corpus_conversations(tmp_path, files=("old.jsonl", "gone.jsonl"))
