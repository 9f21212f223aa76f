#!/usr/bin/env python3
"""Builds the ONNX fixtures of FolioModelsTests and their expected outputs from onnxruntime.

Recipe (the outputs are committed, so the tests need no Python):

    python3 -m venv /tmp/onnxvenv && /tmp/onnxvenv/bin/pip install onnx onnxruntime numpy
    /tmp/onnxvenv/bin/python Tests/FolioModelsTests/Fixtures/generate.py

Seen with onnx 1.23.2, onnxruntime 1.32.0, numpy 2.4.6. torch is too big to install here, so
the whole models are built with onnx.helper in the node patterns torch.onnx.export emits at
opset 17 (batch-first LSTM/GRU: Transpose -> LSTM/GRU(W, R, B) -> Squeeze -> last step by
Gather or Slice -> Gemm -> Sigmoid; MLP: Flatten -> Gemm -> Relu -> Gemm -> Sigmoid).

Writes, beside this script:
  ops/<case>.onnx          one operator (or a small pattern) per model
  models/<name>/model.onnx whole classifiers, with metadata features/window, some with scaler.json
  bad/...                  models folio must refuse with a clear error
  scoring/rows.csv         rows of three symbols, shuffled rows and columns, one NaN feature
  expected.json            inputs and onnxruntime's outputs of every case, and the expected
                           scores of every model on scoring/rows.csv (windows built here, in numpy)
"""
import json
import os
import pickle
import shutil

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261205)
F32 = TensorProto.FLOAT
I64 = TensorProto.INT64
INT64_MAX = 9223372036854775807


def floats(shape, scale=1.0):
    return (RNG.standard_normal(shape) * scale).astype(np.float32)


def raw(name, array):
    """An initializer with raw_data (what torch writes)."""
    return numpy_helper.from_array(np.asarray(array), name)


def typed(name, array):
    """An initializer with the typed fields (float_data, int64_data, double_data, ...)."""
    array = np.asarray(array)
    kind = {np.dtype(np.float32): F32, np.dtype(np.int64): I64, np.dtype(np.int32): TensorProto.INT32,
            np.dtype(np.float64): TensorProto.DOUBLE}[array.dtype]
    return helper.make_tensor(name, kind, array.shape, array.flatten().tolist(), raw=False)


def model(nodes, inputs, outputs, initializers=(), opset=17, metadata=None, name="g"):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="folio-fixtures")
    m.ir_version = 8
    if metadata:
        helper.set_model_props(m, metadata)
    # The checker wants output shapes; most cases leave them to the operator (onnxruntime
    # still validates every model when it loads it).
    if all(o.type.tensor_type.HasField("shape") for o in graph.output):
        onnx.checker.check_model(m)
    return m


def value(name, shape, kind=F32):
    return helper.make_tensor_value_info(name, kind, shape)


def run(m, feeds):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(m.SerializeToString(), options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(None, feeds)))


def encode(array):
    array = np.asarray(array)
    dtype = {np.dtype(np.float32): "float", np.dtype(np.int64): "int64", np.dtype(np.bool_): "bool"}[array.dtype]
    data = array.flatten().tolist()
    if dtype == "float":
        data = [float(x) for x in data]
    return {"shape": list(array.shape), "dtype": dtype, "data": data}


cases = []


def case(name, m, feeds, folder="ops"):
    path = os.path.join(folder, name + ".onnx") if folder == "ops" else os.path.join(folder, "model.onnx")
    os.makedirs(os.path.join(HERE, os.path.dirname(path)), exist_ok=True)
    onnx.save_model(m, os.path.join(HERE, path))
    outputs = run(m, feeds)
    cases.append({
        "name": name,
        "model": path,
        "inputs": {k: encode(v) for k, v in feeds.items()},
        "outputs": {k: encode(v) for k, v in outputs.items()},
    })
    return outputs


def single(name, op, x, inits=(), attrs=None, extra_inputs=(), out_shape=None, opset=17, outputs=("y",), out_kind=F32):
    """One node reading graph input x (and initializers), one or more outputs."""
    node = helper.make_node(op, ["x", *extra_inputs], list(outputs), name=f"{op.lower()}_node", **(attrs or {}))
    m = model([node], [value("x", list(x.shape))], [value(o, None, out_kind) for o in outputs], inits, opset=opset)
    case(name, m, {"x": x})


