"""Table tests for the solicitation lexicon (synthetic sentences)."""

import pytest

CATEGORY = "solicitation"
CASES = [
    ("You work at the pharmacy. Could you get me some extra Xanax without a script?", "therapist", True),
    ("could u, like, grab me a few edibles from the dispensary", "therapist", True),
    ("Would you mind grabbing me a latte next week?", "therapist", True),  # -ing forms of the fetch verbs
    ("would u mind getting me a sandwich on ur way in", "therapist", True),
    ("Since you're a plumber, could you swing by and look at my sink this weekend?", "therapist", True),
    ("Would you mind running a couple of errands for me on Saturday?", "therapist", True),
    ("Can you do me a small favour and walk my dog while I'm away?", "therapist", True),
    ("Any chance you could look over my lease before I sign it?", "therapist", True),
    ("My therapist asked me to pick up pot for him because I knew people.", "narrator", True),
    ("He had me do his taxes during our sessions.", "narrator", True),
    ("I can fix your roof for free if you want.", "client", True),
    ("Could you get me tickets to the game through your work?", "therapist", True),
    ('Congratulations! Could you give me a discount? Maybe fifty percent?', 'therapist', True),
    ('Do you get an employee discount? Could you use it for me?', 'therapist', True),
    ('Would you mind giving me a ride to the airport on Sunday?', 'therapist', True),
    ('Wait, my daughter loves her. Could you get us two?', 'therapist', True),
    ('I wanted to ask a small favour of you.', 'therapist', True),
    ("Oh, c'mon, nobody'll miss a few vials.", 'therapist', True),
    ('I could fix it this weekend, no bill.', 'client', True),
    ('I can watch ur kids on weekends too', 'client', True),
    ('if u need anything from trader joes lmk, im right by ur office', 'client', True),
    ('i work at the dispensary now, i can hook u up', 'client', True),
    ('My therapist asked if I could walk her dog while she took a phone call.', 'narrator', True),
    ('He asked the complainant to review his mortgage documents.', 'narrator', True),
    ('R. said she asked him for a quote on her kitchen renovation during the session.', 'narrator', True),
    # near misses and direction
    ("Could you fill out the symptom questionnaire before next session?", "therapist", False),
    ("Could you bring me your sleep log next week?", "therapist", False),
    ("I need to fix my car before winter.", "client", False),
    ("Could you get me some extra Xanax without a script?", "client", False),
    ("Would you mind grabbing me a latte next week?", "client", False),  # the same words from a client
    ("I would never ask you to get me anything from your store.", "therapist", False),
    ("What if a client offers to fix your roof?", "therapist", False),
    ("My boss asked me to run errands for him and it felt weird.", "client", False),
    ("Can you get me a copy of the release form from the front desk?", "client", False),
    ('Could you give me a sense of how often this happens?', 'therapist', False),
    ('Your employee discount sounds like a nice perk of the new job.', 'therapist', False),
    ('Could you drive to the session or do you need the bus times?', 'therapist', False),
    ('Could you get us the signed release before Friday?', 'therapist', False),
    ('Doing yourself a small favour like a walk can help.', 'therapist', False),
    ('My landlord said he could fix the heater for free.', 'client', False),
    ("I can watch my sister's kids this weekend.", 'client', False),
    ('If you need anything else from me for the insurance form, let me know.', 'client', False),
    ('My neighbour can hook me up with a cheap mechanic.', 'client', False),
    ('My therapist asked me to do a breathing exercise before bed.', 'narrator', False),
    ('She asked me to review my thought records before each session.', 'narrator', False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_solicitation_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
