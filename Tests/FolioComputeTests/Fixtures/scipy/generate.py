"""Reference values for folio's distribution-shift statistics (FolioCompute/Shift).

Run with the reference venv (scipy 1.17.1, numpy 2.4.x):

    /tmp/refvenv/bin/python Tests/FolioComputeTests/Fixtures/scipy/generate.py

It writes the JSON files beside this script. Samples are either listed in full or
described by a recipe that folio's tests regenerate with `SeededGenerator`
(xoshiro256** seeded through SplitMix64, `nextUniform()` = (next >> 11) * 2^-53), which
this script re-implements, so that large samples need no large files. Each recipe
carries the count, sum, first and last values of the data it describes, so a test
detects a generator that no longer reproduces it.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.special as special
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1


# --------------------------------------------------------------------------------------
# SeededGenerator, re-implemented


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class SeededGenerator:
    def __init__(self, seed):
        sm = seed & MASK
        state = []
        for _ in range(4):
            sm = (sm + 0x9E3779B97F4A7C15) & MASK
            z = sm
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            state.append(z ^ (z >> 31))
        self.s = state

    def next(self):
        s = self.s
        result = (_rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53


def make_sample(recipe):
    """Values described by a recipe (mirrored by the Swift tests' `Recipe`).

    kind "sum4": ((u1 + u2) + u3) + u4 - 2.0, times scale, plus shift (a smooth bell).
    kind "levels": floor(u * levels) (integers 0 ... levels-1, heavy ties).
    Then the first `perturbCount` values get `perturbOffset` added.
    """
    g = SeededGenerator(recipe["seed"])
    n = recipe["count"]
    out = []
    if recipe["kind"] == "sum4":
        scale, shift = recipe["scale"], recipe["shift"]
        for _ in range(n):
            u = g.uniform() + g.uniform()
            u = u + g.uniform()
            u = u + g.uniform()
            out.append((u - 2.0) * scale + shift)
    elif recipe["kind"] == "levels":
        levels = float(recipe["levels"])
        for _ in range(n):
            out.append(float(math.floor(g.uniform() * levels)))
    else:
        raise ValueError(recipe["kind"])
    for i in range(min(recipe.get("perturbCount", 0), n)):
        out[i] = out[i] + recipe["perturbOffset"]
    return out


def recipe(kind, seed, count, **kw):
    r = {"kind": kind, "seed": seed, "count": count}
    r.update(kw)
    values = make_sample(r)
    r["check"] = {"sum": math.fsum(values), "first": values[0], "last": values[-1]}
    return r, values


def write(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True, allow_nan=True)
        f.write("\n")
    print("wrote", path)


def fnum(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


# --------------------------------------------------------------------------------------
# ks_2samp


def ks_results(a, b, methods):
    out = {}
    for alternative in ["two-sided", "less", "greater"]:
        for method in methods:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                r = stats.ks_2samp(a, b, alternative=alternative, method=method)
            fell_back = any("Switching to" in str(w.message) or "not possible" in str(w.message)
                            for w in caught)
            out[f"{alternative}/{method}"] = {
                "statistic": fnum(r.statistic),
                "pvalue": fnum(r.pvalue),
                "location": fnum(r.statistic_location),
                "sign": int(r.statistic_sign),
                "fellBack": bool(fell_back),
            }
    return out


def rng_normal(seed, n, loc=0.0, scale=1.0):
    return [float(v) for v in np.random.default_rng(seed).normal(loc, scale, n)]


def ks_cases():
    cases = []
    all_methods = ["auto", "exact", "asymp"]

    def listed(name, a, b, methods=all_methods, note=""):
        cases.append({"name": name, "note": note, "a": {"values": a}, "b": {"values": b},
                      "results": ks_results(np.array(a), np.array(b), methods),
                      "wasserstein": fnum(stats.wasserstein_distance(a, b))})

    def recipes(name, ra, rb, methods=all_methods, note=""):
        (ra, a), (rb, b) = ra, rb
        cases.append({"name": name, "note": note, "a": {"recipe": ra}, "b": {"recipe": rb},
                      "results": ks_results(np.array(a), np.array(b), methods),
                      "wasserstein": fnum(stats.wasserstein_distance(a, b))})

    listed("docs_vector", [1, 2, 2, 3, 4, 5], [2, 2, 3, 3, 6, 7, 8],
           note="algorithms.md test vector")
    listed("normal_5_5", rng_normal(1, 5), rng_normal(2, 5, 0.8))
    listed("normal_7_13", rng_normal(3, 7), rng_normal(4, 13, 0.5))
    listed("normal_13_7_swapped", rng_normal(4, 13, 0.5), rng_normal(3, 7))
    listed("normal_30_45", rng_normal(5, 30), rng_normal(6, 45, 0.5))
    listed("normal_30_30", rng_normal(7, 30), rng_normal(8, 30, 0.6))
    listed("normal_3_4", rng_normal(9, 3), rng_normal(10, 4, 0.2), note="en = 12/7, kstwo n = 2")
    listed("one_vs_one", [0.5], [1.5], note="asymp two-sided: round(0.5) = 0 -> NaN")
    listed("identical", [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], note="D = 0")
    listed("separated", [1.0, 2.0, 3.0], [10.0, 11.0, 12.0, 13.0], note="D = 1")
    listed("separated_reversed", [10.0, 11.0, 12.0, 13.0], [1.0, 2.0, 3.0], note="D = 1, less side")
    listed("three_vs_three_near", [1.0, 2.0, 3.0], [1.5, 2.5, 3.5], note="en = 1.5 -> 2, t >= n - 1")
    recipes("normal_500_800", recipe("sum4", 11, 500, scale=1.0, shift=0.0),
            recipe("sum4", 12, 800, scale=1.0, shift=0.08))
    recipes("ties_40_60", recipe("levels", 13, 40, levels=5), recipe("levels", 14, 60, levels=5))
    recipes("ties_300_500", recipe("levels", 15, 300, levels=5), recipe("levels", 16, 500, levels=5))
    recipes("ties_2000_3000", recipe("levels", 17, 2000, levels=5), recipe("levels", 18, 3000, levels=5),
            note="exact two-sided with unequal sizes; one-sided exact overflows -> asymp")
    recipes("ties_shifted_200_200",
            recipe("levels", 19, 200, levels=5),
            recipe("levels", 20, 200, levels=5, perturbCount=60, perturbOffset=1.0))
    recipes("equal_200_200", recipe("sum4", 21, 200, scale=1.0, shift=0.0),
            recipe("sum4", 22, 200, scale=1.0, shift=0.05), note="en = 100 (Durbin/Pomeranz)")
    recipes("equal_300_300", recipe("sum4", 23, 300, scale=1.0, shift=0.0),
            recipe("sum4", 24, 300, scale=1.0, shift=0.1), note="en = 150 (> 140)")
    recipes("equal_2000_2000_close", recipe("sum4", 25, 2000, scale=1.0, shift=0.0),
            recipe("sum4", 25, 2000, scale=1.0, shift=0.0, perturbCount=3, perturbOffset=5.0),
            note="en = 1000, D = 3/2000: Durbin matrix (n x^1.5 <= 1.4)")
    recipes("equal_2000_2000_shift", recipe("sum4", 26, 2000, scale=1.0, shift=0.0),
            recipe("sum4", 27, 2000, scale=1.0, shift=0.06), note="en = 1000, smirnov regime")
    recipes("equal_2000_2000_same", recipe("sum4", 28, 2000, scale=1.0, shift=0.0),
            recipe("sum4", 29, 2000, scale=1.0, shift=0.0), note="en = 1000, Pelz-Good or Durbin")
    recipes("tiny_gap_1000", recipe("sum4", 30, 1000, scale=1.0, shift=0.0),
            recipe("sum4", 30, 1000, scale=1.0, shift=0.0, perturbCount=2, perturbOffset=-3.0),
            note="D = 2/1000, en = 500: Ruben-Gambino t <= 1")
    recipes("large_50000_20000", recipe("sum4", 31, 50000, scale=1.0, shift=0.0),
            recipe("sum4", 32, 20000, scale=1.0, shift=0.02), methods=["auto", "asymp"],
            note="auto -> asymp, en = 14285.7 -> 14286")
    recipes("large_50000_20000_same", recipe("sum4", 33, 50000, scale=1.0, shift=0.0),
            recipe("sum4", 34, 20000, scale=1.0, shift=0.0), methods=["auto", "asymp"])
    recipes("huge_200000_200000_close", recipe("sum4", 35, 200000, scale=1.0, shift=0.0),
            recipe("sum4", 35, 200000, scale=1.0, shift=0.0, perturbCount=40, perturbOffset=9.0),
            methods=["auto", "asymp"], note="en = 100000, D = 2e-4: Durbin matrix at n = 10^5")
    recipes("huge_200000_200000_same", recipe("sum4", 36, 200000, scale=1.0, shift=0.0),
            recipe("sum4", 37, 200000, scale=1.0, shift=0.0),
            methods=["auto", "asymp"], note="en = 100000: Pelz-Good")
    recipes("seed_scale_300000_100000", recipe("sum4", 38, 300000, scale=1.0, shift=0.0),
            recipe("sum4", 39, 100000, scale=1.0, shift=0.01),
            methods=["auto", "asymp"], note="en = 75000: smirnov")
    recipes("seed_scale_300000_100000_far", recipe("sum4", 40, 300000, scale=1.0, shift=0.0),
            recipe("sum4", 41, 100000, scale=1.0, shift=0.3),
            methods=["auto", "asymp"], note="n x^2 >= 370: p = 0")
    # Seed scale (en = 75,000 and 10,000) in the smirnov regime, where folio sums the
    # Birnbaum-Tingey terms outward from the peak, and in the Durbin-matrix regime (a
    # two-level sample against its own prefix; seeds picked so that n D^1.5 <= 1.4).
    recipes("seed_scale_300000_100000_smirnov", recipe("sum4", 44, 300000, scale=1.0, shift=0.0),
            recipe("sum4", 45, 100000, scale=1.0, shift=0.03),
            methods=["auto", "asymp"], note="en = 75000, n D^2 = 33.5: smirnov (outward sum)")
    recipes("en_10000_smirnov", recipe("sum4", 46, 40000, scale=1.0, shift=0.0),
            recipe("sum4", 47, 13334, scale=1.0, shift=0.05),
            methods=["auto", "asymp"], note="en = 10000, n D^2 = 12.9: smirnov (outward sum)")
    recipes("seed_scale_300000_100000_durbin", recipe("levels", 89, 300000, levels=2),
            recipe("levels", 89, 100000, levels=2),
            methods=["auto", "asymp"], note="en = 75000, D = 6.5e-4, n D^1.5 = 1.23: Durbin matrix, m = 97")
    recipes("en_10000_durbin", recipe("levels", 53, 40000, levels=2), recipe("levels", 53, 13334, levels=2),
            methods=["auto", "asymp"], note="en = 10000, n D^1.5 = 1.38: Durbin matrix, m = 53")
    recipes("exact_coprime_too_large", recipe("sum4", 42, 46349, scale=1.0, shift=0.0),
            recipe("sum4", 43, 46351, scale=1.0, shift=0.01), methods=["exact"],
            note="lcm > 2^31: explicit exact is answered asymptotically")
    return cases


# --------------------------------------------------------------------------------------
# kstwo / smirnov grids


def regime(n, x):
    t = n * x
    if x >= 1.0:
        return "x>=1"
    if x <= 0.0:
        return "x<=0"
    if t <= 1.0:
        return "ruben-gambino-low" if t > 0.5 else "t<=0.5"
    if t >= n - 1:
        return "ruben-gambino-high"
    if x >= 0.5:
        return "smirnov-x>=0.5"
    nx2 = t * x
    if n <= 140:
        if nx2 <= 0.754693:
            return "durbin"
        if nx2 <= 4:
            return "pomeranz"
        return "smirnov"
    if nx2 >= 370:
        return "sf-zero"
    if nx2 >= 2.2:
        return "smirnov"
    if nx2 >= 18.0:
        return "cdf-one"
    if n <= 100000 and n * x ** 1.5 <= 1.4:
        return "durbin"
    return "pelz-good"


# n x^2 across the smirnov regime of kstwo (2.2 ... 370), on both sides of n x^2 = 345
# (above which folio keeps scipy's term-by-term loop), at irregular points.
SEED_SCALE_NX2 = [2.2, 2.37, 3.3, 4.71, 7.1, 11.9, 17.3, 26.8, 44.4, 71.5, 123.4, 201.7, 299.5, 300.5,
                  344.7, 345.1, 369.5]
# Fractions of the Durbin-matrix limit n x^1.5 = 1.4.
SEED_SCALE_DURBIN = [0.3, 0.6, 0.8, 0.95, 0.999]


def seed_scale_xs(n):
    """x values at the seed-scale sizes: the smirnov regime (outward sum), the Durbin matrix
    near its largest size, and Pelz-Good between them."""
    xs = {math.sqrt(v / n) for v in SEED_SCALE_NX2}
    xs |= {f * (1.4 / n) ** (2.0 / 3.0) for f in SEED_SCALE_DURBIN}
    xs |= {math.sqrt(v / n) for v in [0.5, 1.2, 2.0, 2.19]}
    return xs


def kstwo_grid():
    ns = [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 300, 1000, 5000, 10000, 20000, 75000, 100000, 100001,
          250000, 2000000]
    rows = []
    for n in ns:
        xs = {0.3 / n, 0.75 / n, 1.0 / n, 1.5 / n, (n - 0.5) / n, 0.5, 0.6, 0.9,
              math.sqrt(0.2 / n), math.sqrt(0.7 / n), math.sqrt(1.0 / n), math.sqrt(2.0 / n),
              math.sqrt(3.9 / n), math.sqrt(5.0 / n), math.sqrt(10.0 / n), math.sqrt(30.0 / n),
              math.sqrt(400.0 / n), 0.9 * (1.4 / n) ** (2.0 / 3.0), 1.1 * (1.4 / n) ** (2.0 / 3.0)}
        if n in (10000, 75000):
            xs |= seed_scale_xs(n)
        for x in sorted(xs):
            if not (0.0 < x < 1.0):
                continue
            sf = float(stats.kstwo.sf(x, n))
            cdf = float(stats.kstwo.cdf(x, n))
            rows.append({"n": n, "x": x, "sf": fnum(sf), "cdf": fnum(cdf), "regime": regime(n, x)})
    smirnov = []
    for n in [1, 2, 5, 10, 11, 50, 140, 1000, 10000, 75000, 1000001]:
        xs = [0.0, 0.3 / n, 1.0 / n, 1.7 / n, 0.01, 0.05, 0.1, 0.3, 0.5, 0.75, 1 - 1.0 / n,
              1 - 0.5 / n, 1.0, math.sqrt(1.0 / n), math.sqrt(3.0 / n)]
        if n in (10000, 75000):
            xs += [math.sqrt(v / n) for v in SEED_SCALE_NX2] + [0.55, 0.7]
        for x in xs:
            if 0.0 <= x <= 1.0:
                smirnov.append({"n": n, "x": x, "sf": fnum(special.smirnov(n, x))})
    return rows, smirnov




# --------------------------------------------------------------------------------------
# PSI: folio's definition, implemented here with numpy


PSI_EPSILON = 1e-4


def psi_numpy(reference, current, bins=10):
    """Quantile bins of the reference (numpy linear quantiles at i/bins), repeated edges
    collapsed with np.unique, outer edges -inf/+inf, np.histogram counts, shares clipped
    below at 1e-4, PSI = sum((r - c) * ln(r / c))."""
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    inner = np.unique(np.quantile(reference, np.arange(1, bins) / bins)) if bins > 1 else np.array([])
    edges = np.concatenate(([-np.inf], inner, [np.inf]))
    rc, _ = np.histogram(reference, bins=edges)
    cc, _ = np.histogram(current, bins=edges)
    rs = np.maximum(rc / reference.size, PSI_EPSILON)
    cs = np.maximum(cc / current.size, PSI_EPSILON)
    value = float(np.sum((rs - cs) * np.log(rs / cs)))
    band = "stable" if value < 0.1 else ("moderate" if value <= 0.25 else "major")
    return {"value": value, "band": band, "innerEdges": [float(e) for e in inner],
            "referenceCounts": [int(c) for c in rc], "currentCounts": [int(c) for c in cc]}


def psi_cases():
    cases = []

    def add(name, ra, rb, bins=10):
        (ra, a), (rb, b) = ra, rb
        cases.append({"name": name, "bins": bins, "reference": {"recipe": ra}, "current": {"recipe": rb},
                      "expected": psi_numpy(a, b, bins)})

    add("same_distribution", recipe("sum4", 101, 5000, scale=1.0, shift=0.0),
        recipe("sum4", 102, 3000, scale=1.0, shift=0.0))
    add("small_shift", recipe("sum4", 103, 5000, scale=1.0, shift=0.0),
        recipe("sum4", 104, 3000, scale=1.0, shift=0.25))
    add("large_shift", recipe("sum4", 105, 5000, scale=1.0, shift=0.0),
        recipe("sum4", 106, 3000, scale=1.3, shift=0.6))
    add("disjoint_empty_bins", recipe("sum4", 107, 2000, scale=1.0, shift=0.0),
        recipe("sum4", 108, 1000, scale=0.2, shift=3.0))
    add("ties_collapse_edges", recipe("levels", 109, 4000, levels=4),
        recipe("levels", 110, 2500, levels=5))
    add("five_bins", recipe("sum4", 111, 800, scale=1.0, shift=0.0),
        recipe("sum4", 112, 700, scale=1.1, shift=0.1), bins=5)
    add("seed_scale", recipe("sum4", 113, 300000, scale=1.0, shift=0.0),
        recipe("sum4", 114, 100000, scale=1.0, shift=0.05))
    return cases


# --------------------------------------------------------------------------------------
# multiple testing


def adjustment_cases():
    rng = np.random.default_rng(2024)
    vectors = [
        [0.01, 0.04, 0.03, 0.5, 0.2],
        [0.0, 1.0, 0.5, 0.5, 0.5, 0.001],
        [0.3],
        [],
        [1e-12, 2e-12, 3e-3, 0.049, 0.051, 0.9, 0.9, 0.04],
        [float(v) for v in rng.uniform(0, 1, 23) ** 3],
        [float(v) for v in rng.uniform(0, 0.05, 40)],
    ]
    out = []
    for p in vectors:
        bh = stats.false_discovery_control(p, method="bh") if len(p) else np.array([])
        out.append({"p": p, "bh": [float(v) for v in np.atleast_1d(bh)],
                    "bonferroni": [float(min(1.0, v * len(p))) for v in p]})
    return out


# --------------------------------------------------------------------------------------
# histograms, summaries


def histogram_cases():
    cases = []

    def add(name, ra, rb, bins):
        (ra, a), (rb, b) = ra, rb
        a = np.asarray(a)
        b = np.asarray(b)
        edges = np.histogram_bin_edges(np.concatenate([a, b]), bins=bins)
        ca, _ = np.histogram(a, bins=edges)
        cb, _ = np.histogram(b, bins=edges)
        da, _ = np.histogram(a, bins=edges, density=True)
        db, _ = np.histogram(b, bins=edges, density=True)
        edges_a = np.histogram_bin_edges(a, bins=bins)
        cases.append({"name": name, "bins": bins, "a": {"recipe": ra}, "b": {"recipe": rb},
                      "edges": [float(e) for e in edges], "countsA": [int(c) for c in ca],
                      "countsB": [int(c) for c in cb], "densityA": [fnum(v) for v in da],
                      "densityB": [fnum(v) for v in db], "edgesA": [float(e) for e in edges_a]})

    add("fd_normal", recipe("sum4", 201, 3000, scale=1.0, shift=0.0),
        recipe("sum4", 202, 2000, scale=1.2, shift=0.3), "fd")
    add("fd_unequal_scales", recipe("sum4", 203, 500, scale=0.01, shift=0.0),
        recipe("sum4", 204, 9000, scale=0.02, shift=0.005), "fd")
    add("fd_ties_zero_iqr", recipe("levels", 205, 300, levels=1),
        recipe("levels", 206, 200, levels=1), "fd")
    add("fd_integers", recipe("levels", 207, 1000, levels=5),
        recipe("levels", 208, 800, levels=7), "fd")
    add("count_20", recipe("sum4", 209, 700, scale=3.0, shift=-1.0),
        recipe("sum4", 210, 900, scale=2.0, shift=0.5), 20)
    add("count_1", recipe("sum4", 211, 50, scale=1.0, shift=0.0),
        recipe("sum4", 212, 60, scale=1.0, shift=0.0), 1)
    add("fd_seed_scale", recipe("sum4", 213, 300000, scale=1.0, shift=0.0),
        recipe("sum4", 214, 100000, scale=1.0, shift=0.05), "fd")
    return cases


def summary_cases():
    cases = []
    levels = [0.01, 0.05, 0.1, 0.25, 0.75, 0.9, 0.95, 0.99]

    def add(name, r):
        r, x = r
        x = np.asarray(x)
        cases.append({"name": name, "sample": {"recipe": r}, "count": int(x.size),
                      "mean": float(np.mean(x)), "std": fnum(np.std(x, ddof=1)),
                      "median": float(np.median(x)), "min": float(np.min(x)), "max": float(np.max(x)),
                      "levels": levels, "quantiles": [float(v) for v in np.quantile(x, levels)]})

    add("bell_1000", recipe("sum4", 301, 1000, scale=1.0, shift=0.0))
    add("bell_shifted_odd", recipe("sum4", 302, 777, scale=250.0, shift=1.0e4))
    add("integers_even", recipe("levels", 303, 1000, levels=5))
    add("single", recipe("sum4", 304, 1, scale=1.0, shift=0.0))
    add("two", recipe("sum4", 305, 2, scale=1.0, shift=0.0))
    add("seed_scale", recipe("sum4", 306, 300000, scale=0.01, shift=0.0002))
    return cases


# --------------------------------------------------------------------------------------
# drift windows (Python datetime for the calendar, numpy for the statistics)


def drift_cases():
    import datetime as dt

    rng = np.random.default_rng(77)
    start = int(dt.datetime(2023, 11, 20, tzinfo=dt.timezone.utc).timestamp())
    end = int(dt.datetime(2024, 7, 10, tzinfo=dt.timezone.utc).timestamp())
    n = 3000
    ts = sorted(int(v) for v in rng.integers(start, end, n))
    # a few rows before the epoch and on window boundaries
    ts = [-86400 * 3 - 5, -1, 0] + ts + [int(dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc).timestamp()),
                                         int(dt.datetime(2024, 2, 29, 23, 59, 59, tzinfo=dt.timezone.utc).timestamp())]
    values = [round(float(v), 6) for v in rng.normal(0, 1, len(ts))]
    groups = [int(v) for v in rng.integers(0, 3, len(ts))]

    def window_start(t, kind):
        d = (dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=t)).date()
        if kind == "week":
            d = d - dt.timedelta(days=d.weekday())
        elif kind == "month":
            d = d.replace(day=1)
        else:
            d = d.replace(month=(d.month - 1) // 3 * 3 + 1, day=1)
        return d

    results = {}
    for kind in ["week", "month", "quarter"]:
        for grouped in [False, True]:
            buckets = {}
            for t, v, g in zip(ts, values, groups):
                key = (g if grouped else 0, window_start(t, kind))
                buckets.setdefault(key, []).append(v)
            rows = []
            for key in sorted(buckets):
                x = np.asarray(buckets[key])
                rows.append({"group": key[0] if grouped else None, "label": key[1].isoformat(),
                             "start": int(dt.datetime(key[1].year, key[1].month, key[1].day,
                                                      tzinfo=dt.timezone.utc).timestamp()),
                             "count": int(x.size), "mean": float(np.mean(x)), "median": float(np.median(x)),
                             "p10": float(np.quantile(x, 0.1)), "p90": float(np.quantile(x, 0.9))})
            results[f"{kind}/{'grouped' if grouped else 'all'}"] = rows
    return {"timestamps": ts, "values": values, "groups": groups, "results": results}


# --------------------------------------------------------------------------------------


def main():
    np.seterr(all="ignore")
    versions = {"scipy": scipy.__version__, "numpy": np.__version__,
                "python": sys.version.split()[0]}
    kstwo_rows, smirnov_rows = kstwo_grid()
    write("kstwo.json", {"versions": versions, "kstwo": kstwo_rows, "smirnov": smirnov_rows})
    write("ks_2samp.json", {"versions": versions, "cases": ks_cases()})
    write("psi.json", {"versions": versions, "epsilon": PSI_EPSILON, "cases": psi_cases()})
    write("p_adjust.json", {"versions": versions, "cases": adjustment_cases()})
    write("histogram.json", {"versions": versions, "cases": histogram_cases()})
    write("summary.json", {"versions": versions, "cases": summary_cases()})
    write("drift.json", {"versions": versions, **drift_cases()})


if __name__ == "__main__":
    main()
