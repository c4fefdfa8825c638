"""Table tests for the social lexicon (synthetic sentences)."""

import pytest

CATEGORY = "social"
CASES = [
    ("I just sent you a friend request. Don't worry, my page is private.", "therapist", True),
    ("A few of us are grabbing drinks Friday. You should come!", "therapist", True),
    ("Can we follow each other on Instagram?", "client", True),
    ("can i follow u on insta?", "client", True),
    ("Sure, I'll follow you back tonight.", "therapist", True),
    ("You should come to our barbecue on Sunday, my wife would love to meet you.", "therapist", True),
    ("Honestly, we could be friends once all this is over.", "therapist", True),
    ("He friended me on Facebook after our second session.", "narrator", True),
    ("My counselor invited me to her birthday party.", "narrator", True),
    ("we should hang out sometime outside of here", "client", True),
    # near misses and direction
    ("I don't connect with clients on personal social media. It's in our office policy.", "therapist", False),
    ("Just confirming your Thursday 3 pm appointment.", "therapist", False),
    ("My friends and I are grabbing drinks Friday.", "client", False),
    ("I posted the hike on my Instagram and got so many likes.", "client", False),
    ("The practice has a professional page where we post office closures.", "therapist", False),
    ("I ran into you at the grocery store, that was awkward!", "client", False),
    ("My coworker sent me a friend request and I ignored it.", "client", False),
    ("I just sent you a friend request. Don't worry, my page is private.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_social_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
