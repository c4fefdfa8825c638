"""Table tests for the undue_influence lexicon (synthetic sentences)."""

import pytest

CATEGORY = "undue_influence"
CASES = [
    ("You should really join my church. I think it would fix your marriage.", "therapist", True),
    ("I've been like family to you. Have you thought about adding me to your will?", "therapist", True),
    ("Yes, volunteer on my campaign. I need people this weekend.", "therapist", True),
    ("Would you consider naming me as your power of attorney?", "therapist", True),
    ("Make sure you vote for Hendricks in November, it matters to me.", "therapist", True),
    ("come to our bible study thursday, u would love it", "therapist", True),
    ("My therapist pressured me to donate to her foundation.", "narrator", True),
    ("He talked my mother into adding him to her will.", "narrator", True),
    ("I want to leave you something in my will, you've done so much.", "client", True),
    # near misses and direction
    ("What role does your faith play in how you're coping?", "therapist", False),
    ("Many people find community groups helpful. Would any interest you?", "therapist", False),
    ("My pastor says I should pray more about it.", "client", False),
    ("I'm thinking of joining a church near my new apartment.", "client", False),
    ("My mom named me in her will and my brother is furious.", "client", False),
    ("I volunteered on a campaign in college.", "client", False),
    ("I'm not going to tell you how to vote, that's your decision.", "therapist", False),
    ("You should really join my church.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_undue_influence_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
