"""Stance cues: does a therapist's reply accept a proposal, decline it, or explore it clinically?

Cue lists are small and explicit so that the rationale can quote which cue decided. The learned kind head is the
main signal; these cues settle short replies ("Sure!", "count me in") and mark declines in any reply.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["Stance", "clinical_rationale", "illegal_goods", "stance_of"]


class Stance(StrEnum):
    """What a reply does with the proposal before it."""

    ACCEPT = "accept"
    DECLINE = "decline"
    EXPLORE = "explore"
    NEUTRAL = "neutral"


_DECLINE = re.compile(
    r"\b(i\s*(?:(?:really|just|honestly|truly|simply) )?(?:ca(?:n'?|nno)t|can ?not|won'?t|"
    r"don'?t think (?:that|i)|need to (?:say no|decline|pass)|have to "
    r"(?:say no|decline|pass)|'?m (?:not able|going to (?:say no|pass|decline))|wo ?n'?t be able|must decline|"
    r"(?:don'?t|do not|never) (?:accept|connect|socialize|socialise|friend|follow|date|go into|do business|"
    r"exchange|meet (?:clients|outside))|keep (?:things|this|it|our (?:work|relationship)) (?:professional|"
    r"separate|here))|not (?:appropriate|something i (?:can|do))|(?:wouldn'?t|would not) be appropriate|"
    r"against (?:my|our|the) (?:policy|ethics|code)|(?:our|my|clinic|office) policy|no,? thank you|"
    r"(?:have|need) to (?:decline|say no)|refer you to|a colleague (?:who|that) could|"
    r"boundar(?:y|ies) (?:is|are|in place|that)|i'?ll (?:stick|stay) with|professional boundar|"
    r"i'?m not (?:going to|gonna) (?:come|go|join|accept|take|say yes|do that)|i'?ll (?:have to )?pass\b|"
    r"i don'?t need you to|i'?d (?:rather|prefer to) (?:stay|keep|remain)|i'?d prefer (?:not|my name not))",
    re.IGNORECASE,
)
_EXPLORE = re.compile(
    r"\b(what (?:does|would|might) (?:it|that|this) mean|(?:let'?s|can we|could we|i'?d like to) "
    r"(?:talk|explore|look at|understand|think about|sit with)|what (?:comes up|do you notice|was it like)|"
    r"i(?:'m| am) curious (?:about|what)|tell me more about (?:what|why|that wish)|where do you think|"
    r"i(?:'m| am) wondering (?:what|how|whether|if|about)|let'?s slow (?:down|this down|it down))",
    re.IGNORECASE,
)
_FILLER = r"(?:(?:oh|omg|lol|haha+|ha+|aw+|well|hey|honestly|hm+|um+|uh+|god)\W+)*"
_ACCEPT = re.compile(
    r"^(?:\W*)" + _FILLER + r"(?:sure|of course|absolutely|definitely|yes|yeah|yep|yup|ok(?:ay)?|deal|count me "
    r"in|sounds (?:good|great|fun|perfect|lovely)|i'?d love (?:to|that)|why not|that works|perfect|great|love "
    r"(?:it|that)|happy to|done|gladly|you bet|thank you so much|aw+|oh wow|alright|fine|go on then)\b",
    re.IGNORECASE,
)
# acceptance anywhere in a reply: phrases that only agree ("I'm in", "you're on"), a refusal negated ("I won't
# say no"), and a yes after hesitation ("I shouldn't... but ok, just this once")
_ACCEPT_ANYWHERE = re.compile(
    r"\b(?:(?:i'?m|i am|count me) in(?=\s*(?:[.!,;:?)]|$|too\b|lol\b|haha))|you'?re on\b|"
    r"sign me up|twist my arm|just this (?:once|one time)|"
    r"i (?:won'?t|can'?t|couldn'?t|wouldn'?t|will not|cannot) (?:say no|refuse|turn (?:that|this|it) down|say never)|"
    r"(?:let'?s|we (?:could|can|should)) do (?:it|that|this)\b|yes,? please|go for it|"
    r"that (?:would|'?d) (?:actually |really |honestly |be )?(?:be )?(?:lovely|amazing|great|wonderful|so nice|"
    r"fun|perfect|a (?:huge |big )?help|so helpful)|i'?d (?:really )?(?:like|love) that)",
    re.IGNORECASE,
)
# a refusal taken back in the same reply: "I can't take your money... although honestly it would help. ok"
_REVERSAL = re.compile(
    r"\b(?:but|although|though|then again|oh well|ah well)\b[^.?!]{0,40}?\b(?:ok(?:ay)?|alright|fine|sure|"
    r"why not|just this once|i guess|you win)\b|\.\s*(?:ok(?:ay)?|alright|fine)\b[,.! ]",
    re.IGNORECASE,
)
_ILLEGAL = re.compile(
    r"\b(xanax|adderall|oxy\w*|percocet|vicodin|ketamine|coke|cocaine|weed|pot|molly|mdma|opioids?|pills?|"
    r"without (?:a|the) (?:script|prescription)|prescription pad|fake (?:id|doctor'?s note|documents?|receipt)|"
    r"stolen|under the table|off the books|insider)\b",
    re.IGNORECASE,
)
_RATIONALE = re.compile(
    r"\b(as (?:we|i) (?:planned|discussed|agreed)|treatment plan|exposure (?:exercise|session|work)|in vivo|"
    r"documented|consult(?:ed|ation) with|clinically|informed consent|with your (?:signed )?release)\b",
    re.IGNORECASE,
)


def stance_of(text: str) -> tuple[Stance, str | None]:
    """The stance a reply takes, and the cue that decided it.

    A refusal decides, unless the same reply takes it back ("I can't take your money... ok, if you insist") or
    negates it ("I won't say no to that"); then it is an acceptance.
    """
    m = _DECLINE.search(text)
    if m:
        anywhere = _ACCEPT_ANYWHERE.search(text)
        if anywhere and anywhere.start() <= m.start() < anywhere.end():  # "I won't say no" is not a refusal
            return Stance.ACCEPT, anywhere.group(0)
        back = _REVERSAL.search(text, m.end())
        if back:  # "... but okay" takes the refusal back, unless what follows explores it
            explore = _EXPLORE.search(text, back.end())
            return (Stance.EXPLORE, explore.group(0)) if explore else (Stance.ACCEPT, back.group(0).strip(" .,!"))
        return Stance.DECLINE, m.group(0)
    m = _EXPLORE.search(text)
    if m:
        return Stance.EXPLORE, m.group(0)
    m = _ACCEPT.search(text) or _ACCEPT_ANYWHERE.search(text)
    if m:
        return Stance.ACCEPT, m.group(0).strip()
    return Stance.NEUTRAL, None


def illegal_goods(text: str) -> str | None:
    """A cue for illegal or diverted goods, if any (raises solicitation to critical)."""
    m = _ILLEGAL.search(text)
    return m.group(0) if m else None


def clinical_rationale(text: str) -> str | None:
    """A cue for an explicit clinical rationale or documentation (lowers severity where allowed)."""
    m = _RATIONALE.search(text)
    return m.group(0) if m else None
