"""Writes samples/comet/small.zip (and small/, the same archive unpacked): a Comet offline
experiment with every kind of message runreport maps.

Run with the pinned SDK (see versions.txt):  python3 make_comet.py
Needs no server: comet_ml.OfflineExperiment writes `<experiment key>.zip` into a temporary
folder on exp.end(); this script copies it here. The run happens inside a throw-away git
checkout with an uncommitted change, so the archive holds git metadata and a git patch.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

TRAIN = r'''
import math
import sys

import numpy as np
from comet_ml import OfflineExperiment

out = sys.argv[1]
exp = OfflineExperiment(project_name="examples-comet", workspace="runreport", offline_directory=out,
                        auto_metric_logging=False, auto_output_logging="simple", log_env_gpu=False,
                        log_env_cpu=False, log_env_network=False, log_env_disk=False, display_summary_level=0)
exp.set_name("comet run <b>bold</b> & ünïcode")
exp.add_tags(["sample", "<script>alert(1)</script>"])
exp.log_other("dataset", "mnist")
exp.log_parameters({"lr": 0.001, "batch_size": 32, "optimizer": {"name": "adam", "beta1": 0.9}})
rng = np.random.default_rng(5)
for epoch in range(3):
    exp.set_epoch(epoch)
    for i in range(100):
        step = epoch * 100 + i
        exp.set_step(step)
        loss = 1.0 / (1 + step / 30.0) + 0.02 * rng.standard_normal()
        with exp.train():
            exp.log_metric("loss", loss, step=step)
        if i % 20 == 0:
            with exp.validate():
                exp.log_metric("loss", loss * 1.1, step=step)
                exp.log_metric("accuracy", 1 - loss / 2, step=step)
        exp.log_metric("lr", 0.001 * 0.99 ** step, step=step)
        if step == 150:
            exp.log_metric("grad_norm", float("nan"), step=step)
            exp.log_metric("grad_norm", float("inf"), step=step + 1)
        elif step % 25 == 0:
            exp.log_metric("grad_norm", abs(rng.standard_normal()) * 3, step=step)
    print(f"epoch {epoch} loss {loss:.4f}")
exp.log_metric("no step metric", 1.5)
exp.log_metric("no step metric", 2.5)
exp.log_metric("sys.cpu.percent.avg", 37.5, step=299)
print("warning: this line goes to stderr", file=sys.stderr)
exp.log_html("<h2>Eval</h2><p onclick='alert(1)'>table <a href='javascript:alert(2)'>link</a></p>"
             "<script>alert(3)</script><img src='data:image/png;base64,iVBORw0KGgo=' alt='ok'>"
             "<a href='https://www.comet.com/docs'>docs</a>")
exp.log_confusion_matrix(matrix=[[50, 2, 1], [3, 45, 4], [0, 5, 60]], labels=["cat", "dog", "bird"],
                         title="validation confusion", step=299)
exp.log_curve("roc", x=[0, 0.1, 0.5, 1], y=[0, 0.7, 0.9, 1], step=299)
from PIL import Image
exp.log_image(Image.fromarray((rng.random((16, 16, 3)) * 255).astype(np.uint8)), name="sample input", step=299)
exp.log_text("predicted: cat <b>really</b>", step=299, metadata={"label": "cat"})
exp.log_asset_data({"best": 0.97}, name="results.json")
exp.end()
'''

with tempfile.TemporaryDirectory() as work:
    repo = os.path.join(work, "repo")
    out = os.path.join(work, "out")
    os.makedirs(repo)
    os.makedirs(out)
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull,
               COMET_DISABLE_AUTO_LOGGING="0")

    def git(*args):
        subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, env=env)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "sample@example.com")
    git("config", "user.name", "sample")
    git("remote", "add", "origin", "https://github.com/example/comet-mlp.git")
    with open(os.path.join(repo, "train.py"), "w") as f:
        f.write(TRAIN)
    git("add", ".")
    git("commit", "-q", "-m", "train script")
    with open(os.path.join(repo, "train.py"), "a") as f:
        f.write("# tuned after the commit: an uncommitted change\n")
    run = subprocess.run([sys.executable, "train.py", out], cwd=repo, capture_output=True, text=True, env=env)
    print(run.stdout[-2000:], run.stderr[-4000:])
    archives = [name for name in os.listdir(out) if name.endswith(".zip")]
    assert len(archives) == 1, archives
    shutil.copyfile(os.path.join(out, archives[0]), os.path.join(HERE, "small.zip"))

shutil.rmtree(os.path.join(HERE, "small"), ignore_errors=True)
with zipfile.ZipFile(os.path.join(HERE, "small.zip")) as archive:
    archive.extractall(os.path.join(HERE, "small"))
print("wrote", os.path.join(HERE, "small.zip"))
