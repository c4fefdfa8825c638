"""How `boundarywatch eval` counts: per (utterance, category) pair, per turn, held replies and negatives."""

import pytest

from boundarywatch.corpus.load import Example, LabelledConversation
from boundarywatch.detect.dialogue import Event
from boundarywatch.domain import Kind, Mode, Role
from boundarywatch.training.evaluate import EvalReport, _score, format_report

T, C = Role.THERAPIST, Role.CLIENT


def conversation(*turns: tuple[Role, tuple[tuple[str, str], ...]], register: str = "session") -> LabelledConversation:
    examples = tuple(Example("c-001", i, role, f"turn {i}", labels, None, register)
                     for i, (role, labels) in enumerate(turns))
    return LabelledConversation("c-001", Mode.DIALOGUE, register, "dev", examples)


def event(turn: int, category: str, kind: Kind) -> Event:
    return Event(turn, category, kind, 0.9, 0.9)


# one therapist crossing (gifts) at turn 1, a held reply at turn 3, a plain turn 4
CONV = conversation(
    (C, (("gifts", "invitation"),)),
    (T, (("gifts", "crossing"),)),
    (C, (("social", "invitation"),)),
    (T, (("social", "held"),)),
    (T, ()),
)


@pytest.mark.parametrize(
    ("events", "pairs", "turns", "held_as_crossing", "negative_flagged"),
    [
        # (tp, fp, fn) for (utterance, category) pairs and for crossing turns in any category
        ([event(1, "gifts", Kind.CROSSING)], (1, 0, 0), (1, 0, 0), 0, 0),
        ([], (0, 0, 1), (0, 0, 1), 0, 0),
        # the right turn in the wrong category: a miss and a false pair, but the turn itself was found
        ([event(1, "financial", Kind.CROSSING)], (0, 1, 1), (1, 0, 0), 0, 0),
        # a crossing found with a second, wrong category
        ([event(1, "gifts", Kind.CROSSING), event(1, "secrecy", Kind.CROSSING)], (1, 1, 0), (1, 0, 0), 0, 0),
        # the right pair with the wrong kind is not a crossing found
        ([event(1, "gifts", Kind.HELD)], (0, 0, 1), (0, 0, 1), 0, 0),
        # a held reply reported as a crossing
        ([event(1, "gifts", Kind.CROSSING), event(3, "social", Kind.CROSSING)], (1, 1, 0), (1, 1, 0), 1, 0),
        # a held reply reported as held is no error
        ([event(1, "gifts", Kind.CROSSING), event(3, "social", Kind.HELD)], (1, 0, 0), (1, 0, 0), 0, 0),
        # a plain turn flagged as a crossing
        ([event(1, "gifts", Kind.CROSSING), event(4, "time_place", Kind.CROSSING)], (1, 1, 0), (1, 1, 0), 0, 1),
    ],
)
def test_crossing_counts(events, pairs, turns, held_as_crossing, negative_flagged) -> None:
    rep = EvalReport("dev")
    _score(rep, CONV, events)
    assert (rep.crossing.tp, rep.crossing.fp, rep.crossing.fn) == pairs
    u = rep.crossing_utterances
    assert (u.tp, u.fp, u.fn) == turns
    assert (rep.held_turns, rep.held_as_crossing) == (1, held_as_crossing)
    assert (rep.negative_utterances, rep.negatives_flagged_crossing) == (1, negative_flagged)


def test_report_prints_both_crossing_figures() -> None:
    rep = EvalReport("dev")
    _score(rep, CONV, [event(1, "financial", Kind.CROSSING)])
    text = format_report(rep)
    assert "therapist-crossing detection (utterance level): P=0.000 R=0.000 F1=0.000" in text
    assert "crossing turns found with any category: P=1.000 R=1.000 F1=1.000" in text
    assert rep.as_dict()["crossing_utterances_any_category"]["tp"] == 1


def test_crossings_are_also_counted_per_register() -> None:
    rep = EvalReport("dev")
    _score(rep, CONV, [event(1, "gifts", Kind.CROSSING)])
    texting = conversation((C, ()), (T, (("social", "crossing"),)), register="texting")
    _score(rep, texting, [event(0, "social", Kind.CROSSING)])  # the wrong turn: one false pair, one miss
    by = {r: (m.tp, m.fp, m.fn) for r, m in rep.crossing_per_register.items()}
    assert by == {"session": (1, 0, 0), "texting": (0, 1, 1)}
    assert (rep.crossing.tp, rep.crossing.fp, rep.crossing.fn) == (1, 1, 1)  # the headline sums the registers
    text = format_report(rep)
    assert "  session          P=1.000 R=1.000 F1=1.000  (documents=1, crossings=1)" in text
    assert "  texting          P=0.000 R=0.000 F1=0.000  (documents=1, crossings=1)" in text
    assert rep.as_dict()["crossing_per_register"]["texting"]["documents"] == 1
