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
    ('I can give you a bottle today and just add it to your bill.', 'therapist', True),
    ('I get a bonus for every person I sign up, so if you sign up two friends yours is free.', 'therapist', True),
    ('He told me he sells insurance and annuities on the side.', 'narrator', True),
    ('How about you design my waiting room and we take it off your bill?', 'therapist', True),
    ('The respondent offered to reduce her session fee in exchange for bookkeeping services.', 'narrator', True),
    ('I could do your bookkeeping in exchange for my sessions.', 'client', True),
    ("Give me five grand and I'll trade it for you, we split the gains.", 'client', True),
    ('My husband could manage your retirement account if you like.', 'client', True),
    ("Honestly, we're looking for investors right now.", 'therapist', True),
    ('Client D. offered her a job at his company once she finishes her degree.', 'narrator', True),
    ("The respondent hired the complainant's husband to renovate the office.", 'narrator', True),
    ('In our second year she asked whether I could lend her $4,000 for her rent.', 'narrator', True),
    # near misses and direction
    ("Our fee is $150 a session. We have a sliding scale if that's a barrier.", "therapist", False),
    ("I can't go into business with someone I'm treating.", "therapist", False),
    ("My brother wants me to invest in his crypto thing.", "client", False),
    ("Can I pay by card today?", "client", False),
    ("Your insurance covers twelve sessions this year.", "therapist", False),
    ("I borrowed my dad's car to get here.", "client", False),
    ("I'm worried about the loan I took out for school.", "client", False),
    ("These supplements from my company would really help. I can sell you a three-month pack.", "client", False),
    ('My landlord wants to add the repair to my bill.', 'client', False),
    ('Could you sign up for the group that starts in March?', 'therapist', False),
    ('My brother sells cars on the weekend.', 'narrator', False),
    ("Let's take that off the agenda for today.", 'therapist', False),
    ('We can reduce your fee on the sliding scale if money is tight.', 'therapist', False),
    ('I do my own bookkeeping to save money.', 'client', False),
    ('My ex and I had to split the profits from the house sale.', 'client', False),
    ("I'm trying to manage my finances better this year.", 'client', False),
    ("We're looking for investors for my startup, it's stressful.", 'client', False),
    ('My boss offered me a raise after the review.', 'narrator', False),
    ('We hired a contractor to fix the roof.', 'narrator', False),
    ('Could you lend me the book you mentioned?', 'client', False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_financial_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
