"""``boundarywatch train``: rebuild the learned recognizer from the corpus, seeded and reproducible."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from boundarywatch.corpus import load_corpus
from boundarywatch.corpus.load import DEFAULT_CORPUS
from boundarywatch.detect.encoders import Encoder
from boundarywatch.detect.encoders.adapter import adapter_digest
from boundarywatch.detect.firststage import FirstStage
from boundarywatch.detect.learned import WIDE_CONTEXT, LearnedModel, contexts, model_path
from boundarywatch.domain import CATEGORIES, Role
from boundarywatch.training.dataset import build_dataset

__all__ = ["EXEMPLARS_PER_CATEGORY", "MODEL_VERSION", "corpus_digest", "select_exemplars", "train_first_stage",
           "train_model"]

log = logging.getLogger("boundarywatch")
MODEL_VERSION = "3"  # 3: the heads read the wide context (next turn, turn before the previous)
#: labelled examples kept per category for the explanations' nearest neighbours (bounds the model file's size)
EXEMPLARS_PER_CATEGORY = 250
FIRST_STAGE_RECALL = 0.95  # share of labelled dev utterances the first stage alone must pass (docs/performance.md)


def corpus_digest(directory: Path) -> str:
    """SHA-256 over the corpus files, recorded in the model manifest."""
    h = hashlib.sha256()
    for f in sorted(directory.glob("*.jsonl")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def select_exemplars(rows: list[tuple[int, str]], cap: int = EXEMPLARS_PER_CATEGORY,
                     seed: int = 13) -> list[tuple[int, str]]:
    """At most ``cap`` of the ``(row, category)`` pairs per category, drawn with a seeded generator, in input order."""
    rng = np.random.default_rng(seed)
    by_category: dict[str, list[int]] = {}
    for i, (_, c) in enumerate(rows):
        by_category.setdefault(c, []).append(i)
    keep: set[int] = set()
    for c in sorted(by_category):
        idx = by_category[c]
        keep.update(idx if len(idx) <= cap else rng.choice(idx, size=cap, replace=False).tolist())
    return [r for i, r in enumerate(rows) if i in keep]


def _fit_mlp(x: np.ndarray, y: np.ndarray, *, multilabel: bool, hidden: int, weight_decay: float, epochs: int,
             seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Fit a one-hidden-layer MLP with torch (deterministic: fixed seed, one thread); return numpy layers."""
    import torch

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        gen = torch.Generator().manual_seed(seed)
        xt = torch.from_numpy(x.astype(np.float32))
        n_out = y.shape[1] if multilabel else int(y.max()) + 1
        yt = torch.from_numpy(y.astype(np.float32) if multilabel else y.astype(np.int64))
        if hidden:
            net = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(),
                                      torch.nn.Dropout(0.2), torch.nn.Linear(hidden, n_out))
        else:  # a linear (logistic) head
            net = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(x.shape[1], n_out))
        opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=weight_decay)
        loss_fn = torch.nn.BCEWithLogitsLoss() if multilabel else torch.nn.CrossEntropyLoss()
        net.train()
        for _ in range(epochs):
            order = torch.randperm(len(xt), generator=gen)
            for i in range(0, len(xt), 64):
                idx = order[i : i + 64]
                opt.zero_grad()
                loss_fn(net(xt[idx]), yt[idx]).backward()
                opt.step()
        lin = [m for m in net if isinstance(m, torch.nn.Linear)]
        return [(m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy()) for m in lin]
    finally:
        torch.set_num_threads(threads)


