"""The keyword prefilter of the lexicon recognizers changes nothing: same signals as running every regex."""

from __future__ import annotations

import re

import pytest

from boundarywatch.corpus import load_corpus
from boundarywatch.detect.recognizer import PatternRecognizer, fold_text, required_keywords
from boundarywatch.domain import CATEGORIES


@pytest.fixture(scope="module")
def train_docs():  # type: ignore[no-untyped-def]
    return [c.document() for c in load_corpus(splits=("train",))]


@pytest.mark.parametrize("category", CATEGORIES)
def test_prefilter_matches_plain_loop_on_train_split(category: str, train_docs) -> None:  # type: ignore[no-untyped-def]
    rec = PatternRecognizer(category)
    rec.load()
    for doc in train_docs:
        assert rec._analyze(doc, prefilter=True) == rec._analyze(doc, prefilter=False), doc.path


@pytest.mark.parametrize(("source", "must"), [
    (r"\bgift\b", {"gift"}),
    (r"(?:brought|got) (?:you|u) a", {"brought", "got"}),
    (r"a{2,3}b{1}", {"a"}),
    (r"(?:x|\w+)y?", None),  # an alternative with no literal: no keyword set
    (r"\b5 ?⭐", {"5"}),
])
def test_required_keywords(source: str, must: set[str] | None) -> None:
    keys = required_keywords(source)
    assert (set(keys) if keys else None) == must


def test_every_match_contains_a_keyword() -> None:
    texts = ["I brought YOU a GIFT", "ſecret", "K\u212aISS", "D\u0130NNER at mine", "let's keep this between us"]
    for category in CATEGORIES:
        rec = PatternRecognizer(category)
        rec.load()
        for pat in rec.patterns:
            for t in texts:
                if pat.regex.search(t):
                    assert pat.may_match(fold_text(t)), (pat.id, t)


def test_ignorecase_letters_outside_ascii_are_folded() -> None:
    assert re.search("secret", "\u017fecret", re.IGNORECASE)
    assert "secret" in fold_text("\u017fecret")
    assert "kiss" in fold_text("\u212aISS")


def test_packaged_keyword_cache_is_current(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """lexicons/keywords.json must match the lexicons: rebuild it with ``write_keyword_cache()`` after an edit."""
    from importlib import resources

    from boundarywatch.detect.recognizer import write_keyword_cache

    fresh = write_keyword_cache(tmp_path / "keywords.json").read_text(encoding="utf-8")
    packaged = resources.files("boundarywatch.detect.lexicons").joinpath("keywords.json").read_text(encoding="utf-8")
    assert packaged == fresh
