"""An on-disk embedding cache for training and evaluation runs (never used by ``scan``)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from boundarywatch.detect.encoders import Encoder

__all__ = ["CachedEncoder"]


class CachedEncoder:
    """Wrap an encoder; remember vectors by text hash in ``path`` (an .npz file)."""

    def __init__(self, inner: Encoder, path: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.path = path
        self._mem: dict[str, np.ndarray] = {}
        if path.is_file():
            with np.load(path) as z:
                self._mem = dict(zip(z["keys"].tolist(), z["vecs"], strict=True))

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # noqa: D102
        keys = [self._key(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self._mem))
        if missing:
            for t, v in zip(missing, self.inner.encode(missing), strict=True):
                self._mem[self._key(t)] = v
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp.npz")
            np.savez(tmp, keys=np.array(list(self._mem)), vecs=np.stack(list(self._mem.values())))
            tmp.replace(self.path)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self._mem[k] for k in keys]).astype(np.float32)