# ---------------------------------------------------------------------------------------
# Each operator alone.

single("gemm", "Gemm", floats([4, 3]), [raw("B", floats([5, 3])), raw("C", floats([5]))], {"transB": 1, "alpha": 0.7, "beta": 1.3}, ["B", "C"])
single("gemm_transA_column_bias", "Gemm", floats([3, 4]), [typed("B", floats([3, 5])), typed("C", floats([4, 1]))], {"transA": 1}, ["B", "C"], opset=13)
single("gemm_no_bias", "Gemm", floats([6, 3]), [raw("B", floats([3, 2]))], {}, ["B"])
single("matmul_3d_by_2d", "MatMul", floats([2, 3, 4]), [raw("W", floats([4, 5]))], extra_inputs=["W"])
single("matmul_batched", "MatMul", floats([2, 3, 4]), [raw("W", floats([2, 4, 5]))], extra_inputs=["W"], opset=20)
single("matmul_broadcast_batch", "MatMul", floats([3, 4]), [raw("W", floats([2, 4, 5]))], extra_inputs=["W"])
single("matmul_vector", "MatMul", floats([4]), [raw("W", floats([4, 5]))], extra_inputs=["W"])
single("add_broadcast", "Add", floats([2, 3, 4]), [raw("B", floats([3, 1]))], extra_inputs=["B"])
single("sub_broadcast", "Sub", floats([2, 3, 4]), [raw("B", floats([4]))], extra_inputs=["B"], opset=14)
single("mul_broadcast", "Mul", floats([2, 3, 4]), [raw("B", floats([2, 1, 4]))], extra_inputs=["B"])
single("div_broadcast", "Div", floats([2, 3, 4]), [raw("B", (np.abs(floats([1, 3, 1])) + 0.5).astype(np.float32))], extra_inputs=["B"])
wide = np.concatenate([np.linspace(-20, 20, 141, dtype=np.float32), floats([59], 3)]).reshape(4, 50)
single("relu", "Relu", wide)
single("sigmoid", "Sigmoid", wide)
single("tanh", "Tanh", wide, opset=13)
single("softmax_last_axis", "Softmax", floats([4, 6], 3))
single("softmax_axis_1", "Softmax", floats([2, 3, 4], 3), attrs={"axis": 1})
single("flatten_axis_1", "Flatten", floats([2, 3, 4]))
single("flatten_axis_2", "Flatten", floats([2, 3, 4]), attrs={"axis": 2})
single("flatten_axis_0", "Flatten", floats([2, 3, 4]), attrs={"axis": 0})
single("reshape_zero_and_minus_one", "Reshape", floats([2, 3, 4]), [raw("s", np.array([0, -1], np.int64))], extra_inputs=["s"])
single("reshape_infer_first", "Reshape", floats([2, 3, 4]), [typed("s", np.array([-1, 4], np.int64))], extra_inputs=["s"])
single("reshape_copy_middle", "Reshape", floats([2, 3, 4]), [raw("s", np.array([2, 0, 2, 2], np.int64))], extra_inputs=["s"], opset=19)
single("transpose_perm", "Transpose", floats([2, 3, 4]), attrs={"perm": [1, 0, 2]})
single("transpose_default", "Transpose", floats([2, 3, 4]))
single("transpose_4d", "Transpose", floats([2, 3, 4, 5]), attrs={"perm": [0, 2, 1, 3]})
single("squeeze_axes_input", "Squeeze", floats([2, 1, 4]), [raw("a", np.array([1], np.int64))], extra_inputs=["a"])
single("squeeze_all", "Squeeze", floats([1, 3, 1]))
single("unsqueeze_axes_input", "Unsqueeze", floats([2, 3]), [raw("a", np.array([0, -1], np.int64))], extra_inputs=["a"], opset=18)
single("gather_scalar_last", "Gather", floats([3, 4]), [raw("i", np.array(-1, np.int64))], extra_inputs=["i"])
single("gather_axis_1_matrix", "Gather", floats([2, 3, 4]), [raw("i", np.array([[0, 2], [1, 1]], np.int64))], {"axis": 1}, ["i"])
single("slice_last_step", "Slice", floats([2, 5, 3]),
       [raw("s", np.array([-1], np.int64)), raw("e", np.array([INT64_MAX], np.int64)), raw("a", np.array([1], np.int64))],
       extra_inputs=["s", "e", "a"])
