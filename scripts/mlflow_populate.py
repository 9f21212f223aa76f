"""Logs the same HPO runs, through MLflow's own client, to a tracking server and to a file
store, for folio's tracking-server tests (scripts/mlflow-server runs it).

    python scripts/mlflow_populate.py --server http://127.0.0.1:PORT --file-store /tmp/x/mlruns --out runs.json

Experiments: Default, `other` and `hpo`. `hpo` holds seven runs (more than one page when
the tests ask for pages of 2): trials 1-7 of three model types, metric histories over up
to five epochs with explicit timestamps (so both stores hold the same values), a NaN
val_f1 at the last epoch of trial 2, trial 4 FAILED, trial 7 KILLED without val_f1, and
trial 6 deleted. Each run holds artifacts/model/ (model.onnx, config.yaml, scaler.json and
notes/readme.txt). Writes a JSON summary to --out: the run ids of each store by run name.
"""
import argparse
import json
import math
import os
import tempfile

import mlflow
from mlflow.entities import Metric, Param, RunTag
from mlflow.tracking import MlflowClient

BASE = 1_700_000_000_000

# name, model_type, trial, lr, status, val_f1 per epoch (None: not logged), val_loss per epoch
RUNS = [
    ("mlp-1", "mlp", 1, "0.001", "FINISHED", [0.52, 0.58, 0.61, 0.60, 0.59], [0.70, 0.62, 0.55, 0.56, 0.57]),
    ("lstm-2", "lstm", 2, "0.0005", "FINISHED", [0.55, 0.63, 0.66, 0.64, math.nan], [0.68, 0.60, 0.52, 0.53, 0.58]),
    ("gru-3", "gru", 3, "0.002", "FINISHED", [0.50, 0.57, 0.62, 0.65], [0.71, 0.63, 0.54, 0.50]),
    ("mlp-4", "mlp", 4, "0.01", "FAILED", [0.48, 0.62], [0.75, 0.60]),
    ("lstm-5", "lstm", 5, "0.001", "FINISHED", [0.54, 0.60, 0.64, 0.66, 0.65], [0.69, 0.61, 0.53, 0.51, 0.52]),
    ("gru-6", "gru", 6, "0.003", "FINISHED", [0.70, 0.71], [0.40, 0.39]),
    ("mlp-7", "mlp", 7, "0.02", "KILLED", None, [0.80]),
]
DELETED = "gru-6"


def model_folder(root, name, trial):
    folder = os.path.join(root, name, "model")
    os.makedirs(os.path.join(folder, "notes"), exist_ok=True)
    # Bytes of every value, so that a download that changes one byte shows.
    with open(os.path.join(folder, "model.onnx"), "wb") as f:
        f.write(bytes((i * 7 + trial) % 256 for i in range(5000 + trial)))
    with open(os.path.join(folder, "config.yaml"), "w") as f:
        f.write(f"trial: {trial}\nname: {name}\n")
    with open(os.path.join(folder, "scaler.json"), "w") as f:
        json.dump({"mean": [0.0, 1.0], "scale": [1.0, 2.0]}, f)
    with open(os.path.join(folder, "notes", "readme.txt"), "w") as f:
        f.write(f"run {name}\n")
    return folder


def populate(uri, scratch):
    # Artifacts of a server's runs go through its proxy (mlflow-artifacts:/...), which the
    # client resolves against the global tracking URI.
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(tracking_uri=uri)
    client.create_experiment("other")
    experiment = client.create_experiment("hpo")
    ids = {}
    for k, (name, model_type, trial, lr, status, f1s, losses) in enumerate(RUNS):
        start = BASE + k * 100_000
        run = client.create_run(experiment, start_time=start, run_name=name)
        run_id = run.info.run_id
        ids[name] = run_id
        metrics = []
        for step, value in enumerate(losses):
            metrics.append(Metric("val_loss", value, start + 1000 * (step + 1), step))
        for step, value in enumerate(f1s or []):
            metrics.append(Metric("val_f1", value, start + 1000 * (step + 1) + 1, step))
        # A step logged twice: the later timestamp wins in every store.
        metrics.append(Metric("train_loss", 0.9, start + 10, 0))
        metrics.append(Metric("train_loss", 0.8, start + 20, 0))
        params = [Param("model_type", model_type), Param("trial_number", str(trial)), Param("learning_rate", lr)]
        client.log_batch(run_id, metrics=metrics, params=params, tags=[RunTag("stage", "hpo")])
        client.log_artifacts(run_id, model_folder(scratch, name, trial), artifact_path="model")
        client.set_terminated(run_id, status=status, end_time=start + 50_000)
        if name == DELETED:
            client.delete_run(run_id)
    return ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--file-store", required=True)
    parser.add_argument("--out", required=True, help="where the JSON summary goes (MLflow prints on stdout)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        server = populate(args.server, os.path.join(scratch, "server"))
        files = populate("file:" + os.path.abspath(args.file_store), os.path.join(scratch, "files"))
    with open(args.out, "w") as f:
        json.dump({"server": server, "file_store": files}, f, sort_keys=True)


if __name__ == "__main__":
    main()
