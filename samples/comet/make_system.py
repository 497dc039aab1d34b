"""Writes samples/comet/system.zip: a Comet offline experiment that logs system metrics the way
the SDK's monitors name them (`sys.cpu.percent.avg`, `sys.ram.used`, `sys.gpu.0.used_memory`, …)
beside a loss and an accuracy, for the report's system section and its units (issue 19).

Run with the pinned SDK (see versions.txt):  python3 make_system.py
The metrics are logged by hand (log_metric) so that the sample does not depend on this machine's
hardware; their names and units are those of comet_ml's own system monitors.
"""
import math
import os
import shutil
import tempfile

from comet_ml import OfflineExperiment

HERE = os.path.dirname(os.path.abspath(__file__))
with tempfile.TemporaryDirectory() as out:
    exp = OfflineExperiment(project_name="examples-comet", workspace="runreport", offline_directory=out,
                            auto_metric_logging=False, auto_output_logging=False, log_env_gpu=False,
                            log_env_cpu=False, log_env_network=False, log_env_disk=False, log_env_details=False,
                            log_git_metadata=False, log_git_patch=False, log_code=False, display_summary_level=0)
    exp.set_name("comet run with system metrics")
    exp.log_parameters({"lr": 0.01, "batch_size": 64})
    gib = 1024 ** 3
    for step in range(60):
        exp.log_metric("loss", 2 * math.exp(-step / 20) + 0.1, step=step)
        if step % 10 == 0:
            with exp.validate():
                exp.log_metric("accuracy", 1 - math.exp(-step / 25), step=step)
        exp.log_metric("sys.cpu.percent.avg", 40 + 30 * math.sin(step / 7), step=step)
        exp.log_metric("sys.ram.used", 6.5 * gib + step * 0.02 * gib, step=step)
        exp.log_metric("sys.ram.total", 31.3 * gib, step=step)
        exp.log_metric("sys.gpu.0.used_memory", 10.2 * gib + step * 0.01 * gib, step=step)
        exp.log_metric("sys.gpu.0.gpu_utilization", 85 + 10 * math.sin(step / 3), step=step)
        exp.log_metric("sys.load.avg", 3.2 + math.sin(step / 5), step=step)
    exp.end()
    archives = [name for name in os.listdir(out) if name.endswith(".zip")]
    assert len(archives) == 1, archives
    shutil.copyfile(os.path.join(out, archives[0]), os.path.join(HERE, "system.zip"))
print("wrote", os.path.join(HERE, "system.zip"))
