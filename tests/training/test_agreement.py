"""The agreement measure: a second annotator scored against the corpus labels with the eval command's measures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from boundarywatch.cli.main import cli
from boundarywatch.corpus import load_corpus, split_of
from boundarywatch.corpus.load import Example, LabelledConversation
from boundarywatch.domain import Mode, Role
from boundarywatch.errors import BoundarywatchError
from boundarywatch.training.agreement import compare

TEXTS = ("Could we get coffee sometime?", "Sure, Saturday works.", "How was the week?", "I'd rather keep it here.")
ROLES = (Role.CLIENT, Role.THERAPIST, Role.THERAPIST, Role.THERAPIST)


def conv(*labels: tuple[tuple[str, str], ...], cid: str = "x-001", texts: tuple[str, ...] = TEXTS) -> LabelledConversation:
    ex = tuple(Example(cid, i, ROLES[i], texts[i], lab, None, "session") for i, lab in enumerate(labels))
    return LabelledConversation(cid, Mode.DIALOGUE, "session", "dev", ex)


INV = (("social", "invitation"),)
CROSS = (("social", "crossing"),)
HELD = (("social", "held"),)
NONE: tuple[tuple[str, str], ...] = ()
REFERENCE = conv(INV, CROSS, NONE, HELD)


@pytest.mark.parametrize(
    ("second", "crossing", "turns", "held", "unlabelled"),
    [
        # same labels: everything agrees
        (conv(INV, CROSS, NONE, HELD), (1, 0, 0), (1, 0, 0), 0, 0),
        # the acceptance missed: one crossing lost
        (conv(INV, NONE, NONE, HELD), (0, 0, 1), (0, 0, 1), 0, 0),
        # the acceptance with another category: a category miss but the turn is found
        (conv(INV, (("time_place", "crossing"),), NONE, HELD), (0, 1, 1), (1, 0, 0), 0, 0),
        # a held reply read as a crossing
        (conv(INV, CROSS, NONE, CROSS), (1, 1, 0), (1, 1, 0), 1, 0),
        # an ordinary turn read as a crossing
        (conv(INV, CROSS, CROSS, HELD), (1, 1, 0), (1, 1, 0), 0, 1),
        # invitation and held disagree, crossings agree: the crossing figures do not move
        (conv(NONE, CROSS, NONE, NONE), (1, 0, 0), (1, 0, 0), 0, 0),
    ],
)
def test_agreement_table(second: LabelledConversation, crossing: tuple[int, int, int], turns: tuple[int, int, int],
                         held: int, unlabelled: int) -> None:
    a = compare([REFERENCE], [second])
    assert (a.crossing.tp, a.crossing.fp, a.crossing.fn) == crossing
    assert (a.crossing_turns.tp, a.crossing_turns.fp, a.crossing_turns.fn) == turns
    assert (a.held_turns, a.held_as_crossing) == (1, held)
    assert (a.unlabelled_turns, a.unlabelled_as_crossing) == (1, unlabelled)
    assert (a.conversations, a.utterances) == (1, 4)


def test_every_label_counts_invitations_and_held() -> None:
    a = compare([REFERENCE], [conv(NONE, CROSS, NONE, NONE)])
    assert (a.labels.tp, a.labels.fp, a.labels.fn) == (1, 0, 2)


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (conv(INV, CROSS, NONE, HELD, cid="y-001"), "y-001 is not in the reference"),
        (conv(INV, CROSS, NONE), "3 utterances, the reference has 4"),
        (conv(INV, CROSS, NONE, HELD, texts=(*TEXTS[:3], "Something else.")), "utterance 3 differs"),
    ],
)
def test_mismatched_files_are_refused(second: LabelledConversation, message: str) -> None:
    with pytest.raises(BoundarywatchError, match=message):
        compare([REFERENCE], [second])


def test_mismatch_error_never_quotes_text() -> None:
    changed = conv(INV, CROSS, NONE, HELD, texts=(*TEXTS[:3], "Something else."))
    with pytest.raises(BoundarywatchError) as err:
        compare([REFERENCE], [changed])
    assert "Something" not in str(err.value) and "rather" not in str(err.value)


def test_bundled_second_annotation_matches_corpus_text() -> None:
    """The committed second-annotator files describe dev conversations of the corpus, utterance for utterance."""
    second = load_corpus(Path(__file__).resolve().parents[2] / "data" / "agreement", ("train", "dev", "test"),
                         allow_test=True)
    assert len(second) >= 80
    assert {c.split for c in second} == {"dev"}
    a = compare(load_corpus(splits=("dev",)), second)
    assert a.conversations == len(second)


def test_cli_prints_figures_from_files(tmp_path: Path) -> None:
    ref, sec = tmp_path / "ref", tmp_path / "sec"
    ref.mkdir()
    sec.mkdir()
    cid = next(f"agree-{i:03d}" for i in range(1000) if split_of(f"agree-{i:03d}") == "dev")

    def record(labels: list[list[dict[str, str]]]) -> str:
        turns = [{"speaker": r.value, "text": t, "labels": lab} for r, t, lab in zip(ROLES, TEXTS, labels, strict=True)]
        return json.dumps({"id": cid, "mode": "dialogue", "register": "session", "turns": turns})

    inv, cross = [{"category": "social", "kind": "invitation"}], [{"category": "social", "kind": "crossing"}]
    (ref / "a.jsonl").write_text(record([inv, cross, [], []]) + "\n")
    (sec / "a.jsonl").write_text(record([inv, [], [], cross]) + "\n")
    out = CliRunner().invoke(cli, ["agreement", "--labels", str(sec), "--corpus", str(ref), "--json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.output)
    assert got["crossing"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert (got["unlabelled_turns"], got["unlabelled_as_crossing"]) == (2, 1)
