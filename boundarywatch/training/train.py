"""``boundarywatch train``: rebuild the learned recognizer from the corpus, seeded and reproducible."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from boundarywatch.corpus import load_corpus
from boundarywatch.corpus.load import DEFAULT_CORPUS
from boundarywatch.detect.encoders import Encoder
from boundarywatch.detect.learned import LearnedModel, model_path
from boundarywatch.domain import CATEGORIES
from boundarywatch.training.dataset import build_dataset

__all__ = ["MODEL_VERSION", "corpus_digest", "train_model"]

log = logging.getLogger("boundarywatch")
MODEL_VERSION = "1"


def corpus_digest(directory: Path) -> str:
    """SHA-256 over the corpus files, recorded in the model manifest."""
    h = hashlib.sha256()
    for f in sorted(directory.glob("*.jsonl")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _mlp_layers(clf: object) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.asarray(w, np.float32), np.asarray(b, np.float32))
            for w, b in zip(clf.coefs_, clf.intercepts_, strict=True)]  # type: ignore[attr-defined]


def train_model(encoder: Encoder, *, corpus: Path = DEFAULT_CORPUS, splits: tuple[str, ...] = ("train",),
                seed: int = 13, hidden: int = 256, alpha: float = 1e-3, out: Path | None = None) -> LearnedModel:
    """Fit both heads on ``splits`` and save the model (default: the packaged model path)."""
    try:
        from sklearn.neural_network import MLPClassifier
    except ImportError as exc:  # pragma: no cover - install problem
        raise SystemExit("training needs scikit-learn (the [train] extra)") from exc
    convs = load_corpus(corpus, splits)
    data = build_dataset(convs, encoder)
    common = dict(hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=400, random_state=seed,
                  early_stopping=False, learning_rate_init=1e-3, batch_size=64, tol=1e-5, n_iter_no_change=20)
    cat_clf = MLPClassifier(**common).fit(data.x, data.y_cat)
    kind_clf = MLPClassifier(**common).fit(data.x, data.y_kind)
    if list(kind_clf.classes_) != [0, 1, 2, 3]:
        raise SystemExit("the corpus must contain every kind (crossing, invitation, held) and negatives")
    ex_rows = [(i, CATEGORIES[c]) for i in range(len(data.ids)) for c in np.flatnonzero(data.y_cat[i])]
    manifest = {
        "version": MODEL_VERSION,
        "encoder": encoder.name,
        "corpus": corpus_digest(Path(corpus)),
        "splits": list(splits),
        "seed": seed,
        "hidden": hidden,
        "alpha": alpha,
        "utterances": len(data.ids),
        "conversations": len(convs),
    }
    model = LearnedModel(
        cat_layers=_mlp_layers(cat_clf),
        kind_layers=_mlp_layers(kind_clf),
        exemplar_vectors=data.e_turn[[i for i, _ in ex_rows]].astype(np.float16),
        exemplar_ids=np.array([data.ids[i] for i, _ in ex_rows]),
        exemplar_categories=np.array([c for _, c in ex_rows]),
        manifest=manifest,
    )
    model.save(out or model_path())
    return model
