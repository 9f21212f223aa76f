#!/usr/bin/env python3
"""Builds the permutation-importance fixtures of FolioModelsTests and scikit-learn's numbers.

Recipe (the outputs are committed, so the tests need no Python):

    python3 -m venv /tmp/impvenv && /tmp/impvenv/bin/pip install onnx onnxruntime numpy scikit-learn
    /tmp/impvenv/bin/python Tests/FolioModelsTests/Fixtures/importance/generate.py

Seen with scikit-learn 1.9.1, onnx 1.23.2, onnxruntime 1.32.0, numpy 2.4.6.

Two models, built with onnx.helper (no torch here):
  logistic/model.onnx  [N, F] -> Gemm -> Sigmoid, the weight of `dead` exactly 0
  gru/model.onnx       [N, T, F] -> Transpose -> GRU (linear_before_reset 1) -> Squeeze -> Gemm
                       -> Sigmoid, every input weight of `dead` exactly 0

data.csv: three symbols, hourly rows, split train (first 60% of each symbol) then val. Each model
has its own label column, drawn from the model's own probability: on train from the real
features, on val from the features with `leak` replaced by an independent draw. So `leak`
carries the label on train only, and must be flagged overfit; `dead` must come out exactly 0.

scikit-learn's `permutation_importance` runs on a minimal classifier wrapping onnxruntime. For
the window model X holds, per sample and feature, the index of the sample whose window of that
feature is used: X[i, f] = i at first; permuting column f moves feature f's whole window (all T
steps) from another sample, which is what folio does. Every scored sample of a side is used (no
subsampling), so folio and scikit-learn see the same samples; only the permutations differ.

expected.json: per model, side and metric: baseline, importances (per repeat), means and stds
(numpy, ddof=0), and the flag each feature gets from scikit-learn's numbers.
"""
import csv
import json
import os
import shutil

import numpy as np
import onnx
import onnxruntime as ort
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.inspection import permutation_importance

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20261213)
FEATURES = ["signal", "dead", "leak", "trend", "wiggle"]
F = len(FEATURES)
T = 4
SYMBOLS = ["AAA", "BBB", "CCC"]
ROWS_PER_SYMBOL = 400
TRAIN_FRACTION = 0.6
REPEATS = 30
SEED = 7
METRICS = {"logistic": ["roc_auc", "average_precision", "neg_log_loss", "f1"], "gru": ["roc_auc", "neg_log_loss"]}
F1_THRESHOLD = 0.5


def raw(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def save(name, nodes, inits, input_shape, output_shape, metadata):
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, input_shape)],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, output_shape)], inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="folio-fixtures")
    m.ir_version = 8
    helper.set_model_props(m, metadata)
    onnx.checker.check_model(m)
    os.makedirs(os.path.join(HERE, name), exist_ok=True)
    onnx.save(m, os.path.join(HERE, name, "model.onnx"))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(m.SerializeToString(), options, providers=["CPUExecutionProvider"])


def logistic_model():
    w = np.array([[1.6, 0.0, 1.4, 0.7, -0.5]], np.float32)
    b = np.array([-0.2], np.float32)
    nodes = [helper.make_node("Gemm", ["input", "fc.weight", "fc.bias"], ["logits"], name="/fc/Gemm", transB=1),
             helper.make_node("Sigmoid", ["logits"], ["output"], name="/Sigmoid")]
    return save("logistic", nodes, [raw("fc.weight", w), raw("fc.bias", b)], ["N", F], ["N", 1],
                {"features": ",".join(FEATURES)})


