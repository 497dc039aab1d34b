"""Writes samples/clearml/artifacts: a ClearML offline session of a script run from a git
checkout with uncommitted changes, so that task.json holds the script section (repository,
branch, commit, entry point, diff, requirements), plus artifacts, and a confusion matrix and a
histogram reported at several iterations (the report's plot history).

Run with the pinned SDK (see versions.txt):  python3 make_artifacts.py
It makes a throw-away git repository under a temporary folder, commits a training script
there, edits it (the uncommitted diff), runs it in offline mode and copies the session here.
"""
import os
import shutil
import subprocess
import sys
import tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "artifacts")

TRAIN = '''\
import numpy as np
from clearml import Task, Logger

Task.set_offline(offline_mode=True)
task = Task.init(project_name="examples/artifacts", task_name="train with artifacts",
                 auto_connect_frameworks=False, auto_resource_monitoring=False)
task.connect({"epochs": 3, "lr": 0.01})
log = Logger.current_logger()
rng = np.random.default_rng(3)
for epoch in range(3):
    it = epoch * 100
    for step in range(100):
        log.report_scalar("loss", "train", value=1.0 / (1 + it + step) ** 0.5, iteration=it + step)
    confusion = np.array([[30 + 10 * epoch, 10 - 3 * epoch], [12 - 4 * epoch, 28 + 12 * epoch]])
    log.report_confusion_matrix("confusion", "validation", matrix=confusion, iteration=it + 99,
                                xlabels=["neg", "pos"], ylabels=["neg", "pos"])
    log.report_histogram("weights", "layer1", values=rng.standard_normal(10).tolist(), iteration=it + 99)
    print(f"epoch {epoch} done")
task.upload_artifact("metrics summary", {"best_loss": 0.057, "epochs": 3, "note": "<b>not bold</b>"})
task.upload_artifact("class names", ["neg", "pos"])
task.close()
print("SESSION", task.get_offline_mode_folder())
'''

with tempfile.TemporaryDirectory() as repo:
    def git(*args):
        subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True,
                       env=dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull))
    git("init", "-q", "-b", "main")
    git("config", "user.email", "sample@example.com")
    git("config", "user.name", "sample")
    git("remote", "add", "origin", "https://github.com/example/mnist-mlp.git")
    path = os.path.join(repo, "train.py")
    with open(path, "w") as f:
        f.write(TRAIN)
    with open(os.path.join(repo, "requirements.txt"), "w") as f:
        f.write("clearml\nnumpy\n")
    git("add", ".")
    git("commit", "-q", "-m", "train script")
    with open(path, "a") as f:
        f.write("# tuned after the commit: an uncommitted change\n")
    # This machine's git config rewrites remote URLs; the sample should show the plain one.
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull)
    run = subprocess.run([sys.executable, "train.py"], cwd=repo, check=True, capture_output=True, text=True, env=env)
    session = [line.split(" ", 1)[1] for line in run.stdout.splitlines() if line.startswith("SESSION ")][0]

shutil.rmtree(OUT, ignore_errors=True)
shutil.copytree(session, OUT)
print("wrote", OUT)
