"""boundarywatch: screen therapy transcripts and messages for dual relationships and boundary violations.

The public API is deliberately small; see ``__all__``. Heavy parts (encoders, web, Spark) load lazily.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from boundarywatch._version import __version__
from boundarywatch.config import Config, load_config
from boundarywatch.domain import Document, Explanation, Finding, Kind, Role, Severity, Utterance

if TYPE_CHECKING:
    from boundarywatch.conflicts import ConflictChecker
    from boundarywatch.detect import PatternRecognizer, Recognizer, RecognizerRegistry, Screener

__all__ = [
    "Config",
    "ConflictChecker",
    "Document",
    "Explanation",
    "Finding",
    "Kind",
    "PatternRecognizer",
    "Recognizer",
    "RecognizerRegistry",
    "Role",
    "Screener",
    "Severity",
    "Utterance",
    "__version__",
    "load_config",
]

logging.getLogger("boundarywatch").addHandler(logging.NullHandler())

_LAZY = {
    "Screener": "boundarywatch.detect",
    "Recognizer": "boundarywatch.detect",
    "PatternRecognizer": "boundarywatch.detect",
    "RecognizerRegistry": "boundarywatch.detect",
    "ConflictChecker": "boundarywatch.conflicts",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'boundarywatch' has no attribute {name!r}")
