"""The encoder adapter: low-rank weight updates for MiniLM trained on our corpus (``boundarywatch train``).

The file ``boundarywatch/models/adapter.npz`` holds, for each adapted linear layer ``name``, two small matrices
``name.A`` (rank x in) and ``name.B`` (out x rank), plus ``scale`` and a JSON ``manifest``. The adapted weight is
``W + scale * B @ A``. Only these matrices are ours and committed; the MiniLM weights come from the installed
package. The torch reference merges them at load time and ``scripts/build_onnx.py`` merges them before export, so
both encoders compute the same function. :func:`adapter_digest` names the adapter a graph was built with, so a
graph built for another adapter is never used with heads trained for this one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from boundarywatch.errors import ModelError

__all__ = ["ADAPTER_PATH", "Adapter", "adapter_digest"]

ADAPTER_PATH = Path(os.environ.get("BOUNDARYWATCH_MODELS_DIR", Path(__file__).resolve().parents[2] / "models")) \
    / "adapter.npz"


def adapter_digest(path: Path | None = None) -> str | None:
    """Short SHA-256 of the adapter file, or None when there is no adapter (plain MiniLM)."""
    p = path or ADAPTER_PATH
    if not p.is_file():
        return None
    return hashlib.sha256(p.read_bytes()).hexdigest()[:16]


@dataclass
class Adapter:
    """Low-rank updates keyed by the dotted name of the linear layer inside a Hugging Face BERT model."""

    weights: dict[str, tuple[np.ndarray, np.ndarray]]  # name -> (A, B)
    scale: float
    manifest: dict[str, Any]

    @classmethod
    def load(cls, path: Path | None = None) -> Adapter:
        """Read an adapter file written by :meth:`save`."""
        p = path or ADAPTER_PATH
        try:
            with np.load(p, allow_pickle=False) as z:
                names = sorted({k[: -len(".A")] for k in z.files if k.endswith(".A")})
                weights = {n: (z[f"{n}.A"].astype(np.float32), z[f"{n}.B"].astype(np.float32)) for n in names}
                return cls(weights, float(z["scale"]), json.loads(str(z["manifest"])))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{p}: unreadable encoder adapter ({type(exc).__name__}); run `boundarywatch train`") \
                from None

    def save(self, path: Path | None = None) -> Path:
        """Write atomically (compressed float32 arrays)."""
        p = path or ADAPTER_PATH
        arrays: dict[str, np.ndarray] = {}
        for n, (a, b) in self.weights.items():
            arrays[f"{n}.A"], arrays[f"{n}.B"] = a.astype(np.float32), b.astype(np.float32)
        arrays["scale"] = np.array(self.scale, np.float32)
        arrays["manifest"] = np.array(json.dumps(self.manifest, sort_keys=True))
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        tmp.replace(p)
        return p

    def merge_into(self, bert: Any) -> None:
        """Add ``scale * B @ A`` to each adapted weight of a torch BERT model, in place."""
        import torch

        with torch.no_grad():
            for name, (a, b) in self.weights.items():
                try:
                    lin = bert.get_submodule(name)
                except AttributeError:
                    raise ModelError(f"encoder adapter names a layer the model lacks: {name}") from None
                delta = torch.from_numpy(b) @ torch.from_numpy(a)
                if tuple(delta.shape) != tuple(lin.weight.shape):
                    raise ModelError(f"encoder adapter shape {tuple(delta.shape)} does not fit {name}")
                lin.weight += self.scale * delta.to(lin.weight.dtype)
