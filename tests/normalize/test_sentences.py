"""Sentence splitting for narrative (report-mode) documents."""

from __future__ import annotations

import pytest

from boundarywatch.normalize.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("I saw Dr. Hale and Mr. Ruiz. Then I left.", ["I saw Dr. Hale and Mr. Ruiz.", "Then I left."]),
        ("Dr. R. Hale asked. I said no. He asked again.", ["Dr. R. Hale asked.", "I said no.", "He asked again."]),
        ("See item No. 5 in the list. Done.", ["See item No. 5 in the list.", "Done."]),
        ("e.g. Tuesdays work. Fine.", ["e.g. Tuesdays work.", "Fine."]),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ("# Heading\n\nFirst paragraph\nwraps here. Second.", ["# Heading", "First paragraph\nwraps here.",
                                                                "Second."]),
        ("lower case after. dot stays together", ["lower case after. dot stays together"]),
        ("   ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == expected
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
