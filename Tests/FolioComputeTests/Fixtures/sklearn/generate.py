"""Reference values for folio's binary classification metrics (FolioCompute/Classification).

Run from this folder with scikit-learn 1.9.1, numpy, scipy:

    /tmp/refvenv/bin/python generate.py

Every number comes from scikit-learn / numpy / scipy, except DeLong's test (no library
function exists): it is implemented below twice, straightforwardly from the Mann-Whitney
kernel (DeLong, DeLong & Clarke-Pearson 1988) and with Sun & Xu's midranks (2014), and the
two must agree. Ensembles and best-threshold selection are folio definitions, written out
in plain numpy below.

Cases (one folder each: predictions.csv, expected.json):
  ties_rounded           1,500 rows, three models' probabilities rounded to 2 decimals
                         (many tied scores, exact 0 and 1, scores on calibration bin edges)
  imbalanced             4,000 rows with ~8% positives, three models at full precision
  single_class_negative  40 rows, every label 0
  single_class_positive  25 rows, every label 1
  algorithms_vector      the 7-row vector of reference/algorithms.md

Output is deterministic (fixed random_state, sorted keys, no timestamps). Floats are
written with repr (shortest round-trip); NaN is written as null; thresholds[0] of
roc_curve (+inf) is left out and checked separately.
"""

import json
import math
import os

import numpy as np
import sklearn
from scipy.stats import norm, rankdata
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    matthews_corrcoef,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.naive_bayes import GaussianNB
import warnings

assert sklearn.__version__ == "1.9.1", sklearn.__version__
warnings.simplefilter("ignore")  # single-class warnings are expected and tested in Swift

HERE = os.path.dirname(os.path.abspath(__file__))
PAYOFF = {"win": 0.05, "loss": 0.02}
GRID = {"from": 0.10, "to": 0.90, "step": 0.05}


