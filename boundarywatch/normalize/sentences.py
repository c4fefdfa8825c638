"""Split narrative prose into sentences with their character offsets."""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_ABBREV = {"dr", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e", "jr", "sr", "prof", "no", "approx", "lt", "sgt"}
_NUMBER_ABBREV = {"no"}  # "No. 5" but "she said no. Then"
_BOUNDARY = re.compile(r"([.!?…]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text`` (whitespace trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(1) if m.group(1) else m.start()
        before = text[start:end].rstrip(".!?…\"'”’)] ").split()
        word = before[-1].casefold().rstrip(".") if before else ""
        number_follows = text[m.end() : m.end() + 1].isdigit()
        if m.group(1) == "." and word in _ABBREV and (word not in _NUMBER_ABBREV or number_follows):
            continue
        if m.group(1) and before and len(before[-1]) == 1 and before[-1].isupper():  # initials "J. Smith"
            continue
        _push(text, start, end, spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    seg = text[start:end]
    if not seg.strip():
        return
    lead = len(seg) - len(seg.lstrip())
    trail = len(seg) - len(seg.rstrip())
    spans.append((start + lead, end - trail))
