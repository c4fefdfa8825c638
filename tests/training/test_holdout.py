"""The holdout set: conversations by writers never trained on, every one of them evaluated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from boundarywatch.cli.main import cli
from boundarywatch.corpus import load_corpus, load_holdout, split_of
from boundarywatch.corpus.load import DEFAULT_CORPUS, DEFAULT_HOLDOUT
from boundarywatch.errors import BoundarywatchError


def _id_in(split: str) -> str:
    return next(f"h-{i:03d}" for i in range(1000) if split_of(f"h-{i:03d}") == split)


def _record(cid: str, therapist: str) -> str:
    turns = [{"speaker": "client", "text": "Could we grab a coffee after this?",
              "labels": [{"category": "social", "kind": "invitation"}]},
             {"speaker": "therapist", "text": therapist, "labels": [{"category": "social", "kind": "crossing"}]}]
    return json.dumps({"id": cid, "mode": "dialogue", "register": "session", "turns": turns})


@pytest.fixture
def holdout_dir(tmp_path: Path) -> Path:
    d = tmp_path / "holdout"
    d.mkdir()
    lines = [_record(_id_in(s), "Sure, the place on the corner at five.") for s in ("train", "dev", "test")]
    (d / "h.jsonl").write_text("\n".join(lines) + "\n")
    return d


def test_holdout_reads_every_conversation_whatever_its_hash(holdout_dir: Path) -> None:
    convs = load_holdout(holdout_dir)
    assert sorted(c.split for c in convs) == ["dev", "test", "train"]
    assert len(load_corpus(holdout_dir, ("train",))) == 1  # the corpus loader still filters by split


def test_corpus_loader_still_refuses_the_test_split(holdout_dir: Path) -> None:
    with pytest.raises(BoundarywatchError, match="reserved"):
        load_corpus(holdout_dir, ("test",))


def test_empty_holdout_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BoundarywatchError, match="no corpus files"):
        load_holdout(tmp_path)


def test_bundled_holdout_never_leaks_into_the_training_corpus() -> None:
    """No holdout id or utterance of eight words or more (longer than a salutation) also appears in data/corpus."""
    holdout = load_holdout(DEFAULT_HOLDOUT)
    assert len(holdout) >= 100
    corpus = load_corpus(DEFAULT_CORPUS, ("train", "dev", "test"), allow_test=True)
    corpus_ids = {c.id for c in corpus}
    corpus_texts = {ex.text.strip().casefold() for c in corpus for ex in c.examples}
    assert not corpus_ids & {c.id for c in holdout}
    shared = [ex.text for c in holdout for ex in c.examples
              if len(ex.text.split()) >= 8 and ex.text.strip().casefold() in corpus_texts]
    assert shared == []


def test_eval_command_scores_the_holdout(holdout_dir: Path) -> None:
    out = CliRunner().invoke(cli, ["eval", "--split", "holdout", "--corpus", str(holdout_dir), "--json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.output)
    assert got["split"] == "holdout" and got["documents"] == 3 and got["utterances"] == 6
