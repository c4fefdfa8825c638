"""Table tests for the testimonial lexicon (synthetic sentences)."""

import pytest

CATEGORY = "testimonial"
CASES = [
    ("Would you mind leaving me a five-star Google review before our next session?", "therapist", True),
    ("Could you record a short video about how therapy changed your life for my website?", "therapist", True),
    ("Refer three friends and your next session is free.", "therapist", True),
    ("if u get a sec could u write a quick review on psychology today", "therapist", True),
    ("Can I use your story in my new book? I'll change the name.", "therapist", True),
    ("I'm putting together testimonials for the practice, would you write one?", "therapist", True),
    ("She asked me to post a review on Yelp the week I was in crisis.", "narrator", True),
    ("I'll write you a glowing review, you deserve it!", "client", True),
    ("Just a couple of lines for my website about how the anxiety work went.", "therapist", True),
    # near misses and direction
    ("Here's our anonymous, optional satisfaction survey for program evaluation.", "therapist", False),
    ("I don't ask clients for reviews, but I appreciate that you offered.", "therapist", False),
    ("I left a five-star review for the new taco place.", "client", False),
    ("I'll tell my sister about you.", "client", False),
    ("My boss wants me to write a performance review for my team.", "client", False),
    ("My book club is reading a memoir about recovery.", "client", False),
    ("You can find the practice's page on Facebook for office hours.", "therapist", False),
    ("Could you write a quick review on psychology today?", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_testimonial_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
