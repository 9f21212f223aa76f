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
                      "results": ks_results(np.array(a), np.array(b), methods)})

    def recipes(name, ra, rb, methods=all_methods, note=""):
        (ra, a), (rb, b) = ra, rb
        cases.append({"name": name, "note": note, "a": {"recipe": ra}, "b": {"recipe": rb},
                      "results": ks_results(np.array(a), np.array(b), methods)})

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


def kstwo_grid():
    ns = [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 300, 1000, 5000, 20000, 100000, 100001, 250000,
          1000000, 2000000]
    rows = []
    for n in ns:
        xs = {0.3 / n, 0.75 / n, 1.0 / n, 1.5 / n, (n - 0.5) / n, 0.5, 0.6, 0.9,
              math.sqrt(0.2 / n), math.sqrt(0.7 / n), math.sqrt(1.0 / n), math.sqrt(2.0 / n),
              math.sqrt(3.9 / n), math.sqrt(5.0 / n), math.sqrt(10.0 / n), math.sqrt(30.0 / n),
              math.sqrt(400.0 / n), 0.9 * (1.4 / n) ** (2.0 / 3.0), 1.1 * (1.4 / n) ** (2.0 / 3.0)}
        for x in sorted(xs):
            if not (0.0 < x < 1.0):
                continue
            sf = float(stats.kstwo.sf(x, n))
            cdf = float(stats.kstwo.cdf(x, n))
            rows.append({"n": n, "x": x, "sf": fnum(sf), "cdf": fnum(cdf), "regime": regime(n, x)})
    smirnov = []
    for n in [1, 2, 5, 10, 11, 50, 140, 1000, 75000, 1000001]:
        for x in [0.0, 0.3 / n, 1.0 / n, 1.7 / n, 0.01, 0.05, 0.1, 0.3, 0.5, 0.75, 1 - 1.0 / n,
                  1 - 0.5 / n, 1.0, math.sqrt(1.0 / n), math.sqrt(3.0 / n)]:
            if 0.0 <= x <= 1.0:
                smirnov.append({"n": n, "x": x, "sf": fnum(special.smirnov(n, x))})
    return rows, smirnov


# --------------------------------------------------------------------------------------


def main():
    np.seterr(all="ignore")
    versions = {"scipy": scipy.__version__, "numpy": np.__version__,
                "python": sys.version.split()[0]}
    kstwo_rows, smirnov_rows = kstwo_grid()
    write("kstwo.json", {"versions": versions, "kstwo": kstwo_rows, "smirnov": smirnov_rows})
    write("ks_2samp.json", {"versions": versions, "cases": ks_cases()})


if __name__ == "__main__":
    main()
