"""Writes samples/clearml/wide.zip: one ClearML offline session with many metrics, for the pages
that must stay readable with them (issue 19): 230 scalar metrics with long names in a few prefixes,
one metric with 15 variants, large counters (tokens seen, bytes), times, and a validation series
logged every 10 iterations beside a training one logged every iteration.

Run with the pinned SDK (see versions.txt):  python3 make_wide.py
"""
import math
import os
import shutil

import numpy as np
from clearml import Task, Logger

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wide.zip")
ITERATIONS = 40

Task.set_offline(offline_mode=True)
task = Task.init(project_name="examples/wide", task_name="wide run: 230 metrics, a 15-variant metric",
                 auto_connect_frameworks=False, auto_resource_monitoring=False, reuse_last_task_id=False)
task.add_tags(["wide", "layers"])
task.connect({"lr": 0.0003, "batch_size": 256, "layers": 48, "optimizer": "adamw"})
log = Logger.current_logger()
rng = np.random.default_rng(19)
groups = ["gradients/transformer_block", "activations/transformer_block", "weights/transformer_block",
          "optimizer_state/adam_second_moment", "attention/entropy_per_head"]
for it in range(ITERATIONS):
    loss = 2.5 * math.exp(-it / 15) + 0.3 + 0.03 * rng.standard_normal()
    log.report_scalar("loss", "train", value=loss, iteration=it)
    if it % 10 == 0:
        log.report_scalar("loss", "validation", value=loss + 0.1, iteration=it)
        log.report_scalar("accuracy", "validation", value=1 - loss / 3, iteration=it)
    log.report_scalar("tokens seen", "total", value=float(it * 350_000_000), iteration=it)
    log.report_scalar("checkpoint bytes", "written", value=float(it * 1_610_612_736), iteration=it)
    log.report_scalar("step_time", "seconds", value=0.8 + 0.1 * rng.standard_normal(), iteration=it)
    for head in range(15):
        log.report_scalar("attention heads", f"head {head:02d} mean attention entropy", value=2 + head / 5 + 0.1 * math.sin(it / 3 + head), iteration=it)
    for index in range(225):
        group = groups[index % len(groups)]
        layer = index // len(groups)
        log.report_scalar(f"{group}_{layer:02d}/mean_absolute_value_over_all_parameters", "value",
                          value=math.exp(-it / (20 + index)) * (1 + index / 100), iteration=it)
log.report_single_value("parameters", 1.3e9)
task.close()
src = str(task.get_offline_mode_folder()).rstrip("/")
shutil.copyfile(src + ".zip", OUT)
print("wrote", OUT)
