"""Table tests for the financial lexicon (synthetic sentences)."""

import pytest

CATEGORY = "financial"
CASES = [
    ("I'm launching a wellness start-up. Want to get in early as an investor?", "therapist", True),
    ("Money's tight. Could I clean your house instead of paying for sessions?", "client", True),
    ("These supplements from my company would really help. I can sell you a three-month pack.", "therapist", True),
    ("Could you lend me a few hundred dollars until the end of the month?", "therapist", True),
    ("we should go into business together, seriously", "client", True),
    ("You could work off your bill by doing my bookkeeping.", "therapist", True),
    ("I'd like to rent you my basement apartment, cheap.", "therapist", True),
    ("My therapist talked me into investing in his restaurant.", "narrator", True),
    ("She sold me essential oils at the end of every session.", "narrator", True),
    ("I could paint your office in exchange for a few sessions.", "client", True),
    # near misses and direction
    ("Our fee is $150 a session. We have a sliding scale if that's a barrier.", "therapist", False),
    ("I can't go into business with someone I'm treating.", "therapist", False),
    ("My brother wants me to invest in his crypto thing.", "client", False),
    ("Can I pay by card today?", "client", False),
    ("Your insurance covers twelve sessions this year.", "therapist", False),
    ("I borrowed my dad's car to get here.", "client", False),
    ("I'm worried about the loan I took out for school.", "client", False),
    ("These supplements from my company would really help. I can sell you a three-month pack.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_financial_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
