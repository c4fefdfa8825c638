"""Table tests for the connected_clients lexicon (synthetic sentences)."""

import pytest

CATEGORY = "connected_clients"
CASES = [
    ("Your sister started seeing me too. Between us, she's really angry at you.", "therapist", True),
    ("My nephew's struggling, so I've started seeing my nephew for therapy.", "therapist", True),
    ("Sure, I'll fit him in, and I'll let you know how he's doing.", "therapist", True),
    ("Could you also see my business partner? He trusts you because of me.", "client", True),
    ("what did my husband say about me in his session", "client", True),
    ("I've been treating your ex for a few weeks now, actually.", "therapist", True),
    ("She said in her session that she's thinking of leaving you.", "therapist", True),
    ("My therapist started seeing my wife individually and told her what I had said.", "narrator", True),
    ("Can you see my sister too? She really needs someone.", "client", True),
    # near misses and direction
    ("I'm seeing you both as a couple. Here are my ground rules on secrets.", "therapist", False),
    ("Because I already work with your close friend, I'll refer you to a colleague.", "therapist", False),
    ("My sister is seeing a therapist across town.", "client", False),
    ("My husband said something hurtful last night.", "client", False),
    ("I've been seeing my boyfriend for two years.", "client", False),
    ("Your sister started seeing me too.", "client", False),
    ("I told my best friend about our session and she was supportive.", "client", False),
    ("I'll let you know if the time slot opens up.", "therapist", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_connected_clients_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
