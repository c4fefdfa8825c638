"""Fast path: MiniLM as an int8 ONNX graph on onnxruntime, tokenised with ``tokenizers``. No torch.

The graph is built at set-up by ``scripts/build_onnx.py`` from the installed MiniLM package and written to
``boundarywatch/models/`` (gitignored). It computes mean pooling and L2 normalisation itself, so :meth:`encode`
returns the same kind of vectors as the torch reference (cosine agreement ~0.99, see docs/performance.md).

Throughput comes from int8 weights (dynamic quantisation, per channel), fused attention/LayerNorm/GELU kernels,
no padding, parallel runs on every core, and exact de-duplication (a text seen in the same call or recently is
encoded once; message stores repeat "ok", "thanks", "see you Tuesday" a lot).

**Vectors never depend on the neighbours of a text.** Dynamic int8 quantisation picks one activation scale per
run over the whole input tensor, so a text batched with a long neighbour (and its padding) gets a different
vector (cosine down to 0.97 against the same text alone). A flag must not appear or vanish because of what else
was in the batch, and the Spark job must agree with the local scan, so by default each text runs alone
(``batch_size=1``), unpadded; texts are spread over ``threads`` concurrent runs instead. That costs about 13%
of throughput per core compared with padded batches of 32. ``batch_size > 1`` enables length-bucketed batches
(sorted by token count, padded per batch, capped by ``token_budget``), which is safe for float32 graphs only.
"""

from __future__ import annotations

import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from boundarywatch.errors import ModelError

__all__ = ["MANIFEST_PATH", "MODEL_PATH", "RECIPE", "TOKENIZER_PATH", "OnnxEncoder"]

MODELS_DIR = Path(os.environ.get("BOUNDARYWATCH_MODELS_DIR", Path(__file__).resolve().parents[2] / "models"))
MODEL_PATH = MODELS_DIR / "minilm-int8.onnx"
TOKENIZER_PATH = MODELS_DIR / "minilm-tokenizer.json"
MANIFEST_PATH = MODELS_DIR / "minilm-int8.json"

#: how the graph is built; a change here makes scripts/build_onnx.py rebuild
RECIPE: dict[str, object] = {"version": 2, "fuse": True, "per_channel": True, "quantize_embeddings": False,
                             "skip_layer_norm": False, "bias_gelu": False}

#: onnxruntime fusions that must not run at load time: their CPU kernels are slower than the unfused ops at
#: our sizes (see scripts/build_onnx.py), and the graph is built without them
DISABLED_FUSIONS = ("SkipLayerNormFusion", "BiasGeluFusion")

#: same limit as the reference (sentence-transformers ``max_seq_length``), so long texts agree too
MAX_TOKENS = 256


