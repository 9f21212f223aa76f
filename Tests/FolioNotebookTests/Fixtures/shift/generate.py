"""Reference values for the `ks-test` directive tests (FolioNotebookTests/Directives).

Run from the repository root with scipy 1.17.1 and numpy 2.4.x:

    python3 Tests/FolioNotebookTests/Fixtures/shift/generate.py

It writes `features.csv` and `expected.json` beside this script. The feature columns
reuse the KS reference cases of FolioComputeTests (which came from ../shared/reference):

- `goog`: GOOG daily log returns, first half (train rows) vs second half (val rows);
  1,073 vs 1,074 values, so scipy's `method='auto'` is exact.
- `normal20`: n = m = 20 normal vs shifted normal, in the first 20 train and val rows;
  every other cell is empty (dropped per feature).
- `ties`: small integer samples with ties (6 vs 7 values), the rest empty.
- `train_only`: values in train rows only (an empty val group: an error).

`label` is 1 on every third row (0-based index divisible by 3), so `positive_only`
keeps a different subset of each column. A few `test` rows follow that no comparison
should read. PSI follows folio's documented convention (see
FolioCompute/Shift/PopulationStabilityIndex.swift): inner edges at the deciles of the
reference sample (numpy's linear quantile), repeats collapsed, outer edges -inf/+inf,
numpy.histogram counts, shares floored at 1e-4.
"""
import csv
import json
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "..", "..", "FolioComputeTests", "Fixtures", "reference", "ks")


def read(case, name):
    with open(os.path.join(CASES, case, name)) as f:
        rows = list(csv.reader(f))
    return [float(r[0]) for r in rows[1:]]


def psi(a, b, bins=10):
    inner = []
    for i in range(1, bins):
        q = float(np.quantile(a, i / bins))
        if not inner or inner[-1] != q:
            inner.append(q)
    edges = np.array([-np.inf] + inner + [np.inf])
    ca, _ = np.histogram(a, edges)
    cb, _ = np.histogram(b, edges)
    pa = np.maximum(ca / len(a), 1e-4)
    pb = np.maximum(cb / len(b), 1e-4)
    return float(np.sum((pa - pb) * np.log(pa / pb)))


def main():
    goog_a, goog_b = read("goog_daily_returns_halves", "a.csv"), read("goog_daily_returns_halves", "b.csv")
    n20_a, n20_b = read("small_exact_20_20", "a.csv"), read("small_exact_20_20", "b.csv")
    ties_a, ties_b = read("integer_ties_small", "a.csv"), read("integer_ties_small", "b.csv")
    n_train, n_val, n_test = len(goog_a), len(goog_b), 5

    def column(a, b, test=None):
        out = [a[i] if i < len(a) else None for i in range(n_train)]
        out += [b[i] if i < len(b) else None for i in range(n_val)]
        out += [test] * n_test
        return out

    columns = {
        "goog": column(goog_a, goog_b, 99.0),
        "normal20": column(n20_a, n20_b, 99.0),
        "ties": column(ties_a, ties_b, 99.0),
        "train_only": column([float(i % 7) for i in range(n_train)], [], 1.0),
    }
    splits = ["train"] * n_train + ["val"] * n_val + ["test"] * n_test
    labels = [1 if i % 3 == 0 else 0 for i in range(len(splits))]
    symbols = ["AAA" if i % 2 == 0 else "BBB" for i in range(len(splits))]
    with open(os.path.join(HERE, "features.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["timestamp", "symbol", "split", "label"] + list(columns))
        for i in range(len(splits)):
            day = np.datetime64("2020-01-01") + np.timedelta64(i, "D")
            cells = ["" if columns[c][i] is None else repr(columns[c][i]) for c in columns]
            w.writerow([f"{day}T00:00:00Z", symbols[i], splits[i], labels[i]] + cells)

    def group(name, split, positive):
        values = columns[name]
        return np.array([values[i] for i in range(len(splits))
                         if splits[i] == split and values[i] is not None and (not positive or labels[i] == 1)])

    expected = {}
    features = ["goog", "normal20", "ties"]
    for key, positive, alternative, method in [("all", False, "two-sided", "auto"),
                                               ("positive", True, "two-sided", "auto"),
                                               ("less_asymp", False, "less", "asymp")]:
        rows = {}
        for name in features:
            a, b = group(name, "train", positive), group(name, "val", positive)
            r = stats.ks_2samp(a, b, alternative=alternative, method=method)
            rows[name] = {
                "n_a": len(a), "n_b": len(b),
                "missing_a": sum(1 for i in range(len(splits)) if splits[i] == "train" and (not positive or labels[i] == 1)) - len(a),
                "missing_b": sum(1 for i in range(len(splits)) if splits[i] == "val" and (not positive or labels[i] == 1)) - len(b),
                "statistic": float(r.statistic), "p_value": float(r.pvalue),
                "psi": psi(a, b), "wasserstein": float(stats.wasserstein_distance(a, b)),
                "mean_a": float(np.mean(a)), "mean_b": float(np.mean(b)),
                "std_a": float(np.std(a, ddof=1)), "std_b": float(np.std(b, ddof=1)),
            }
        p = np.array([rows[n]["p_value"] for n in features])
        bh = stats.false_discovery_control(p, method="bh")
        for k, name in enumerate(features):
            rows[name]["p_adjusted_bh"] = float(bh[k])
            rows[name]["p_adjusted_bonferroni"] = float(min(1.0, p[k] * len(features)))
        expected[key] = rows
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
