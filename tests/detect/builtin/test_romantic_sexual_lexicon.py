"""Table tests for the romantic_sexual lexicon (synthetic sentences)."""

import pytest

CATEGORY = "romantic_sexual"
CASES = [
    # (text, role, expected_match)
    ("When we finish therapy in the spring, I'd love to take you out to dinner, just us.", "therapist", True),
    ("honestly i cant stop thinking about u since tuesday", "therapist", True),
    ("I think I'm, um, falling for you.", "client", True),
    ("I've developed feelings for you and I think you feel it too.", "therapist", True),
    ("Maybe we should stop therapy so that we can see where this goes.", "therapist", True),
    ("You looked so beautiful in that green dress today.", "therapist", True),
    ("Would you go on a date with me if you weren't my therapist?", "client", True),
    ("He told me he was in love with me during our third session.", "narrator", True),
    ("She kept asking me to send nude pics after our appointments.", "narrator", True),
    ("My therapist and I had a sexual relationship for six months.", "narrator", True),
    ("i wanna kiss u so bad", "therapist", True),
    # near misses and direction
    ("I went on a date with a guy from the app and it was awful.", "client", False),
    ("Let's talk about how the new medication is affecting your sex drive.", "therapist", False),
    ("Feelings like this come up in therapy, and our relationship will stay professional.", "therapist", False),
    ("My girlfriend says I look handsome in this suit.", "client", False),
    ("You looked so beautiful in that green dress today.", "client", False),
    ("I would never ask you out, that would be wrong.", "client", False),
    ("What if a client says they're falling for you?", "therapist", False),
    ("Do you think I should ask her out on a second date?", "client", False),
    ("My wife wants us to go to couples counselling.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_romantic_sexual_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
