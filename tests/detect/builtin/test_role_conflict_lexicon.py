"""Table tests for the role_conflict lexicon (synthetic sentences)."""

import pytest

CATEGORY = "role_conflict"
CASES = [
    ("Since you're in my practicum seminar anyway, do your personal therapy with me.", "therapist", True),
    ("Could you write the judge saying I should get full custody?", "client", True),
    ("Absolutely, I'll write to the judge and recommend full custody for you.", "therapist", True),
    ("I'd like to hire you as my office manager. We'll keep our sessions going.", "therapist", True),
    ("I'm happy to serve as your custody evaluator as well.", "therapist", True),
    ("can u be my clinical supervisor next year? it'd be so easy", "client", True),
    ("My therapist became my dissertation chair the following year.", "narrator", True),
    ("She wrote to the court recommending that my ex lose custody.", "narrator", True),
    ("I'll be your supervisor at the clinic and keep seeing you in therapy.", "therapist", True),
    # near misses and direction
    ("Because I grade your coursework I can't be your therapist. Here are three referrals.", "therapist", False),
    ("With your release, I can give the court a factual summary of your attendance.", "therapist", False),
    ("I won't make custody recommendations; that's the evaluator's job.", "therapist", False),
    ("My lawyer says the judge will decide custody in March.", "client", False),
    ("My supervisor at work keeps piling on projects.", "client", False),
    ("I'm applying for a job at a law firm.", "client", False),
    ("Please fill out the consent form before the intake.", "therapist", False),
    ("I'd like to hire you as my office manager.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_role_conflict_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
