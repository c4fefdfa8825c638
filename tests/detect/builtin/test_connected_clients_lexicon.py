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
    ("Yep, she's coming in Monday. I'll keep you posted on how she's doing.", 'therapist', True),
    ("We'll see. I'll give you the headlines, maybe.", 'therapist', True),
    ("I probably shouldn't say, but she finds you a little overbearing.", 'therapist', True),
    ("you didn't hear it from me", 'therapist', True),
    ('He started seeing me a couple weeks ago. Individually.', 'therapist', True),
    ("oh, I'd love to see her. I'll squeeze her in next week", 'therapist', True),
    ("Does she ever talk about me? She's been so cold lately.", 'client', True),
    ('Then could you at least see me on my own?', 'client', True),
    ("My brother won't see a stranger. Only you. You can see him?", 'client', True),
    ('I asked her last week if she could also see my teenage son.', 'narrator', True),
    ('Today I found out my ex started seeing the same therapist two months ago.', 'narrator', True),
    ('She encouraged each to resolve it based on what she knew from the other side.', 'narrator', True),
    ("A client asked if T. would be willing to see the client's husband individually.", 'narrator', True),
    # near misses and direction
    ("I'm seeing you both as a couple. Here are my ground rules on secrets.", "therapist", False),
    ("Because I already work with your close friend, I'll refer you to a colleague.", "therapist", False),
    ("My sister is seeing a therapist across town.", "client", False),
    ("My husband said something hurtful last night.", "client", False),
    ("I've been seeing my boyfriend for two years.", "client", False),
    ("Your sister started seeing me too.", "client", False),
    ("I told my best friend about our session and she was supportive.", "client", False),
    ("I'll let you know if the time slot opens up.", "therapist", False),
    ("I'll keep you posted on the new schedule.", 'therapist', False),
    ("I'll pass that along to the billing office.", 'therapist', False),
    ("I shouldn't say this is easy, but you're doing the work.", 'therapist', False),
    ('She started seeing a new psychiatrist last month, you said?', 'therapist', False),
    ("Bring him in next week and we'll do a joint session together.", 'therapist', False),
    ("I'd love to see her reaction when you tell her.", 'therapist', False),
    ('Does she ever talk about her own childhood?', 'client', False),
    ('Could you see me on Thursday instead of Friday?', 'client', False),
    ("My mom asked if I'd see her this weekend.", 'client', False),
    ('I also see my teenage son every other weekend.', 'narrator', False),
    ('We have the same therapist training program in common.', 'narrator', False),
    ('From the other side of the room she waved.', 'narrator', False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_connected_clients_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
