"""The learned recognizer reads each turn with its neighbours in the same thread (the wide context)."""

from __future__ import annotations

import numpy as np
import pytest

from boundarywatch.detect.learned import WIDE_CONTEXT, LearnedModel, context_features, contexts
from boundarywatch.domain import Document, Mode, Role, Utterance


def _doc(turns: list[tuple[str, str, str | None]]) -> Document:
    utts = tuple(Utterance(i, role, Role(role), text, text, thread=thread) for i, (role, text, thread) in
                 enumerate(turns))
    return Document("t.json", Mode.DIALOGUE, utts, "test")


TWO_THREADS = _doc([
    ("client", "a1", "A"), ("therapist", "b1", "B"), ("therapist", "a2", "A"),
    ("client", "b2", "B"), ("client", "a3", "A"), ("therapist", "a4", "A"),
])


@pytest.mark.parametrize(
    ("turn", "prev", "prev2", "nxt"),
    [
        (0, None, None, "a2"),  # first of its thread: no context before it
        (1, None, None, "b2"),  # the other thread's turn 0 is not its context
        (2, "a1", None, "a3"),
        (3, "b1", None, None),  # last of its thread
        (4, "a2", "a1", "a4"),
        (5, "a3", "a2", None),
    ],
)
def test_contexts_stay_in_the_thread(turn: int, prev: str | None, prev2: str | None, nxt: str | None) -> None:
    c = contexts(TWO_THREADS)[turn]
    text = lambda u: u.text if u is not None else None  # noqa: E731
    assert (c.turn.index, text(c.prev), text(c.prev2), text(c.next)) == (turn, prev, prev2, nxt)


def test_contexts_follow_document_order_and_name_their_texts() -> None:
    cs = contexts(TWO_THREADS)
    assert [c.turn.index for c in cs] == list(range(6))
    assert cs[4].texts() == ["a3", "a2", "a1", "a4"]  # the turn's own text first
    assert cs[3].texts() == ["b2", "b1"]


def _emb(doc: Document, dim: int = 4) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {u.text: rng.normal(size=dim).astype(np.float32) for u in doc.utterances}


def test_wide_features_layout() -> None:
    emb = _emb(TWO_THREADS)
    x = context_features(contexts(TWO_THREADS), emb, wide=True, dim=4)
    assert x.shape == (6, 4 * 4 + 3 + 1 + 3 + 1)
    row = x[4]  # client "a3": previous a2 (therapist), next a4 (therapist), before that a1
    np.testing.assert_array_equal(row[0:4], emb["a3"])
    np.testing.assert_array_equal(row[4:8], emb["a2"])
    np.testing.assert_array_equal(row[8:12], [0, 1, 0, 1])  # client role, has a previous turn
    np.testing.assert_array_equal(row[12:16], emb["a4"])
    np.testing.assert_array_equal(row[16:19], [1, 0, 0])  # next speaker: therapist
    np.testing.assert_array_equal(row[19:23], emb["a1"])
    assert row[23] == 1
    last = x[3]  # "b2": nothing after it, nothing two turns back
    assert not last[12:19].any() and not last[19:].any()


def test_narrow_features_are_the_first_columns_of_the_wide_ones() -> None:
    emb = _emb(TWO_THREADS)
    wide = context_features(contexts(TWO_THREADS), emb, wide=True, dim=4)
    narrow = context_features(contexts(TWO_THREADS), emb, wide=False, dim=4)
    assert narrow.shape == (6, 12)
    np.testing.assert_array_equal(narrow, wide[:, :12])


@pytest.mark.parametrize(("manifest", "wide"), [({"context": WIDE_CONTEXT}, True), ({}, False),
                                                ({"context": "turn+previous"}, False)])
def test_the_manifest_says_which_context_a_model_reads(manifest: dict[str, object], wide: bool) -> None:
    empty = np.zeros((0, 4), np.float16)
    model = LearnedModel([], [], empty, np.array([]), np.array([]), manifest)
    assert model.wide is wide


def test_the_packaged_model_is_scored_with_the_context_it_was_trained_on() -> None:
    model = LearnedModel.load()
    n_in = model.cat_layers[0][0].shape[0]
    assert n_in == (4 * 384 + 8 if model.wide else 2 * 384 + 4)


def _random_model(wide: bool, seed: int = 3) -> LearnedModel:
    rng = np.random.default_rng(seed)
    n_in = 4 * 384 + 8 if wide else 2 * 384 + 4

    def layers(n_out: int) -> list[tuple[np.ndarray, np.ndarray]]:
        return [(rng.normal(0, 0.2, (n_in, 16)).astype(np.float32), np.zeros(16, np.float32)),
                (rng.normal(0, 1.0, (16, n_out)).astype(np.float32), np.zeros(n_out, np.float32))]

    manifest: dict[str, object] = {"context": WIDE_CONTEXT} if wide else {}
    return LearnedModel(layers(13), layers(4), np.zeros((0, 384), np.float16), np.array([]), np.array([]), manifest)


def _scores(model: LearnedModel, script: list[tuple[str, str]], **kw: object) -> dict[tuple[int, str], float]:
    from boundarywatch.detect.learned import EmbeddingRecognizer
    from boundarywatch.testing import FakeEncoder, make_document

    rec = EmbeddingRecognizer(encoder=FakeEncoder(), model=model)
    sigs = rec.analyze_many([make_document(script)], **kw)[0]  # type: ignore[arg-type]
    return {(s.turn, s.category): s.score for s in sigs}


PROPOSAL = [("client", "Want to grab dinner on Friday?"), ("therapist", "Sure.")]


@pytest.mark.parametrize(("wide", "changes"), [(True, True), (False, False)])
def test_what_the_client_says_next_changes_the_reading_only_for_a_wide_model(wide: bool, changes: bool) -> None:
    model = _random_model(wide)
    a = _scores(model, [*PROPOSAL, ("client", "Great, it's a date then!")])
    b = _scores(model, [*PROPOSAL, ("client", "Okay, so back to the homework sheet.")])
    turn1 = lambda s: {k: v for k, v in s.items() if k[0] == 1}  # noqa: E731
    assert (turn1(a) != turn1(b)) is changes


def test_scoring_a_subset_of_turns_still_reads_their_whole_context() -> None:
    model = _random_model(True)
    turns = [*PROPOSAL, ("client", "Great, it's a date then!"), ("therapist", "See you there.")]
    every = _scores(model, turns)
    only = _scores(model, turns, turns=[{1}])
    assert only and only == {k: v for k, v in every.items() if k[0] == 1}
