"""Reference encoder: sentence-transformers on torch, with the MiniLM model from its installed package."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from boundarywatch.detect.encoders.base import minilm_model_dir
from boundarywatch.errors import ModelError

__all__ = ["TorchEncoder"]


class TorchEncoder:
    """all-MiniLM-L6-v2 via sentence-transformers (slow path, the reference for accuracy)."""

    name = "minilm-torch"
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError("the torch encoder needs the [train] extra (torch, sentence-transformers)") from exc
        torch.set_num_threads(max(1, torch.get_num_threads()))
        self._model = SentenceTransformer(str(minilm_model_dir()), device="cpu", local_files_only=True)
        self._batch = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # noqa: D102
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            list(texts), batch_size=self._batch, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)
