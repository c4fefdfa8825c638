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
