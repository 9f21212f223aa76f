"""Opens a demo-data MLflow store with MLflow itself and prints what the trials directive needs.

    folio demo-data --symbols 5 --out /tmp/demo
    python check_mlflow_store.py /tmp/demo/mlruns

Checked with mlflow-skinny 2.22.5 and 3.17.2 (MLflow 3 needs MLFLOW_ALLOW_FILE_STORE=true
for any file store): both list the experiments, 100 runs (98 FINISHED, 2 FAILED), and find
trials 62 (lstm), 72 (mlp) and 93 (gru) as the best of their types at their checkpoints'
epochs (artifacts/model/metrics.json).
"""
import sys

import mlflow
from mlflow.tracking import MlflowClient

root = sys.argv[1]
mlflow.set_tracking_uri("file://" + root)
client = MlflowClient()
print("mlflow", mlflow.__version__)
print("experiments:", sorted((e.experiment_id, e.name) for e in client.search_experiments()))
exp = client.get_experiment_by_name("phase3_hpo")
df = mlflow.search_runs(experiment_ids=[exp.experiment_id])
print("runs:", len(df), "statuses:", df["status"].value_counts().to_dict())
best = {}
for _, row in df.iterrows():
    hist = client.get_metric_history(row["run_id"], "val_f1")
    if not hist:
        continue
    top = max(hist, key=lambda m: m.value)
    kind = row["params.model_type"]
    if kind not in best or top.value > best[kind][1]:
        recall = {m.step: m.value for m in client.get_metric_history(row["run_id"], "val_recall")}
        best[kind] = (row["tags.mlflow.runName"], top.value, top.step, recall[top.step])
print("best per type:", dict(sorted(best.items())))
expected = {"gru": ("trial_93", 0.334, 4, 0.549), "lstm": ("trial_62", 0.329, 1, 0.63), "mlp": ("trial_72", 0.355, 3, 0.517)}
assert best == expected, best
print("ok")
