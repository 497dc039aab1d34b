"""Writes samples/wandb/wandb/: two W&B offline runs, by the real wandb SDK (offline mode).

Run with the pinned SDK (see versions.txt):  python3 make_wandb.py
Each run: a nested config, history rows of loss (a NaN at step 3 and +inf at step 4 in the first),
acc/train and epoch at explicit steps, a metric logged every 5 steps (val/loss), a summary value
never in the history (best_acc), a line on stdout and one on stderr, tags and notes. The SDK adds
system metrics (stats records) and its own history keys (_step, _timestamp, _runtime). The debug
logs and the tmp/ folder the SDK leaves beside each run are removed (they are the SDK's, not the
run's); run ids and times are the SDK's own.
"""
import glob
import math
import os
import shutil
import sys

import wandb

HERE = os.path.dirname(os.path.abspath(__file__))


def one(name, lr):
    run = wandb.init(project="examples-wandb", name=name, mode="offline", dir=HERE,
                     config={"lr": lr, "batch_size": 32, "optimizer": {"name": "sgd", "momentum": 0.9}},
                     tags=["sample", "<b>tag</b>"], notes="a <i>note</i> & ünïcode")
    for step in range(20):
        loss = 2.0 * math.exp(-step * lr * 2)
        if lr == 0.1 and step == 3:
            loss = float("nan")
        if lr == 0.1 and step == 4:
            loss = float("inf")
        row = {"loss": loss, "acc/train": 1.0 - math.exp(-step * lr * 3), "epoch": step // 5}
        if step % 5 == 0:
            row["val/loss"] = 1.5 * math.exp(-step * lr * 2)
        run.log(row, step=step)
    print("training done, lr=%s" % lr)
    print("a warning on stderr", file=sys.stderr)
    run.summary["best_acc"] = 0.9 if lr == 0.1 else 0.5
    run.finish()


def main():
    shutil.rmtree(os.path.join(HERE, "wandb"), ignore_errors=True)
    os.environ["WANDB_SILENT"] = "true"
    one("lr-0.1", 0.1)
    one("lr-0.01", 0.01)
    root = os.path.join(HERE, "wandb")
    for path in glob.glob(os.path.join(root, "debug*.log")) + [os.path.join(root, "latest-run")]:
        if os.path.lexists(path):
            os.remove(path)
    for folder in glob.glob(os.path.join(root, "offline-run-*")):
        for sub in ("logs", "tmp"):
            shutil.rmtree(os.path.join(folder, sub), ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
