"""Table tests for the physical_contact lexicon (synthetic sentences)."""

import pytest

CATEGORY = "physical_contact"
CASES = [
    ("Come here, let me hold you until the shaking stops.", "therapist", True),
    ("Your neck is so stiff, let me give you a quick massage.", "therapist", True),
    ("You can put your head in my lap if it helps.", "therapist", True),
    ("Can I hold your hand for the rest of the session?", "client", True),
    ("can u give me a back rub like last time", "client", True),
    ("He would stroke my hair while I talked about my father.", "narrator", True),
    ("She kissed me on the forehead at the end of every session.", "narrator", True),
    ("Come sit next to me on the couch.", "therapist", True),
    ("I'm going to cuddle with you for a minute, ok?", "therapist", True),
    ("She cuddled me on the couch for most of the hour.", "narrator", True),
    # near misses and direction
    ("Here's a tissue. Take your time.", "therapist", False),
    ("I'm going to stick with a handshake, but I can see this goodbye matters.", "therapist", False),
    ("My massage therapist says my shoulders are always tight.", "client", False),
    ("I hold my daughter's hand when we cross the road.", "client", False),
    ("Let me hold you accountable to the plan we made.", "therapist", False),
    ("I would never massage your shoulders, that's not what we do here.", "therapist", False),
    ("Your shoulders look tense. Let's try a breathing exercise.", "therapist", False),
    ("I cuddled my dog all weekend.", "client", False),
    ("Come sit next to me on the couch.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_physical_contact_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
