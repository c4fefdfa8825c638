"""Record linkage: link mentions of people into entities with Splink, keeping the evidence for every link.

Every person mentioned in any record becomes a :class:`Mention`, its fields normalised by :mod:`.identity`.
Mentions whose normalised identity is identical collapse into one *profile* (no model needed). Profiles are
linked by a Fellegi-Sunter model in Splink 4 on its embedded DuckDB backend, with fixed, documented m/u
probabilities (no training, so results are deterministic and explainable; the model is in
:mod:`.linkage_model`). Pairs at or above the configured match probability are joined into entities with a
union-find; every joined pair keeps its match weight and the per-field contributions (the data behind a Splink
waterfall chart), so a finding can say *why* two records are believed to be the same person.

To run the same model on Spark, pass ``db_api=SparkAPI(spark_session=spark)`` to :func:`link_mentions`
(see docs/conflicts.md).
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Any

from boundarywatch.conflicts.identity import _CACHE_SIZE, canonical_first
from boundarywatch.conflicts.linkage_model import _LEVELS, _settings, prior_for

__all__ = [
    "FieldContribution",
    "Linkage",
    "Mention",
    "PairEvidence",
    "link_mentions",
]

logger = logging.getLogger("boundarywatch")
logger.addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class Mention:
    """One person as written in one record, with normalised identity fields."""

    mention_id: int
    source: str
    line: int
    name: str  # as written, for reports
    first: str
    surname: str
    former_surname: str | None = None
    email: str | None = None
    phone: str | None = None
    dob: str | None = None
    slot: str = ""  # "" for the row's main person, "other" for the second person of a family link

    @property
    def first_canon(self) -> str:
        """Nickname-resolved given name."""
        return canonical_first(self.first)

    def identity_key(self) -> tuple[str | None, ...]:
        """Mentions with equal keys are treated as the same person without a model."""
        return (self.first_canon, self.surname, self.former_surname, self.email, self.phone, self.dob)


@dataclass(frozen=True, slots=True)
class FieldContribution:
    """One comparison's part in a pair's match weight (one bar of a Splink waterfall chart)."""

    field: str
    level: str
    weight: float  # log2 Bayes factor


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """Why two mentions (or profiles) were linked."""

    probability: float
    weight: float
    fields: tuple[FieldContribution, ...] = ()
    method: str = "splink"  # "splink", "identical" (equal after normalisation) or "same record"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "probability": round(self.probability, 6),
            "match_weight": round(self.weight, 3),
            "method": self.method,
            "fields": [{"field": f.field, "level": f.level, "weight": round(f.weight, 3)} for f in self.fields],
        }


_IDENTICAL = PairEvidence(1.0, math.inf, (), "identical")
_SAME = PairEvidence(1.0, math.inf, (), "same record")


@lru_cache(maxsize=_CACHE_SIZE)
def _contribution(comp: str, bayes_factor: float, tf_factor: float = 1.0) -> FieldContribution:
    """Name the comparison level from its Bayes factor (each level's m/u ratio is distinct by design)."""
    weight = math.log2(bayes_factor) if bayes_factor > 0 else 0.0
    if tf_factor != 1.0 and tf_factor > 0:
        return FieldContribution(
            comp, f"{_LEVELS[comp][0][0]} (weighted by how rare it is)", weight + math.log2(tf_factor)
        )
    label = "missing on one side"
    best = 0.05
    for name, m, u in _LEVELS[comp]:
        gap = abs(math.log2(m / u) - weight)
        if gap < best:
            label, best = name, gap
    return FieldContribution(comp, label, weight)


@lru_cache(maxsize=_CACHE_SIZE)
def _fields(factors: tuple[tuple[float, float], ...]) -> tuple[FieldContribution, ...]:
    """Per-comparison contributions from (Bayes factor, term-frequency factor) pairs, in :data:`_LEVELS` order."""
    return tuple(_contribution(c, bf, tf) for c, (bf, tf) in zip(_LEVELS, factors, strict=True))


@dataclass
class Linkage:
    """Result of linking: mention -> entity, plus the evidence for every joined pair."""

    entity_of: dict[int, int]
    threshold: float
    edges: Mapping[int, Mapping[int, PairEvidence]] = field(default_factory=dict)  # mention graph (symmetric)
    pairs_scored: int = 0

    def same(self, a: int, b: int) -> bool:
        """Whether mentions ``a`` and ``b`` belong to one entity."""
        return self.entity_of[a] == self.entity_of[b]

    def evidence(self, a: int, b: int) -> list[tuple[int, int, PairEvidence]]:
        """The chain of linked pairs from ``a`` to ``b`` maximising the weakest link (empty if a == b)."""
        if a == b:
            return []
        if b in self.edges.get(a, {}):
            return [(a, b, self.edges[a][b])]
        # widest path (maximin) by a simple best-first search; clusters are small
        best: dict[int, float] = {a: 1.0}
        prev: dict[int, int] = {}
        queue = deque([a])
        while queue:
            node = queue.popleft()
            for nxt, ev in self.edges.get(node, {}).items():
                cap = min(best[node], ev.probability)
                if cap > best.get(nxt, -1.0):
                    best[nxt] = cap
                    prev[nxt] = node
                    queue.append(nxt)
        if b not in prev:
            return []
        chain: list[tuple[int, int, PairEvidence]] = []
        node = b
        while node != a:
            p = prev[node]
            chain.append((p, node, self.edges[p][node]))
            node = p
        return list(reversed(chain))

    def confidence(self, a: int, b: int) -> float:
        """Match confidence that ``a`` and ``b`` are one person: 1.0 if same, weakest link on the chain, else 0."""
        if a == b:
            return 1.0
        if not self.same(a, b):
            return 0.0
        chain = self.evidence(a, b)
        return min((ev.probability for _, _, ev in chain), default=0.0)


class _Adjacency(Mapping[int, dict[int, PairEvidence]]):
    """The symmetric mention graph as a read-only mapping ``mention -> {neighbour: evidence}``.

    A dict of dicts over every mention cost about two seconds on the benchmark (~500k pairs), while the rules
    ask for the neighbours of a few hundred mentions. The pairs are kept as sorted arrays and a mention's dict is
    built on first use, its neighbours in the order the pairs were given (as inserting them into dicts would).
    Mentions iterate in id order.
    """

    def __init__(self, left: list[int], right: list[int], evidence: list[PairEvidence]) -> None:
        import numpy as np

        n = len(left)
        src = np.empty(2 * n, dtype=np.int64)
        dst = np.empty(2 * n, dtype=np.int64)
        src[0::2], src[1::2] = left, right
        dst[0::2], dst[1::2] = right, left
        order = np.argsort(src, kind="stable")
        self._src = src[order]
        self._dst = dst[order]
        self._pair = order // 2
        self._evidence = evidence
        self._built: dict[int, dict[int, PairEvidence]] = {}

    def __getitem__(self, node: int) -> dict[int, PairEvidence]:
        built = self._built.get(node)
        if built is None:
            lo, hi = int(self._src.searchsorted(node, "left")), int(self._src.searchsorted(node, "right"))
            if lo == hi:
                raise KeyError(node)
            ev = self._evidence
            built = {d: ev[p] for d, p in zip(self._dst[lo:hi].tolist(), self._pair[lo:hi].tolist(), strict=True)}
            self._built[node] = built
        return built

    def __iter__(self) -> Iterator[int]:
        import numpy as np

        return iter(np.unique(self._src).tolist())

    def __len__(self) -> int:
        import numpy as np

        return len(np.unique(self._src))


def _components(n: int, left: list[int], right: list[int]) -> list[int]:
    """Connected components of ``n`` nodes joined by the edges ``left[i]``-``right[i]``: each node's smallest member.

    Vectorised min-label propagation with pointer jumping (numpy), instead of a per-edge Python union-find.
    """
    import numpy as np

    label = np.arange(n, dtype=np.int64)
    if not left:
        return label.tolist()
    a = np.asarray(left, dtype=np.int64)
    b = np.asarray(right, dtype=np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        while True:  # pointer jumping: every label points at a root
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return label.tolist()
        label = new


def link_mentions(mentions: list[Mention], threshold: float = 0.9, db_api: Any = None) -> Linkage:
    """Link ``mentions`` into entities; pairs with match probability >= ``threshold`` are joined.

    ``db_api`` defaults to a fresh in-memory ``DuckDBAPI``; pass a ``SparkAPI`` to run on Spark.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    ids = [m.mention_id for m in mentions]
    # the joined pairs (a, b, evidence), identical profiles first, then Splink's
    pair_a: list[int] = []
    pair_b: list[int] = []
    pair_ev: list[PairEvidence] = []

    # 1. identical normalised identity -> one profile (its first mention stands for it)
    profiles: dict[tuple[str | None, ...], int] = {}
    profile_rows: list[Mention] = []
    profile_of: list[int] = []
    for m in mentions:
        key = m.identity_key()
        p = profiles.get(key)
        if p is None:
            p = profiles[key] = len(profile_rows)
            profile_rows.append(m)
        else:
            pair_a.append(profile_rows[p].mention_id)
            pair_b.append(m.mention_id)
            pair_ev.append(_IDENTICAL)
        profile_of.append(p)

    # 2. Splink over profiles
    pairs_scored = 0
    left: list[int] = []
    right: list[int] = []
    usable = [m for m in profile_rows if m.first or m.surname]
    if len(usable) >= 2:
        profile_index = {m.mention_id: p for p, m in enumerate(profile_rows)}
        rows = _score_pairs(usable, threshold, db_api)
        pairs_scored = len(rows)
        for a, b, ev in rows:
            left.append(profile_index[a])
            right.append(profile_index[b])
            pair_a.append(a)
            pair_b.append(b)
            pair_ev.append(ev)

    # 3. people = connected profiles; a person's id is the mention id of its earliest mention
    root = _components(len(profile_rows), left, right)
    entity_of = {mid: profile_rows[root[p]].mention_id for mid, p in zip(ids, profile_of, strict=True)}
    edges = _Adjacency(pair_a, pair_b, pair_ev)
    return Linkage(entity_of=entity_of, threshold=threshold, edges=edges, pairs_scored=pairs_scored)


def _score_pairs(rows: list[Mention], threshold: float, db_api: Any) -> list[tuple[int, int, PairEvidence]]:
    import pandas as pd
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.WARNING)
    frame = pd.DataFrame(
        {
            "unique_id": [m.mention_id for m in rows],
            "first": [m.first or None for m in rows],
            "first_canon": [m.first_canon or None for m in rows],
            "surname": [m.surname or None for m in rows],
            "former_surname": [m.former_surname for m in rows],
            "email": [m.email for m in rows],
            "phone": [m.phone for m in rows],
            "dob": [m.dob for m in rows],
        }
    )
    api = db_api if db_api is not None else DuckDBAPI()
    linker = Linker(frame, _settings(threshold, prior_for(len(rows))), api, set_up_basic_logging=False)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    frame_out = predictions.as_pandas_dataframe()
    tf_cols = {c[len("bf_tf_adj_") :]: c for c in frame_out.columns if c.startswith("bf_tf_adj_")}
    lefts, rights = (list(map(int, frame_out[c].tolist())) for c in ("unique_id_l", "unique_id_r"))
    # per pair: probability, weight, then (Bayes factor, term-frequency factor) per comparison in _LEVELS order
    values: list[Iterable[float]] = [
        list(map(float, frame_out[c].tolist())) for c in ("match_probability", "match_weight")
    ]
    for c in _LEVELS:
        values.append(list(map(float, frame_out[f"bf_{c}"].tolist())))
        values.append([float(v or 1.0) for v in frame_out[tf_cols[c]].tolist()] if c in tf_cols else repeat(1.0))
    # pairs with the same factors share one (immutable) evidence object: ~5,000 distinct among ~340,000 pairs
    shared: dict[tuple[float, ...], PairEvidence] = {}
    out: list[tuple[int, int, PairEvidence]] = []
    # the inner zip is not strict: the factor of comparisons without term frequencies is repeat(1.0)
    for a, b, key in zip(lefts, rights, zip(*values, strict=False), strict=True):
        ev = shared.get(key)
        if ev is None:
            ev = shared[key] = PairEvidence(key[0], key[1], _fields(tuple(zip(key[2::2], key[3::2], strict=True))))
        out.append((a, b, ev))
    predictions.drop_table_from_database_and_remove_from_cache()
    return out
