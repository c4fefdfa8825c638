"""Turn labelled conversations into classifier inputs and targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from boundarywatch.corpus import LabelledConversation
from boundarywatch.detect.encoders import Encoder
from boundarywatch.detect.learned import KINDS, context_pairs, features
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


def build_dataset(convs: Sequence[LabelledConversation], encoder: Encoder) -> Dataset:
    """Embed every utterance with its context and build targets."""
    rows = []
    for conv in convs:
        doc = conv.document()
        for (u, p), ex in zip(context_pairs(doc), conv.examples, strict=True):
            rows.append((conv.id, u, p, ex.labels))
    texts = list(dict.fromkeys([r[1].text for r in rows] + [r[2].text for r in rows if r[2] is not None]))
    vecs = dict(zip(texts, encoder.encode(texts), strict=True))
    zero = np.zeros(encoder.dim, np.float32)
    e_u = np.stack([vecs[r[1].text] for r in rows])
    e_p = np.stack([vecs[r[2].text] if r[2] is not None else zero for r in rows])
    has_prev = np.array([r[2] is not None for r in rows], np.float32)
    x = features(e_u, e_p, [r[1].role for r in rows], has_prev)
    y_cat = np.zeros((len(rows), len(CATEGORIES)), np.int8)
    y_kind = np.zeros(len(rows), np.int64)
    for i, (_, _, _, labels) in enumerate(rows):
        cats, y_kind[i] = targets(labels)
        y_cat[i, cats] = 1
    ids = [f"{r[0]}#{r[1].index}" for r in rows]
    return Dataset(x, y_cat, y_kind, e_u, ids, [r[3] for r in rows])
