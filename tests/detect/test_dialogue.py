"""The dialogue stage decides kind from role and reply, and links proposals to replies."""

from __future__ import annotations

import pytest

from boundarywatch.config import load_config
from boundarywatch.detect.engine import Screener
from boundarywatch.domain import Kind, Mode
from boundarywatch.testing import StubRecognizer, make_document

NONE_HEAVY = {"none": 0.05, "crossing": 0.5, "invitation": 0.2, "held": 0.25}
HELD_HEAVY = {"none": 0.05, "crossing": 0.1, "invitation": 0.05, "held": 0.8}


def _screen(turns, plan, **cfg):
    screener = Screener(load_config(**cfg), recognizers=[StubRecognizer(plan)])
    return screener.screen(make_document(turns))


@pytest.mark.parametrize(
    ("turns", "plan", "expected"),
    [
        # therapist-initiated request: crossing
        ([("therapist", "Would you mind grabbing me a latte next week?")], {0: [("solicitation", 0.9, NONE_HEAVY)]},
         {(0, "solicitation", Kind.CROSSING)}),
        # the same words from a client are an invitation at most, never a crossing
        ([("client", "Would you mind grabbing me a latte next week?")], {0: [("solicitation", 0.9, NONE_HEAVY)]},
         {(0, "solicitation", Kind.INVITATION)}),
        # invitation + short acceptance with no signal of its own: the reply inherits the category as a crossing
        ([("client", "Can I follow you on Instagram?"), ("therapist", "Sure!")], {0: [("social", 0.9, None)]},
         {(0, "social", Kind.INVITATION), (1, "social", Kind.CROSSING)}),
        ([("client", "Can I follow you on Instagram?"), ("therapist", "count me in")], {0: [("social", 0.9, None)]},
         {(0, "social", Kind.INVITATION), (1, "social", Kind.CROSSING)}),
        # invitation + decline: held, never a crossing
        ([("client", "Can I follow you on Instagram?"),
          ("therapist", "I keep social media separate from our work, and I'd like to understand what it means to you.")],
         {0: [("social", 0.9, None)]}, {(0, "social", Kind.INVITATION), (1, "social", Kind.HELD)}),
        # a therapist reply that declines wins over a learned crossing lean
        ([("client", "I brought you a watch."), ("therapist", "That's generous, but I can't accept something this valuable.")],
         {0: [("gifts", 0.9, None)], 1: [("gifts", 0.8, NONE_HEAVY)]},
         {(0, "gifts", Kind.INVITATION), (1, "gifts", Kind.HELD)}),
        # a neutral reply neither accepts nor declines: only the invitation is reported
        ([("client", "Can we get a drink after?"), ("therapist", "Hmm.")], {0: [("social", 0.9, None)]},
         {(0, "social", Kind.INVITATION)}),
        # a reply the model reads, weakly, as taking up a proposal that was found: raised to a reported crossing
        ([("client", "I got you a bracelet, like the one you liked."), ("therapist", "Oh, that's beautiful, I'll wear it.")],
         {0: [("gifts", 0.9, None)], 1: [("gifts", 0.4, NONE_HEAVY)]},
         {(0, "gifts", Kind.INVITATION), (1, "gifts", Kind.CROSSING)}),
        # ... but not a weak reply the model reads as held, nor a weak reply to a proposal that was not found
        ([("client", "I got you a bracelet."), ("therapist", "Let's think about what giving it means.")],
         {0: [("gifts", 0.9, None)], 1: [("gifts", 0.4, HELD_HEAVY)]}, {(0, "gifts", Kind.INVITATION)}),
        ([("client", "I got you a bracelet."), ("therapist", "Oh, that's beautiful, I'll wear it.")],
         {0: [("gifts", 0.3, None)], 1: [("gifts", 0.4, NONE_HEAVY)]}, set()),
        # a learned held lean on a therapist turn
        ([("therapist", "I won't be at the party, and let's talk about what the invite meant.")],
         {0: [("social", 0.9, HELD_HEAVY)]}, {(0, "social", Kind.HELD)}),
    ],
)
def test_kind_and_linking(turns, plan, expected) -> None:
    got = {(f.turn, f.category, f.kind) for f in _screen(turns, plan)}
    assert got == expected


def test_reply_links_back_to_invitation() -> None:
    findings = _screen([("client", "Can I follow you on Instagram?"), ("therapist", "Sure!")], {0: [("social", 0.9, None)]})
    inv = next(f for f in findings if f.kind is Kind.INVITATION)
    acc = next(f for f in findings if f.kind is Kind.CROSSING)
    assert inv.related_turn == 1 and acc.related_turn == 0
    assert "accepted" in (acc.explanation.context or "")


@pytest.mark.parametrize(("score", "reported"), [(0.49, False), (0.51, True)])
def test_threshold(score: float, reported: bool) -> None:
    findings = _screen([("therapist", "x")], {0: [("gifts", score, None)]})
    assert bool(findings) is reported


def test_held_can_be_hidden() -> None:
    findings = _screen([("therapist", "No, I can't accept that.")], {0: [("gifts", 0.9, HELD_HEAVY)]}, report_held=False)
    assert findings == []


def test_disabled_category_not_reported() -> None:
    cats = [c for c in load_config().categories if c != "gifts"]
    assert _screen([("therapist", "x")], {0: [("gifts", 0.9, None)]}, categories=cats) == []


def test_report_mode_uses_learned_kind() -> None:
    doc = make_document([("narrator", "My therapist refused to follow me back.")], mode=Mode.REPORT)
    screener = Screener(load_config(), recognizers=[StubRecognizer({0: [("social", 0.9, HELD_HEAVY)]})])
    (f,) = screener.screen(doc)
    assert f.kind is Kind.HELD


@pytest.mark.parametrize(
    ("p_learned", "p_none", "expected_min"),
    [
        (0.17, 0.95, 0.54),  # the learned head doubts the event: the cue alone still scores 0.6 * 0.9
        (0.05, 0.99, 0.54),
        (0.90, 0.05, 0.90),  # both agree: more than either alone
    ],
)
def test_a_lexicon_cue_is_never_vetoed_by_the_learned_none(p_learned, p_none, expected_min) -> None:
    from boundarywatch.detect.dialogue import resolve_events
    from boundarywatch.detect.recognizer import Signal

    doc = make_document([("therapist", "Could you get me some Xanax without a script?")])
    ks = {"none": p_none, "crossing": 1 - p_none, "invitation": 0.0, "held": 0.0}
    sigs = [Signal(0, "solicitation", 0.9, "solicitation.lexicon@1", rule="illegal_goods"),
            Signal(0, "solicitation", p_learned, "boundary.embedding@2", kind_scores=ks)]
    (event,) = resolve_events(doc, sigs)
    assert event.score >= expected_min - 1e-9 and event.kind is Kind.CROSSING