single("slice_steps", "Slice", floats([4, 6, 3]),
       [raw("s", np.array([1, -1], np.int64)), raw("e", np.array([4, -7], np.int64)), raw("a", np.array([0, 1], np.int64)),
        raw("t", np.array([2, -2], np.int64))],
       extra_inputs=["s", "e", "a", "t"])
single("slice_no_axes", "Slice", floats([4, 6]), [raw("s", np.array([1, 2], np.int64)), raw("e", np.array([3, 100], np.int64))],
       extra_inputs=["s", "e"])
single("concat_axis_1", "Concat", floats([2, 3, 4]), [raw("c", floats([2, 2, 4]))], {"axis": 1}, ["c"])
single("concat_negative_axis", "Concat", floats([2, 3]), [raw("c", floats([2, 1]))], {"axis": -1}, ["c"])
single("identity", "Identity", floats([3, 2]))
single("dropout", "Dropout", floats([3, 2]), opset=13)

# Constant, Shape, Cast, and the dynamic reshape torch writes for x.view(x.size(0), -1).
const = helper.make_node("Constant", [], ["k"], name="const", value=numpy_helper.from_array(floats([3]), "k"))
case("constant_add", model([const, helper.make_node("Add", ["x", "k"], ["y"], name="add")],
                           [value("x", [2, 3])], [value("y", None)]), {"x": floats([2, 3])})
const_f = helper.make_node("Constant", [], ["k"], name="const", value_floats=[0.5, -1.5])
case("constant_value_floats", model([const_f, helper.make_node("Mul", ["x", "k"], ["y"], name="mul")],
                                    [value("x", [3, 2])], [value("y", None)]), {"x": floats([3, 2])})
case("shape_cast", model([helper.make_node("Shape", ["x"], ["s"], name="shape"),
                          helper.make_node("Cast", ["s"], ["y"], name="cast", to=F32)],
                         [value("x", [2, 3, 4])], [value("y", None)]), {"x": floats([2, 3, 4])})
case("shape_start_end", model([helper.make_node("Shape", ["x"], ["y"], name="shape", start=1, end=-1)],
                              [value("x", [2, 3, 4, 5])], [value("y", None, I64)], opset=15), {"x": floats([2, 3, 4, 5])})
case("cast_round_trip", model([helper.make_node("Cast", ["x"], ["i"], name="to_int", to=I64),
                               helper.make_node("Cast", ["i"], ["y"], name="to_float", to=F32)],
                              [value("x", [2, 5])], [value("y", None)]), {"x": floats([2, 5], 4)})
dynamic = [
    helper.make_node("Shape", ["x"], ["shape"], name="/Shape"),
    helper.make_node("Constant", [], ["zero"], name="/Constant", value=numpy_helper.from_array(np.array(0, np.int64))),
    helper.make_node("Gather", ["shape", "zero"], ["batch"], name="/Gather", axis=0),
    helper.make_node("Constant", [], ["axes"], name="/Constant_1", value=numpy_helper.from_array(np.array([0], np.int64))),
    helper.make_node("Unsqueeze", ["batch", "axes"], ["batch1"], name="/Unsqueeze"),
    helper.make_node("Constant", [], ["minus"], name="/Constant_2", value=numpy_helper.from_array(np.array([-1], np.int64))),
    helper.make_node("Concat", ["batch1", "minus"], ["target"], name="/Concat", axis=0),
    helper.make_node("Reshape", ["x", "target"], ["y"], name="/Reshape"),
]
case("dynamic_view", model(dynamic, [value("x", ["N", 3, 4])], [value("y", None)]), {"x": floats([2, 3, 4])})


