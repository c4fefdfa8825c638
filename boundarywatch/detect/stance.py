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
    r"\b(i\s*(?:ca(?:n'?|nno)t|can ?not|won'?t|don'?t think (?:that|i)|need to (?:say no|decline|pass)|have to "
    r"(?:say no|decline|pass)|'?m (?:not able|going to (?:say no|pass|decline))|wo ?n'?t be able|must decline|"
    r"(?:don'?t|do not|never) (?:accept|connect|socialize|socialise|friend|follow|date|go into|do business|"
    r"exchange|meet (?:clients|outside))|keep (?:things|this|it|our (?:work|relationship)) (?:professional|"
    r"separate|here))|not (?:appropriate|something i (?:can|do))|(?:wouldn'?t|would not) be appropriate|"
    r"against (?:my|our|the) (?:policy|ethics|code)|(?:our|my|clinic|office) policy|no,? thank you|"
    r"(?:have|need) to (?:decline|say no)|refer you to|a colleague (?:who|that) could|"
    r"boundar(?:y|ies) (?:is|are|in place|that)|i'?ll (?:stick|stay) with|professional boundar)",
    re.IGNORECASE,
)
_EXPLORE = re.compile(
    r"\b(what (?:does|would|might) (?:it|that|this) mean|(?:let'?s|can we|could we|i'?d like to) "
    r"(?:talk|explore|look at|understand|think about|sit with)|what (?:comes up|do you notice|was it like)|"
    r"i(?:'m| am) curious (?:about|what)|tell me more about (?:what|why|that wish)|where do you think)",
    re.IGNORECASE,
)
_ACCEPT = re.compile(
    r"^(?:\W*)(?:sure|of course|absolutely|definitely|yes|yeah|yep|yup|ok(?:ay)?|deal|count me in|sounds "
    r"(?:good|great|fun|perfect|lovely)|i'?d love (?:to|that)|why not|that works|perfect|great|love (?:it|that)|"
    r"happy to|done|gladly|you bet|thank you so much|aw+|oh wow|i'?m in)\b",
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
    """The stance a reply takes, and the cue that decided it."""
    m = _DECLINE.search(text)
    if m:
        return Stance.DECLINE, m.group(0)
    m = _EXPLORE.search(text)
    if m:
        return Stance.EXPLORE, m.group(0)
    m = _ACCEPT.search(text)
    if m:
        return Stance.ACCEPT, m.group(0)
    return Stance.NEUTRAL, None


def illegal_goods(text: str) -> str | None:
    """A cue for illegal or diverted goods, if any (raises solicitation to critical)."""
    m = _ILLEGAL.search(text)
    return m.group(0) if m else None


def clinical_rationale(text: str) -> str | None:
    """A cue for an explicit clinical rationale or documentation (lowers severity where allowed)."""
    m = _RATIONALE.search(text)
    return m.group(0) if m else None
