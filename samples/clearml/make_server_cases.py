"""Writes samples/clearml/server/*.zip: ClearML offline sessions for the server's rules (issue 17).

Run with the pinned SDK (see versions.txt):  python3 make_server_cases.py
- nan-sweep-1.zip, nan-sweep-2.zip: a two-run sweep that reports NaN and +Inf as they are
  (Logger.set_reporting_nan_value / set_reporting_inf_value; the SDK's default turns them into 0),
  beside ordinary scalars in the same batches, and a single value.
- resumed.zip: a run that reports iterations 0-599, "resumes from the checkpoint at 400" and
  reports 400-999 again: iterations repeated with other values.
- wide.zip: 200 metrics x 25 variants, two iterations each (past the server's variant cap).
- console.zip: console lines with ANSI colours, tabs and non-ASCII text, on stdout and stderr.
Only the zips are kept (samples/ stays small).
"""
import math
import os
import shutil
import sys

import numpy as np
from clearml import Logger, Task

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server")

Task.set_offline(offline_mode=True)
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def session(name, body):
    task = Task.init(
        project_name="examples/server rules",
        task_name=name,
        auto_connect_frameworks=False,
        auto_resource_monitoring=False,
        reuse_last_task_id=False,
    )
    body(Logger.current_logger())
    task.close()
    src = str(task.get_offline_mode_folder()).rstrip("/")
    shutil.copyfile(src + ".zip", os.path.join(OUT, name + ".zip"))
    print("wrote", os.path.join(OUT, name + ".zip"))


def nan_sweep(seed):
    def body(log):
        Logger.set_reporting_nan_value(float("nan"), warn_period=100000)
        Logger.set_reporting_inf_value(float("inf"), warn_period=100000)
        rng = np.random.default_rng(seed)
        for it in range(1500):
            loss = 2.0 * math.exp(-it / (300 * seed)) + 0.05 * rng.standard_normal()
            if it % 97 == 13:
                loss = float("nan")
            if it % 251 == 7:
                loss = float("inf")
            log.report_scalar("loss", "train", value=loss, iteration=it)
            log.report_scalar("grad norm", "global", value=abs(rng.standard_normal()) * 1e-7, iteration=it)
            if it % 50 == 0:
                log.report_scalar("loss", "validation", value=1.0 / (1 + it) + rng.random() * 1e-3, iteration=it)
        log.report_single_value("diverged", 1.0)
    return body


def resumed(log):
    rng = np.random.default_rng(7)
    for it in list(range(600)) + list(range(400, 1000)):
        log.report_scalar("loss", "train", value=1.0 / (1 + it / 100) + 0.01 * rng.standard_normal(), iteration=it)
        log.report_scalar("epoch", "epoch", value=it // 100, iteration=it)


def wide(log):
    rng = np.random.default_rng(11)
    for it in range(2):
        for metric in range(200):
            for variant in range(25):
                log.report_scalar(f"metric {metric:03d}", f"v{variant:02d}", value=float(rng.random()), iteration=it)


def console(log):
    print("\x1b[32mgreen\x1b[0m and \x1b[1;31mbold red\x1b[0m")
    print("col1\tcol2\t\tcol3")
    print("non-ASCII: é ü ß — 日本語 🚀 «quotes» \x7f del")
    print("warn: \x1b[33mcareful\x1b[0m", file=sys.stderr)
    log.report_text("reported text\twith a tab and ünïcode")
    print("{braces} and %s and \\ backslash")


session("nan-sweep-1", nan_sweep(1))
session("nan-sweep-2", nan_sweep(2))
session("resumed", resumed)
session("wide", wide)
session("console", console)