class OnnxEncoder:
    """all-MiniLM-L6-v2, int8 ONNX on onnxruntime: L2-normalised float32 mean-pooled embeddings.

    ``threads`` (default ``$BOUNDARYWATCH_THREADS`` or the CPU count) concurrent single-threaded runs share one
    session. ``batch_size``/``token_budget`` enable length-bucketed batches (see the module docstring: not
    batch-invariant with int8). ``cache_size`` bounds the LRU cache of recent texts (0 disables it; 16,384 vectors
    take 25 MB); identical texts get identical vectors whether cached or not.
    """

    name = "minilm-onnx-int8"
    dim = 384

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        *,
        threads: int | None = None,
        batch_size: int = 1,
        token_budget: int = 1024,
        max_length: int = MAX_TOKENS,
        cache_size: int = 16384,
    ) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError("the onnx encoder needs the [embed] extra (onnxruntime, tokenizers)") from exc
        path = Path(model_path) if model_path else MODEL_PATH
        if not path.exists():
            raise ModelError(f"{path} is missing; build it with: python scripts/build_onnx.py")
        tok_path = path.with_name(TOKENIZER_PATH.name) if model_path else TOKENIZER_PATH
        if not tok_path.exists():  # fall back to the model package's own tokenizer
            from boundarywatch.detect.encoders.base import minilm_model_dir

            tok_path = minilm_model_dir() / "tokenizer.json"
        self._tokenizer = Tokenizer.from_file(str(tok_path))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=max_length)
        self._threads = max(1, threads or int(os.environ.get("BOUNDARYWATCH_THREADS", 0)) or os.cpu_count() or 1)
        self._batch = max(1, batch_size)
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # one text per run is too small to split across cores; parallelise across texts instead
        opts.intra_op_num_threads = 1 if self._batch == 1 else self._threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # onnxruntime builds the session without the GIL: do it in the background while the caller goes on
        # loading lexicons, and wait for it at the first encode (saves ~0.1-0.2 s of a cold start)
        loader = ThreadPoolExecutor(1, thread_name_prefix="boundarywatch-onnx-load")
        self._loading: Future[Any] | None = loader.submit(
            ort.InferenceSession, str(path), sess_options=opts, providers=["CPUExecutionProvider"],
            disabled_optimizers=list(DISABLED_FUSIONS),
        )
        loader.shutdown(wait=False)
        self._session_obj: Any = None
        self._types = True
        self._budget = max(max_length, token_budget)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = max(0, cache_size)
        self._pool: ThreadPoolExecutor | None = None

    @property
    def _session(self) -> Any:
        if self._session_obj is None:
            assert self._loading is not None
            try:
                self._session_obj = self._loading.result()
            except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own exception types
                raise ModelError(f"cannot load the ONNX model: {exc}") from exc
            finally:
                self._loading = None
            self._types = "token_type_ids" in {i.name for i in self._session_obj.get_inputs()}
        return self._session_obj

    @classmethod
    def available(cls) -> bool:
        """True if the runtime libraries are installed and the int8 model has been built."""
        return (
            MODEL_PATH.exists()
            and importlib.util.find_spec("onnxruntime") is not None
            and importlib.util.find_spec("tokenizers") is not None
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return ``(len(texts), 384)`` float32 unit vectors, in input order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        slot: dict[str, int] = {}  # unique uncached text -> row in ``fresh``
        todo: list[str] = []
        where: list[int] = []
        for i, text in enumerate(texts):
            hit = self._cache.get(text) if self._cache_size else None
            if hit is not None:
                out[i] = hit
                self._cache.move_to_end(text)
                continue
            if text not in slot:
                slot[text] = len(todo)
                todo.append(text)
            where.append(i)
        if todo:
            fresh = self._encode_unique(todo)
            out[where] = fresh[[slot[texts[i]] for i in where]]
            if self._cache_size:
                for text, vec in zip(todo[-self._cache_size :], fresh[-self._cache_size :], strict=True):
                    self._cache[text] = vec
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return out

    def _encode_unique(self, texts: list[str]) -> np.ndarray:
        _ = self._session  # wait for the session here, not in the worker threads
        if self._batch == 1:
            return self._encode_singly(texts)
        ids = [e.ids for e in self._tokenizer.encode_batch(texts)]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
        order = np.argsort(lengths, kind="stable")
        start = 0
        while start < len(order):
            # grow the batch while (count x longest) stays within the token budget; lengths ascend
            end = start + 1
            while (
                end < len(order)
                and end - start < self._batch
                and (end - start + 1) * lengths[order[end]] <= self._budget
            ):
                end += 1
            idx = order[start:end]
            out[idx] = self._run([ids[i] for i in idx], int(lengths[idx[-1]]))
            start = end
        return out

    def _encode_singly(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if self._threads == 1 or len(texts) < 2 * self._threads:
            self._run_each(texts, out, range(len(texts)))
            return out
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="boundarywatch-onnx")
        # longest texts first, in small chunks handed out in order, so the threads finish together (no long
        # text left for one thread at the end); each chunk is tokenised in its worker, overlapping the runs
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        chunk = max(1, min(8, len(texts) // (8 * self._threads)))
        parts = [order[k : k + chunk] for k in range(0, len(order), chunk)]
        for _ in self._pool.map(partial(self._run_each, texts, out), parts):
            pass
        return out

    def _run_each(self, texts: list[str], out: np.ndarray, rows: Sequence[int]) -> None:
        """Tokenise ``texts[i]`` for ``i`` in ``rows`` and write each one's vector, run alone, to ``out[i]``."""
        for i, enc in zip(rows, self._tokenizer.encode_batch([texts[i] for i in rows]), strict=True):
            seq = enc.ids
            out[i] = self._run([seq], len(seq))[0]

    def _run(self, batch: list[list[int]], width: int) -> np.ndarray:
        input_ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, seq in enumerate(batch):
            input_ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        feed: dict[str, Any] = {"input_ids": input_ids, "attention_mask": mask}
        session = self._session
        if self._types:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        (vecs,) = session.run(["sentence_embedding"], feed)
        vecs = np.asarray(vecs, dtype=np.float32)
        # the graph normalises already; renormalise so rows are unit length to float32 precision
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.maximum(norms, 1e-12)
