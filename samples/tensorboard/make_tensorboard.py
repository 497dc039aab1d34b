"""Writes samples/tensorboard/: TensorBoard runs written by the real tensorboardX SDK.

Run with the pinned SDK (see versions.txt):  python3 make_tensorboard.py
Writes, under runs/ (removed first):
- runs/resnet/train: scalars as simple_value (loss with a NaN at step 3 and +inf at step 4, acc,
  lr), a tag with slashes (acc/top1/train), a TF2-style tensor scalar (tensor_loss), a histogram
  of weights every 5 steps, an image at steps 0 and 10, a text at step 0. Then the run is resumed
  from a checkpoint at step 12 (purge_step=12: a SessionLog START), and writes steps 12..19 again
  into a second event file: TensorBoard drops the first file's steps >= 12.
- runs/resnet/eval: one scalar every 5 steps (a second run beside train, as Keras writes them).
- runs/hparams/<time>: add_hparams() (the hparams plugin's session start and end, and the metric).
Wall times are fixed (walltime=) so that the files are the same at every run of the script, up to
the event file names, which hold the host name and time: the script renames them to fixed names.
"""
import glob
import math
import os
import shutil
import sys

import numpy as np
from tensorboardX import SummaryWriter
from tensorboardX.proto.summary_pb2 import Summary, SummaryMetadata
from tensorboardX.proto.tensor_pb2 import TensorProto
from tensorboardX.proto.tensor_shape_pb2 import TensorShapeProto
from tensorboardX.proto.types_pb2 import DataType

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "runs")
T0 = 1_765_000_000.0  # fixed wall time (seconds)


def train(writer, steps, offset=0):
    for step in steps:
        t = T0 + step * 2.5 + offset
        loss = 2.0 * math.exp(-step / 8.0) + 0.01 * (step % 3)
        if step == 3:
            loss = float("nan")
        if step == 4:
            loss = float("inf")
        writer.add_scalar("loss", loss, step, walltime=t)
        writer.add_scalar("acc", 1.0 - math.exp(-step / 6.0), step, walltime=t)
        writer.add_scalar("lr", 0.1 * (0.9 ** step), step, walltime=t)
        writer.add_scalar("acc/top1/train", 0.5 + step / 40.0, step, walltime=t)
        tensor_scalar(writer, "tensor_loss", loss if math.isfinite(loss) else 0.0, step, t)
        if step % 5 == 0:
            rng = np.random.default_rng(step)
            writer.add_histogram("weights/conv1", rng.normal(0, 1 + step / 10.0, 1000), step, walltime=t)
        if step in (0, 10):
            image = np.zeros((3, 16, 24), dtype=np.float32)
            image[0, :, : 12] = 1.0
            image[2, 8:, :] = step / 10.0
            writer.add_image("samples/input", image, step, walltime=t)
    if 0 in steps:
        writer.add_text("notes", "first **run** <b>not html</b> & ünïcode", 0, walltime=T0)


def tensor_scalar(writer, tag, value, step, walltime):
    """A scalar as TF2's tf.summary.scalar writes it: a float tensor of the scalars plugin."""
    summary = Summary(value=[Summary.Value(
        tag=tag, tensor=TensorProto(dtype=DataType.DT_FLOAT, float_val=[value], tensor_shape=TensorShapeProto()),
        metadata=SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="scalars")))])
    writer._get_file_writer().add_summary(summary, step, walltime)


def fixed_names(folder, stem):
    for index, path in enumerate(sorted(glob.glob(os.path.join(folder, "events.out.tfevents.*")))):
        os.rename(path, os.path.join(folder, "events.out.tfevents.%d.%s.%d" % (int(T0) + index, stem, index)))


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    train_dir = os.path.join(ROOT, "resnet", "train")
    writer = SummaryWriter(train_dir, filename_suffix=".a")
    train(writer, range(0, 16))
    writer.close()
    # Resumed from the checkpoint of step 12: a new event file whose first event is a
    # SessionLog START at step 12.
    writer = SummaryWriter(train_dir, purge_step=12, filename_suffix=".b")
    train(writer, range(12, 20), offset=100.0)
    writer.close()
    fixed_names(train_dir, "sample")

    eval_dir = os.path.join(ROOT, "resnet", "eval")
    writer = SummaryWriter(eval_dir)
    for step in range(0, 20, 5):
        writer.add_scalar("loss", 1.5 * math.exp(-step / 9.0), step, walltime=T0 + step * 2.5)
    writer.close()
    fixed_names(eval_dir, "sample")

    hp_dir = os.path.join(ROOT, "hparams")
    writer = SummaryWriter(hp_dir)
    writer.add_hparams({"lr": 0.1, "batch_size": 32, "optimizer": "sgd", "augment": True},
                       {"hparam/accuracy": 0.91, "hparam/loss": 0.27}, name="trial-1")
    writer.close()
    for folder, _, files in os.walk(hp_dir):
        if any(name.startswith("events.out.tfevents.") for name in files):
            fixed_names(folder, "sample")


if __name__ == "__main__":
    sys.exit(main())
