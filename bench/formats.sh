#!/usr/bin/env bash
# Reading speed of the tracker formats (issue 21), each on a file made by its own SDK:
#   bench/formats.sh
# TensorBoard: 1,000,000 scalars (10 tags x 100,000 steps) written by tensorboardX; runreport
#   validate against tensorboard's own EventAccumulator (size_guidance 0: every point kept), the
#   two alternated, best of 5 each, on the same file.
# MLflow: the same points in a file store and in a SQLite store (written by the mlflow SDK's
#   log_batch), runreport validate, best of 5.
# W&B: 100,000 history rows of 10 keys (wandb offline), runreport validate, best of 5.
# Needs a release build (made here), python3 with tensorboardX, tensorboard, mlflow and wandb, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product runreport >/dev/null
bin=$PWD/.build/release/runreport
mkdir -p bench/out/formats
cd bench/out/formats
python3 - <<'PY'
import math, os, time
if not os.path.exists("tb/done"):
    from tensorboardX import SummaryWriter
    w = SummaryWriter("tb", flush_secs=3600, max_queue=100000)
    for step in range(100_000):
        for tag in range(10):
            w.add_scalar("loss/t%d" % tag, math.sin(step * 0.001 + tag), step, walltime=1_765_000_000 + step)
    w.close()
    open("tb/done", "w").close()
if not os.path.exists("mlflow.db"):
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient
    for uri in ("file://" + os.path.abspath("mlruns"), "sqlite:///" + os.path.abspath("mlflow.db")):
        client = MlflowClient(uri)
        run = client.create_run(client.create_experiment("bench"))
        for start in range(0, 100_000, 1000):
            metrics = [Metric("loss/t%d" % tag, math.sin(step * 0.001 + tag), 1_765_000_000_000 + step, step)
                       for step in range(start, start + 1000) for tag in range(10)]
            for i in range(0, len(metrics), 1000):
                client.log_batch(run.info.run_id, metrics=metrics[i:i + 1000])
        client.set_terminated(run.info.run_id)
if not os.path.exists("wandb"):
    os.environ["WANDB_SILENT"] = "true"
    import wandb
    run = wandb.init(project="bench", mode="offline", dir=".")
    for step in range(100_000):
        run.log({"loss/t%d" % tag: math.sin(step * 0.001 + tag) for tag in range(10)}, step=step)
    run.finish()
PY
best() {  # command...: best wall seconds of 5 runs
    local best=""
    for _ in 1 2 3 4 5; do
        local t
        /usr/bin/time -o best.time -f "%e" "$@" > /dev/null 2> /dev/null || true
        t=$(tail -1 best.time)
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}
tb_file=$(ls tb/events.out.tfevents.*)
echo "TensorBoard: $(stat -c %s "$tb_file") bytes, 1,000,000 scalars"
for round in 1 2 3 4 5; do
    r=$( { /usr/bin/time -f "%e %M" "$bin" validate "$tb_file" --quiet > /dev/null; } 2>&1 | tail -1)
    p=$( { /usr/bin/time -f "%e %M" python3 -c "
import sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
a = EventAccumulator(sys.argv[1], size_guidance={'scalars': 0}); a.Reload()
assert sum(len(a.Scalars(t)) for t in a.Tags()['scalars']) == 1_000_000" "$tb_file" > /dev/null; } 2>&1 | tail -1)
    echo "  round $round: runreport validate ${r% *} s (${r#* } KB peak), EventAccumulator ${p% *} s (${p#* } KB peak)"
done
echo "MLflow file store, 1,000,000 points: runreport validate $(best "$bin" validate mlruns --quiet) s (best of 5)"
echo "MLflow SQLite store, 1,000,000 points: runreport validate $(best "$bin" validate mlflow.db --quiet) s (best of 5)"
echo "W&B offline run, 100,000 rows x 10 keys: runreport validate $(best "$bin" validate wandb --quiet) s (best of 5)"
