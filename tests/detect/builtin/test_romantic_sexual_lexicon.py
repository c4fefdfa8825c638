"""Table tests for the romantic_sexual lexicon (synthetic sentences)."""

import pytest

CATEGORY = "romantic_sexual"
CASES = [
    # (text, role, expected_match)
    ("When we finish therapy in the spring, I'd love to take you out to dinner, just us.", "therapist", True),
    ("honestly i cant stop thinking about u since tuesday", "therapist", True),
    ("I think I'm, um, falling for you.", "client", True),
    ("I've developed feelings for you and I think you feel it too.", "therapist", True),
    ("Maybe we should stop therapy so that we can see where this goes.", "therapist", True),
    ("You looked so beautiful in that green dress today.", "therapist", True),
    ("Would you go on a date with me if you weren't my therapist?", "client", True),
    ("He told me he was in love with me during our third session.", "narrator", True),
    ("She kept asking me to send nude pics after our appointments.", "narrator", True),
    ("My therapist and I had a sexual relationship for six months.", "narrator", True),
    ("i wanna kiss u so bad", "therapist", True),
    ("My therapist, Mr. Owen Brooks, kissed me at the end of a session.", "narrator", True),
    ("The respondent admitted to kissing the complainant after two sessions.", "narrator", True),
    ("You look very beautiful in this dress, I must say.", "therapist", True),
    ("You're a very attractive woman, you know that.", "therapist", True),
    ("In May he started commenting on my clothes and my legs.", "narrator", True),
    ("Several texts from the respondent were sexual in content.", "narrator", True),
    ("I'll be honest. I've had fantasies about you.", "therapist", True),
    ("Last week he wrote that he dreamed about me.", "narrator", True),
    ("I told my counselor I had a crush on her.", "narrator", True),
    ("Do you find me attractive? Be honest.", "client", True),
    ("He said that once you're no longer my patient we could go out on a date.", "narrator", True),
    ("Once I'm done with therapy, could we see each other?", "client", True),
    # near misses and direction
    ("My brother kissed me on the cheek at the airport.", "narrator", False),
    ("My boss kept making comments about my body at work.", "narrator", False),
    ("You look tired today, how did you sleep?", "therapist", False),
    ("You're a very capable woman, and you handled that well.", "therapist", False),
    ("She commented on my progress with the thought records.", "narrator", False),
    ("The messages were about rescheduling and were administrative in nature.", "narrator", False),
    ("You had a dream about your father again? Tell me about it.", "therapist", False),
    ("I dreamed about my mom last night.", "client", False),
    ("My daughter has a crush on a boy in her class.", "client", False),
    ("Do you find me difficult to work with?", "client", False),
    ("Once we're done here today, please book the next session at the desk.", "therapist", False),
    ("You could finally be together with your family at the holidays.", "therapist", False),
    ("I went on a date with a guy from the app and it was awful.", "client", False),
    ("Let's talk about how the new medication is affecting your sex drive.", "therapist", False),
    ("Feelings like this come up in therapy, and our relationship will stay professional.", "therapist", False),
    ("My girlfriend says I look handsome in this suit.", "client", False),
    ("You looked so beautiful in that green dress today.", "client", False),
    ("I would never ask you out, that would be wrong.", "client", False),
    ("What if a client says they're falling for you?", "therapist", False),
    ("Do you think I should ask her out on a second date?", "client", False),
    ("My wife wants us to go to couples counselling.", "client", False),
]


@pytest.mark.parametrize(("text", "role", "expected"), CASES)
def test_romantic_sexual_lexicon(lexicon_match, text, role, expected):
    assert lexicon_match(CATEGORY, text, role) is expected
