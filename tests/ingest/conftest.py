"""Shared helpers for the ingest tests: write synthetic inputs and check that offsets map back."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from boundarywatch.domain import Document  # noqa: E402
from boundarywatch.ingest.subtitles import _blank_markup  # noqa: E402
from boundarywatch.normalize import normalize_text  # noqa: E402

EXAMPLES = _ROOT / "examples"


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write ``content`` (text as UTF-8, or raw bytes) to ``tmp_path / name`` and return the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return _write


@pytest.fixture
def offsets_map_back() -> Callable[[Document, str], None]:
    """The :func:`assert_offsets_map_back` check, as a fixture."""
    return assert_offsets_map_back


def assert_offsets_map_back(doc: Document, decoded: str) -> None:
    """Every word of every utterance maps back through source_span + source_start to its source text."""
    for u in doc.utterances:
        norm = normalize_text(u.source)
        assert norm.text == u.text
        for m in re.finditer(r"\S+", u.text):
            a, b = norm.source_span(m.start(), m.end())
            piece = u.source[a:b]
            original = decoded[u.source_start + a : u.source_start + b]
            assert original == piece or _blank_markup(original) == piece  # caption markup is blanked
            assert normalize_text(piece).text == m.group(0)
