"""Severity: category default plus escalators and de-escalators (never lowering sexual or illegal)."""

import pytest

from boundarywatch.config import load_config
from boundarywatch.detect.dialogue import Event
from boundarywatch.detect.severity import grade
from boundarywatch.domain import Kind, Severity
from boundarywatch.testing import make_document


def _grade(turns, events, **cfg):
    return grade(make_document(turns), events, load_config(**cfg))


def ev(turn: int, cat: str, kind: Kind) -> Event:
    return Event(turn, cat, kind, 0.9, 0.9)


@pytest.mark.parametrize(
    ("text", "cat", "kind", "cfg", "expected"),
    [
        ("Could you pick up a latte for me?", "solicitation", Kind.CROSSING, {}, Severity.HIGH),
        ("Could you get me some Xanax without a script?", "solicitation", Kind.CROSSING, {}, Severity.CRITICAL),
        ("No, I can't take Xanax from you.", "solicitation", Kind.HELD, {}, Severity.CRITICAL),
        ("I can't accept the watch.", "gifts", Kind.HELD, {}, Severity.LOW),
        ("I have feelings for you too.", "romantic_sexual", Kind.CROSSING, {}, Severity.CRITICAL),
        ("Our relationship will stay professional.", "romantic_sexual", Kind.HELD, {}, Severity.CRITICAL),
        ("Come to the party Friday!", "social", Kind.CROSSING, {}, Severity.MEDIUM),
        ("Come to the party Friday!", "social", Kind.CROSSING, {"practice_setting": "rural"}, Severity.LOW),
        ("Come to the party Friday!", "social", Kind.CROSSING, {"vulnerable_client": True}, Severity.HIGH),
        ("As we planned, the exposure session is at the café.", "time_place", Kind.CROSSING, {}, Severity.LOW),
    ],
)
def test_single_event(text, cat, kind, cfg, expected) -> None:
    ((sev, _),) = _grade([("therapist", text)], [ev(0, cat, kind)], **cfg)
    assert sev is expected


def test_secrecy_escalates_other_crossings() -> None:
    turns = [("therapist", "Come to my place Friday."), ("therapist", "Keep this between us.")]
    (g1, m1), (g2, m2) = _grade(turns, [ev(0, "time_place", Kind.CROSSING), ev(1, "secrecy", Kind.CROSSING)])
    assert g1 is Severity.MEDIUM and "secrecy in the same conversation" in m1
    assert g2 is Severity.HIGH


def test_repetition_escalates() -> None:
    turns = [("therapist", "Could you grab me lunch?"), ("therapist", "And pick up my dry cleaning?")]
    grades = _grade(turns, [ev(0, "gifts", Kind.CROSSING), ev(1, "gifts", Kind.CROSSING)])
    assert all(g is Severity.HIGH for g, _ in grades)


def test_repetition_counts_within_a_thread_only() -> None:
    from dataclasses import replace

    doc = make_document([("therapist", "Could you grab me lunch?"), ("therapist", "Could you grab me lunch?")])
    utts = (replace(doc.utterances[0], thread="a"), replace(doc.utterances[1], thread="b"))
    doc = replace(doc, utterances=utts)
    grades = grade(doc, [ev(0, "gifts", Kind.CROSSING), ev(1, "gifts", Kind.CROSSING)], load_config())
    assert all(g is Severity.MEDIUM for g, _ in grades)
