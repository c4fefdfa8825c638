"""PatternRecognizer: YAML loading, terms, roles, errors and the negation/hypothetical veto."""

from __future__ import annotations

import re

import pytest
import yaml

from boundarywatch.detect.recognizer import PatternRecognizer
from boundarywatch.domain import CATEGORIES, Document, Mode, Role, Utterance
from boundarywatch.errors import ConfigError


def _doc(*turns: tuple[str, str]) -> Document:
    utts = tuple(Utterance(i, role, Role(role), text, text) for i, (role, text) in enumerate(turns))
    return Document("t", Mode.DIALOGUE, utts, "text")


SPEC = {
    "category": "gifts",
    "version": 3,
    "terms": {"valuable": "watch|necklace|cash", "who": ["mom", "dad"]},
    "patterns": [
        {"id": "brought", "regex": r"\bbrought {you} (?:a|the) {valuable}\b", "roles": ["client"], "score": 0.6,
         "reason": "client gift"},
        {"id": "accept", "regex": r"\b{ill} wear it every day\b", "roles": ["therapist"], "score": 0.9,
         "reason": "accepts"},
        {"id": "family", "regex": r"\bmy {who}\b", "score": 0.5},
    ],
}


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_builtin_lexicon_loads(category):
    rec = PatternRecognizer(category)
    rec.load()
    assert rec.patterns, category
    assert rec.id == f"{category}.lexicon@{rec.version}"
    assert all(0 < p.score <= 1 and p.reason for p in rec.patterns)
    assert len({p.id for p in rec.patterns}) == len(rec.patterns)


def test_terms_are_substituted_and_common_terms_available():
    rec = PatternRecognizer("gifts", SPEC)
    assert rec.version == "3"
    brought = rec.patterns[0]
    assert "{" not in brought.regex.pattern
    assert brought.regex.search("i brought u the necklace")
    assert brought.regex.search("I BROUGHT YOU A WATCH")  # case-insensitive
    assert rec.patterns[1].regex.search("ill wear it every day")  # {ill} tolerates a missing apostrophe
    assert rec.patterns[1].regex.search("I\u2019ll wear it every day")  # and a curly one
    assert rec.patterns[2].regex.search("my dad")  # a list of alternatives
    assert rec.patterns[2].roles == frozenset({Role.THERAPIST, Role.NARRATOR})  # the default roles


def test_quantifiers_are_not_taken_for_terms():
    rec = PatternRecognizer("gifts", {"patterns": [{"id": "q", "regex": r"a{2,3}b{1}"}]})
    assert rec.patterns[0].regex.pattern == r"a{2,3}b{1}"


def test_signal_carries_rule_cue_span_and_best_score():
    rec = PatternRecognizer("gifts", SPEC)
    doc = _doc(("client", "Um, I brought you a watch."), ("therapist", "Thank you, I'll wear it every day."))
    sigs = rec.analyze(doc)
    assert [(s.turn, s.rule, s.score) for s in sigs] == [(0, "brought", 0.6), (1, "accept", 0.9)]
    s = sigs[0]
    assert doc.utterances[0].text[s.start : s.end] == s.cue == "brought you a watch"
    assert s.recognizer == "gifts.lexicon@3"


def test_roles_restrict_who_counts():
    rec = PatternRecognizer("gifts", SPEC)
    assert rec.analyze(_doc(("therapist", "I brought you a watch."))) == []
    assert rec.analyze(_doc(("client", "I'll wear it every day."))) == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"patterns": [{"id": "bad", "regex": "(unclosed"}]}, "pattern bad"),
        ({"patterns": [{"id": "r", "regex": "x", "roles": ["supervisor"]}]}, "unknown role"),
        ({"patterns": [{"id": "s", "regex": "x", "score": 1.5}]}, "score"),
        ({"patterns": [{"regex": "x"}]}, "needs an id"),
        ({"patterns": [{"id": "d", "regex": "x"}, {"id": "d", "regex": "y"}]}, "duplicate"),
        ({"category": "secrecy", "patterns": []}, "declares category"),
        (["not", "a", "mapping"], "mapping"),
    ],
)
def test_bad_lexicon_raises_config_error(spec, message):
    with pytest.raises(ConfigError, match=message):
        PatternRecognizer("gifts", spec)


def test_unknown_category_raises_config_error():
    with pytest.raises(ConfigError):
        PatternRecognizer("astrology")


def test_yaml_text_round_trip():
    text = yaml.safe_dump(SPEC)
    rec = PatternRecognizer("gifts", yaml.safe_load(text))
    assert [p.id for p in rec.patterns] == ["brought", "accept", "family"]


NEG_SPEC = {"patterns": [{"id": "ask", "regex": r"\bask {you} to (?:get|buy) me\b", "roles": ["therapist"]},
                         {"id": "dont", "regex": r"\b{dont} tell anyone\b", "roles": ["therapist"]}]}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Can I ask you to get me something from the shop?", True),
        ("I would never ask you to get me anything.", False),
        ("I won't ask you to buy me things, that's not how this works.", False),
        ("i wouldnt ask u to get me stuff", False),
        ("I'm not going to ask you to buy me anything.", False),
        ("I'd never do that, but can I ask you to get me a coffee?", True),  # negation in an earlier clause
        ("What if a client asks you to buy me, I mean them, a gift?", False),  # supervision hypothetical
        ("In supervision we discussed: what do you do if a client says 'ask you to get me'?", False),
        ("Don't tell anyone about this.", True),  # negation inside the cue itself
        ("Suppose a therapist says don't tell anyone.", False),
        ("The code says a therapist should not ask you to buy me gifts.", False),
        ("Is it normal for a therapist to ask you to get me, I mean him, coffee?", False),  # advice question
        ("What if I ask you to get me a coffee on your way in?", True),  # a first-person proposal
        ("what if we just said i ask you to buy me lunch instead of the fee", True),
        ("Let's say a client offers, and I ask you to get me the receipt.", False),
        ("Let's say I ask you to get me the tickets and we call it even.", True),
    ],
)
def test_invalidate_result_negation_and_hypotheticals(text, kept):
    rec = PatternRecognizer("solicitation", NEG_SPEC)
    assert bool(rec.analyze(_doc(("therapist", text)))) is kept


def test_invalidate_result_signature_is_a_hook():
    class KeepAll(PatternRecognizer):
        def invalidate_result(self, text: str, match: re.Match[str]) -> bool:
            return False

    rec = KeepAll("solicitation", NEG_SPEC)
    assert rec.analyze(_doc(("therapist", "I would never ask you to get me anything.")))
