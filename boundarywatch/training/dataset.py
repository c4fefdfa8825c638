"""Turn labelled conversations into classifier inputs and targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from boundarywatch.corpus import LabelledConversation
from boundarywatch.detect.encoders import Encoder
from boundarywatch.detect.learned import KINDS, context_features, contexts
from boundarywatch.domain import CATEGORIES

__all__ = ["Dataset", "build_dataset", "targets"]


@dataclass
class Dataset:
    """Inputs, targets and ids for every utterance of a set of conversations."""

    x: np.ndarray
    y_cat: np.ndarray  # (n, 13) 0/1
    y_kind: np.ndarray  # (n,) index into KINDS
    e_turn: np.ndarray
    ids: list[str]
    labels: list[tuple[tuple[str, str], ...]]


def targets(labels: Sequence[tuple[str, str]]) -> tuple[list[int], int]:
    """Category indices and the one kind index of an utterance's labels (a crossing outranks held, held
    outranks invitation; no labels: kind ``none``)."""
    kinds = {k for _, k in labels}
    kind = KINDS.index(next(k for k in ("crossing", "held", "invitation") if k in kinds)) if kinds else 0
    return [CATEGORIES.index(c) for c, _ in labels], kind


def build_dataset(convs: Sequence[LabelledConversation], encoder: Encoder, *, wide: bool = True) -> Dataset:
    """Embed every utterance with its context and build targets (``wide``: see :func:`context_features`)."""
    rows = []
    for conv in convs:
        for ctx, ex in zip(contexts(conv.document()), conv.examples, strict=True):
            rows.append((conv.id, ctx, ex.labels))
    texts = list(dict.fromkeys([r[1].turn.text for r in rows] + [t for r in rows for t in r[1].texts()[1:]]))
    vecs = dict(zip(texts, encoder.encode(texts), strict=True))
    x = context_features([r[1] for r in rows], vecs, wide=wide, dim=encoder.dim)
    e_u = x[:, : encoder.dim].copy()
    y_cat = np.zeros((len(rows), len(CATEGORIES)), np.int8)
    y_kind = np.zeros(len(rows), np.int64)
    for i, (_, _, labels) in enumerate(rows):
        cats, y_kind[i] = targets(labels)
        y_cat[i, cats] = 1
    ids = [f"{r[0]}#{r[1].turn.index}" for r in rows]
    return Dataset(x, y_cat, y_kind, e_u, ids, [r[2] for r in rows])
