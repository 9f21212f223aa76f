"""Reference values for folio's demo-data tests, from scikit-learn and Python itself.

Run with the reference venv: python generate.py (writes the JSON files beside it).

- log_loss_auc_reference.json: sklearn's log_loss and roc_auc_score on scores with ties.
- python_repr_reference.json: repr(float) of values as MLflow writes them.
"""
import json
import numpy as np
import sklearn
from sklearn.metrics import log_loss, roc_auc_score

rng = np.random.RandomState(7)
n, d = 300, 5
# The draws of the former logistic-regression reference, kept so that the stream below is unchanged.
X = rng.normal(size=(n, d))
rng.uniform(size=n)

labels = rng.randint(0, 2, size=200)
scores = np.round(rng.uniform(size=200), 2)  # two decimals: many ties
scores[:3] = [0.0, 1.0, 1e-20]
with open("log_loss_auc_reference.json", "w") as f:
    json.dump({
        "sklearn": sklearn.__version__,
        "labels": labels.tolist(),
        "scores": scores.tolist(),
        "log_loss": float(log_loss(labels, scores)),
        "roc_auc": float(roc_auc_score(labels, scores)),
    }, f, indent=1, sort_keys=True)

values = [0.329, 0.63, 1.0, 0.0, 1.5e-05, 0.0001, 0.000412, 123456.0, 1e16, 2.5e-07, 0.222629, 12.5, 100.0]
with open("python_repr_reference.json", "w") as f:
    json.dump({"cases": [{"value": v, "repr": repr(v)} for v in values]}, f, indent=1, sort_keys=True)
