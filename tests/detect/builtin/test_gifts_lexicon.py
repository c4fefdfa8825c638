"""Table tests for the gifts lexicon (synthetic sentences)."""

import pytest

CATEGORY = "gifts"
CASES = [
    ("I got you the watch you were admiring last month.", "client", True),
    ("i bought u a bottle of that champagne you mentioned", "client", True),
    ("Thank you so much for the beautiful necklace, I'll wear it every day.", "therapist", True),
    ("Instead of a card, a bottle of that Bordeaux would be lovely.", "therapist", True),
    ("I picked up some perfume for you because you deserve to feel beautiful.", "therapist", True),
    ("Here's a little birthday present for you, open it at home.", "therapist", True),
    ("My therapist gave me an expensive bracelet for Christmas.", "narrator", True),
    ("She accepted my gift card and asked for another one next month.", "narrator", True),
    ("I brought you a cashmere scarf from my trip.", "client", True),
    # near misses and direction
    ("I made you some cookies for the holidays.", "client", False),
    ("I bought my mom a necklace for her birthday.", "client", False),
    ("I brought you the completed mood log.", "client", False),
    ("That's very generous, but I can't accept something this valuable.", "therapist", False),
    ("I got you a copy of the worksheet we talked about.", "therapist", False),
    ("My therapist gave me a handout on sleep hygiene.", "narrator", False),
    ("My sister gave me her old watch.", "client", False),
    ("Thank you for the card, it was kind of you.", "therapist", False),
    ("Instead of a card, a bottle of that Bordeaux would be lovely.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_gifts_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
