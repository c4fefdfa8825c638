"""Text normalisation: mojibake repair, invisible characters, NFC, whitespace, and the offset map."""

from __future__ import annotations

import re

import pytest

from boundarywatch.normalize import normalize_text
from boundarywatch.normalize.text import repair_mojibake

CASES = [
    pytest.param("plain text", "plain text", id="identity"),
    pytest.param("  two  spaces\n\nand lines\t", "two spaces and lines", id="whitespace"),
    pytest.param("I was naÃ¯ve", "I was naïve", id="cp1252-mojibake"),
    pytest.param("I was na├»ve", "I was naïve", id="cp437-mojibake"),
    pytest.param("itâ€™s Ã©tÃ©", "it’s été", id="three-byte-and-two-byte"),
    pytest.param("“Ã© ok", "“é ok", id="real-quote-next-to-mojibake"),
    pytest.param("Â©2026", "©2026", id="latin1-lead"),
    pytest.param("cafe\u0301", "café", id="nfc"),
    pytest.param("re\u200bview\u00ad me\u200e", "review me", id="invisible-characters"),
    pytest.param("café—naïve “quotes” 😉", "café—naïve “quotes” 😉", id="legit-unicode-untouched"),
    pytest.param("\u00a0nbsp\u00a0\u2028x", "nbsp x", id="unicode-whitespace"),
    pytest.param(" \n\t ", "", id="blank"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_normalize(source: str, expected: str) -> None:
    norm = normalize_text(source)
    assert norm.text == expected
    assert norm.source_length == len(source)
    for m in re.finditer(r"\S+", norm.text):
        a, b = norm.source_span(m.start(), m.end())
        assert normalize_text(source[a:b]).text == m.group(0)


@pytest.mark.parametrize(
    ("source", "word", "span_text"),
    [("I was naÃ¯ve", "naïve", "naÃ¯ve"), ("ends with Ã¯", "ï", "Ã¯"), ("x  na├»ve  y", "naïve", "na├»ve"),
     ("Tom\u200b\u200b & Jerry", "Tom", "Tom\u200b\u200b"), ("a\u0301b", "á", "a\u0301")],
)
def test_span_covers_whole_source_characters(source: str, word: str, span_text: str) -> None:
    norm = normalize_text(source)
    i = norm.text.index(word)
    a, b = norm.source_span(i, i + len(word))
    assert source[a:b] == span_text


def test_source_span_edges() -> None:
    assert normalize_text("abc").source_span(1, 2) == (1, 2)
    norm = normalize_text("  a  b ")
    assert norm.text == "a b"
    assert norm.source_span(2, 2) == (5, 5)
    assert norm.source_span(0, 99) == (2, 6)
    assert normalize_text("   ").source_span(0, 1) == (0, 0)


def test_repair_mojibake_index() -> None:
    text, index = repair_mojibake("xÃ¯y")
    assert (text, index) == ("xïy", [0, 1, 3])


@pytest.mark.parametrize(
    ("source", "index", "end"),
    [
        # the fast paths: unchanged text (ASCII or not) maps to itself
        ("plain text", None, None),
        ("café “quotes” 😉", None, None),
        # invisible runs at the start (dropped, nothing absorbs them), inside and at the end (absorbed)
        ("\u200b\u200bab\u200bc\u200b\u200b", (2, 3, 5), (3, 5, 8)),
        # a non-ASCII text whose only change is whitespace (no-break space, two spaces)
        ("é\u00a0x  y", (0, 1, 2, 3, 5), (1, 2, 3, 5, 6)),
        # a repaired text with single spaces only: the whitespace step keeps every offset
        ("naÃ¯ve ok", (0, 1, 2, 4, 5, 6, 7, 8), (1, 2, 4, 5, 6, 7, 8, 9)),
    ],
)
def test_offset_maps(source: str, index: tuple[int, ...] | None, end: tuple[int, ...] | None) -> None:
    norm = normalize_text(source)
    assert (norm.source_index, norm.source_end) == (index, end)
