"""Writes mlflow.db (an MLflow SQLite tracking store, written by MLflow's SQLAlchemy store)
and expected.json (the rankings folio's `trials` directive must reproduce), plus
not_mlflow.db, an SQLite database without MLflow's tables.

Run with mlflow-skinny 2.22.5, sqlalchemy and alembic:
    python generate.py
Deterministic content: fixed run names, params, metric values, steps and timestamps (run ids
and start times are random / wall-clock; expected.json records the ids that were written).
"""
import json
import math
import os
import sqlite3
import tempfile

import mlflow
from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient

HERE = os.path.dirname(os.path.abspath(__file__))
DB = os.path.join(HERE, "mlflow.db")
if os.path.exists(DB):
    os.remove(DB)

os.chdir(tempfile.mkdtemp())  # MLflow creates ./mlruns for artifacts: not beside the fixture
client = MlflowClient(tracking_uri=f"sqlite:///{DB}")
client.create_experiment("other")  # a second experiment, so the notebook must name one
exp_id = client.create_experiment("hpo")

# trial, model_type, learning_rate, val_f1 by step, status; val_loss falls 0.5 - 0.01 * step.
TRIALS = [
    (1, "gbm", "0.05", [0.52, 0.61, 0.58], "FINISHED"),
    (2, "gbm", "0.1", [0.55, 0.63, 0.66, 0.64], "FINISHED"),
    (3, "mlp", "0.001", [0.48, 0.57], "FINISHED"),
    (4, "mlp", "0.01", [0.50, 0.59, 0.62], "FAILED"),
    (5, "linear", "0.1", [0.45, 0.47], "FINISHED"),
    (6, "gbm", "0.2", [0.70, 0.71, 0.72], "FINISHED"),  # deleted below: never ranked
    (7, "linear", "0.01", [], "KILLED"),  # no val_f1
]

T0 = 1716241675000
ids = {}
for trial, model, lr, f1, status in TRIALS:
    run = client.create_run(exp_id, run_name=f"trial_{trial}", start_time=T0 + trial * 100000,
                            tags={"sampler": "tpe"})
    rid = run.info.run_id
    ids[trial] = rid
    params = [Param("model_type", model), Param("trial_number", str(trial)), Param("learning_rate", lr)]
    metrics = []
    for step, v in enumerate(f1):
        metrics.append(Metric("val_f1", v, T0 + trial * 100000 + step * 1000, step))
    for step in range(max(len(f1), 1)):
        metrics.append(Metric("val_loss", round(0.5 - 0.01 * step - 0.001 * trial, 6), T0 + trial * 100000 + step * 1000, step))
    if trial == 2:
        # A NaN logged at step 4 (is_nan = 1 in the metrics table).
        metrics.append(Metric("val_f1", math.nan, T0 + trial * 100000 + 4 * 1000, 4))
    client.log_batch(rid, metrics=metrics, params=params, tags=[RunTag("trial", str(trial))])
    client.set_terminated(rid, status=status, end_time=T0 + trial * 100000 + 50000)

client.delete_run(ids[6])

# The Default experiment gets a run too (not in hpo).
d = client.create_run("0", run_name="stray", start_time=T0)
client.log_metric(d.info.run_id, "val_f1", 0.99, timestamp=T0, step=0)
client.set_terminated(d.info.run_id, end_time=T0 + 1)


def best(values, goal):
    """The (step, value) at the best step, earliest on a tie; NaN values ignored."""
    pts = [(s, v) for s, v in enumerate(values) if not math.isnan(v)]
    key = (lambda p: (-p[1], p[0])) if goal == "maximize" else (lambda p: (p[1], p[0]))
    return sorted(pts, key=key)[0]


def metrics_at(run_id, step):
    """Every metric's latest value (by timestamp, then value) logged at `step`."""
    out = {}
    for key in sorted(client.get_run(run_id).data.metrics):
        points = [m for m in client.get_metric_history(run_id, key) if m.step == step]
        if points:
            out[key] = max(points, key=lambda m: (m.timestamp, m.value)).value
    return out


# Rankings read back through MLflow's own client (search_runs skips deleted runs).
runs = client.search_runs([exp_id], max_results=1000)
expected = {"experiment": "hpo", "run_count": len(runs), "statuses": {}}
for r in runs:
    expected["statuses"][r.info.status] = expected["statuses"].get(r.info.status, 0) + 1
rows = []
for r in runs:
    hist = client.get_metric_history(r.info.run_id, "val_f1")
    if not hist:
        continue
    by_step = {}
    for m in hist:
        by_step[m.step] = m.value
    steps = sorted(by_step)
    values = [by_step[s] for s in steps]
    s, v = best(values, "maximize")
    rows.append({"run_id": r.info.run_id, "run_name": r.info.run_name,
                 "trial": int(r.data.params["trial_number"]), "group": r.data.params["model_type"],
                 "epoch": steps[s], "value": v, "status": r.info.status,
                 "params": dict(sorted(r.data.params.items())),
                 "metrics": metrics_at(r.info.run_id, steps[s])})
rows.sort(key=lambda x: (-x["value"], x["run_name"], x["run_id"]))
expected["ranking"] = rows
bests = {}
for i, row in enumerate(rows):
    bests.setdefault(row["group"], dict(row, rank=i + 1))
expected["best_by_model_type"] = bests
expected["without_metric"] = len(runs) - len(rows)
expected["deleted_run_id"] = ids[6]
expected["statuses"] = dict(sorted(expected["statuses"].items()))

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=2, sort_keys=True)
    f.write("\n")

# Shrink the file (the store is read-only for folio).
con = sqlite3.connect(DB)
con.execute("VACUUM")
con.close()
# A SQLite database that is not an MLflow store (for the error test).
FOREIGN = os.path.join(HERE, "not_mlflow.db")
if os.path.exists(FOREIGN):
    os.remove(FOREIGN)
con = sqlite3.connect(FOREIGN)
con.executescript("CREATE TABLE runs (x INTEGER); CREATE TABLE prices (close REAL); INSERT INTO runs VALUES (1);")
con.close()
print(json.dumps(expected, indent=2, sort_keys=True))
