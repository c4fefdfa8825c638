"""Table tests for the self_disclosure lexicon (synthetic sentences)."""

import pytest

CATEGORY = "self_disclosure"
CASES = [
    ("My wife and I haven't slept together in months. You're the only one I can talk to.", "therapist", True),
    ("I'm drowning in debt. What would you do in my position?", "therapist", True),
    ("Enough about you, let me tell you about my divorce.", "therapist", True),
    ("honestly ur such a good listener, i feel better after our sessions than you do lol", "therapist", True),
    ("Can I vent for a minute? It's been a brutal week at home.", "therapist", True),
    ("I'm going through a nasty divorce and I can barely function.", "therapist", True),
    ("She spent most of the session talking about her own divorce.", "narrator", True),
    ("He cried about his debts and I ended up comforting him.", "narrator", True),
    ("You look exhausted. Do you want to talk about it?", "client", True),
    # near misses and direction
    ("I've also lost a parent, so I have some sense of how disorienting this is.", "therapist", False),
    ("Yes, I'm licensed and I've specialised in trauma for ten years.", "therapist", False),
    ("My wife and I haven't slept together in months.", "client", False),
    ("I'm drowning in debt and I don't know what to do.", "client", False),
    ("What would you do if you were in my position at work?", "client", False),
    ("Let me tell you about the skills we'll practise today.", "therapist", False),
    ("I need your help filling out this release form.", "therapist", False),
    ("I'm going through a divorce and the kids are struggling.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_self_disclosure_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
