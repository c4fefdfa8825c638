"""The first stage: candidates include lexicon matches and replies; off means every utterance is embedded."""

from __future__ import annotations

import numpy as np

from boundarywatch.detect.firststage import DIMS, FirstStage, candidate_turns, first_stage_path, hashed_features
from boundarywatch.domain import Document, Mode, Role, Utterance


def _doc(turns: list[tuple[Role, str]], mode: Mode = Mode.DIALOGUE) -> Document:
    utts = tuple(Utterance(i, r.value, r, t, t, 0) for i, (r, t) in enumerate(turns))
    return Document(path="t", mode=mode, utterances=utts, input_format="text")


def _stage(threshold: float) -> FirstStage:
    return FirstStage(np.zeros(DIMS, np.float32), 0.0, threshold, {})  # every score is 0.5


def test_features_are_stable_and_bounded() -> None:
    a = hashed_features("Could we grab a coffee sometime?", Role.CLIENT, "See you next week")
    assert np.array_equal(a, hashed_features("Could we grab a coffee sometime?", Role.CLIENT, "See you next week"))
    assert a.min() >= 0 and a.max() < DIMS


def test_lexicon_match_and_reply_are_candidates() -> None:
    doc = _doc([(Role.THERAPIST, "How was your week?"), (Role.CLIENT, "Want to get a drink after?"),
                (Role.THERAPIST, "Sure!"), (Role.CLIENT, "Great."), (Role.THERAPIST, "Anyway.")])
    got = candidate_turns(doc, _stage(0.9), matched={1})
    assert got == {1, 2}  # the proposal and the therapist's reply (also the next turn)
    assert candidate_turns(doc, _stage(0.1), matched=set()) == {0, 1, 2, 3, 4}


def test_reports_are_screened_in_full() -> None:
    doc = _doc([(Role.NARRATOR, "My therapist hugged me."), (Role.NARRATOR, "Then we left.")], Mode.REPORT)
    assert candidate_turns(doc, _stage(0.99), matched=set()) == {0, 1}


def test_packaged_first_stage_loads() -> None:
    stage = FirstStage.load(first_stage_path())
    assert stage.weights.shape == (DIMS,) and 0 < stage.threshold < 1
