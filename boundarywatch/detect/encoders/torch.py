"""Reference encoder: sentence-transformers on torch, with the MiniLM model from its installed package and our
trained adapter (``boundarywatch/models/adapter.npz``) merged into its weights when there is one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from boundarywatch.detect.encoders.adapter import ADAPTER_PATH, Adapter, adapter_digest
from boundarywatch.detect.encoders.base import minilm_model_dir
from boundarywatch.errors import ModelError

__all__ = ["TorchEncoder"]


class TorchEncoder:
    """all-MiniLM-L6-v2 via sentence-transformers (slow path, the reference for accuracy).

    ``adapter``: a path to an adapter file, ``None`` for the packaged one if it exists, ``False`` for the plain
    MiniLM weights (what the adapter itself is trained from).
    """

    dim = 384

    def __init__(self, batch_size: int = 64, adapter: Path | None | bool = None) -> None:
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError("the torch encoder needs the [train] extra (torch, sentence-transformers)") from exc
        torch.set_num_threads(max(1, torch.get_num_threads()))
        self._model = SentenceTransformer(str(minilm_model_dir()), device="cpu", local_files_only=True)
        self._batch = batch_size
        path = None if adapter is False else (ADAPTER_PATH if adapter in (None, True) else Path(adapter))  # type: ignore[arg-type]
        self.adapter = adapter_digest(path) if path is not None else None
        if self.adapter is not None:
            assert path is not None
            Adapter.load(path).merge_into(self._model[0].auto_model)
        self.name = "minilm-torch" + (f"+adapter-{self.adapter}" if self.adapter else "")

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # noqa: D102
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            list(texts), batch_size=self._batch, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)
