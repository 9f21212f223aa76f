"""Writes the MLflow file-store fixture `Fixtures/mlruns/` with MLflow's own FileStore, and
`Fixtures/data/mlruns.expected.json` with what MLflow's client and PyYAML read back from
it: the reference for folio's MLflow reader.

    python3 -m venv /tmp/mlflowvenv
    /tmp/mlflowvenv/bin/pip install "mlflow-skinny>=2.17,<3" pandas
    /tmp/mlflowvenv/bin/python Tests/FolioComputeTests/Fixtures/data/generate_mlruns.py

Deterministic: MLflow's clock, run ids and experiment ids are replaced by seeded
stand-ins, so a rerun writes the same bytes.

What the store holds (the Phase 4 HPO situation in miniature):
- experiment "phase4-hpo": MLP, LSTM and GRU trials with params, per-epoch metrics
  (val_f1, val_auc, val_loss, nested key test/f1), tags; one FAILED, one KILLED, one
  RUNNING, one deleted run; a metric logged twice at one step; a NaN metric value; run
  names that YAML must quote ('12', 'trial: 5 (warmup)'); a long artifact location with
  spaces, which PyYAML folds over two lines; an experiment tag (tags/ folder).
- one run's meta.yaml without `run_name`, as MLflow before 1.29 wrote it (the name then
  comes from the mlflow.runName tag).
- experiment "baselines" with one run; the Default experiment 0 with none; experiment
  "scratch", deleted (moved to .trash/).

Reference rankings (pandas over MLflow's metric histories): for val_f1, each run's best
step (max; first on ties; NaN skipped), its last step as MLflow's client reports the
latest value, every metric at the best step, the ranking, and the best run per
model_type.
"""
import json
import os
import random
import shutil
import uuid

import pandas as pd
import yaml

import mlflow
import mlflow.store.tracking.file_store as file_store_module
from mlflow.entities import Metric, Param, RunStatus, RunTag, ViewType
from mlflow.store.tracking.file_store import FileStore
from mlflow.tracking import MlflowClient

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "mlruns"))
EXPECTED = os.path.join(HERE, "mlruns.expected.json")
ARTIFACTS = "file:///home/quant team/phase 4 signal models/mlartifacts"

rng = random.Random(20241125)


class Clock:
    now = 1_732_000_000_000  # ms

    @classmethod
    def tick(cls, ms=1000):
        cls.now += ms
        return cls.now


def seeded_uuid4():
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# Deterministic ids and times for MLflow's FileStore.
file_store_module.get_current_time_millis = lambda: Clock.tick(7)
file_store_module._generate_unique_integer_id = lambda: rng.randrange(10**17, 10**18)
uuid.uuid4 = seeded_uuid4


def curve(start, end, epochs, noise):
    return [start + (end - start) * (1 - 0.6 ** (e + 1)) + rng.uniform(-noise, noise) for e in range(epochs)]


def log_trial(store, exp_id, name, model, trial, epochs, f1_end, status, extra=None):
    start = Clock.tick(60_000)
    run = store.create_run(
        exp_id, user_id="quant", start_time=start,
        tags=[RunTag("mlflow.user", "quant"), RunTag("mlflow.source.name", "hpo/optuna_search.py"),
              RunTag("mlflow.source.type", "LOCAL")],
        run_name=name)
    run_id = run.info.run_id
    params = {"model_type": model, "trial_number": str(trial), "learning_rate": f"{rng.uniform(1e-4, 3e-3):.5f}",
              "hidden_size": str(rng.choice([64, 128, 256])), "dropout": f"{rng.choice([0.1, 0.2, 0.3])}"}
    for key, value in params.items():
        store.log_param(run_id, Param(key, value))
    f1 = curve(0.05, f1_end, epochs, 0.01)
    auc = curve(0.55, 0.5 + f1_end, epochs, 0.005)
    loss = curve(0.69, 0.69 - f1_end, epochs, 0.01)
    for step in range(epochs):
        t = Clock.tick(30_000)
        store.log_metric(run_id, Metric("val_f1", round(f1[step], 6), t, step))
        store.log_metric(run_id, Metric("val_auc", round(auc[step], 6), t + 1, step))
        store.log_metric(run_id, Metric("val_loss", round(loss[step], 6), t + 2, step))
    if extra:
        extra(store, run_id)
    if status == "FINISHED":
        store.log_metric(run_id, Metric("test/f1", round(f1[-1] - 0.02, 6), Clock.tick(), epochs - 1))
        store.set_tag(run_id, RunTag("checkpoint", f"checkpoints/{model}_trial_{trial}.pt"))
    if status != "RUNNING":
        store.update_run_info(run_id, RunStatus.from_string(status), end_time=Clock.tick(5_000), run_name=name)
    return run_id


