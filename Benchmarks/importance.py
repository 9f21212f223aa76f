#!/usr/bin/env python3
"""Benchmarks/importance: the three checkpoints at the demo's shapes, with seeded random weights.

    importance.py DIR    writes DIR/mlp.onnx (flattened 24 x 23 window, 552 -> 128 -> 128 -> 1),
                         DIR/lstm.onnx (2 layers, hidden 64) and DIR/gru.onnx (hidden 64,
                         linear_before_reset 1), opset 17, torch's node patterns, features f00..f22

Needs onnx and numpy (python3 -m venv /tmp/impvenv && /tmp/impvenv/bin/pip install onnx onnxruntime
numpy scikit-learn).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

T, F, H = 24, 23, 64
FEATURES = [f"f{k:02d}" for k in range(F)]


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def save(nodes, inits, path):
    graph = helper.make_graph(nodes, "bench", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", T, F])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 1])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="folio-bench")
    m.ir_version = 8
    helper.set_model_props(m, {"features": ",".join(FEATURES), "window": str(T)})
    onnx.checker.check_model(m)
    onnx.save_model(m, path)


def main(folder):
    rng = np.random.default_rng(13)
    w = lambda *shape: (rng.standard_normal(shape) * 0.15).astype(np.float32)
    save([helper.make_node("Flatten", ["input"], ["flat"], axis=1, name="/Flatten"),
          helper.make_node("Gemm", ["flat", "w1", "b1"], ["h1"], transB=1, name="/fc1/Gemm"),
          helper.make_node("Relu", ["h1"], ["r1"], name="/Relu"),
          helper.make_node("Gemm", ["r1", "w2", "b2"], ["h2"], transB=1, name="/fc2/Gemm"),
          helper.make_node("Relu", ["h2"], ["r2"], name="/Relu_1"),
          helper.make_node("Gemm", ["r2", "w3", "b3"], ["logit"], transB=1, name="/fc3/Gemm"),
          helper.make_node("Sigmoid", ["logit"], ["output"], name="/Sigmoid")],
         [tensor("w1", w(128, T * F)), tensor("b1", w(128)), tensor("w2", w(128, 128)), tensor("b2", w(128)),
          tensor("w3", w(1, 128)), tensor("b3", w(1))], f"{folder}/mlp.onnx")
    save([helper.make_node("Transpose", ["input"], ["xt"], perm=[1, 0, 2], name="/Transpose"),
          helper.make_node("LSTM", ["xt", "W0", "R0", "B0"], ["y0", "", ""], hidden_size=H, name="/lstm/LSTM"),
          helper.make_node("Squeeze", ["y0", "one"], ["s0"], name="/lstm/Squeeze"),
          helper.make_node("LSTM", ["s0", "W1", "R1", "B1"], ["y1", "", ""], hidden_size=H, name="/lstm/LSTM_1"),
          helper.make_node("Squeeze", ["y1", "one"], ["s1"], name="/lstm/Squeeze_1"),
          helper.make_node("Gather", ["s1", "last"], ["h"], axis=0, name="/Gather"),
          helper.make_node("Gemm", ["h", "fw", "fb"], ["logit"], transB=1, name="/fc/Gemm"),
          helper.make_node("Sigmoid", ["logit"], ["output"], name="/Sigmoid")],
         [tensor("W0", w(1, 4 * H, F)), tensor("R0", w(1, 4 * H, H)), tensor("B0", w(1, 8 * H)),
          tensor("W1", w(1, 4 * H, H)), tensor("R1", w(1, 4 * H, H)), tensor("B1", w(1, 8 * H)),
          tensor("one", np.array([1], np.int64)), tensor("last", np.array(-1, np.int64)),
          tensor("fw", w(1, H)), tensor("fb", w(1))], f"{folder}/lstm.onnx")
    save([helper.make_node("Transpose", ["input"], ["xt"], perm=[1, 0, 2], name="/Transpose"),
          helper.make_node("GRU", ["xt", "W", "R", "B"], ["y", "yh"], hidden_size=H, linear_before_reset=1, name="/gru/GRU"),
          helper.make_node("Squeeze", ["yh", "zero"], ["h"], name="/Squeeze"),
          helper.make_node("Gemm", ["h", "fw", "fb"], ["logit"], transB=1, name="/fc/Gemm"),
          helper.make_node("Sigmoid", ["logit"], ["output"], name="/Sigmoid")],
         [tensor("W", w(1, 3 * H, F)), tensor("R", w(1, 3 * H, H)), tensor("B", w(1, 6 * H)),
          tensor("zero", np.array([0], np.int64)), tensor("fw", w(1, H)), tensor("fb", w(1))], f"{folder}/gru.onnx")


if __name__ == "__main__":
    main(sys.argv[1])