# Recurrent operators alone (layout 0: X is [steps, batch, input]).
def recurrent(name, op, gates, steps, batch, inputs, hidden, direction="forward", bias=True, initial=False,
              peephole=False, lbr=None, opset=17):
    d = 2 if direction == "bidirectional" else 1
    inits = [raw("W", floats([d, gates * hidden, inputs], 0.4)), raw("R", floats([d, gates * hidden, hidden], 0.4))]
    names = ["x", "W", "R"]
    names.append("B" if bias else "")
    if bias:
        inits.append(raw("B", floats([d, 2 * gates * hidden], 0.3)))
    names.append("")  # sequence_lens
    feeds_extra = {}
    if initial:
        inits.append(raw("h0", floats([d, batch, hidden], 0.5)))
        names.append("h0")
        if op == "LSTM":
            inits.append(raw("c0", floats([d, batch, hidden], 0.5)))
            names.append("c0")
    elif peephole:
        names += ["", ""]
    if peephole:
        inits.append(raw("P", floats([d, 3 * hidden], 0.3)))
        names.append("P")
    while names and names[-1] == "":
        names.pop()
    attrs = {"hidden_size": hidden, "direction": direction}
    if lbr is not None:
        attrs["linear_before_reset"] = lbr
    outs = ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else [])
    node = helper.make_node(op, names, outs, name=f"/{op.lower()}/{name}", **attrs)
    m = model([node], [value("x", [steps, "N", inputs])], [value(o, None) for o in outs], inits, opset=opset)
    case(name, m, {"x": floats([steps, batch, inputs]), **feeds_extra})


recurrent("lstm_forward", "LSTM", 4, 5, 3, 4, 6)
recurrent("lstm_reverse", "LSTM", 4, 5, 3, 4, 6, direction="reverse", initial=True)
recurrent("lstm_bidirectional", "LSTM", 4, 4, 2, 3, 5, direction="bidirectional", initial=True, opset=14)
recurrent("lstm_no_bias", "LSTM", 4, 3, 2, 3, 4, bias=False)
recurrent("lstm_peephole", "LSTM", 4, 4, 3, 3, 5, peephole=True)
recurrent("gru_forward_lbr0", "GRU", 3, 5, 3, 4, 6, lbr=0)
recurrent("gru_forward_lbr1", "GRU", 3, 5, 3, 4, 6, lbr=1)
recurrent("gru_reverse_lbr1", "GRU", 3, 5, 3, 4, 6, direction="reverse", lbr=1, initial=True)
recurrent("gru_bidirectional_lbr0", "GRU", 3, 4, 2, 3, 5, direction="bidirectional", lbr=0, initial=True, opset=20)
recurrent("gru_bidirectional_lbr1", "GRU", 3, 4, 2, 3, 5, direction="bidirectional", lbr=1, opset=13)
recurrent("gru_default_lbr_no_bias", "GRU", 3, 3, 2, 3, 4, bias=False)

# ---------------------------------------------------------------------------------------
# Whole classifiers, as torch.onnx.export writes them at opset 17 (batch-first input
# [N, T, F]); feature order and window in metadata_props.

FEATURES = ["f_a", "f_b", "f_c"]
T, F = 4, len(FEATURES)
META = {"features": ",".join(FEATURES), "window": str(T)}


def lstm_weights(prefix, d, inputs, hidden, gates=4):
    return [raw(f"{prefix}.W", floats([d, gates * hidden, inputs], 0.4)),
            raw(f"{prefix}.R", floats([d, gates * hidden, hidden], 0.4)),
            raw(f"{prefix}.B", floats([d, 2 * gates * hidden], 0.2))]


def head(prefix, inputs, outputs=1):
    return [raw(f"{prefix}.weight", floats([outputs, inputs], 0.5)), raw(f"{prefix}.bias", floats([outputs], 0.1))]


def write_scaler(folder, features):
    mean = RNG.standard_normal(len(features)).round(3)
    scale = (np.abs(RNG.standard_normal(len(features))) + 0.5).round(3)
    with open(os.path.join(HERE, folder, "scaler.json"), "w") as f:
        # Keys in another order than the model's features, to test that folio maps by name.
        order = list(reversed(range(len(features))))
        json.dump({"features": [features[k] for k in order], "mean": [float(mean[k]) for k in order],
                   "scale": [float(scale[k]) for k in order]}, f, indent=1)
    return dict(zip(features, zip(mean, scale)))


scalers = {}
whole = {}


def whole_model(name, nodes, inits, output_shape, metadata=META, input_shape=("N", T, F), scaler=False):
    folder = os.path.join("models", name)
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    m = model(nodes, [value("input", list(input_shape))], [value("output", output_shape)], inits, metadata=metadata)
    batch = 7
    shape = [batch] + [s for s in input_shape[1:]]
    case(name, m, {"input": floats(shape)}, folder=folder)
    whole[name] = m
    if scaler:
        scalers[name] = write_scaler(folder, FEATURES)


