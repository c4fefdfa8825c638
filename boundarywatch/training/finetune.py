"""Fine-tune the sentence encoder together with the two heads, through small low-rank adapters (LoRA).

A frozen, mean-pooled MiniLM blurs the cues that matter here: who is asked to do what, and whether a short reply
accepts or declines. Training the whole encoder would mean shipping a modified copy of third-party weights, so we
train only rank-``r`` adapters ``B @ A`` added to the attention and feed-forward projections, plus the heads. The
adapters are a few hundred kilobytes of our own, reproducible arrays (``boundarywatch/models/adapter.npz``); at
set-up they are merged into the installed MiniLM weights before the ONNX export, and the torch reference merges
them at load time. The encoder's interface does not change: one text in, one unit vector out.

Training is siamese: each batch encodes every distinct text once (turns and the turns before them), builds the
same features as :func:`boundarywatch.detect.learned.features` and back-propagates both heads' losses into the
adapters.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from boundarywatch.corpus import LabelledConversation
from boundarywatch.detect.encoders.adapter import Adapter
from boundarywatch.detect.learned import KINDS, contexts
from boundarywatch.domain import CATEGORIES, Role, Utterance
from boundarywatch.training.dataset import targets

__all__ = ["ADAPTER_TARGETS", "FineTuneConfig", "Row", "batch_features", "encode_states", "finetune", "rows_of"]

log = logging.getLogger("boundarywatch")

# Linear layers of each BERT block that get an adapter (names relative to ``encoder.layer.<i>``).
ADAPTER_TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                   "intermediate.dense", "output.dense")
_ROLES = (Role.THERAPIST, Role.CLIENT, Role.NARRATOR)


@dataclass(frozen=True)
class FineTuneConfig:
    """Hyper-parameters (chosen on the dev split; recorded in the adapter manifest)."""

    rank: int = 8
    alpha: float = 16.0
    epochs: int = 8
    batch: int = 32
    lr_adapter: float = 1e-3
    lr_heads: float = 1e-3
    weight_decay: float = 1e-2
    hidden: int = 256
    max_tokens: int = 128
    top_layers: int = 4  # adapters on the top layers only; the frozen layers below run once per text
    head_epochs: int = 30  # warm-start epochs of the heads on the frozen encoder
    keep: float = 1.0  # weight of the loss that keeps each vector near the original encoder's (no collapse)
    seed: int = 13
    # texts of a batch run through the adapted layers in this many groups of similar length: padding to the
    # batch's longest text is about 3.2x the real tokens on the corpus, 1.4x with 4 groups (docs/detection.md)
    length_buckets: int = 4


@dataclass
class Row:
    """One training utterance: its text, role, its neighbours' texts (same thread), and targets."""

    text: str
    role: Role
    prev: str | None
    y_cat: np.ndarray
    y_kind: int
    uid: str
    prev2: str | None = None  # the turn before ``prev``
    next: str | None = None
    next_role: Role | None = None

    def context(self) -> list[str]:
        """The neighbours' texts (those that exist)."""
        return [t for t in (self.prev, self.prev2, self.next) if t is not None]


def _text(u: Utterance | None) -> str | None:
    return u.text if u is not None else None


def rows_of(convs: Sequence[LabelledConversation]) -> list[Row]:
    """Training rows for every utterance of ``convs`` (same targets as :func:`build_dataset`)."""
    out = []
    for conv in convs:
        for c, ex in zip(contexts(conv.document()), conv.examples, strict=True):
            cats, yk = targets(ex.labels)
            y = np.zeros(len(CATEGORIES), np.float32)
            y[cats] = 1.0
            out.append(Row(c.turn.text, c.turn.role, _text(c.prev), y, yk, f"{conv.id}#{c.turn.index}",
                           _text(c.prev2), _text(c.next), c.next.role if c.next is not None else None))
    return out


_ROLE_BITS: dict[Role | None, list[float]] = {r: [float(r is x) for x in _ROLES] for r in (*Role, None)}