def train_model(encoder: Encoder | None = None, *, corpus: Path = DEFAULT_CORPUS,
                splits: tuple[str, ...] = ("train",), seed: int = 13, hidden: int = 256, weight_decay: float = 1e-2,
                epochs: int = 40, finetune_encoder: bool = True, out: Path | None = None) -> LearnedModel:
    """Fit the encoder adapter (unless ``finetune_encoder`` is false) and both heads on ``splits``; save them.

    With fine-tuning, the adapter and the heads are trained together (the heads warm-started on the frozen
    encoder), the adapter is written next to the model as ``adapter.npz``, and the adapted encoder embeds the
    corpus for the explanation exemplars. Without it, the heads are fitted on ``encoder`` (default: the torch
    reference with the packaged adapter, if any).
    """
    from boundarywatch.detect.encoders.torch import TorchEncoder

    convs = load_corpus(corpus, splits)
    target = out or model_path()
    adapter_manifest = None
    if finetune_encoder:
        from boundarywatch.detect.encoders import minilm_model_dir
        from boundarywatch.training.finetune import FineTuneConfig, finetune, rows_of

        adapter, joint_cat, joint_kind = finetune(rows_of(convs), FineTuneConfig(seed=seed), minilm_model_dir())
        adapter.manifest.update(corpus=corpus_digest(Path(corpus)), splits=list(splits))
        adapter_path = adapter.save(target.with_name("adapter.npz"))
        adapter_manifest = adapter.manifest
        encoder = TorchEncoder(adapter=adapter_path)
    elif encoder is None:
        encoder = TorchEncoder()
    data = build_dataset(convs, encoder)
    if sorted(set(data.y_kind.tolist())) != [0, 1, 2, 3]:
        raise SystemExit("the corpus must contain every kind (crossing, invitation, held) and negatives")
    fit = dict(hidden=hidden, weight_decay=weight_decay, epochs=epochs, seed=seed)
    if finetune_encoder:  # the heads trained jointly with the adapter (refitting them scored lower on dev)
        cat_layers, kind_layers = joint_cat, joint_kind
    else:
        cat_layers = _fit_mlp(data.x, data.y_cat, multilabel=True, **fit)
        kind_layers = _fit_mlp(data.x, data.y_kind, multilabel=False, **fit)
    ex_rows = select_exemplars(
        [(i, CATEGORIES[c]) for i in range(len(data.ids)) for c in np.flatnonzero(data.y_cat[i])], seed=seed)
    manifest = {
        "version": MODEL_VERSION,
        "context": WIDE_CONTEXT,
        "encoder": encoder.name,
        "corpus": corpus_digest(Path(corpus)),
        "splits": list(splits),
        "seed": seed,
        "hidden": hidden,
        "weight_decay": weight_decay,
        "epochs": epochs,
        "exemplars_per_category": EXEMPLARS_PER_CATEGORY,
        "utterances": len(data.ids),
        "conversations": len(convs),
        # the torch encoder names its adapter; the ONNX graph in use always has the packaged one (load_encoder)
        "adapter": getattr(encoder, "adapter", adapter_digest()),
        "adapter_training": adapter_manifest,
    }
    model = LearnedModel(
        cat_layers=cat_layers,
        kind_layers=kind_layers,
        exemplar_vectors=data.e_turn[[i for i, _ in ex_rows]].astype(np.float16),
        exemplar_ids=np.array([data.ids[i] for i, _ in ex_rows]),
        exemplar_categories=np.array([c for _, c in ex_rows]),
        manifest=manifest,
    )
    model.save(out or model_path())
    train_first_stage(corpus=corpus, out=(out or model_path()).with_name("firststage.npz"))
    return model


def train_first_stage(*, corpus: Path = DEFAULT_CORPUS, recall: float = FIRST_STAGE_RECALL,
                      out: Path | None = None) -> FirstStage:
    """Fit the first stage on the train split, set its threshold for ``recall`` on dev, save it."""
    def rows(split: str) -> list[tuple[str, Role, str | None, bool]]:
        return [(c.turn.text, c.turn.role, c.prev.text if c.prev else None, bool(ex.labels))
                for conv in load_corpus(corpus, (split,))
                for c, ex in zip(contexts(conv.document()), conv.examples, strict=True)]
    stage = FirstStage.fit(rows("train"))
    stage.tune_threshold(rows("dev"), recall)
    stage.manifest.update(corpus=corpus_digest(Path(corpus)), fit_split="train", threshold_split="dev")
    stage.save(out)
    return stage
