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
    ("I want to give you my old camera, it's a good one.", 'client', True),
    ("I wanted you to have the piano, it was my grandpa's.", 'client', True),
    ('I want to pay off your student loans, you mentioned them once.', 'client', True),
    ('I picked up something small for you at the airport, a bottle of port.', 'client', True),
    ("It's a necklace, I saw it and thought of you.", 'therapist', True),
    ('How lovely, you spoil me. Bring it Wednesday.', 'therapist', True),
    ("Yes, I'll gladly take it. It's beautiful.", 'therapist', True),
    ("I'm sending you a little something in the mail.", 'therapist', True),
    ("Just wear it and think of me when you're having a hard day.", 'therapist', True),
    ('I left a little something for you at the front desk.', 'therapist', True),
    ('The licensee repeatedly accepted expensive gifts from a client.', 'narrator', True),
    ('I want to give her a gold necklace for all her help.', 'narrator', True),
    ('The client brought an envelope with $300 in cash to the session.', 'narrator', True),
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
    ('I brought you the thought records from this week.', 'client', False),
    ('I want to give you an update on the job search.', 'client', False),
    ('My mom wants to pay off my student loans.', 'client', False),
    ("My aunt got me a necklace for my birthday, it's a little much.", 'client', False),
    ("It's a worksheet for your sleep diary.", 'therapist', False),
    ("I'll gladly take a look at the form if you bring it.", 'therapist', False),
    ("I'm sending you the handout we discussed.", 'therapist', False),
    ('Think of me as a coach for the next few weeks.', 'therapist', False),
    ('I left the consent form for you at the front desk.', 'therapist', False),
    ('The clinic accepted my insurance after all.', 'narrator', False),
    ('I brought my therapist a small box of homemade cookies at the holidays.', 'narrator', False),
    ('I brought an umbrella because it was raining.', 'narrator', False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_gifts_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
