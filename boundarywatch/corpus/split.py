"""The train/dev/test split, fixed by conversation before any training.

A conversation's split depends only on a hash of its id, so adding conversations never moves existing ones and
all utterances of a conversation stay together. The test split is read only by ``boundarywatch eval --split test``.
"""

from __future__ import annotations

import hashlib

__all__ = ["SPLITS", "split_of"]

SPLITS = ("train", "dev", "test")


def split_of(conversation_id: str) -> str:
    """``train`` (60%), ``dev`` (20%) or ``test`` (20%) for a conversation id."""
    bucket = int(hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"
