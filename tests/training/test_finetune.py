"""The encoder adapter: training is seeded, and what inference merges is exactly what training computed."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from boundarywatch.corpus import load_corpus  # noqa: E402
from boundarywatch.detect.encoders import base as encoders_base  # noqa: E402
from boundarywatch.detect.encoders import minilm_model_dir  # noqa: E402
from boundarywatch.detect.encoders import onnx as onnx_mod  # noqa: E402
from boundarywatch.detect.encoders.adapter import Adapter, adapter_digest  # noqa: E402
from boundarywatch.errors import ModelError  # noqa: E402
from boundarywatch.training.finetune import (  # noqa: E402
    FineTuneConfig,
    _lower_states,
    _pool,
    attach_adapters,
    encode_states,
    finetune,
    rows_of,
)

TINY = FineTuneConfig(epochs=1, batch=8, top_layers=1, rank=2, max_tokens=32)
TEXTS = ["Would you mind grabbing me a latte?", "Sure!", "I keep social media separate from our work.", "ok"]


@pytest.fixture(scope="module")
def tiny_rows():
    convs = load_corpus(splits=("train",))[:4]
    return rows_of(convs)


@pytest.fixture(scope="module")
def trained(tiny_rows):
    return finetune(tiny_rows, TINY, minilm_model_dir(), threads=1)


def _bert():
    from transformers import AutoModel, AutoTokenizer

    d = str(minilm_model_dir())
    return AutoTokenizer.from_pretrained(d), AutoModel.from_pretrained(d, attn_implementation="eager").eval()


def _embed(tok, bert, texts):
    enc = tok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        return _pool(torch, bert(**enc).last_hidden_state, enc["attention_mask"]).numpy()


def test_rows_carry_role_context_and_targets(tiny_rows):
    assert tiny_rows[0].prev is None and all(r.prev is not None for r in tiny_rows[1:3])
    labelled = [r for r in tiny_rows if r.y_cat.any()]
    assert labelled and all(r.y_kind > 0 for r in labelled)
    assert all(r.y_kind == 0 for r in tiny_rows if not r.y_cat.any())


def test_rows_carry_the_wide_context_of_the_recognizer(tiny_rows):
    from boundarywatch.detect.learned import contexts

    convs = load_corpus(splits=("train",))[:4]
    expected = [(c.turn.text, c.prev.text if c.prev else None, c.prev2.text if c.prev2 else None,
                 c.next.text if c.next else None, c.next.role if c.next else None)
                for conv in convs for c in contexts(conv.document())]
    assert [(r.text, r.prev, r.prev2, r.next, r.next_role) for r in tiny_rows] == expected
    assert any(r.prev2 for r in tiny_rows) and any(r.next is None for r in tiny_rows)


def test_training_features_are_those_the_recognizer_scores(tiny_rows):
    from boundarywatch.detect.learned import context_features, contexts
    from boundarywatch.testing import FakeEncoder
    from boundarywatch.training.finetune import batch_features

    convs = load_corpus(splits=("train",))[:4]
    texts = sorted({u.text for conv in convs for u in conv.document().utterances})
    emb = dict(zip(texts, FakeEncoder().encode(texts), strict=True))
    want = context_features([c for conv in convs for c in contexts(conv.document())], emb, wide=True)
    got = batch_features(torch, tiny_rows, lambda t: torch.from_numpy(emb[t]), 384).numpy()
    np.testing.assert_array_equal(got, want)


def test_training_is_seeded(tiny_rows, trained):
    again, _, _ = finetune(tiny_rows, TINY, minilm_model_dir(), threads=1)
    adapter = trained[0]
    assert adapter.weights.keys() == again.weights.keys()
    for name, (a, b) in adapter.weights.items():
        np.testing.assert_array_equal(a, again.weights[name][0])
        np.testing.assert_array_equal(b, again.weights[name][1])


def test_adapter_touches_only_the_top_layers_and_learns_something(trained):
    adapter = trained[0]
    assert {n.split(".")[2] for n in adapter.weights} == {"5"}  # top_layers=1 of 6
    assert any(np.abs(b).max() > 0 for _, b in adapter.weights.values())  # B starts at zero


def test_merged_weights_compute_what_training_computed(trained, tmp_path):
    adapter = trained[0]
    tok, wrapped = _bert()
    mods = attach_adapters(torch, wrapped, adapter.manifest["rank"], adapter.manifest["alpha"], first=5)
    with torch.no_grad():
        for name, m in mods.items():
            m.A.copy_(torch.from_numpy(adapter.weights[name][0]))
            m.B.copy_(torch.from_numpy(adapter.weights[name][1]))
    path = adapter.save(tmp_path / "adapter.npz")
    _, merged = _bert()
    Adapter.load(path).merge_into(merged)
    _, plain = _bert()
    a, b, c = _embed(tok, wrapped, TEXTS), _embed(tok, merged, TEXTS), _embed(tok, plain, TEXTS)
    np.testing.assert_allclose(a, b, atol=2e-5)
    assert not np.allclose(a, c, atol=1e-4)


def test_merge_rejects_an_adapter_for_another_model():
    _, bert = _bert()
    wrong = Adapter({"encoder.layer.0.attention.self.query": (np.zeros((2, 10), np.float32),
                                                             np.zeros((384, 2), np.float32))}, 1.0, {})
    with pytest.raises(ModelError, match="does not fit"):
        wrong.merge_into(bert)
    missing = Adapter({"encoder.layer.9.output.dense": (np.zeros((2, 1536), np.float32),
                                                        np.zeros((384, 2), np.float32))}, 1.0, {})
    with pytest.raises(ModelError, match="lacks"):
        missing.merge_into(bert)


def test_unreadable_adapter_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "adapter.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="adapter.npz: unreadable encoder adapter"):
        Adapter.load(bad)


def test_an_onnx_graph_built_for_another_adapter_is_never_used(tmp_path, monkeypatch):
    model, manifest, adapter = tmp_path / "m.onnx", tmp_path / "m.json", tmp_path / "adapter.npz"
    model.write_bytes(b"graph")
    Adapter({}, 1.0, {"x": 1}).save(adapter)
    monkeypatch.setattr(onnx_mod, "MODEL_PATH", model)
    monkeypatch.setattr(onnx_mod, "MANIFEST_PATH", manifest)
    monkeypatch.setattr("boundarywatch.detect.encoders.adapter.ADAPTER_PATH", adapter)
    manifest.write_text(json.dumps({"adapter": adapter_digest(adapter)}))
    assert encoders_base.onnx_stale() is None
    manifest.write_text(json.dumps({"adapter": "0123456789abcdef"}))
    assert "built for adapter 0123456789abcdef" in encoders_base.onnx_stale()
    with pytest.raises(ModelError, match="rebuild it with"):
        encoders_base.load_encoder("onnx")


def test_heads_refuse_an_encoder_adapter_they_were_not_trained_with(tmp_path, monkeypatch):
    from boundarywatch.detect.learned import EmbeddingRecognizer, LearnedModel

    other = tmp_path / "adapter.npz"
    Adapter({}, 1.0, {"x": 2}).save(other)
    monkeypatch.setattr("boundarywatch.detect.encoders.adapter.ADAPTER_PATH", other)
    real = LearnedModel.load()
    monkeypatch.setattr(LearnedModel, "load", classmethod(lambda cls, path=None: real))
    with pytest.raises(ModelError, match="trained with encoder adapter"):
        EmbeddingRecognizer(encoder="auto").load()


def test_heads_trained_on_an_encoder_without_an_adapter_name_record_the_packaged_adapter(tmp_path):
    """The ONNX graph in use always carries the packaged adapter, so heads fitted on it must say so."""
    from boundarywatch.detect.learned import LearnedModel
    from boundarywatch.testing import FakeEncoder
    from boundarywatch.training.train import train_model

    out = tmp_path / "learned.npz"
    train_model(FakeEncoder(), splits=("train",), epochs=1, finetune_encoder=False, out=out)
    manifest = LearnedModel.load(out).manifest
    assert manifest["adapter"] == adapter_digest() and manifest["adapter"] is not None
    assert manifest["adapter_training"] is None


LENGTHS = ["ok", "Sure!", "Would you mind grabbing me a latte on your way in next week?",
           "I keep social media separate from our work, and I'd like to understand what it means to you.",
           "hmm", "Could we meet at the park instead of the office on Thursday?"]


@pytest.mark.parametrize("buckets", [1, 2, 3, 4, 6, 10])
def test_length_buckets_give_the_vectors_of_one_padded_batch(buckets):
    """Grouping texts by length changes only the padding: each text's vector is the same, in the same order."""
    tok, bert = _bert()
    lower, original = _lower_states(torch, tok, bert, 4, LENGTHS, 64)
    states = [lower[t] for t in LENGTHS]
    with torch.no_grad():
        got = encode_states(torch, bert.encoder.layer[4:], states, 384, buckets)
        one = encode_states(torch, bert.encoder.layer[4:], states, 384, 1)
    assert torch.allclose(got, one, atol=1e-5)
    want = torch.stack([original[t] for t in LENGTHS])
    assert got.shape == want.shape
    assert torch.allclose(got, want, atol=2e-3)  # lower states are kept in float16
    assert [int(i) for i in (got @ want.T).argmax(1)] == list(range(len(LENGTHS)))


def test_length_buckets_are_recorded_in_the_adapter_manifest(tiny_rows):
    adapter, _, _ = finetune(tiny_rows, FineTuneConfig(epochs=1, batch=8, top_layers=1, rank=2, max_tokens=32,
                                                       length_buckets=3), minilm_model_dir(), threads=1)
    assert adapter.manifest["config"]["length_buckets"] == 3
