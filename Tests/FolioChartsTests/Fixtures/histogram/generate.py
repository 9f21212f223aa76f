"""Reference values for FolioCharts' histogram binning, from numpy.

Run: /tmp/refvenv/bin/python generate.py  (writes numpy_histogram.json beside this file)
FolioCharts' Histogram follows numpy.histogram: half-open bins except the last, values
outside the edges not counted, edges for an integer bin count from
numpy.histogram_bin_edges over all samples, density=True normalisation.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20240301)
cases = []

# 1. Explicit edges with values on the edges, below and above the range.
values = [0.0, 0.5, 1.0, 1.0, 1.5, 2.0, 2.5, 3.0, -0.1, 3.1, 2.999999]
edges = [0.0, 1.0, 2.0, 3.0]
counts, _ = np.histogram(values, bins=edges)
density, _ = np.histogram(values, bins=edges, density=True)
cases.append({"name": "edges_inclusive_last", "values": values, "bins": edges,
              "edges": edges, "counts": counts.tolist(), "density": density.tolist()})

# 2. Uneven explicit edges.
values = rng.normal(size=500).round(6).tolist()
edges = [-3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 2.5]
counts, _ = np.histogram(values, bins=edges)
density, _ = np.histogram(values, bins=edges, density=True)
cases.append({"name": "uneven_edges", "values": values, "bins": edges,
              "edges": edges, "counts": counts.tolist(), "density": density.tolist()})

# 3. Integer bin count over two samples (shared edges from the concatenation).
a = rng.normal(size=1000).round(6)
b = (rng.normal(size=400) * 1.3 + 0.4).round(6)
shared = np.histogram_bin_edges(np.concatenate([a, b]), bins=25)
ca, _ = np.histogram(a, bins=shared)
da, _ = np.histogram(a, bins=shared, density=True)
cb, _ = np.histogram(b, bins=shared)
db, _ = np.histogram(b, bins=shared, density=True)
cases.append({"name": "count_25_sample_a", "values": a.tolist(), "other": b.tolist(), "bins": 25,
              "edges": shared.tolist(), "counts": ca.tolist(), "density": da.tolist()})
cases.append({"name": "count_25_sample_b", "values": b.tolist(), "other": a.tolist(), "bins": 25,
              "edges": shared.tolist(), "counts": cb.tolist(), "density": db.tolist()})

# 4. A constant sample: numpy widens the range by 0.5 on each side.
values = [2.0, 2.0, 2.0]
edges = np.histogram_bin_edges(values, bins=4)
counts, _ = np.histogram(values, bins=4)
density, _ = np.histogram(values, bins=4, density=True)
cases.append({"name": "constant_sample", "values": values, "bins": 4,
              "edges": edges.tolist(), "counts": counts.tolist(), "density": density.tolist()})

out = {"numpy": np.__version__, "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_histogram.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