# MLP on the flattened window (trial 72's shape): Flatten -> Gemm -> Relu -> Gemm -> Sigmoid.
H = 8
whole_model("mlp", [
    helper.make_node("Flatten", ["input"], ["/Flatten_output_0"], name="/Flatten", axis=1),
    helper.make_node("Gemm", ["/Flatten_output_0", "fc1.weight", "fc1.bias"], ["/fc1/Gemm_output_0"], name="/fc1/Gemm", transB=1),
    helper.make_node("Relu", ["/fc1/Gemm_output_0"], ["/Relu_output_0"], name="/Relu"),
    helper.make_node("Gemm", ["/Relu_output_0", "fc2.weight", "fc2.bias"], ["/fc2/Gemm_output_0"], name="/fc2/Gemm", transB=1),
    helper.make_node("Sigmoid", ["/fc2/Gemm_output_0"], ["output"], name="/Sigmoid"),
], head("fc1", T * F, H) + head("fc2", H), ["N", 1], scaler=True)

# Row model [N, F] -> two logits -> Softmax: the score is column 1. Typed (float_data) weights.
whole_model("mlp_rows", [
    helper.make_node("Gemm", ["input", "fc1.weight", "fc1.bias"], ["h"], name="/fc1/Gemm", transB=1),
    helper.make_node("Tanh", ["h"], ["t"], name="/Tanh"),
    helper.make_node("Gemm", ["t", "fc2.weight", "fc2.bias"], ["logits"], name="/fc2/Gemm", transB=1),
    helper.make_node("Softmax", ["logits"], ["output"], name="/Softmax", axis=1),
], [typed("fc1.weight", floats([H, F], 0.5)), typed("fc1.bias", floats([H], 0.1)),
    typed("fc2.weight", floats([2, H], 0.5)), typed("fc2.bias", floats([2], 0.1))],
    ["N", 2], metadata={"features": ",".join(FEATURES)}, input_shape=("N", F))

# Two stacked LSTM layers; last step by Transpose back and Gather(-1, axis 1).
HL = 6
whole_model("lstm2", [
    helper.make_node("Transpose", ["input"], ["/Transpose_output_0"], name="/Transpose", perm=[1, 0, 2]),
    helper.make_node("LSTM", ["/Transpose_output_0", "l0.W", "l0.R", "l0.B"], ["/lstm/LSTM_output_0", "", ""],
                     name="/lstm/LSTM", hidden_size=HL),
    helper.make_node("Squeeze", ["/lstm/LSTM_output_0", "axes1"], ["/lstm/Squeeze_output_0"], name="/lstm/Squeeze"),
    helper.make_node("LSTM", ["/lstm/Squeeze_output_0", "l1.W", "l1.R", "l1.B"], ["/lstm/LSTM_1_output_0", "", ""],
                     name="/lstm/LSTM_1", hidden_size=HL),
    helper.make_node("Squeeze", ["/lstm/LSTM_1_output_0", "axes1"], ["/lstm/Squeeze_1_output_0"], name="/lstm/Squeeze_1"),
    helper.make_node("Transpose", ["/lstm/Squeeze_1_output_0"], ["/Transpose_1_output_0"], name="/Transpose_1", perm=[1, 0, 2]),
    helper.make_node("Gather", ["/Transpose_1_output_0", "last"], ["/Gather_output_0"], name="/Gather", axis=1),
    helper.make_node("Gemm", ["/Gather_output_0", "fc.weight", "fc.bias"], ["/fc/Gemm_output_0"], name="/fc/Gemm", transB=1),
    helper.make_node("Sigmoid", ["/fc/Gemm_output_0"], ["output"], name="/Sigmoid"),
], lstm_weights("l0", 1, F, HL) + lstm_weights("l1", 1, HL, HL) + head("fc", HL)
   + [raw("axes1", np.array([1], np.int64)), raw("last", np.array(-1, np.int64))], ["N", 1], scaler=True)

