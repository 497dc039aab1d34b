"""Writes samples/clearml/small: one ClearML offline session with every kind of event.

Run with the pinned SDK (see versions.txt):  python3 make_small.py
Needs no server: Task.set_offline(True) makes the SDK write an offline session folder and zip
under ~/.clearml/cache/offline/, which this script copies here.
"""
import math
import os
import shutil
import sys
import logging

import numpy as np
from clearml import Task, Logger

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "small")

Task.set_offline(offline_mode=True)
task = Task.init(
    project_name="examples/mnist",
    task_name='offline run <b>bold</b> & ünïcode "quoted"',
    auto_connect_frameworks=False,
    auto_resource_monitoring=False,
)
task.add_tags(["sample", "<script>alert(1)</script>"])
params = task.connect({"lr": 0.001, "batch_size": 32, "optimizer": "adam", "layers": [64, 32]})
task.connect({"dropout": 0.1, "weight_decay": 1e-4}, name="regularization")
task.connect_configuration({"model": {"name": "mlp", "hidden": [64, 32]}, "seed": 7}, name="model config")

log = Logger.current_logger()
# NaN and inf are reported as-is (bare NaN / Infinity tokens) rather than replaced by 0.0 (the SDK default).
Logger.set_reporting_nan_value(float("nan"))
Logger.set_reporting_inf_value(float("inf"))
rng = np.random.default_rng(7)
for it in range(0, 300):
    loss = 1.0 / (1 + it / 30.0) + 0.03 * rng.standard_normal()
    log.report_scalar("loss", "train", value=loss, iteration=it)
    if it % 10 == 0:
        log.report_scalar("loss", "validation", value=loss * 1.1, iteration=it)
        log.report_scalar("accuracy", "validation", value=1 - loss / 2, iteration=it)
    if it == 150:
        log.report_scalar("loss", "train", value=float("nan"), iteration=it)
        log.report_scalar("grad norm", "total", value=float("inf"), iteration=it)
    if it % 25 == 0:
        log.report_scalar("grad norm", "total", value=abs(rng.standard_normal()) * 3, iteration=it)
    if it % 50 == 0:
        print(f"iteration {it} loss {loss:.4f}")
log.report_scalar("<img src=x onerror=alert(1)>", "a\"b", value=1.5, iteration=0)
log.report_single_value("test accuracy", 0.9731)
log.report_single_value("params", 52410)

# Plots of every reporter type.
log.report_histogram("weights", "layer1", values=rng.standard_normal(20).tolist(), iteration=299,
                     xaxis="bin", yaxis="count")
log.report_vector("class counts", "train", values=[5, 9, 3, 7], iteration=299, xlabels=["a", "b", "c", "d"])
log.report_confusion_matrix("confusion", "validation", matrix=np.array([[50, 2, 1], [3, 45, 4], [0, 5, 60]]),
                            iteration=299, xlabels=["cat", "dog", "bird"], ylabels=["cat", "dog", "bird"])
log.report_scatter2d("pr curve", "class 0", scatter=[[0, 1], [0.5, 0.9], [1, 0.4]], iteration=299,
                     mode="lines+markers", xaxis="recall", yaxis="precision")
from clearml.logger import SeriesInfo
log.report_line_plot("roc", [SeriesInfo(name="model", data=np.array([[0, 0], [0.1, 0.7], [1, 1]]))],
                     xaxis="fpr", yaxis="tpr", iteration=299)
log.report_table("predictions", "head", iteration=299,
                 table_plot=[["id", "label", "score"], [1, "cat", 0.9], [2, "<b>dog</b>", float("nan")]])
log.report_surface("landscape", "loss", matrix=np.array([[1, 2, 3], [2, 3, 4], [3, 4, float("nan")]]),
                   iteration=299)
log.report_scatter3d("embedding", "points", scatter=[[0, 0, 0], [1, 1, 1], [2, 1, 0]], iteration=299)

# Debug images at two iterations.
for it in (0, 299):
    img = (rng.random((16, 16, 3)) * 255).astype(np.uint8)
    log.report_image("samples", "input", iteration=it, image=img)

print("warning: this line goes to stderr", file=sys.stderr)
logging.getLogger("train").warning("a logging warning with <tags> & \x1b[31mcolour\x1b[0m")
print("done")
task.close()

src = task.get_offline_mode_folder()
shutil.rmtree(OUT, ignore_errors=True)
shutil.copytree(src, OUT)
shutil.copyfile(str(src).rstrip("/") + ".zip", OUT + ".zip")
print("wrote", OUT)
