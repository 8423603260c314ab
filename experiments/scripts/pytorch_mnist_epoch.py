#!/usr/bin/env python3
"""Times one training epoch of the paper's MNIST CNN in PyTorch, as a reference for the Java
backends' benchmark (org.ltcheck.gpu.kit.MnistBenchmark, run by gpu/src/main/cuda/run-on-gpu.sh).

Same workload as the Java benchmark: conv 1->32 3x3 pad 1, ReLU, conv 32->32 3x3 pad 1, ReLU,
flatten, linear 25088->10; SGD lr 0.01 momentum 0.9 without weight decay; mean cross-entropy;
batches taken in file order without shuffling, the last partial batch dropped; one untimed
warm-up step on the first batch, then the timed epoch from batch 0. Images are read directly
from the official IDX files (plain or .gz; no torchvision, no download), scaled to [0,1] and
normalised with mean 0.1307, std 0.3081. The whole training set is moved to the device once
before timing, as the Java benchmark keeps it in host memory and copies one batch per step.

Prints one JSON line with the same keys as the Java benchmark.

Usage: pytorch_mnist_epoch.py --mnist DIR [--batch 128] [--device cuda|cpu] [--steps 0]
       [--threads 0] [--seed 20220717]
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time


def read_idx(directory, name):
    """Bytes of IDX file `name` (or `name`.gz) in `directory`."""
    path = os.path.join(directory, name)
    if os.path.exists(path):
        with open(path, "rb") as f:
            return f.read()
    with gzip.open(path + ".gz", "rb") as f:
        return f.read()


def load_mnist(directory):
    """(images as uint8 bytes of count*784, labels as bytes, count) of the training split."""
    images = read_idx(directory, "train-images-idx3-ubyte")
    labels = read_idx(directory, "train-labels-idx1-ubyte")
    magic, count, rows, cols = struct.unpack(">IIII", images[:16])
    lmagic, lcount = struct.unpack(">II", labels[:8])
    if magic != 0x803 or lmagic != 0x801 or count != lcount or rows != 28 or cols != 28:
        sys.exit(f"not MNIST training IDX files in {directory}")
    if len(images) != 16 + count * 784 or len(labels) != 8 + count:
        sys.exit(f"IDX files in {directory} are truncated")
    return images[16:], labels[8:], count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mnist", required=True, help="directory with train-*-idx*-ubyte[.gz]")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    parser.add_argument("--steps", type=int, default=0, help="0 = one epoch")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads, 0 = PyTorch default")
    parser.add_argument("--seed", type=int, default=20220717)
    args = parser.parse_args()

    try:
        import torch
        from torch import nn
    except ImportError:
        sys.exit("PyTorch is not installed (python3 -c 'import torch' fails)")
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("torch.cuda.is_available() is False: no usable CUDA device for PyTorch")
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device(args.device)

    raw_images, raw_labels, count = load_mnist(args.mnist)
    images = torch.frombuffer(bytearray(raw_images), dtype=torch.uint8).view(count, 1, 28, 28)
    images = ((images.float() / 255.0 - 0.1307) / 0.3081).to(device)
    labels = torch.frombuffer(bytearray(raw_labels), dtype=torch.uint8).long().to(device)

    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(32 * 28 * 28, 10),
    ).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss(reduction="sum")  # summed for statistics; gradient scaled below

    batches = count // args.batch
    steps = batches if args.steps == 0 else min(args.steps, batches)

    def step(s, stats):
        x = images[s * args.batch:(s + 1) * args.batch]
        y = labels[s * args.batch:(s + 1) * args.batch]
        logits = model(x)
        loss_sum = loss_fn(logits, y)
        optimizer.zero_grad(set_to_none=True)
        (loss_sum / args.batch).backward()  # mean loss, as the Java benchmark's gradScale 1/batch
        optimizer.step()
        if stats is not None:
            stats[0] += loss_sum.detach()
            stats[1] += (logits.detach().argmax(dim=1) == y).sum()

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    step(0, None)  # warm-up: cuDNN algorithm choice, allocator, lazy initialisation
    sync()
    stats = [torch.zeros((), device=device), torch.zeros((), device=device, dtype=torch.long)]
    t0 = time.perf_counter()
    for s in range(steps):
        step(s, stats)
    sync()
    seconds = time.perf_counter() - t0
    n = steps * args.batch
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"cpu, {torch.get_num_threads()} threads"
    print(json.dumps({
        "backend": f"pytorch {torch.__version__} ({name})",
        "batch": args.batch,
        "steps": steps,
        "seconds": round(seconds, 4),
        "images_per_s": round(n / seconds, 1),
        "mean_loss": round(stats[0].item() / n, 6),
        "train_accuracy": round(stats[1].item() / n, 6),
    }))


if __name__ == "__main__":
    main()
