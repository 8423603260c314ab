#!/usr/bin/env python3
"""Times one training epoch of the paper's MNIST CNN in PyTorch, as a reference for the Java
backends' benchmark (org.ltcheck.gpu.kit.MnistBenchmark, run by gpu/src/main/cuda/run-on-gpu.sh).

Same workload as the Java benchmark (org.ltcheck.gpu.train.Trainer on Architecture.MNIST_CNN):
conv 1->32 3x3 pad 1, ReLU, conv 32->32 3x3 pad 1, ReLU, flatten, linear 25088->10, weights
initialised Kaiming normal as the project does; SGD lr 0.01
momentum 0.9 without weight decay; mean cross-entropy; a seeded random order per epoch, the last
partial batch included; one untimed warm-up batch, then the timed epoch. Like the Java trainer,
each batch is copied from host memory to the device and the summed loss is read back after
every batch (the Java trainer checks for divergence there), so both pay one synchronisation per
batch. Images are read directly from the official IDX files (plain or .gz; no torchvision, no
download), scaled to [0,1] and normalised with mean 0.1307, std 0.3081.

Prints one JSON line with the same keys as the Java benchmark.

Usage: pytorch_mnist_epoch.py --mnist DIR [--batch 128] [--device cuda|cpu] [--max-batches 0]
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
    parser.add_argument("--max-batches", type=int, default=0, help="0 = one whole epoch")
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
    images = (images.float() / 255.0 - 0.1307) / 0.3081  # stays in host memory, like the Java data
    labels = torch.frombuffer(bytearray(raw_labels), dtype=torch.uint8).long()
    pin = device.type == "cuda"

    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(32 * 28 * 28, 10),
    )
    # the project's initialisation (org.ltcheck.gpu.models.Init, as open_lth): weights Kaiming
    # normal N(0, 2/fan_in); biases keep PyTorch's default U(+-1/sqrt(fan_in))
    for layer in model:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
    model = model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss(reduction="sum")  # summed for statistics; gradient scaled below

    batches = (count + args.batch - 1) // args.batch
    if args.max_batches > 0:
        batches = min(batches, args.max_batches)
    generator = torch.Generator().manual_seed(args.seed)

    def epoch(n_batches):
        order = torch.randperm(count, generator=generator)
        loss_total, correct, seen = 0.0, 0, 0
        for b in range(n_batches):
            idx = order[b * args.batch:(b + 1) * args.batch]
            x, y = images[idx], labels[idx]
            if pin:
                x, y = x.pin_memory(), y.pin_memory()
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            logits = model(x)
            loss_sum = loss_fn(logits, y)
            optimizer.zero_grad(set_to_none=True)
            (loss_sum / len(idx)).backward()  # mean loss, as the Java trainer's gradScale 1/n
            optimizer.step()
            loss_total += loss_sum.item()  # one synchronisation per batch, as in the Java trainer
            correct += int((logits.detach().argmax(dim=1) == y).sum())
            seen += len(idx)
        return loss_total, correct, seen

    epoch(1)  # warm-up: cuDNN algorithm choice, allocator, lazy initialisation
    if device.type == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    loss_total, correct, n = epoch(batches)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"cpu, {torch.get_num_threads()} threads"
    print(json.dumps({
        "backend": f"pytorch {torch.__version__} ({name})",
        "batch": args.batch,
        "examples": n,
        "seconds": round(seconds, 4),
        "images_per_s": round(n / seconds, 1),
        "mean_loss": round(loss_total / n, 6),
        "train_accuracy": round(correct / n, 6),
    }))


if __name__ == "__main__":
    main()
