"""The learned recognizer: a small classifier over MiniLM sentence embeddings of a turn and its neighbours.

Two heads share the input ``[emb(turn), emb(previous turn), role one-hot, has-previous]``, followed, for models
trained with the wide context (``"context": "wide"`` in the manifest, every model since version 3), by
``[emb(next turn), next speaker's role one-hot, emb(turn before the previous), has-that-turn]`` (all in the same
thread): a multi-label head for the 13 categories and a four-way head for the kind (none, crossing, invitation,
held). A short "Sure!" or a hedged offer is read with what was said before it and how the other person answered.
The weights are a few hundred kilobytes of numpy arrays trained from our own corpus by ``boundarywatch train``;
inference is plain numpy, so the recognizer runs with any :class:`~boundarywatch.detect.encoders.Encoder`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from boundarywatch.detect.encoders import Encoder, load_encoder
from boundarywatch.detect.recognizer import Recognizer, Signal
from boundarywatch.domain import CATEGORIES, Document, Role, Utterance
from boundarywatch.errors import ModelError

__all__ = ["KINDS", "WIDE_CONTEXT", "EmbeddingRecognizer", "LearnedModel", "TurnContext", "context_features",
           "contexts", "features", "model_path"]

KINDS = ("none", "crossing", "invitation", "held")
_ROLES = (Role.THERAPIST, Role.CLIENT, Role.NARRATOR)
SIGNAL_FLOOR = 0.15  # category probabilities below this are not reported as signals
WIDE_CONTEXT = "wide"  # manifest value of models whose input includes the next turn and the one before the previous


def model_path() -> Path:
    """Where the trained weights live (inside the package; small and reproducible)."""
    return Path(str(resources.files("boundarywatch.models").joinpath("learned.npz")))


@dataclass(frozen=True)
class TurnContext:
    """An utterance with its neighbours in the same thread (None where there is none)."""

    turn: Utterance
    prev: Utterance | None
    prev2: Utterance | None  # the turn before ``prev``
    next: Utterance | None

    def texts(self) -> list[str]:
        """The texts a classifier needs embedded for this turn, the turn's own first."""
        return [u.text for u in (self.turn, self.prev, self.prev2, self.next) if u is not None]


def contexts(doc: Document) -> list[TurnContext]:
    """Each utterance of ``doc`` with its neighbours in the same thread, in document order."""
    threads: dict[str | None, list[Utterance]] = {}
    for u in doc.utterances:
        threads.setdefault(u.thread, []).append(u)
    found: dict[int, TurnContext] = {}
    for seq in threads.values():
        for i, u in enumerate(seq):
            found[u.index] = TurnContext(u, seq[i - 1] if i >= 1 else None, seq[i - 2] if i >= 2 else None,
                                         seq[i + 1] if i + 1 < len(seq) else None)
    return [found[u.index] for u in doc.utterances]


def _role_bits(roles: Sequence[Role | None]) -> np.ndarray:
    return np.array([[float(role is x) for x in _ROLES] for role in roles], dtype=np.float32).reshape(-1, 3)


def features(e_turn: np.ndarray, e_prev: np.ndarray, roles: Sequence[Role], has_prev: np.ndarray, *,
             e_next: np.ndarray | None = None, next_roles: Sequence[Role | None] | None = None,
             e_prev2: np.ndarray | None = None, has_prev2: np.ndarray | None = None) -> np.ndarray:
    """Stack the classifier input; roles outside therapist/client/narrator (unknown, or no turn) get zero bits.

    With ``e_next`` (the wide context) all four of the keyword arrays must be given.
    """
    parts = [e_turn, e_prev, _role_bits(roles), has_prev.reshape(-1, 1)]
    if e_next is not None:
        assert next_roles is not None and e_prev2 is not None and has_prev2 is not None
        parts += [e_next, _role_bits(next_roles), e_prev2, has_prev2.reshape(-1, 1)]
    return np.hstack(parts, dtype=np.float32)


def context_features(ctxs: Sequence[TurnContext], emb: Mapping[str, np.ndarray], *, wide: bool,
                     dim: int = 384) -> np.ndarray:
    """The classifier input of each context, from embeddings of (at least) every text it names."""
    zero = np.zeros(dim, np.float32)

    def vecs(us: Sequence[Utterance | None]) -> np.ndarray:
        return np.stack([emb[u.text] if u is not None else zero for u in us]).reshape(-1, dim)

    def present(us: Sequence[Utterance | None]) -> np.ndarray:
        return np.array([u is not None for u in us], np.float32)

    prev = [c.prev for c in ctxs]
    if not wide:
        return features(vecs([c.turn for c in ctxs]), vecs(prev), [c.turn.role for c in ctxs], present(prev))
    nxt, prev2 = [c.next for c in ctxs], [c.prev2 for c in ctxs]
    return features(vecs([c.turn for c in ctxs]), vecs(prev), [c.turn.role for c in ctxs], present(prev),
                    e_next=vecs(nxt), next_roles=[u.role if u is not None else None for u in nxt],
                    e_prev2=vecs(prev2), has_prev2=present(prev2))


