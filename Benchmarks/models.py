#!/usr/bin/env python3
"""Benchmarks/models: the data and the onnxruntime side of the checkpoint-scoring benchmark.

    models.py prepare DIR            writes DIR/rows.csv (143 symbols x 954 hourly rows, 23
                                     features: 133,133 windows of 24 x 23) and DIR/<name>.onnx for
                                     gru (hidden 64, torch's linear_before_reset 1), lstm (2 layers,
                                     hidden 64) and mlp (flattened window, 552 -> 128 -> 1), with
                                     seeded random weights, opset 17, torch's node patterns
    models.py ort DIR NAME THREADS   scores every window with onnxruntime (intra_op threads =
                                     THREADS, batches of 4096), prints the best of 3 timed runs
                                     (wall; and CPU time with spinning off), writes DIR/<NAME>.ort.csv

Needs onnx, onnxruntime, numpy (python3 -m venv /tmp/onnxvenv && /tmp/onnxvenv/bin/pip install onnx
onnxruntime numpy).
"""
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

SYMBOLS, ROWS, T, F, H = 143, 954, 24, 23, 64
FEATURES = [f"f{k:02d}" for k in range(F)]


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def save(nodes, inits, path, rng):
    graph = helper.make_graph(nodes, "bench", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", T, F])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 1])], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="folio-bench")
    m.ir_version = 8
    helper.set_model_props(m, {"features": ",".join(FEATURES), "window": str(T)})
    onnx.save_model(m, path)


def prepare(folder):
    rng = np.random.default_rng(7)
    w = lambda *shape: (rng.standard_normal(shape) * 0.15).astype(np.float32)
    save([helper.make_node("Transpose", ["input"], ["xt"], perm=[1, 0, 2], name="/Transpose"),
          helper.make_node("GRU", ["xt", "W", "R", "B"], ["y", "yh"], hidden_size=H, linear_before_reset=1, name="/gru/GRU"),
          helper.make_node("Squeeze", ["yh", "zero"], ["h"], name="/Squeeze"),
          helper.make_node("Gemm", ["h", "fw", "fb"], ["logit"], transB=1, name="/fc/Gemm"),
          helper.make_node("Sigmoid", ["logit"], ["output"], name="/Sigmoid")],
         [tensor("W", w(1, 3 * H, F)), tensor("R", w(1, 3 * H, H)), tensor("B", w(1, 6 * H)),
          tensor("zero", np.array([0], np.int64)), tensor("fw", w(1, H)), tensor("fb", w(1))], f"{folder}/gru.onnx", rng)
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
          tensor("fw", w(1, H)), tensor("fb", w(1))], f"{folder}/lstm.onnx", rng)
    save([helper.make_node("Flatten", ["input"], ["flat"], axis=1, name="/Flatten"),
          helper.make_node("Gemm", ["flat", "w1", "b1"], ["h1"], transB=1, name="/fc1/Gemm"),
          helper.make_node("Relu", ["h1"], ["r1"], name="/Relu"),
          helper.make_node("Gemm", ["r1", "w2", "b2"], ["logit"], transB=1, name="/fc2/Gemm"),
          helper.make_node("Sigmoid", ["logit"], ["output"], name="/Sigmoid")],
         [tensor("w1", w(128, T * F)), tensor("b1", w(128)), tensor("w2", w(1, 128)), tensor("b2", w(1))],
         f"{folder}/mlp.onnx", rng)
    start = np.datetime64("2024-01-01T00:00:00")
    with open(f"{folder}/rows.csv", "w") as f:
        f.write("symbol,timestamp," + ",".join(FEATURES) + "\n")
        for s in range(SYMBOLS):
            values = rng.standard_normal((ROWS, F)).astype(np.float32)
            for r in range(ROWS):
                stamp = str(start + np.timedelta64(r, "h")) + "Z"
                f.write(f"S{s:03d},{stamp}," + ",".join(repr(float(v)) for v in values[r]) + "\n")


def windows(folder):
    data = np.loadtxt(f"{folder}/rows.csv", delimiter=",", skiprows=1, usecols=range(2, 2 + F), dtype=np.float32)
    data = data.reshape(SYMBOLS, ROWS, F)
    view = np.lib.stride_tricks.sliding_window_view(data, T, axis=1)  # [S, ROWS-T+1, F, T]
    return np.ascontiguousarray(view.transpose(0, 1, 3, 2).reshape(-1, T, F))


def score(folder, name, threads):
    x = windows(folder)
    results = {}
    for spinning in ("1", "0"):
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Spinning (the default) is onnxruntime's fastest setting; it also burns CPU while
        # waiting, so CPU time is compared with spinning off.
        options.add_session_config_entry("session.intra_op.allow_spinning", spinning)
        session = ort.InferenceSession(f"{folder}/{name}.onnx", options, providers=["CPUExecutionProvider"])
        best = (float("inf"), float("inf"))
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            out = np.concatenate([session.run(None, {"input": x[k:k + 4096]})[0] for k in range(0, len(x), 4096)])
            best = min(best, (time.perf_counter() - t0, time.process_time() - c0))
        results[spinning] = best
    print(f"{name}\twindows={len(x)}\tort_seconds={results['1'][0]:.3f}\tort_cpu_nospin={results['0'][1]:.3f}"
          f"\tort_seconds_nospin={results['0'][0]:.3f}")
    with open(f"{folder}/{name}.ort.csv", "w") as f:
        for value in out.reshape(-1):
            f.write(f"{float(value)!r}\n")


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2])
    else:
        score(sys.argv[2], sys.argv[3], int(sys.argv[4]))
