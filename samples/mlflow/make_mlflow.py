"""Writes samples/mlflow/: two MLflow runs in each of MLflow's two stores, by the real mlflow SDK.

Run with the pinned SDK (see versions.txt):  python3 make_mlflow.py
- mlruns/: the file store (tracking URI file:...), experiment "examples-mlflow" with runs "lr-0.1"
  and "lr-0.01": metrics loss (a NaN at step 3 and +inf at step 4 in the first), accuracy, a key with
  a slash (val/loss), a metric logged twice at one step; params; tags; a note; artifacts (a text
  file and a PNG).
- sqlite/mlflow.db: the same two runs through the SQLite store (sqlite:///...); its artifacts go
  to sqlite/artifacts/ (not read by runreport: the artifact store is apart from the database).
Metric timestamps are fixed (timestamp=); run start and end times and ids are the SDK's own.
"""
import math
import os
import shutil
import sqlite3
import struct
import sys
import zlib

import mlflow
from mlflow.tracking import MlflowClient

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1_765_000_000_000  # fixed metric time (ms)


def png(width, height, rgb):
    """A small solid PNG, without a library."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def log_run(client, experiment_id, name, lr, scratch):
    run = client.create_run(experiment_id, run_name=name, tags={"team": "vision", "sample": "yes"})
    run_id = run.info.run_id
    client.log_param(run_id, "lr", lr)
    client.log_param(run_id, "batch_size", 32)
    client.log_param(run_id, "optimizer", "sgd")
    client.set_tag(run_id, "mlflow.note.content", "a <b>note</b> & ünïcode")
    for step in range(20):
        loss = 2.0 * math.exp(-step * lr * 2) + 0.01 * (step % 3)
        if lr == 0.1 and step == 3:
            loss = float("nan")
        if lr == 0.1 and step == 4:
            loss = float("inf")
        t = T0 + step * 1000
        client.log_metric(run_id, "loss", loss, timestamp=t, step=step)
        client.log_metric(run_id, "accuracy", 1.0 - math.exp(-step * lr * 3), timestamp=t, step=step)
        if step % 5 == 0:
            client.log_metric(run_id, "val/loss", 1.5 * math.exp(-step * lr * 2), timestamp=t + 500, step=step)
    client.log_metric(run_id, "accuracy", 0.5, timestamp=T0 + 19_500, step=19)  # twice at step 19
    notes = os.path.join(scratch, "notes.txt")
    with open(notes, "w") as f:
        f.write("trained with lr=%s\nline two\n" % lr)
    image = os.path.join(scratch, "confusion.png")
    with open(image, "wb") as f:
        f.write(png(12, 8, (200, 30, 30) if lr == 0.1 else (30, 30, 200)))
    client.log_artifact(run_id, notes)
    client.log_artifact(run_id, image, artifact_path="plots")
    client.set_terminated(run_id, "FINISHED")


def write(uri, artifact_root):
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    experiment_id = client.create_experiment("examples-mlflow", artifact_location=artifact_root)
    scratch = os.path.join(HERE, ".scratch")
    os.makedirs(scratch, exist_ok=True)
    log_run(client, experiment_id, "lr-0.1", 0.1, scratch)
    log_run(client, experiment_id, "lr-0.01", 0.01, scratch)
    shutil.rmtree(scratch)


def main():
    # MLflow 3 refuses the file store unless asked: it is what older runs and many users still have.
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    for name in ("mlruns", "sqlite"):
        shutil.rmtree(os.path.join(HERE, name), ignore_errors=True)
    os.makedirs(os.path.join(HERE, "sqlite"))
    write("file://" + os.path.join(HERE, "mlruns"), None)
    database = os.path.join(HERE, "sqlite", "mlflow.db")
    write("sqlite:///" + database, "file://" + os.path.join(HERE, "sqlite", "artifacts"))
    mlflow.set_tracking_uri(None)
    connection = sqlite3.connect(database)  # free pages and indexes' slack out, to keep samples/ small
    connection.execute("VACUUM")
    connection.close()


if __name__ == "__main__":
    sys.exit(main())
