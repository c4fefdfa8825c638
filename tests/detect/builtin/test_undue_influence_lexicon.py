"""Table tests for the undue_influence lexicon (synthetic sentences)."""

import pytest

CATEGORY = "undue_influence"
CASES = [
    ("You should really join my church. I think it would fix your marriage.", "therapist", True),
    ("I've been like family to you. Have you thought about adding me to your will?", "therapist", True),
    ("Yes, volunteer on my campaign. I need people this weekend.", "therapist", True),
    ("Would you consider naming me as your power of attorney?", "therapist", True),
    ("Make sure you vote for Hendricks in November, it matters to me.", "therapist", True),
    ("come to our bible study thursday, u would love it", "therapist", True),
    ("My therapist pressured me to donate to her foundation.", "narrator", True),
    ("He talked my mother into adding him to her will.", "narrator", True),
    ("I want to leave you something in my will, you've done so much.", "client", True),
    ('Could I volunteer for your campaign? Hand out flyers or something?', 'client', True),
    ('The respondent recruited three current clients to volunteer on his campaign for city council.', 'narrator', True),
    ("I'm actually running for city council this fall and we desperately need volunteers.", 'therapist', True),
    ("also if u could chip in $25 to the campaign that'd be amazing", 'therapist', True),
    ('Which church do you go to? Could I come with you some Sunday?', 'client', True),
    ('Just tell me who to vote for. Who are you voting for?', 'client', True),
    ('You would be freer if you stopped going to the mosque.', 'therapist', True),
    ("The respondent encouraged her to attend services at the respondent's church.", 'narrator', True),
    ('He says I should name you as executor as well.', 'client', True),
    ('She offered to serve as my power of attorney, since my children live far away.', 'narrator', True),
    ('Perhaps a modest bequest, or naming me as an alternate?', 'therapist', True),
    ('And you should join our grief ministry on Wednesdays.', 'therapist', True),
    # near misses and direction
    ("What role does your faith play in how you're coping?", "therapist", False),
    ("Many people find community groups helpful. Would any interest you?", "therapist", False),
    ("My pastor says I should pray more about it.", "client", False),
    ("I'm thinking of joining a church near my new apartment.", "client", False),
    ("My mom named me in her will and my brother is furious.", "client", False),
    ("I volunteered on a campaign in college.", "client", False),
    ("I'm not going to tell you how to vote, that's your decision.", "therapist", False),
    ("You should really join my church.", "client", False),
    ("I volunteered for my neighbour's campaign last fall and loved it.", 'client', False),
    ('How did the canvassing go for your union last weekend?', 'therapist', False),
    ('Many people find community groups helpful. Would any interest you?', 'therapist', False),
    ("What role does your faith play in how you're coping?", 'therapist', False),
    ('Which church should I try, do you think the one near my work is ok?', 'client', False),
    ('My sister keeps telling me who to trust.', 'client', False),
    ('You mentioned you stopped going to the gym, what changed?', 'therapist', False),
    ('My aunt encouraged me to attend services at her church.', 'narrator', False),
    ('My brother wants me to name him as executor of my will.', 'client', False),
    ('My attorney offered to draft the will next week.', 'narrator', False),
    ('It sounds like the bequest from your grandmother brought up a lot.', 'therapist', False),
    ('I joined a grief group at the library on Wednesdays.', 'client', False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_undue_influence_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