def main():
    if os.path.exists(ROOT):
        shutil.rmtree(ROOT)
    store = FileStore(ROOT, artifact_root_uri=ARTIFACTS)

    hpo = store.create_experiment(
        "phase4-hpo", artifact_location=f"{ARTIFACTS}/phase4 hpo trials",
        tags=[mlflow.entities.ExperimentTag("mlflow.note.content", "Optuna search, three architectures")])
    ids = {}
    ids["trial_72"] = log_trial(store, hpo, "trial_72", "mlp", 72, 6, 0.41, "FINISHED")
    ids["trial_61"] = log_trial(store, hpo, "trial_61", "mlp", 61, 6, 0.35, "FINISHED")

    def twice_at_step_3(store, run_id):
        # A retried epoch: val_f1 logged again at step 3, later, higher.
        store.log_metric(run_id, Metric("val_f1", 0.5, Clock.tick(), 3))

    ids["trial_62"] = log_trial(store, hpo, "trial_62", "lstm", 62, 6, 0.39, "FINISHED", twice_at_step_3)

    def nan_loss(store, run_id):
        store.log_metric(run_id, Metric("val_loss", float("nan"), Clock.tick(), 1))

    ids["trial_60"] = log_trial(store, hpo, "trial_60", "lstm", 60, 2, 0.30, "FAILED", nan_loss)
    ids["trial_93"] = log_trial(store, hpo, "trial_93", "gru", 93, 6, 0.40, "FINISHED")
    ids["12"] = log_trial(store, hpo, "12", "gru", 12, 3, 0.20, "KILLED")
    ids["trial: 5 (warmup)"] = log_trial(store, hpo, "trial: 5 (warmup)", "mlp", 5, 1, 0.10, "FINISHED")
    ids["trial_100"] = log_trial(store, hpo, "trial_100", "gru", 100, 2, 0.25, "RUNNING")
    deleted = log_trial(store, hpo, "trial_99", "mlp", 99, 6, 0.9, "FINISHED")
    store.delete_run(deleted)

    base = store.create_experiment("baselines")
    ids["naive"] = log_trial(store, base, "naive", "naive", 0, 1, 0.12, "FINISHED")

    scratch = store.create_experiment("scratch")
    log_trial(store, scratch, "tmp", "mlp", 1, 1, 0.1, "FINISHED")
    store.delete_experiment(scratch)

    # MLflow before 1.29 wrote no run_name into meta.yaml: emulate one such run.
    legacy = os.path.join(ROOT, hpo, ids["trial_61"], "meta.yaml")
    with open(legacy) as f:
        meta = yaml.safe_load(f)
    del meta["run_name"]
    with open(legacy, "w") as f:
        yaml.dump(meta, f, default_flow_style=False, allow_unicode=True, sort_keys=True, Dumper=yaml.SafeDumper)

    write_expected()
    print(f"mlflow {mlflow.__version__}: wrote {ROOT} and {EXPECTED}")


