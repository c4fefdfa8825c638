"""Table tests for the secrecy lexicon (synthetic sentences)."""

import pytest

CATEGORY = "secrecy"
CASES = [
    ("Let's keep texting on my personal number, not the clinic portal.", "therapist", True),
    ("You're not like my other clients. What we have is different.", "therapist", True),
    ("Don't mention this in your journal, and don't tell your husband we met.", "therapist", True),
    ("lets keep this between us ok? 🤫", "therapist", True),
    ("I'll leave today out of my notes.", "therapist", True),
    ("I'll book you as my last appointment on Fridays so no one else is around.", "therapist", True),
    ("Please delete these messages after you read them.", "therapist", True),
    ("He told me not to tell anyone about our sessions.", "narrator", True),
    ("can we keep this off the record? i dont want it in the chart", "client", True),
    # near misses and direction
    ("What you say here is confidential, with the legal exceptions in your consent form.", "therapist", False),
    ("I'll see you at the same time next week.", "therapist", False),
    ("My sister told me to keep it a secret from our mom.", "client", False),
    ("You can reach the on-call clinician through the patient portal.", "therapist", False),
    ("Don't tell anyone, but I got the promotion!", "client", False),
    ("I'd never ask you to keep secrets from your family.", "therapist", False),
    ("Please don't tell anyone about our sessions.", "client", False),
    ("You're not like my other clients.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_secrecy_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