def gru_model():
    hidden = 6
    W = (RNG.standard_normal([1, 3 * hidden, F]) * 0.9).astype(np.float32)
    W[:, :, FEATURES.index("dead")] = 0.0
    # Strong input weights for the informative features on the update/hidden gates.
    R = (RNG.standard_normal([1, 3 * hidden, hidden]) * 0.4).astype(np.float32)
    B = (RNG.standard_normal([1, 6 * hidden]) * 0.1).astype(np.float32)
    fc_w = (RNG.standard_normal([1, hidden]) * 1.5).astype(np.float32)
    fc_b = np.array([0.1], np.float32)
    nodes = [
        helper.make_node("Transpose", ["input"], ["xt"], name="/Transpose", perm=[1, 0, 2]),
        helper.make_node("GRU", ["xt", "g.W", "g.R", "g.B"], ["y", "y_h"], name="/gru/GRU", hidden_size=hidden,
                         linear_before_reset=1),
        helper.make_node("Squeeze", ["y_h", "axis0"], ["h"], name="/gru/Squeeze"),
        helper.make_node("Gemm", ["h", "fc.weight", "fc.bias"], ["logits"], name="/fc/Gemm", transB=1),
        helper.make_node("Sigmoid", ["logits"], ["output"], name="/Sigmoid"),
    ]
    inits = [raw("g.W", W), raw("g.R", R), raw("g.B", B), raw("fc.weight", fc_w), raw("fc.bias", fc_b),
             raw("axis0", np.array([0], np.int64))]
    return save("gru", nodes, inits, ["N", T, F], ["N", 1], {"features": ",".join(FEATURES), "window": str(T)})


def proba(session, x):
    return session.run(None, {"input": x.astype(np.float32)})[0].reshape(-1)


class OnnxClassifier(ClassifierMixin, BaseEstimator):
    """onnxruntime behind scikit-learn's classifier API. X holds rows of features, or (windows)
    sample indices per feature into `windows` [n, T, F]."""

    def __init__(self, session=None, windows=None, threshold=0.5):
        self.session = session
        self.windows = windows
        self.threshold = threshold

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def _inputs(self, X):
        if self.windows is None:
            return np.asarray(X, np.float32)
        index = np.asarray(X).astype(np.int64)  # [n, F]: the sample each feature's window comes from
        f = np.arange(F)
        return self.windows[index[:, None, :], np.arange(T)[None, :, None], f[None, None, :]]

    def predict_proba(self, X):
        p = proba(self.session, self._inputs(X)).astype(np.float64)
        return np.stack([1 - p, p], axis=1)

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= self.threshold).astype(int)


def flag(ia, sa, ib, sb):
    if ia > 2 * sa and ia - ib > 2 * np.sqrt(sa * sa + sb * sb) and ib < ia / 2:
        return "overfit"
    if ia <= 2 * sa and ib <= 2 * sb:
        return "unused"
    return "stable"


