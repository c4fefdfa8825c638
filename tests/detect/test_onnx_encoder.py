"""The torch-free int8 encoder: agreement with the torch reference, no torch at run time, batch invariance."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from boundarywatch.detect.encoders.onnx import OnnxEncoder

pytestmark = pytest.mark.skipif(
    not OnnxEncoder.available(), reason="int8 model not built (python scripts/build_onnx.py)"
)

# synthetic, varied registers: session speech, texting, e-mail, non-native, near misses, edge cases
SENTENCES = [
    "So last time we left off with the, um, the conversation with your sister. How did that go?",
    "I brought you something, it's a scarf from my cousin's shop.",
    "Oh my goodness, it's gorgeous, thank you, I'll wear it out of here today.",
    "Can I pay for today and last week together? I forgot my card.",
    "lol ok see u there",
    "thx 🙏🙏",
    "ok",
    "Sure!",
    "?",
    "Would you like to come to my daughter's wedding in June? It would mean a lot.",
    "I'm not comfortable accepting that, but I'd like to understand what it means to you.",
    "Dear Dr. Lee, I hope this finds you well. I wanted to ask whether we could move Thursday to 4pm. Best, Sam",
    "My boss keeps hitting on me at work and I don't know what to do.",
    "Let's keep this between us, nobody at the clinic needs to know.",
    "He make me very angry yesterday, I am not sleep all the night.",
    "CAN WE MEET FOR COFFEE AFTER??",
    "Please sign the release for your GP and I'll fax it on Monday.",
    "I could help you with your taxes, I'm an accountant after all, no charge.",
    "Could you write a review for my practice on Google? It helps a lot.",
    "We could grab a drink sometime, not as therapist and client, just as friends.",
    " ".join(["This is a long message that goes on and on about the week and the family."] * 25),
]


@pytest.fixture(scope="module")
def encoder() -> OnnxEncoder:
    return OnnxEncoder()


def test_shape_dtype_and_unit_length(encoder: OnnxEncoder) -> None:
    vecs = encoder.encode(SENTENCES)
    assert vecs.shape == (len(SENTENCES), 384)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)
    assert encoder.name == "minilm-onnx-int8" and encoder.dim == 384


def test_batched_equals_one_by_one(encoder: OnnxEncoder) -> None:
    batched = OnnxEncoder(cache_size=0, threads=2).encode(SENTENCES)
    single = np.stack([OnnxEncoder(cache_size=0, threads=1).encode([s])[0] for s in SENTENCES])
    np.testing.assert_array_equal(batched, single)


def test_order_duplicates_and_cache_do_not_change_vectors(encoder: OnnxEncoder) -> None:
    plain = OnnxEncoder(cache_size=0).encode(SENTENCES)
    shuffled = list(reversed(SENTENCES)) + SENTENCES[:5]
    cached = OnnxEncoder(cache_size=8)
    cached.encode(SENTENCES[:10])
    again = cached.encode(shuffled)
    np.testing.assert_array_equal(again[: len(SENTENCES)], plain[::-1])
    np.testing.assert_array_equal(again[len(SENTENCES) :], plain[:5])


def test_bucketed_batches_stay_close(encoder: OnnxEncoder) -> None:
    """Padded int8 batches are *not* bit-identical (per-run activation scale); they stay close in meaning."""
    single = OnnxEncoder(cache_size=0).encode(SENTENCES)
    bucketed = OnnxEncoder(cache_size=0, batch_size=8, token_budget=512).encode(SENTENCES)
    assert float(np.sum(single * bucketed, axis=1).min()) > 0.95


def test_agreement_with_torch_reference(encoder: OnnxEncoder) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    from boundarywatch.detect.encoders.torch import TorchEncoder

    ref = TorchEncoder().encode(SENTENCES)
    cos = np.sum(ref * encoder.encode(SENTENCES), axis=1)
    assert float(cos.mean()) >= 0.98
    assert float(cos.min()) >= 0.93
    # nearest neighbours agree: the closest other sentence is the same under both encoders
    sim_ref = ref @ ref.T
    sim_fast = encoder.encode(SENTENCES) @ encoder.encode(SENTENCES).T
    np.fill_diagonal(sim_ref, -1)
    np.fill_diagonal(sim_fast, -1)
    same = np.mean(sim_ref.argmax(axis=1) == sim_fast.argmax(axis=1))
    assert same >= 0.9


def test_import_and_encode_do_not_import_torch() -> None:
    code = textwrap.dedent(
        """
        import sys
        import boundarywatch.detect.encoders.onnx as m
        from boundarywatch.detect.encoders import load_encoder
        enc = load_encoder("onnx")
        assert enc.encode(["hello there", "see you Tuesday"]).shape == (2, 384)
        bad = sorted(k for k in sys.modules if k == "torch" or k.startswith(("torch.", "sentence_transformers",
                                                                             "transformers")))
        print(",".join(bad))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_graph_and_session_leave_out_the_slow_fused_kernels(tmp_path) -> None:
    """SkipLayerNormalization and BiasGelu are slower on CPU than the ops they fuse (see build_onnx.py): the
    built graph has none, and loading it with the encoder's disabled fusions does not put them back."""
    import onnx
    import onnxruntime as ort

    from boundarywatch.detect.encoders.onnx import DISABLED_FUSIONS, MODEL_PATH

    slow = {"SkipLayerNormalization", "BiasGelu"}
    assert not slow & {n.op_type for n in onnx.load(str(MODEL_PATH)).graph.node}
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.optimized_model_filepath = str(tmp_path / "optimized.onnx")
    ort.InferenceSession(str(MODEL_PATH), sess_options=opts, providers=["CPUExecutionProvider"],
                         disabled_optimizers=list(DISABLED_FUSIONS))
    loaded = {n.op_type for n in onnx.load(str(tmp_path / "optimized.onnx")).graph.node}
    assert "LayerNormalization" in loaded
    assert not slow & loaded
    # without the list, onnxruntime would fuse them again at load time, so the list is what keeps them out
    ort.InferenceSession(str(MODEL_PATH), sess_options=opts, providers=["CPUExecutionProvider"])
    assert slow & {n.op_type for n in onnx.load(str(tmp_path / "optimized.onnx")).graph.node}