def write_expected():
    client = MlflowClient(tracking_uri=ROOT)
    experiments = sorted(client.search_experiments(view_type=ViewType.ACTIVE_ONLY), key=lambda e: e.experiment_id)
    out = {"experiments": [], "runs": {}, "meta_yaml": {}, "rankings": {}}
    for e in experiments:
        out["experiments"].append({
            "experiment_id": e.experiment_id, "name": e.name, "artifact_location": e.artifact_location,
            "lifecycle_stage": e.lifecycle_stage, "creation_time": e.creation_time,
            "last_update_time": e.last_update_time, "tags": dict(sorted(e.tags.items())),
        })
        runs = client.search_runs([e.experiment_id], run_view_type=ViewType.ACTIVE_ONLY, max_results=1000)
        entries = []
        for run in sorted(runs, key=lambda r: r.info.run_id):
            history = {}
            for key in sorted(run.data.metrics):
                points = client.get_metric_history(run.info.run_id, key)
                history[key] = [[m.step, m.timestamp, None if m.value != m.value else m.value] for m in points]
            entries.append({
                "run_id": run.info.run_id, "run_name": run.info.run_name, "status": run.info.status,
                "start_time": run.info.start_time, "end_time": run.info.end_time,
                "lifecycle_stage": run.info.lifecycle_stage, "user_id": run.info.user_id,
                "artifact_uri": run.info.artifact_uri,
                "params": dict(sorted(run.data.params.items())), "tags": dict(sorted(run.data.tags.items())),
                "latest_metrics": {k: (None if v != v else v) for k, v in sorted(run.data.metrics.items())},
                "metric_history": history,
            })
        out["runs"][e.name] = entries
    for folder, _, files in sorted(os.walk(ROOT)):
        for name in sorted(files):
            if name == "meta.yaml":
                path = os.path.join(folder, name)
                with open(path) as f:
                    out["meta_yaml"][os.path.relpath(path, ROOT)] = yaml.safe_load(f)
    out["rankings"] = rankings(out["runs"]["phase4-hpo"])
    with open(EXPECTED, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


def rankings(runs):
    rows = []
    for run in runs:
        for key, points in run["metric_history"].items():
            for step, timestamp, value in points:
                rows.append({"run_id": run["run_id"], "run_name": run["run_name"], "key": key, "step": step,
                             "timestamp": timestamp, "value": float("nan") if value is None else value})
    df = pd.DataFrame(rows)
    # One value per (run, key, step): the latest timestamp (then the larger value), as
    # MLflow picks a run's latest metric.
    df = df.sort_values(["run_id", "key", "step", "timestamp", "value"], kind="stable")
    per_step = df.groupby(["run_id", "key", "step"], sort=True).tail(1)
    result = {}
    for metric, goal in [("val_f1", "max"), ("val_loss", "min")]:
        m = per_step[per_step.key == metric].sort_values(["run_id", "step"], kind="stable")
        valid = m[m.value.notna()]
        grouped = valid.groupby("run_id", sort=True)["value"]
        best_index = grouped.idxmax() if goal == "max" else grouped.idxmin()
        best = valid.loc[best_index.values]
        entries = []
        for _, row in best.iterrows():
            at_step = per_step[(per_step.run_id == row.run_id) & (per_step.step == row.step)]
            entries.append({
                "run_id": row.run_id, "run_name": row.run_name, "step": int(row.step), "value": row.value,
                "metrics_at_step": {r.key: (None if r.value != r.value else r.value) for r in at_step.itertuples()},
            })
        frame = pd.DataFrame(entries)
        frame = frame.sort_values(["value", "run_name", "run_id"], ascending=[goal == "min", True, True], kind="stable")
        ranked = frame.to_dict("records")
        model = {run["run_id"]: run["params"].get("model_type") for run in runs}
        groups = {}
        for entry in ranked:
            groups.setdefault(model[entry["run_id"]], []).append(entry["run_id"])
        missing = sorted(r["run_id"] for r in runs if r["run_id"] not in set(frame.run_id))
        result[f"{metric}_{goal}"] = {
            "ranked": [{"run_id": e["run_id"], "step": e["step"], "value": e["value"],
                        "metrics_at_step": dict(sorted(e["metrics_at_step"].items()))} for e in ranked],
            "best_per_model_type": {k: v[0] for k, v in groups.items()},
            "group_order": list(groups.keys()),
            "without_metric": missing,
        }
    return result


if __name__ == "__main__":
    main()
