"""Table tests for the time_place lexicon (synthetic sentences)."""

import pytest

CATEGORY = "time_place"
CASES = [
    ("Let's skip the office this week. Come over to my place and I'll cook.", "therapist", True),
    ("Call me any time tonight, even after midnight. I just like hearing your voice.", "therapist", True),
    ("Can we do our session over drinks downtown?", "client", True),
    ("How about we meet at the bar on 5th for next week's session?", "therapist", True),
    ("I'll give you a ride home after we finish.", "therapist", True),
    ("could u drive me home after? my car's in the shop", "client", True),
    ("Our sessions moved to his apartment after the first month.", "narrator", True),
    ("She started texting me late at night about nothing in particular.", "narrator", True),
    ("Stay as long as you like, I won't charge for the extra hour.", "therapist", True),
    ("Text me anytime, day or night, even if it's just to chat.", 'therapist', True),
    ("haha anytime, I'm always up late", 'therapist', True),
    ('How about we move our sessions to 11 p.m.? It feels cozier, just the two of us.', 'therapist', True),
    ('can we just keep the video on while i fall asleep?', 'client', True),
    ('can i text u whenever?', 'client', True),
    ("Could we meet at like eleven at night? That's when I'm off.", 'client', True),
    ('Maybe you are driving to the east side after? You can drop me?', 'client', True),
    ("Let's just finish this across the street at Rudy's.", 'therapist', True),
    ("Don't worry about the clock. We'll go as long as you need.", 'therapist', True),
    ('its so nice out!! can we do today at the park instead??', 'client', True),
    ('He also offered to drive her home after sessions.', 'narrator', True),
    ('My therapist has started texting me late at night, like 11pm or midnight.', 'narrator', True),
    ('Records show her sessions were the last of the day, after staff had left.', 'narrator', True),
    # near misses and direction
    ("If you're in crisis after hours, call 988 or our on-call line.", "therapist", False),
    ("As planned, this week's exposure session will be at the supermarket.", "therapist", False),
    ("Can we move Thursday to 4 pm?", "client", False),
    ("I met my sister at a restaurant for her birthday.", "client", False),
    ("My dad gave me a ride to the session.", "client", False),
    ("I'll call you back tomorrow to reschedule.", "therapist", False),
    ("Let's skip the office this week. Come over to my place and I'll cook.", "client", False),
    ("I would never meet a client at a bar.", "therapist", False),
    ("If you're in crisis after hours, call 988 or the on-call line.", 'therapist', False),
    ("Are you up late most nights? How's your sleep?", 'therapist', False),
    ('We could move the session to 11 a.m. if that suits you.', 'therapist', False),
    ('I keep the TV on while I fall asleep.', 'client', False),
    ('Can I text you if I need to reschedule?', 'client', False),
    ('I have to be at work at eleven at night on Fridays.', 'client', False),
    ('My sister can drop me at the office.', 'client', False),
    ("Let's finish this worksheet before the end of the hour.", 'therapist', False),
    ("We have ten minutes left, so let's watch the clock today.", 'therapist', False),
    ("As planned, this week's exposure session will be at the coffee shop.", 'therapist', False),
    ('My mom drove me home after school.', 'narrator', False),
    ('My friend texted me late at night about her breakup.', 'narrator', False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_time_place_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
