"""Stance cues on therapist replies: accept, decline, explore, neutral."""

import pytest

from boundarywatch.detect.stance import Stance, clinical_rationale, illegal_goods, stance_of


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Sure!", Stance.ACCEPT),
        ("count me in", Stance.ACCEPT),
        ("ok deal 😊", Stance.ACCEPT),
        ("Absolutely, I'll write it.", Stance.ACCEPT),
        ("Oh wow, thank you so much", Stance.ACCEPT),
        ("I can't accept something this valuable.", Stance.DECLINE),
        ("I don't connect with clients on social media.", Stance.DECLINE),
        ("I keep our relationship professional, it's office policy.", Stance.DECLINE),
        ("That wouldn't be appropriate, but I'm glad you asked.", Stance.DECLINE),
        ("I'll stick with a handshake.", Stance.DECLINE),
        ("What would it mean to you if we were friends?", Stance.EXPLORE),
        ("Let's talk about what that wish is like.", Stance.EXPLORE),
        ("How was the rest of your week?", Stance.NEUTRAL),
        ("Hmm.", Stance.NEUTRAL),
        ("Surely you see the pattern here.", Stance.NEUTRAL),
        # acceptance after a filler, and agreement phrases anywhere in the reply
        ("omg yes 🤤 i never have time to cook", Stance.ACCEPT),
        ("Ha! Okay, I'm in. What are we talking, twenty-five?", Stance.ACCEPT),
        ("lol ok you're on. add me", Stance.ACCEPT),
        ("Oh, that would actually be lovely, I'm only ten minutes from here.", Stance.ACCEPT),
        ("Oh, that would be amazing. Yes, please tag me.", Stance.ACCEPT),
        ("im in lol", Stance.ACCEPT),
        # a refusal negated or taken back in the same reply is an acceptance
        ("haha you caught me. i won't say no to that", Stance.ACCEPT),
        ("Let's see where we both are by then. I won't say never.", Stance.ACCEPT),
        ("I really can't take your money... although honestly it would help. ok, if you're sure", Stance.ACCEPT),
        # ... but not when the reply goes on to explore it, and "I'm in" about a place is no acceptance
        ("I can't. But okay, let's talk about what it means.", Stance.EXPLORE),
        ("I'm in the office until six.", Stance.NEUTRAL),
        ("I'm in a session then, can we do four?", Stance.NEUTRAL),
        # refusals and explorations phrased without "can't"
        ("I really can't accept this.", Stance.DECLINE),
        ("I'm not going to come to Sunday dinner, though.", Stance.DECLINE),
        ("You're generous, and in here I don't need you to give me anything.", Stance.DECLINE),
        ("I'd prefer my name not be in the paper.", Stance.DECLINE),
        ("I'd rather stay the person you can tell anything to.", Stance.DECLINE),
        ("I'm wondering what it would mean to have a secret with me.", Stance.EXPLORE),
        ("Let's slow down for a second.", Stance.EXPLORE),
        ("I can't come to the wedding, but I'd love to hear how it goes.", Stance.DECLINE),
    ],
)
def test_stance(text: str, stance: Stance) -> None:
    assert stance_of(text)[0] is stance


@pytest.mark.parametrize(
    ("text", "illegal"),
    [("Could you get me some Xanax without a script?", True), ("grab me some pot", True),
     ("Could you pick up a latte?", False), ("Take your medication as prescribed.", False)],
)
def test_illegal_goods(text: str, illegal: bool) -> None:
    assert bool(illegal_goods(text)) is illegal


@pytest.mark.parametrize(
    ("text", "rationale"),
    [("As we planned, the exposure session is at the supermarket.", True),
     ("I documented this and consulted with my supervisor.", True), ("Come over to my place.", False)],
)
def test_clinical_rationale(text: str, rationale: bool) -> None:
    assert bool(clinical_rationale(text)) is rationale