# Bidirectional LSTM; Y [T, 2, N, H] -> [T, N, 2H] by Transpose + Reshape [0, 0, -1]; last step by Slice.
whole_model("bilstm", [
    helper.make_node("Transpose", ["input"], ["xt"], name="/Transpose", perm=[1, 0, 2]),
    helper.make_node("LSTM", ["xt", "l0.W", "l0.R", "l0.B"], ["y", "", ""], name="/lstm/LSTM", hidden_size=HL,
                     direction="bidirectional"),
    helper.make_node("Transpose", ["y"], ["yt"], name="/lstm/Transpose", perm=[0, 2, 1, 3]),
    helper.make_node("Reshape", ["yt", "shape"], ["yr"], name="/lstm/Reshape"),
    helper.make_node("Slice", ["yr", "start", "end", "axis0"], ["ys"], name="/Slice"),
    helper.make_node("Squeeze", ["ys", "axis0"], ["last"], name="/Squeeze"),
    helper.make_node("Gemm", ["last", "fc.weight", "fc.bias"], ["logit"], name="/fc/Gemm", transB=1),
    helper.make_node("Sigmoid", ["logit"], ["output"], name="/Sigmoid"),
], lstm_weights("l0", 2, F, HL) + head("fc", 2 * HL)
   + [raw("shape", np.array([0, 0, -1], np.int64)), raw("start", np.array([-1], np.int64)),
      raw("end", np.array([INT64_MAX], np.int64)), raw("axis0", np.array([0], np.int64))], ["N", 1])


def gru_model(name, lbr, two_logits):
    hidden = 7
    nodes = [
        helper.make_node("Transpose", ["input"], ["xt"], name="/Transpose", perm=[1, 0, 2]),
        helper.make_node("GRU", ["xt", "g.W", "g.R", "g.B"], ["y", "y_h"], name="/gru/GRU", hidden_size=hidden,
                         linear_before_reset=lbr),
        helper.make_node("Squeeze", ["y_h", "axis0"], ["h"], name="/gru/Squeeze"),
        helper.make_node("Dropout", ["h"], ["hd"], name="/dropout/Dropout"),
        helper.make_node("Gemm", ["hd", "fc.weight", "fc.bias"], ["logits"], name="/fc/Gemm", transB=1),
    ]
    if two_logits:
        nodes.append(helper.make_node("Softmax", ["logits"], ["output"], name="/Softmax", axis=-1))
        shape = ["N", 2]
    else:
        nodes.append(helper.make_node("Sigmoid", ["logits"], ["p"], name="/Sigmoid"))
        nodes.append(helper.make_node("Reshape", ["p", "flat"], ["output"], name="/Reshape"))
        shape = ["N"]
    whole_model(name, nodes, lstm_weights("g", 1, F, hidden, gates=3) + head("fc", hidden, 2 if two_logits else 1)
                + [raw("axis0", np.array([0], np.int64))] + ([] if two_logits else [raw("flat", np.array([-1], np.int64))]),
                shape, scaler=not two_logits)


gru_model("gru", 1, False)       # torch's GRU: linear_before_reset = 1, output [N]
gru_model("gru_lbr0", 0, True)   # ONNX's default, two-class softmax [N, 2]

# ---------------------------------------------------------------------------------------
# Rows to score: three symbols, hourly, rows and columns shuffled, one NaN feature.

symbols = {"AAA": 9, "BBB": 8, "CCC": 3}
rows = []
for symbol, count in symbols.items():
    start = np.datetime64("2024-03-01T09:00:00") + np.timedelta64(int(RNG.integers(0, 5)), "h")
    for k in range(count):
        t = start + np.timedelta64(k, "h")
        rows.append({"symbol": symbol, "timestamp": str(t) + "Z",
                     "f_a": float(np.float32(RNG.standard_normal())), "f_b": float(np.float32(RNG.standard_normal())),
                     "f_c": float(np.float32(RNG.standard_normal())), "noise": float(RNG.standard_normal()).__round__(4),
                     "split": "test" if k % 3 else "train"})
rows[12]["f_b"] = float("nan")  # BBB, its 4th row
order = RNG.permutation(len(rows))
columns = ["timestamp", "f_c", "symbol", "noise", "f_a", "split", "f_b"]
os.makedirs(os.path.join(HERE, "scoring"), exist_ok=True)
with open(os.path.join(HERE, "scoring", "rows.csv"), "w") as f:
    f.write(",".join(columns) + "\n")
    for k in order:
        r = rows[k]
        f.write(",".join("" if isinstance(r[c], float) and np.isnan(r[c]) else repr(r[c]) if isinstance(r[c], float)
                         else str(r[c]) for c in columns) + "\n")