def clean(x):
    """JSON-safe floats: NaN -> None; numpy scalars -> Python."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return None
        assert math.isfinite(x), x
        return x
    return x


def grid():
    """folio's sweep grid: from + k*step, each value rounded to the step's decimals (np.round)."""
    count = int(math.floor((GRID["to"] - GRID["from"]) / GRID["step"] + 1e-9)) + 1
    return [float(np.round(GRID["from"] + k * GRID["step"], 2)) for k in range(count)]


def metrics_at(y, p, t):
    pred = (p >= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "threshold": t,
        "confusion": [[int(tn), int(fp)], [int(fn), int(tp)]],
        "accuracy": accuracy_score(y, pred),
        "balanced_accuracy": balanced_accuracy_score(y, pred),
        "precision": precision_score(y, pred, zero_division=0),
        "recall": recall_score(y, pred, zero_division=0),
        "f1": f1_score(y, pred, zero_division=0),
        "macro_precision": precision_score(y, pred, average="macro", zero_division=0),
        "macro_recall": recall_score(y, pred, average="macro", zero_division=0),
        "macro_f1": f1_score(y, pred, average="macro", zero_division=0),
        "mcc": matthews_corrcoef(y, pred),
    }


def sweep(y, p):
    rows = []
    for t in grid():
        pred = (p >= t).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
        precision = precision_score(y, pred, zero_division=0)
        ev = precision * PAYOFF["win"] - (1 - precision) * PAYOFF["loss"] if tp + fp > 0 else float("nan")
        rows.append({
            "threshold": t, "tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp),
            "precision": precision,
            "recall": recall_score(y, pred, zero_division=0),
            "f1": f1_score(y, pred, zero_division=0),
            "positive_rate": float(np.mean(pred)),
            "expected_value": ev,
        })
    return rows


def best(rows, objective, level=None):
    """Best row by objective; rows are in ascending threshold order and only a strictly
    better value replaces the current best, so ties keep the lower threshold."""
    chosen, value = None, None
    for r in rows:
        if objective == "f1":
            v = r["f1"]
        elif objective == "recall_at_precision":
            if r["precision"] < level:
                continue
            v = r["recall"]
        elif objective == "precision_at_recall":
            if r["recall"] < level:
                continue
            v = r["precision"]
        elif objective == "expected_value":
            if r["tp"] + r["fp"] == 0:
                continue
            v = r["expected_value"]
        if value is None or v > value:
            chosen, value = r["threshold"], v
    return chosen


def bests(rows):
    return {
        "f1": best(rows, "f1"),
        "recall_at_precision_0.3": best(rows, "recall_at_precision", 0.3),
        "recall_at_precision_0.99": best(rows, "recall_at_precision", 0.99),
        "precision_at_recall_0.5": best(rows, "precision_at_recall", 0.5),
        "expected_value": best(rows, "expected_value"),
    }


def curve_dict(a, b, c, names, stride=1):
    """A curve's arrays; with stride > 1 only every stride-th point is kept (and the length
    recorded), to keep the fixture small."""
    out = {names[0]: a[::stride], names[1]: b[::stride], names[2]: c[::stride], "length": len(a)}
    if stride > 1:
        out["stride"] = stride
    return out


def calibration(y, p, n_bins, strategy):
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    # the count per bin, with the same binning as sklearn.calibration.calibration_curve
    if strategy == "quantile":
        bins = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        bins = np.linspace(0.0, 1.0, n_bins + 1)
    binids = np.searchsorted(bins[1:-1], p)
    total = np.bincount(binids, minlength=n_bins)
    return {"prob_true": prob_true, "prob_pred": prob_pred, "counts": total[total != 0]}


def model_expected(y, p, stride):
    roc = roc_curve(y, p)
    roc_all = roc_curve(y, p, drop_intermediate=False)
    pr = precision_recall_curve(y, p)
    pr_drop = precision_recall_curve(y, p, drop_intermediate=True)
    assert np.isposinf(roc[2][0]) and np.isposinf(roc_all[2][0])
    rows = sweep(y, p)
    return {
        "at_threshold": [metrics_at(y, p, t) for t in (0.5, 0.3, 0.0, 1.0)],
        "roc_auc": roc_auc_score(y, p),
        "average_precision": average_precision_score(y, p),
        "log_loss": log_loss(y, p, labels=[0, 1]),
        "brier": brier_score_loss(y, p),
        "roc_curve": curve_dict(roc[0], roc[1], roc[2][1:], ["fpr", "tpr", "thresholds_after_inf"]),
        "roc_curve_all": curve_dict(roc_all[0], roc_all[1], roc_all[2][1:], ["fpr", "tpr", "thresholds_after_inf"], stride),
        "pr_curve": curve_dict(*pr, ["precision", "recall", "thresholds"], stride),
        "pr_curve_dropped": curve_dict(*pr_drop, ["precision", "recall", "thresholds"]),
        "calibration_uniform_5": calibration(y, p, 5, "uniform"),
        "calibration_uniform_10": calibration(y, p, 10, "uniform"),
        "calibration_quantile_10": calibration(y, p, 10, "quantile"),
        "sweep": rows,
        "best": bests(rows),
    }


def delong_direct(y, s1, s2):
    """DeLong's test from its definition: psi(x, y) = 1 if x > y, 1/2 if x == y, else 0,
    over all m x n (positive, negative) pairs. V10[i] = mean_j psi(x_i, y_j),
    V01[j] = mean_i psi(x_i, y_j); AUC = mean(V10); S10, S01 = sample covariance
    matrices (ddof 1) of the two models' V10 and V01; Var(AUC1 - AUC2) = c' (S10/m + S01/n) c
    with c = (1, -1); z = diff / se; two-sided p = 2 * (1 - Phi(|z|))."""
    pos, neg = y == 1, y == 0
    m, n = int(pos.sum()), int(neg.sum())
    v10, v01 = [], []
    for s in (s1, s2):
        x = s[pos][:, None]
        z = s[neg][None, :]
        psi = (x > z) + 0.5 * (x == z)
        v10.append(psi.mean(axis=1))
        v01.append(psi.mean(axis=0))
    aucs = [float(v.mean()) for v in v10]
    s = np.cov(np.vstack(v10)) / m + np.cov(np.vstack(v01)) / n
    var = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    se = math.sqrt(var)
    diff = aucs[0] - aucs[1]
    zval = diff / se
    return {"auc1": aucs[0], "auc2": aucs[1], "difference": diff, "variance": var,
            "standard_error": se, "z": zval, "p_value": float(2 * norm.sf(abs(zval)))}


def delong_midrank(y, s1, s2):
    """Sun & Xu (2014) fast DeLong: midranks of the positives among all scores (tz), among
    the positives (tx), of the negatives among the negatives (ty); V10 = (tz - tx)/n,
    V01 = 1 - (tz - ty)/m."""
    pos, neg = y == 1, y == 0
    m, n = int(pos.sum()), int(neg.sum())
    v10, v01, aucs = [], [], []
    for s in (s1, s2):
        x, z = s[pos], s[neg]
        tx, ty = rankdata(x), rankdata(z)
        tz = rankdata(np.concatenate([x, z]))
        aucs.append((tz[:m].sum() - m * (m + 1) / 2) / (m * n))
        v10.append((tz[:m] - tx) / n)
        v01.append(1 - (tz[m:] - ty) / m)
    s = np.cov(np.vstack(v10)) / m + np.cov(np.vstack(v01)) / n
    var = s[0, 0] + s[1, 1] - 2 * s[0, 1]
    return aucs, var


def delong(y, s1, s2):
    d = delong_direct(y, s1, s2)
    aucs, var = delong_midrank(y, s1, s2)
    assert math.isclose(aucs[0], d["auc1"], rel_tol=1e-12) and math.isclose(aucs[1], d["auc2"], rel_tol=1e-12)
    assert math.isclose(var, d["variance"], rel_tol=1e-9), (var, d["variance"])
    assert math.isclose(d["auc1"], roc_auc_score(y, s1), rel_tol=1e-12)
    assert math.isclose(d["auc2"], roc_auc_score(y, s2), rel_tol=1e-12)
    return d


def ensembles(y, models, columns, per_model):
    """folio's ensembles: mean probability; weighted mean (np.average definition:
    sum(w_m * s_m) / sum(w)) with explicit weights and with each model's F1 at its best
    F1 threshold; majority vote at each model's best F1 threshold (score = share of models
    voting positive, p_m >= t_m)."""
    cols = [columns[m] for m in models]
    out = {}
    mean = sum(cols) / len(cols)
    out["mean"] = {"scores_head": mean[:20], "sweep": sweep(y, mean)}
    explicit = [0.5, 0.3, 0.2]
    weighted = sum(w * c for w, c in zip(explicit, cols)) / sum(explicit)
    out["weighted"] = {"weights": explicit, "scores_head": weighted[:20], "sweep": sweep(y, weighted)}
    best_f1 = []
    best_t = []
    for m in models:
        t = per_model[m]["best"]["f1"]
        best_t.append(t)
        best_f1.append(next(r["f1"] for r in per_model[m]["sweep"] if r["threshold"] == t))
    f1w = sum(w * c for w, c in zip(best_f1, cols)) / sum(best_f1)
    out["f1_weighted"] = {"weights": best_f1, "scores_head": f1w[:20], "sweep": sweep(y, f1w)}
    votes = sum((c >= t).astype(int) for c, t in zip(cols, best_t)) / len(cols)
    out["vote"] = {"thresholds": best_t, "scores_head": votes[:20], "sweep": sweep(y, votes),
                   "majority": metrics_at(y, votes, 2 / 3)}
    for e in out.values():
        e["best"] = bests(e["sweep"])
    return out


def write_case(name, y, columns, with_pairs=True, stride=1):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    models = list(columns)
    with open(os.path.join(folder, "predictions.csv"), "w") as f:
        f.write(",".join(["label"] + models) + "\n")
        for i in range(len(y)):
            f.write(",".join([str(int(y[i]))] + [repr(float(columns[m][i])) for m in models]) + "\n")
    per_model = {m: model_expected(y, columns[m], stride) for m in models}
    expected = {"rows": len(y), "positives": int(y.sum()), "models": models,
                "grid": grid(), "payoff": PAYOFF, "per_model": per_model}
    if with_pairs:
        expected["delong"] = [dict(pair=[a, b], **delong(y, columns[a], columns[b]))
                              for a, b in [(models[0], models[1]), (models[0], models[2]), (models[1], models[2])]]
        expected["ensembles"] = ensembles(y, models, columns, per_model)
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(clean(expected), f, separators=(",", ":"), sort_keys=True)
        f.write("\n")


def three_models(x_train, y_train, x_test):
    models = {
        "logreg": LogisticRegression(C=0.1, max_iter=5000),
        "bayes": GaussianNB(),
        "forest": RandomForestClassifier(n_estimators=50, max_depth=6, random_state=0),
    }
    return {k: m.fit(x_train, y_train).predict_proba(x_test)[:, 1] for k, m in models.items()}


def main():
    # Real-ish data with many ties: probabilities rounded to 2 decimals.
    x, y = make_classification(n_samples=3000, n_features=10, n_informative=5, weights=[0.7],
                               flip_y=0.05, random_state=7)
    cols = three_models(x[:1500], y[:1500], x[1500:])
    write_case("ties_rounded", y[1500:], {k: np.round(v, 2) for k, v in cols.items()})

    # Imbalanced: ~8% positives.
    x, y = make_classification(n_samples=8000, n_features=12, n_informative=4, weights=[0.92],
                               flip_y=0.02, class_sep=0.8, random_state=11)
    write_case("imbalanced", y[4000:], three_models(x[:4000], y[:4000], x[4000:]), stride=10)

    # Degenerate: a single class.
    rng = np.random.RandomState(3)
    write_case("single_class_negative", np.zeros(40, dtype=int),
               {"model": np.round(rng.uniform(0, 1, 40), 3)}, with_pairs=False)
    write_case("single_class_positive", np.ones(25, dtype=int),
               {"model": np.round(rng.uniform(0, 1, 25), 3)}, with_pairs=False)

    # The test vector of reference/algorithms.md.
    y = np.array([0, 0, 1, 1, 1, 0, 1])
    s = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9])
    assert average_precision_score(y, s) == 0.8166666666666667
    assert roc_auc_score(y, s) == 0.75
    write_case("algorithms_vector", y, {"score": s}, with_pairs=False)


if __name__ == "__main__":
    main()
