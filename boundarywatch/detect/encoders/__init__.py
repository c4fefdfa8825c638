"""Sentence encoders behind one small interface.

``TorchEncoder`` is the reference (sentence-transformers on torch). Faster torch-free encoders implement the same
:class:`Encoder` protocol. :func:`load_encoder` picks one by name; imports are lazy so the core never pulls in
torch or onnxruntime unless asked to.
"""

from __future__ import annotations

from boundarywatch.detect.encoders.base import Encoder, load_encoder, minilm_model_dir

__all__ = ["Encoder", "load_encoder", "minilm_model_dir"]