def batch_features(torch, rows: Sequence[Row], vec, dim: int):  # type: ignore[no-untyped-def]
    """The input of :func:`boundarywatch.detect.learned.context_features` (wide context) for ``rows``, as one
    tensor built from ``vec`` (text -> vector), so the heads' gradients reach the encoder."""
    zero = torch.zeros(dim)

    def vecs(texts: list[str | None]):  # type: ignore[no-untyped-def]
        return torch.stack([vec(t) if t is not None else zero for t in texts])

    return torch.cat([
        vecs([r.text for r in rows]), vecs([r.prev for r in rows]),
        torch.tensor([_ROLE_BITS[r.role] + [float(r.prev is not None)] for r in rows]),
        vecs([r.next for r in rows]), torch.tensor([_ROLE_BITS[r.next_role] for r in rows]),
        vecs([r.prev2 for r in rows]), torch.tensor([[float(r.prev2 is not None)] for r in rows]),
    ], dim=1)


def _lora_module(torch, base, rank: int, alpha: float):  # type: ignore[no-untyped-def]
    class LoRALinear(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base
            for p in self.base.parameters():
                p.requires_grad_(False)
            self.A = torch.nn.Parameter(torch.randn(rank, base.in_features) / base.in_features**0.5)
            self.B = torch.nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = alpha / rank

        def forward(self, x):  # type: ignore[no-untyped-def]
            return self.base(x) + (x @ self.A.T @ self.B.T) * self.scale

    return LoRALinear()


def attach_adapters(torch, bert, rank: int, alpha: float, first: int = 0) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Wrap each target linear layer of blocks ``first..`` in base + adapter; return the adapters by name."""
    for p in bert.parameters():
        p.requires_grad_(False)
    mods = {}
    for i, layer in enumerate(bert.encoder.layer):
        if i < first:
            continue
        for target in ADAPTER_TARGETS:
            parent_path, leaf = target.rsplit(".", 1)
            parent = layer.get_submodule(parent_path)
            mod = _lora_module(torch, getattr(parent, leaf), rank, alpha)
            setattr(parent, leaf, mod)
            mods[f"encoder.layer.{i}.{target}"] = mod
    return mods


def _lower_states(torch, tok, bert, first: int, texts: Sequence[str], max_tokens: int):  # type: ignore[no-untyped-def]
    """Hidden states after the frozen blocks ``0..first-1`` for each distinct text (float16, unpadded), and the
    original encoder's vector of each text."""
    distinct = sorted(set(texts), key=len)
    out, vecs = {}, {}
    bert.eval()
    with torch.no_grad():
        for i in range(0, len(distinct), 64):
            chunk = distinct[i : i + 64]
            enc = tok(chunk, padding=True, truncation=True, max_length=max_tokens, return_tensors="pt")
            h = bert.embeddings(input_ids=enc["input_ids"], token_type_ids=enc["token_type_ids"])
            mask = enc["attention_mask"].float()
            ext = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
            for layer in bert.encoder.layer[:first]:
                h = layer(h, ext)
            for t, row, n in zip(chunk, h, enc["attention_mask"].sum(1).tolist(), strict=True):
                out[t] = row[: int(n)].to(torch.float16).clone()
            for layer in bert.encoder.layer[first:]:
                h = layer(h, ext)
            for t, v in zip(chunk, _pool(torch, h, mask), strict=True):
                vecs[t] = v.clone()
    return out, vecs


def encode_states(torch, layers, states: Sequence, dim: int, buckets: int = 1):  # type: ignore[no-untyped-def]
    """Run lower hidden states (one ``(tokens, dim)`` tensor per text) through ``layers`` and mean-pool them.

    With ``buckets`` > 1 the texts are sorted by length and run in that many groups, each padded only to its own
    longest text; masked padding never reaches a text's vector, so the vectors are the same up to rounding
    (with dropout active, the random masks differ). With one group the texts run as given, in one padded
    batch. Returns unit vectors in the order of ``states``.
    """
    order = list(range(len(states)))
    if buckets > 1:  # one group keeps the texts in their order (and dropout masks where they were)
        order.sort(key=lambda i: states[i].shape[0])
    size = -(-len(order) // max(1, buckets))
    parts, where = [], []
    for k in range(0, len(order), size):
        idx = order[k : k + size]
        width = max(states[i].shape[0] for i in idx)
        h = torch.zeros(len(idx), width, dim)
        mask = torch.zeros(len(idx), width)
        for j, i in enumerate(idx):
            n = states[i].shape[0]
            h[j, :n] = states[i].float()
            mask[j, :n] = 1.0
        ext = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in layers:
            h = layer(h, ext)
        parts.append(_pool(torch, h, mask))
        where.extend(idx)
    out = torch.cat(parts)
    return out if buckets <= 1 else out[torch.argsort(torch.tensor(where))]


def _pool(torch, hidden, mask):  # type: ignore[no-untyped-def]
    m = mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2.0, dim=1)


def _fit_heads(torch, cat_head, kind_head, x, y_cat, y_kind, cfg: FineTuneConfig, gen) -> None:  # type: ignore[no-untyped-def]
    """Fit both heads on fixed inputs (minibatches of 64, ``cfg.head_epochs`` epochs)."""
    opt = torch.optim.AdamW(list(cat_head.parameters()) + list(kind_head.parameters()), lr=1e-3,
                            weight_decay=cfg.weight_decay)
    bce, ce = torch.nn.BCEWithLogitsLoss(), torch.nn.CrossEntropyLoss()
    cat_head.train()
    kind_head.train()
    for _ in range(cfg.head_epochs):
        order = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), 64):
            idx = order[i : i + 64]
            opt.zero_grad()
            (bce(cat_head(x[idx]), y_cat[idx]) + ce(kind_head(x[idx]), y_kind[idx])).backward()
            opt.step()