def main():
    for name in ["logistic", "gru"]:
        shutil.rmtree(os.path.join(HERE, name), ignore_errors=True)
    logistic = logistic_model()
    gru = gru_model()

    # Features: smooth-ish series per symbol, values rounded so that CSV text round-trips.
    rows = []
    for s, symbol in enumerate(SYMBOLS):
        x = RNG.standard_normal([ROWS_PER_SYMBOL, F])
        x[:, FEATURES.index("trend")] = np.cumsum(x[:, FEATURES.index("trend")]) * 0.2
        x = np.round(x, 5)
        fake_leak = np.round(RNG.standard_normal(ROWS_PER_SYMBOL), 5)
        for t in range(ROWS_PER_SYMBOL):
            split = "train" if t < int(ROWS_PER_SYMBOL * TRAIN_FRACTION) else "val"
            rows.append({"symbol": symbol, "t": t, "split": split, "x": x[t], "fake_leak": fake_leak[t]})
    leak = FEATURES.index("leak")

    def truth(r):
        """The features the label is drawn from: on val, `leak` is an independent draw."""
        v = r["x"].copy()
        if r["split"] == "val":
            v[leak] = r["fake_leak"]
        return v

    # Row labels.
    true_rows = np.stack([truth(r) for r in rows]).astype(np.float32)
    p = proba(logistic, true_rows)
    label = (RNG.uniform(size=len(rows)) < p).astype(int)

    # Windows (the T rows of the symbol ending at the row; the first T - 1 rows have none).
    by_symbol = {}
    for k, r in enumerate(rows):
        by_symbol.setdefault(r["symbol"], []).append(k)
    window_rows = []  # (row index, [T row indices])
    for symbol in SYMBOLS:
        ks = by_symbol[symbol]
        for j in range(T - 1, len(ks)):
            window_rows.append((ks[j], ks[j - T + 1:j + 1]))
    true_windows = np.stack([np.stack([truth(rows[k]) if rows[row]["split"] == "val" else rows[k]["x"] for k in ks])
                             for row, ks in window_rows]).astype(np.float32)
    pw = proba(gru, true_windows)
    label_seq = np.full(len(rows), -1)
    draws = RNG.uniform(size=len(window_rows))
    for (row, _), q, u in zip(window_rows, pw, draws):
        label_seq[row] = int(u < q)
    # Rows without a window get a label too (folio never scores them).
    for k in range(len(rows)):
        if label_seq[k] < 0:
            label_seq[k] = int(RNG.uniform() < 0.5)

    with open(os.path.join(HERE, "data.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["symbol", "timestamp", "split", "label", "label_seq"] + FEATURES)
        for k, r in enumerate(rows):
            ts = np.datetime64("2024-01-01T00:00:00") + np.timedelta64(r["t"], "h")
            w.writerow([r["symbol"], str(ts) + "Z", r["split"], label[k], label_seq[k]] + [repr(float(v)) for v in r["x"]])

    data = np.stack([r["x"] for r in rows]).astype(np.float32)
    splits = np.array([r["split"] for r in rows])
    results = {"generator": f"scikit-learn {sklearn.__version__}, onnx {onnx.__version__}, "
                            f"onnxruntime {ort.__version__}, numpy {np.__version__}",
               "features": FEATURES, "repeats": REPEATS, "seed": SEED, "f1Threshold": F1_THRESHOLD, "models": []}
    for name, session in [("logistic", logistic), ("gru", gru)]:
        entry = {"name": name, "model": f"importance/{name}/model.onnx",
                 "label": "label" if name == "logistic" else "label_seq", "sides": {}}
        for side in ["train", "val"]:
            if name == "logistic":
                idx = np.where(splits == side)[0]
                X = data[idx]
                y = label[idx]
                est = OnnxClassifier(session).fit(X, y)
            else:
                chosen = [(row, ks) for row, ks in window_rows if splits[row] == side]
                windows = np.stack([data[ks] for _, ks in chosen]).astype(np.float32)
                y = np.array([label_seq[row] for row, _ in chosen])
                X = np.tile(np.arange(len(chosen), dtype=np.float64)[:, None], (1, F))
                est = OnnxClassifier(session, windows).fit(X, y)
            per_metric = {}
            for metric in METRICS[name]:
                r = permutation_importance(est, X, y, scoring=metric, n_repeats=REPEATS, random_state=SEED)
                from sklearn.metrics import get_scorer
                per_metric[metric] = {"baseline": float(get_scorer(metric)(est, X, y)),
                                      "means": r.importances_mean.tolist(), "stds": r.importances_std.tolist(),
                                      "importances": r.importances.tolist()}
            entry["sides"][side] = {"samples": int(len(y)), "positives": int(y.sum()), "metrics": per_metric}
        entry["flags"] = {}
        for metric in METRICS[name]:
            a = entry["sides"]["train"]["metrics"][metric]
            b = entry["sides"]["val"]["metrics"][metric]
            entry["flags"][metric] = [flag(a["means"][k], a["stds"][k], b["means"][k], b["stds"][k]) for k in range(F)]
        results["models"].append(entry)
        print(name, {m: entry["flags"][m] for m in METRICS[name]})
        for side in ["train", "val"]:
            for m in METRICS[name]:
                d = entry["sides"][side]["metrics"][m]
                print(f"  {side} {m} baseline {d['baseline']:.4f} means", np.round(d["means"], 4), "stds", np.round(d["stds"], 4))
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
