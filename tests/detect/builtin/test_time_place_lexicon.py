"""Table tests for the time_place lexicon (synthetic sentences)."""

import pytest

CATEGORY = "time_place"
CASES = [
    ("Let's skip the office this week. Come over to my place and I'll cook.", "therapist", True),
    ("Call me any time tonight, even after midnight. I just like hearing your voice.", "therapist", True),
    ("Can we do our session over drinks downtown?", "client", True),
    ("How about we meet at the bar on 5th for next week's session?", "therapist", True),
    ("I'll give you a ride home after we finish.", "therapist", True),
    ("could u drive me home after? my car's in the shop", "client", True),
    ("Our sessions moved to his apartment after the first month.", "narrator", True),
    ("She started texting me late at night about nothing in particular.", "narrator", True),
    ("Stay as long as you like, I won't charge for the extra hour.", "therapist", True),
    # near misses and direction
    ("If you're in crisis after hours, call 988 or our on-call line.", "therapist", False),
    ("As planned, this week's exposure session will be at the supermarket.", "therapist", False),
    ("Can we move Thursday to 4 pm?", "client", False),
    ("I met my sister at a restaurant for her birthday.", "client", False),
    ("My dad gave me a ride to the session.", "client", False),
    ("I'll call you back tomorrow to reschedule.", "therapist", False),
    ("Let's skip the office this week. Come over to my place and I'll cook.", "client", False),
    ("I would never meet a client at a bar.", "therapist", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_time_place_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