def finetune(train: Sequence[Row], cfg: FineTuneConfig, model_dir: Path, *, threads: int | None = None,
             progress: bool = False) -> tuple[Adapter, list, list]:  # type: ignore[type-arg]
    """Train adapters and heads jointly; return the adapter and the heads' (category, kind) numpy layers."""
    import torch

    before = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        return _finetune(torch, train, cfg, model_dir, progress)
    finally:
        torch.set_num_threads(before)


def _finetune(torch, train: Sequence[Row], cfg: FineTuneConfig, model_dir: Path,  # type: ignore[no-untyped-def]
              progress: bool) -> tuple[Adapter, list, list]:  # type: ignore[type-arg]
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(cfg.seed)
    tok = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True, attn_implementation="eager")
    n_layers = len(bert.encoder.layer)
    first = n_layers - cfg.top_layers
    dim = bert.config.hidden_size
    n_in = 4 * dim + 2 * len(_ROLES) + 2  # the wide context of detect.learned.features
    lower, original = _lower_states(torch, tok, bert, first,
                                    [r.text for r in train] + [t for r in train for t in r.context()], cfg.max_tokens)
    mods = attach_adapters(torch, bert, cfg.rank, cfg.alpha, first)
    top = bert.encoder.layer[first:]

    def encode(texts: list[str]):  # type: ignore[no-untyped-def]
        return encode_states(torch, top, [lower[t] for t in texts], dim, cfg.length_buckets)

    def head(n_out: int):  # type: ignore[no-untyped-def]
        return torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(n_in, cfg.hidden), torch.nn.ReLU(),
                                   torch.nn.Dropout(0.2), torch.nn.Linear(cfg.hidden, n_out))

    cat_head, kind_head = head(len(CATEGORIES)), head(len(KINDS))
    y_cat_all = torch.from_numpy(np.stack([r.y_cat for r in train]))
    y_kind_all = torch.tensor([r.y_kind for r in train])
    # warm start: fit the heads on the frozen encoder's vectors first, so that from the first fine-tuning step
    # the adapters get gradients from heads that already tell categories apart (not from a prior-only head)
    x_frozen = batch_features(torch, train, original.__getitem__, dim)
    gen = torch.Generator().manual_seed(cfg.seed)
    _fit_heads(torch, cat_head, kind_head, x_frozen, y_cat_all, y_kind_all, cfg, gen)
    adapter_params = [p for m in mods.values() for p in (m.A, m.B)]  # type: ignore[attr-defined]
    opt = torch.optim.AdamW([
        {"params": adapter_params, "lr": cfg.lr_adapter},
        {"params": list(cat_head.parameters()) + list(kind_head.parameters()), "lr": cfg.lr_heads},
    ], weight_decay=cfg.weight_decay)
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(train):  # batches hold whole conversations, so a turn and its context share one pass
        groups.setdefault(r.uid.rsplit("#", 1)[0], []).append(i)
    conv_rows = list(groups.values())

    def batches(order: list[int]) -> list[list[int]]:
        out: list[list[int]] = [[]]
        for ci in order:
            if len(out[-1]) >= cfg.batch:
                out.append([])
            out[-1].extend(conv_rows[ci])
        return [b for b in out if b]

    steps = cfg.epochs * len(batches(list(range(len(conv_rows)))))
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(  # linear warm-up over a tenth of the steps, then linear decay
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    bce, ce = torch.nn.BCEWithLogitsLoss(), torch.nn.CrossEntropyLoss()
    t0 = time.perf_counter()
    bert.train()
    for epoch in range(cfg.epochs):
        order = torch.randperm(len(conv_rows), generator=gen).tolist()
        total, hits, positives = 0.0, 0, 0
        for idx in batches(order):
            batch = [train[i] for i in idx]
            texts = list(dict.fromkeys([r.text for r in batch] + [t for r in batch for t in r.context()]))
            index = {t: i for i, t in enumerate(texts)}
            emb = encode(texts)
            x = batch_features(torch, batch, lambda t, emb=emb, index=index: emb[index[t]], dim)
            y_cat = torch.from_numpy(np.stack([r.y_cat for r in batch]))
            y_kind = torch.tensor([r.y_kind for r in batch])
            drift = 1.0 - (emb * torch.stack([original[t] for t in texts])).sum(1).mean()
            cat_logits = cat_head(x)
            if progress:
                hits += int(((cat_logits > 0) & (y_cat > 0)).sum())
                positives += int(y_cat.sum())
            loss = bce(cat_logits, y_cat) * len(CATEGORIES) / 4 + ce(kind_head(x), y_kind) + cfg.keep * drift
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(batch)
        if progress:
            with torch.no_grad():  # mean cosine between different texts of the last batch: near 1 means collapse
                sims = emb @ emb.T
                spread = (sims.sum() - sims.diagonal().sum()).item() / max(1, len(texts) * (len(texts) - 1))
            log.warning("epoch %d/%d loss %.4f category recall %.3f mean cosine %.3f (%.0f s)", epoch + 1,
                        cfg.epochs, total / len(train), hits / max(1, positives), spread, time.perf_counter() - t0)

    def layers(net) -> list[tuple[np.ndarray, np.ndarray]]:  # type: ignore[no-untyped-def]
        lin = [m for m in net if isinstance(m, torch.nn.Linear)]
        return [(m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy()) for m in lin]

    weights = {name: (m.A.detach().numpy().copy(), m.B.detach().numpy().copy())  # type: ignore[attr-defined]
               for name, m in mods.items()}
    manifest: dict[str, object] = {"rank": cfg.rank, "alpha": cfg.alpha, "targets": list(ADAPTER_TARGETS),
                                   "layers": list(range(first, n_layers)), "config": dict(cfg.__dict__),
                                   "rows": len(train), "seconds": round(time.perf_counter() - t0, 1)}
    return Adapter(weights, cfg.alpha / cfg.rank, manifest), layers(cat_head), layers(kind_head)