@dataclass
class LearnedModel:
    """Numpy inference for the two-head classifier plus labelled exemplars for explanations."""

    cat_layers: list[tuple[np.ndarray, np.ndarray]]
    kind_layers: list[tuple[np.ndarray, np.ndarray]]
    exemplar_vectors: np.ndarray  # float16, unit rows
    exemplar_ids: np.ndarray  # str
    exemplar_categories: np.ndarray  # str, one category per exemplar row
    manifest: dict[str, object]

    @property
    def wide(self) -> bool:
        """Whether the heads read the wide context (next turn and the turn before the previous)."""
        return self.manifest.get("context") == WIDE_CONTEXT

    @classmethod
    def load(cls, path: Path | None = None) -> LearnedModel:
        """Load weights saved by :meth:`save`."""
        path = path or model_path()
        if not path.is_file():
            raise ModelError(f"{path}: learned model missing; run `boundarywatch train`")
        with np.load(path, allow_pickle=False) as z:
            def layers(prefix: str) -> list[tuple[np.ndarray, np.ndarray]]:
                n = int(z[f"{prefix}_n"])
                return [(z[f"{prefix}_W{i}"].astype(np.float32), z[f"{prefix}_b{i}"].astype(np.float32))
                        for i in range(n)]
            return cls(layers("cat"), layers("kind"), z["ex_vec"], z["ex_id"], z["ex_cat"],
                       json.loads(str(z["manifest"])))

    def save(self, path: Path) -> None:
        """Write the weights compactly (float16 matrices)."""
        arrays: dict[str, np.ndarray] = {}
        for prefix, layers in (("cat", self.cat_layers), ("kind", self.kind_layers)):
            arrays[f"{prefix}_n"] = np.array(len(layers))
            for i, (w, b) in enumerate(layers):
                arrays[f"{prefix}_W{i}"] = w.astype(np.float16)
                arrays[f"{prefix}_b{i}"] = b.astype(np.float32)
        arrays.update(ex_vec=self.exemplar_vectors.astype(np.float16), ex_id=self.exemplar_ids,
                      ex_cat=self.exemplar_categories, manifest=np.array(json.dumps(self.manifest, sort_keys=True)))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        tmp.replace(path)

    @staticmethod
    def _forward(x: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        for w, b in layers[:-1]:
            x = np.maximum(x @ w + b, 0.0)
        w, b = layers[-1]
        return x @ w + b

    #: see :meth:`predict`; measured with OpenBLAS on this machine: 1-6 rows differ from larger batches, 7+ agree
    MIN_ROWS = 16

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Category probabilities ``(n, 13)`` and kind probabilities ``(n, 4)``.

        A row's scores do not depend on how many rows come with it: the BLAS behind numpy multiplies very small
        matrices by other kernels whose rounding differs in the last bits, so fewer than ``MIN_ROWS`` rows are
        padded with copies of the first.
        """
        n = x.shape[0]
        if 0 < n < self.MIN_ROWS:
            cat, kind = self.predict(np.vstack([x, np.repeat(x[:1], self.MIN_ROWS - n, axis=0)]))
            return cat[:n], kind[:n]
        cat = 1.0 / (1.0 + np.exp(-self._forward(x, self.cat_layers)))
        logits = self._forward(x, self.kind_layers)
        logits -= logits.max(axis=1, keepdims=True)
        kind = np.exp(logits)
        kind /= kind.sum(axis=1, keepdims=True)
        return cat, kind

    def neighbours(self, vec: np.ndarray, category: str, k: int = 3) -> tuple[tuple[str, float], ...]:
        """The ``k`` most similar labelled exemplars of ``category`` (id, cosine similarity)."""
        # the exemplars of each category as float32 rows, converted once (they are read-only after loading;
        # converting them for every signal cost ~1 CPU-s per 20,000 messages)
        by_category: dict[str, tuple[np.ndarray, np.ndarray]] = self.__dict__.setdefault("_by_category", {})
        if category not in by_category:
            mask = self.exemplar_categories == category
            by_category[category] = (self.exemplar_vectors[mask].astype(np.float32), self.exemplar_ids[mask])
        vecs, ids = by_category[category]
        if not len(ids):
            return ()
        sims = vecs @ vec
        top = np.argsort(-sims)[:k]
        return tuple((str(ids[i]), float(sims[i])) for i in top)


class EmbeddingRecognizer(Recognizer):
    """All 13 categories from sentence embeddings of the turn and its context."""

    name = "boundary.embedding"
    categories = CATEGORIES
    #: rows scored at once by :meth:`analyze_many` (about 3 MB of features per 1,000 rows)
    CHUNK_ROWS = 2048

    def __init__(self, encoder: Encoder | str = "auto", model: LearnedModel | None = None) -> None:
        self._encoder_spec = encoder
        self.encoder: Encoder | None = encoder if not isinstance(encoder, str) else None
        self.model = model
        self.version = "1"

    def load(self) -> None:  # noqa: D102
        packaged = self.model is None
        if self.model is None:
            self.model = LearnedModel.load()
        self.version = str(self.model.manifest.get("version", "1"))
        if self.encoder is None:
            if packaged:  # the heads only make sense on the encoder (adapter) they were trained with
                from boundarywatch.detect.encoders.adapter import adapter_digest

                trained, current = self.model.manifest.get("adapter"), adapter_digest()
                if trained != current:
                    raise ModelError(f"{model_path()}: trained with encoder adapter {trained}, but the packaged "
                                     f"adapter is {current}; run `boundarywatch train`")
            self.encoder = load_encoder(str(self._encoder_spec))

    def analyze(self, doc: Document) -> list[Signal]:  # noqa: D102
        return self.analyze_many([doc])[0]

    def encode_documents(self, docs: Sequence[Document]) -> dict[str, np.ndarray]:
        """Embed every distinct utterance text of ``docs`` once."""
        return self.encode_texts([u.text for d in docs for u in d.utterances])

    def encode_texts(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Embed each distinct text once."""
        if self.encoder is None or self.model is None:
            self.load()
        assert self.encoder is not None
        distinct = list(dict.fromkeys(texts))
        vecs = self.encoder.encode(distinct) if distinct else np.zeros((0, 384), np.float32)
        return dict(zip(distinct, vecs, strict=True))

    def analyze_many(self, docs: Sequence[Document],  # noqa: D102
                     turns: Sequence[set[int]] | None = None,
                     embeddings: Mapping[str, np.ndarray] | None = None) -> list[list[Signal]]:
        """Signals for ``docs``; with ``turns``, only those utterances of each document (and their context).

        ``embeddings`` (text -> vector, from :meth:`encode_texts` run ahead of time, e.g. while the lexicons
        run) must cover every utterance text; without it the texts are encoded here.
        """
        rows: list[tuple[int, TurnContext]] = []
        for di, d in enumerate(docs):
            keep = None if turns is None else turns[di]
            rows.extend((di, c) for c in contexts(d) if keep is None or c.turn.index in keep)
        # every utterance first, in document order (as without a first stage), then contexts not yet listed
        emb = embeddings if embeddings is not None else self.encode_texts(
            [c.turn.text for _, c in rows] + [t for _, c in rows for t in c.texts()[1:]])
        assert self.model is not None
        out: list[list[Signal]] = [[] for _ in docs]
        # in chunks, so a 20,000-message file does not hold its whole feature matrix (and copies) at once;
        # a row's scores do not depend on the other rows (see LearnedModel.predict), so neither on the chunk
        for start in range(0, len(rows), self.CHUNK_ROWS):
            self._score_rows(rows[start : start + self.CHUNK_ROWS], emb, out)
        return out

    def _score_rows(self, rows: Sequence[tuple[int, TurnContext]], emb: Mapping[str, np.ndarray],
                    out: list[list[Signal]]) -> None:
        assert self.model is not None
        if not rows:
            return
        dim = next(iter(emb.values())).shape[0] if emb else 384
        x = context_features([c for _, c in rows], emb, wide=self.model.wide, dim=dim)
        e_u = x[:, :dim]
        cat, kind = self.model.predict(x)
        rid = self.id
        kinds = kind.tolist()
        hit_rows, hit_cats = np.nonzero(cat >= SIGNAL_FLOOR)  # row by row, categories in order
        for r, ci, score in zip(hit_rows.tolist(), hit_cats.tolist(), cat[hit_rows, hit_cats].tolist(), strict=True):
            di, u = rows[r][0], rows[r][1].turn
            c = CATEGORIES[ci]
            out[di].append(Signal(
                turn=u.index, category=c, score=score, recognizer=rid,
                start=0, end=len(u.text), neighbours=self.model.neighbours(e_u[r], c),
                kind_scores=dict(zip(KINDS, kinds[r], strict=True)),
            ))
