"""Table tests for the solicitation lexicon (synthetic sentences)."""

import pytest

CATEGORY = "solicitation"
CASES = [
    ("You work at the pharmacy. Could you get me some extra Xanax without a script?", "therapist", True),
    ("could u, like, grab me a few edibles from the dispensary", "therapist", True),
    ("Since you're a plumber, could you swing by and look at my sink this weekend?", "therapist", True),
    ("Would you mind running a couple of errands for me on Saturday?", "therapist", True),
    ("Can you do me a small favour and walk my dog while I'm away?", "therapist", True),
    ("Any chance you could look over my lease before I sign it?", "therapist", True),
    ("My therapist asked me to pick up pot for him because I knew people.", "narrator", True),
    ("He had me do his taxes during our sessions.", "narrator", True),
    ("I can fix your roof for free if you want.", "client", True),
    ("Could you get me tickets to the game through your work?", "therapist", True),
    # near misses and direction
    ("Could you fill out the symptom questionnaire before next session?", "therapist", False),
    ("Could you bring me your sleep log next week?", "therapist", False),
    ("I need to fix my car before winter.", "client", False),
    ("Could you get me some extra Xanax without a script?", "client", False),
    ("I would never ask you to get me anything from your store.", "therapist", False),
    ("What if a client offers to fix your roof?", "therapist", False),
    ("My boss asked me to run errands for him and it felt weird.", "client", False),
    ("Can you get me a copy of the release form from the front desk?", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_solicitation_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
