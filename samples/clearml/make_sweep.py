"""Writes samples/clearml/sweep/run-{1,2,3}.zip: a learning-rate sweep of three ClearML offline sessions.

Run with the pinned SDK (see versions.txt):  python3 make_sweep.py
Each run logs 3,000 iterations of training loss and learning rate, validation loss and accuracy every
50 iterations, a few console lines, and its hyperparameters. Only the zips are kept (samples/ stays small).
"""
import math
import os
import shutil

import numpy as np
from clearml import Task, Logger

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sweep")
ITERATIONS = 3000

Task.set_offline(offline_mode=True)
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
for index, lr in enumerate((0.1, 0.03, 0.01), start=1):
    task = Task.init(
        project_name="examples/sweep",
        task_name=f"sweep lr={lr}",
        auto_connect_frameworks=False,
        auto_resource_monitoring=False,
        reuse_last_task_id=False,
    )
    task.add_tags(["sweep"])
    task.connect({"lr": lr, "batch_size": 64, "epochs": 3, "optimizer": "sgd"})
    log = Logger.current_logger()
    rng = np.random.default_rng(index)
    floor = 0.05 + 0.2 * abs(math.log10(lr) + 1.5)
    for it in range(ITERATIONS):
        rate = lr * 0.5 * (1 + math.cos(math.pi * it / ITERATIONS))
        loss = floor + (2.3 - floor) * math.exp(-it * lr / 20) + 0.05 * rng.standard_normal()
        log.report_scalar("loss", "train", value=loss, iteration=it)
        log.report_scalar("learning rate", "lr", value=rate, iteration=it)
        if it % 50 == 0:
            log.report_scalar("loss", "validation", value=loss + 0.05, iteration=it)
            log.report_scalar("accuracy", "validation", value=max(0.0, 1 - loss / 2.5), iteration=it)
        if it % 500 == 0:
            print(f"step {it}: loss={loss:.4f} lr={rate:.5f}")
    log.report_single_value("best accuracy", max(0.0, 1 - floor / 2.5))
    task.close()
    src = str(task.get_offline_mode_folder()).rstrip("/")
    shutil.copyfile(src + ".zip", os.path.join(OUT, f"run-{index}.zip"))
    print("wrote", os.path.join(OUT, f"run-{index}.zip"))