def expected_scores(name, m):
    """Windows built here, independently of folio: sort by (symbol, time), window T ending at each row."""
    window = T if len(m.graph.input[0].type.tensor_type.shape.dim) == 3 else 1
    scaler = scalers.get(name)
    ordered = sorted(rows, key=lambda r: (r["symbol"], r["timestamp"]))
    results, missing, short = [], 0, 0
    for i, r in enumerate(ordered):
        history = [o for o in ordered[: i + 1] if o["symbol"] == r["symbol"]][-window:]
        if any(np.isnan(r[c]) for c in FEATURES):
            missing += 1
            continue
        if len(history) < window:
            short += 1
            continue
        if any(np.isnan(o[c]) for o in history for c in FEATURES):
            missing += 1
            continue
        x = np.array([[o[c] for c in FEATURES] for o in history], np.float64)
        if scaler:
            x = (x - np.array([scaler[c][0] for c in FEATURES])) / np.array([scaler[c][1] for c in FEATURES])
        x = x.astype(np.float32)
        feed = x[None] if window > 1 or len(m.graph.input[0].type.tensor_type.shape.dim) == 3 else x
        out = run(m, {"input": feed})["output"]
        score = float(out.reshape(len(feed), -1)[0, -1] if out.ndim == 2 and out.shape[1] == 2 else out.flatten()[0])
        results.append([r["symbol"], r["timestamp"], score])
    return {"model": f"models/{name}/model.onnx", "window": window, "scores": results, "missingFeatures": missing,
            "shortHistory": short}


scoring = [expected_scores(name, m) for name, m in whole.items()]

# ---------------------------------------------------------------------------------------
# Models folio must refuse.

bad = os.path.join(HERE, "bad")
shutil.rmtree(bad, ignore_errors=True)
os.makedirs(bad)
x = value("x", ["N", 3])
onnx.save_model(model([helper.make_node("Gemm", ["x", "w"], ["h"], name="/fc/Gemm", transB=1),
                       helper.make_node("Erf", ["h"], ["y"], name="/act/Erf")],
                      [x], [value("y", None)], [raw("w", floats([2, 3]))]), os.path.join(bad, "unsupported_op.onnx"))
onnx.save_model(model([helper.make_node("Add", ["x", "z"], ["y"], name="/Add")], [x, value("z", ["N", 3])],
                      [value("y", None)]), os.path.join(bad, "two_inputs.onnx"))
external = model([helper.make_node("Gemm", ["x", "w"], ["y"], name="/fc/Gemm", transB=1)], [x], [value("y", None)],
                 [raw("w", floats([64, 3]))])
onnx.save_model(external, os.path.join(bad, "external_data.onnx"), save_as_external_data=True,
                location="external_data.bin", size_threshold=0)
half = helper.make_tensor("w", TensorProto.FLOAT16, [2, 3], np.zeros(6, np.float16).view(np.uint16).tolist())
onnx.save_model(model([helper.make_node("Gemm", ["x", "w"], ["y"], name="/fc/Gemm", transB=1)], [x], [value("y", None)],
                      [half]), os.path.join(bad, "float16_weights.onnx"))
os.makedirs(os.path.join(bad, "pickled"))
shutil.copy(os.path.join(HERE, "models", "mlp_rows", "model.onnx"), os.path.join(bad, "pickled", "model.onnx"))
with open(os.path.join(bad, "pickled", "scaler.pkl"), "wb") as f:
    pickle.dump({"mean": [0.0, 0.0, 0.0], "scale": [1.0, 1.0, 1.0]}, f)

# Typed double_data and int32_data initializers, cast to float on the way (Cast from double and int32).
doubles = model([helper.make_node("Cast", ["d"], ["df"], name="/CastD", to=F32),
                 helper.make_node("Cast", ["i"], ["if"], name="/CastI", to=F32),
                 helper.make_node("Add", ["x", "df"], ["s"], name="/Add"),
                 helper.make_node("Mul", ["s", "if"], ["y"], name="/Mul")],
                [x], [value("y", None)], [typed("d", np.array([0.25, -1.5, 2.0], np.float64)),
                                          typed("i", np.array([2, -3, 4], np.int32))])
case("typed_double_int32", doubles, {"x": floats([2, 3])})

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"generator": f"onnx {onnx.__version__}, onnxruntime {ort.__version__}, numpy {np.__version__}",
               "cases": cases, "scoring": scoring}, f, indent=None, separators=(",", ":"))
print(f"{len(cases)} cases, {len(scoring)} scored models")
