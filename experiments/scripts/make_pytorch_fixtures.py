#!/usr/bin/python3
"""Makes the PyTorch test fixtures of the importers (ONNX, safetensors, torch.save .pt) and checks
exported tickets in PyTorch.  CI and `mvn verify` never run this script: its outputs are committed
under construct/src/test/resources/org/ltcheck/fixtures/pytorch/ and the Java tests read them.

Run (torch 1.13, torchvision 0.14, onnx 1.12 are installed for /usr/bin/python3 only):

    nice -n 10 /usr/bin/python3 experiments/scripts/make_pytorch_fixtures.py [--out DIR] [--only NAME,...]
    /usr/bin/python3 experiments/scripts/make_pytorch_fixtures.py --check-export DIR

One CPU thread: the MNIST group took 2.5 minutes and the CIFAR-10 group 25 minutes of
wall time on this project's loaded 2-core machine (most of it ResNet-32 training and the two
10,000-image test passes).  Data: MNIST IDX files from ~/.cache/ltcheck/mnist (or
$LTCHECK_CACHE/mnist), CIFAR-10 from the binary batches ltcheck converted into
~/.cache/ltcheck/cifar10 or else from ../shared/data/cifar10-jpeg.tar.gz (the JPEG version of
CIFAR-10; its accuracies are labelled as such).  Everything is seeded (torch.manual_seed, one
thread, deterministic algorithms), so a rerun writes the same logits.

What it writes, per model NAME (make_mnist, make_cifar): NAME.onnx (opset 13), NAME.safetensors and/or
NAME.pt (`torch.save(model.state_dict())`), and NAME.reference.json: 8 test images (MNIST's first,
CIFAR-10's evenly spaced, since that test set is ordered by class; raw pixels and
the normalised inputs, (pixel/255 - mean)/std computed in double and rounded once to float32, as
org.ltcheck.data.Normalization does), PyTorch's float32 logits for them, the normalisation, the
accuracy on the whole test set and the torch version.  Plus malformed inputs for the readers'
error paths (`malformed`).

safetensors files are written by `safetensors_bytes`, which reproduces `safetensors.torch.save_file`
byte for byte (the safetensors package is not installed here): 8-byte little-endian header length,
compact JSON header {name: {dtype, shape, data_offsets}} with the tensors sorted by descending
dtype (the Rust crate's Dtype order, i.e. by alignment) and then by name, the header padded with
spaces to a multiple of 8, then the tensor bytes in the same order.  So `layers.10` comes before
`layers.2` in the file, as it does in files users make.

--check-export DIR: for every network written by `ltcheck export` in DIR, rebuild it in PyTorch
without ltcheck -- `.safetensors` and `.pt` (read with torch.load(weights_only=True)) from the layer
list in the file (safetensors `__metadata__["ltcheck.layers"]`, `.pt` entry `ltcheck.layers`) as
nn.Conv2d/nn.Linear/... modules loaded with load_state_dict; `.onnx` checked by onnx.checker and
evaluated node by node with torch.nn.functional (no ONNX runtime is installed here) -- run it on the
reference batch of its input shape (REFERENCE_BY_SHAPE, from --out) and write FILE.pytorch.json
with the logits.  The committed check (construct/.../fixtures/pytorch/export/) was made with:

    /usr/bin/python3 experiments/scripts/make_pytorch_fixtures.py --only export-target
    D=construct/src/test/resources/org/ltcheck/fixtures/pytorch/export
    ./ltcheck construct --target $D/cifar_resnet_8_2.safetensors --construction 2L --eps 0.01 --seed 1 \
        --images 100 --no-output-certificate --out $D/ticket-2L-seed1.safetensors
    for f in safetensors pt onnx; do
      ./ltcheck export --ticket $D/ticket-2L-seed1.safetensors --format $f --output $D/ticket-2L-seed1.export.$f
    done
    mvn -B -q -o -pl construct -am test-compile   # then ExportTestNetworks (test scope) writes every_layer_type.export.*:
    java -cp "construct/target/test-classes:construct/target/classes:$(cat experiments/target/ltcheck.classpath)" \
        org.ltcheck.export.ExportTestNetworks $D
    /usr/bin/python3 experiments/scripts/make_pytorch_fixtures.py --check-export $D

A batch for an input shape without image data (every_layer_type's 2x8x8) is seeded normal noise,
recorded in FILE.pytorch.json.
"""
import argparse
import gzip
import io
import json
import os
import struct
import sys
import tarfile
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "construct/src/test/resources/org/ltcheck/fixtures/pytorch"
CACHE = Path(os.environ.get("LTCHECK_CACHE", Path.home() / ".cache/ltcheck"))
CIFAR_JPEG = REPO.parent / "shared/data/cifar10-jpeg.tar.gz"
CIFAR_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

# The project's org.ltcheck.data.Normalization constants.
MNIST_NORM = {"mean": [0.1307], "std": [0.3081]}
CIFAR_NORM = {"mean": [0.4914, 0.4822, 0.4465], "std": [0.2023, 0.1994, 0.2010]}
REFERENCE_IMAGES = 8
SEED = 20260417
# --smoke: a quick run of every code path on few images, into a scratch directory.
SMOKE = False
SMOKE_TRAIN = 256
SMOKE_TEST = 500


# ----------------------------------------------------------------------------------------- data

def read_mnist(split):
    """(uint8 images N x 1 x 28 x 28, int64 labels) of the IDX files in the cache."""
    prefix = "train" if split == "train" else "t10k"
    d = CACHE / "mnist"
    images = (d / f"{prefix}-images-idx3-ubyte").read_bytes()
    labels = (d / f"{prefix}-labels-idx1-ubyte").read_bytes()
    magic, count, rows, cols = struct.unpack(">IIII", images[:16])
    if magic != 0x803 or struct.unpack(">II", labels[:8]) != (0x801, count) or (rows, cols) != (28, 28):
        sys.exit(f"{d}: not MNIST {split} IDX files")
    x = np.frombuffer(images, dtype=np.uint8, offset=16).reshape(count, 1, 28, 28)
    return x, np.frombuffer(labels, dtype=np.uint8, offset=8).astype(np.int64)


def read_cifar(split):
    """(uint8 images N x 3 x 32 x 32, int64 labels): ltcheck's binary cache, else the JPEG archive."""
    d = CACHE / "cifar10"
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] if split == "train" else ["test_batch.bin"]
    if all((d / n).is_file() for n in names):
        raw = np.concatenate([np.fromfile(d / n, dtype=np.uint8).reshape(-1, 3073) for n in names])
        return raw[:, 1:].reshape(-1, 3, 32, 32).copy(), raw[:, 0].astype(np.int64)
    from PIL import Image  # only for the JPEG archive
    xs, ys = [], []
    with tarfile.open(CIFAR_JPEG) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith(".jpg")
                          and f"/{split}/" in "/" + m.name), key=lambda m: m.name)
        for m in members:
            label = CIFAR_CLASSES.index(m.name.split("/")[-2])
            img = Image.open(io.BytesIO(tar.extractfile(m).read())).convert("RGB")
            xs.append(np.asarray(img, dtype=np.uint8).transpose(2, 0, 1))
            ys.append(label)
    return np.stack(xs), np.array(ys, dtype=np.int64)


def normalise(pixels, norm):
    """(pixel/255 - mean[c]) / std[c] in double, rounded once to float32 (Normalization.apply)."""
    mean = np.array(norm["mean"], dtype=np.float64).reshape(1, -1, 1, 1)
    std = np.array(norm["std"], dtype=np.float64).reshape(1, -1, 1, 1)
    return ((pixels.astype(np.float64) / 255.0 - mean) / std).astype(np.float32)


class Data:
    """A data set's normalised train and test tensors, loaded once."""

    def __init__(self, name):
        self.name = name
        reader, self.norm = (read_mnist, MNIST_NORM) if name == "mnist" else (read_cifar, CIFAR_NORM)
        train_pixels, self.train_y = reader("train")
        self.test_pixels, self.test_y = reader("test")
        self.train_x = torch.from_numpy(normalise(train_pixels, self.norm))
        self.test_x = torch.from_numpy(normalise(self.test_pixels, self.norm))
        self.train_y = torch.from_numpy(self.train_y)
        self.test_y = torch.from_numpy(self.test_y)
        self.label = "MNIST" if name == "mnist" else "CIFAR-10 (JPEG version)"


# --------------------------------------------------------------------------------------- models

class LeNet5(nn.Module):
    """LeNet-5 with max pooling, as users write it (names conv1, conv2, fc1, fc2, fc3)."""

    def __init__(self, softmax=False):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        self.softmax = softmax

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))
        return F.softmax(x, dim=1) if self.softmax else x


class OpenLthMnistLenet(nn.Module):
    """open_lth's mnist_lenet_N_M...: fc_layers.i (ReLU after each), then fc; input flattened by view."""

    def __init__(self, widths, outputs=10):
        super().__init__()
        layers, current = [], 784
        for w in widths:
            layers.append(nn.Linear(current, w))
            current = w
        self.fc_layers = nn.ModuleList(layers)
        self.fc = nn.Linear(current, outputs)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        for layer in self.fc_layers:
            x = F.relu(layer(x))
        return self.fc(x)


class OpenLthResNetBlock(nn.Module):
    def __init__(self, f_in, f_out, downsample):
        super().__init__()
        stride = 2 if downsample else 1
        self.conv1 = nn.Conv2d(f_in, f_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(f_out)
        self.conv2 = nn.Conv2d(f_out, f_out, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(f_out)
        if downsample or f_in != f_out:
            self.shortcut = nn.Sequential(nn.Conv2d(f_in, f_out, 1, stride=2, bias=False), nn.BatchNorm2d(f_out))
        else:
            self.shortcut = nn.Sequential()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class OpenLthCifarResNet(nn.Module):
    """open_lth's cifar_resnet_D[_W]: stem conv/bn, (D-2)/6 blocks per stage at W, 2W, 4W, avg pool, fc."""

    def __init__(self, depth, width=16, outputs=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv = nn.Conv2d(3, width, 3, stride=1, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(width)
        blocks, current = [], width
        for stage, filters in enumerate([width, 2 * width, 4 * width]):
            for i in range(n):
                blocks.append(OpenLthResNetBlock(current, filters, stage > 0 and i == 0))
                current = filters
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(current, outputs)

    def forward(self, x):
        out = F.relu(self.bn(self.conv(x)))
        out = self.blocks(out)
        out = F.avg_pool2d(out, int(out.size()[3]))  # open_lth passes out.size()[3]; int() lets the ONNX tracer through
        return self.fc(out.view(out.size(0), -1))


class OpenLthVggConv(nn.Module):
    def __init__(self, f_in, f_out):
        super().__init__()
        self.conv = nn.Conv2d(f_in, f_out, 3, padding=1)
        self.bn = nn.BatchNorm2d(f_out)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


VGG_PLANS = {11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512],
             13: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512],
             16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512],
             19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512]}


class OpenLthCifarVgg(nn.Module):
    """open_lth's cifar_vgg_D: layers.i = conv/bn module or MaxPool2d(2, 2), then AvgPool2d(2) and fc."""

    def __init__(self, depth, outputs=10):
        super().__init__()
        layers, current = [], 3
        for spec in VGG_PLANS[depth]:
            if spec == "M":
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            else:
                layers.append(OpenLthVggConv(current, spec))
                current = spec
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, outputs)

    def forward(self, x):
        x = nn.AvgPool2d(2)(self.layers(x))
        return self.fc(x.view(x.size(0), -1))


class SequentialCnn(nn.Module):
    """A small nn.Sequential whose weighted layers are layers.0, .2, .4, .7, .10 (Dropout at 9), so the
    save_file order layers.0, layers.10, layers.2, ... is not the layer order."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(1, 4, 5, padding=2), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(),
            nn.Conv2d(4, 2, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 28 * 28, 32), nn.ReLU(),
            nn.Dropout(0.1), nn.Linear(32, 10))

    def forward(self, x):
        return self.layers(x)


# ------------------------------------------------------------------------------------- training

def train(model, data, epochs, batch, lr, subset=None, weight_decay=0.0, adam=False):
    g = torch.Generator().manual_seed(SEED)
    n = len(data.train_y) if subset is None else subset
    n = min(n, SMOKE_TRAIN) if SMOKE else n
    chosen = torch.randperm(len(data.train_y), generator=g)[:n]
    opt = (torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay) if adam
           else torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=weight_decay))
    steps = epochs * ((n + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    model.train()
    for epoch in range(epochs):
        order = chosen[torch.randperm(n, generator=g)]
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(data.train_x[idx]), data.train_y[idx])
            loss.backward()
            opt.step()
            sched.step()
        print(f"  epoch {epoch + 1}/{epochs}: last batch loss {loss.item():.4f}", file=sys.stderr)
    model.eval()
    return {"optimizer": ("Adam" if adam else "SGD momentum 0.9") + ", one-cycle lr", "maxLr": lr, "epochs": epochs, "batch": batch,
            "trainImages": n, "weightDecay": weight_decay, "seed": SEED}


def batch_norm_statistics(model, data, batches, batch):
    """Running statistics from `batches` training batches (cumulative average), weights untouched."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        for b in range(batches):
            model(data.train_x[b * batch:(b + 1) * batch])
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 0.1
    model.eval()
    return {"init": "PyTorch default (random)", "batchNormStatistics": f"{batches} x {batch} training images"}


def accuracy(model, data):
    model.eval()
    correct, n = 0, test_count(data)
    with torch.no_grad():
        for start in range(0, n, 500):
            out = model(data.test_x[start:min(n, start + 500)])
            correct += (out.argmax(1) == data.test_y[start:min(n, start + 500)]).sum().item()
    return correct / n


def test_count(data):
    return min(SMOKE_TEST, len(data.test_y)) if SMOKE else len(data.test_y)


# -------------------------------------------------------------------------------------- writers

# The Rust crate's Dtype declaration order; save_file sorts by it, descending, then by name.
SAFETENSORS_DTYPES = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32",
                      "F32", "F64", "I64", "U64"]
TORCH_TO_SAFETENSORS = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
                        torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
                        torch.uint8: "U8", torch.bool: "BOOL"}


def safetensors_bytes(tensors, metadata=None):
    """What safetensors.torch.save_file(tensors, path, metadata) writes (see the module comment)."""
    entries = sorted(tensors.items(), key=lambda kv: (-SAFETENSORS_DTYPES.index(TORCH_TO_SAFETENSORS[kv[1].dtype]),
                                                       kv[0]))
    header, blobs, offset = OrderedDict(), [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in entries:
        data = t.detach().contiguous().cpu().numpy().tobytes()  # little-endian on this machine
        header[name] = {"dtype": TORCH_TO_SAFETENSORS[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)
    return struct.pack("<Q", len(head)) + head + b"".join(blobs)


def read_safetensors(path):
    """(OrderedDict name -> tensor in file order, metadata) of a safetensors file."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"), object_pairs_hook=OrderedDict)
    metadata = header.pop("__metadata__", {})
    inverse = {v: k for k, v in TORCH_TO_SAFETENSORS.items()}
    tensors = OrderedDict()
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        a, b = info["data_offsets"]
        dtype = inverse[info["dtype"]]
        buf = bytearray(raw[8 + n + a:8 + n + b])
        tensors[name] = torch.frombuffer(buf, dtype=dtype).reshape(info["shape"]) if buf else torch.zeros(
            info["shape"], dtype=dtype)
    return tensors, metadata


def write_bytes(path, data):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def export_onnx(model, shape, path):
    model.eval()
    buf = io.BytesIO()
    torch.onnx.export(model, torch.zeros(shape), buf, opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    write_bytes(path, buf.getvalue())
    import onnx
    onnx.checker.check_model(onnx.load(str(path)))


def torch_save_bytes(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def deflated_zip(data):
    """The zip archive `data` re-written with deflate (torch.save stores its records uncompressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


def floats(a):
    """float32 values as the doubles of their shortest round-trip decimals, so the JSON stays short."""
    return [float(np.format_float_scientific(v, unique=True)) for v in np.asarray(a, dtype=np.float32).ravel()]


def reference_indices(data):
    """MNIST: the first test images; CIFAR-10: evenly spaced ones, since the JPEG version's test set is
    ordered by class."""
    if data.name == "mnist":
        return list(range(REFERENCE_IMAGES))
    step = test_count(data) // REFERENCE_IMAGES
    return [i * step for i in range(REFERENCE_IMAGES)]


def reference(model, data, name, description, files, training):
    indices = reference_indices(data)
    x = data.test_x[indices]
    with torch.no_grad():
        logits = model.eval()(x).numpy()
    acc = accuracy(model, data)
    doc = OrderedDict([
        ("model", name), ("description", description), ("files", files), ("torch", torch.__version__),
        ("dataset", data.label), ("split", "test"), ("indices", indices),
        ("labels", data.test_y[indices].tolist()), ("normalization", data.norm),
        ("inputShape", list(x.shape)), ("pixels", data.test_pixels[indices].ravel().tolist()),
        ("inputs", floats(x.numpy())), ("logitsShape", list(logits.shape)), ("logits", floats(logits)),
        ("testAccuracy", acc), ("testImages", test_count(data)), ("training", training)])
    print(f"  {name}: test accuracy {acc:.4f} on {test_count(data)} {data.label} test images", file=sys.stderr)
    return doc


def json_bytes(doc):
    return (json.dumps(doc, indent=None, separators=(",", ":")) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------- fixtures

class Writer:
    """Writes one model's files into the output directory and its reference JSON."""

    def __init__(self, out):
        self.out = out

    def model(self, name, model, data, description, training, formats):
        files = OrderedDict()
        shape = (1,) + tuple(data.test_x.shape[1:])
        state = model.state_dict()
        if "onnx" in formats:
            export_onnx(model, shape, self.out / f"{name}.onnx")
            files["onnx"] = f"{name}.onnx"
        if "safetensors" in formats:
            write_bytes(self.out / f"{name}.safetensors", safetensors_bytes(state))
            files["safetensors"] = f"{name}.safetensors"
        if "pt" in formats:
            write_bytes(self.out / f"{name}.pt", torch_save_bytes(state))
            files["pt"] = f"{name}.pt"
        if "pt-deflated" in formats:
            write_bytes(self.out / f"{name}.pt", deflated_zip(torch_save_bytes(state)))
            files["pt"] = f"{name}.pt"
        doc = reference(model, data, name, description, files, training)
        write_bytes(self.out / f"{name}.reference.json", json_bytes(doc))


class SystemCall:
    """Pickles as a call of os.system (posix.system): what a restricted unpickler must refuse."""

    def __reduce__(self):
        return (os.system, ("echo this fixture must never be unpickled",))


def make_mnist(w, mnist):
    torch.manual_seed(SEED)
    lenet = LeNet5()
    t = train(lenet, mnist, epochs=1, batch=64, lr=0.05)
    w.model("lenet5_maxpool", lenet, mnist, "LeNet-5: conv 1->6 5x5 pad 2, ReLU, MaxPool 2, conv 6->16 5x5, ReLU,"
            " MaxPool 2, flatten, linear 400->120, ReLU, 120->84, ReLU, 84->10", t, ["onnx", "safetensors", "pt"])
    malformed(w.out)

    torch.manual_seed(SEED)
    mlp = OpenLthMnistLenet([500])
    t = train(mlp, mnist, epochs=1, batch=64, lr=0.05)
    w.model("mlp_784_500_10", mlp, mnist, "open_lth mnist_lenet_500: fc_layers.0 784->500, ReLU, fc 500->10 (input"
            " flattened with view, so the ONNX graph reshapes)", t, ["onnx", "safetensors", "pt"])

    torch.manual_seed(SEED)
    lenet300 = OpenLthMnistLenet([300, 100])
    t = train(lenet300, mnist, epochs=1, batch=64, lr=0.05)
    w.model("mnist_lenet_300_100", lenet300, mnist, "open_lth mnist_lenet_300_100: fc_layers.0 784->300, ReLU,"
            " fc_layers.1 300->100, ReLU, fc 100->10", t, ["pt"])

    torch.manual_seed(SEED)
    seq = SequentialCnn()
    t = train(seq, mnist, epochs=1, batch=64, lr=0.02)
    w.model("sequential_layers_0_2_10", seq, mnist, "nn.Sequential: layers.0 conv 1->4 5x5 pad 2, ReLU, layers.2 conv"
            " 4->4 3x3 pad 1, ReLU, layers.4 conv 4->2 3x3 pad 1, ReLU, Flatten, layers.7 linear 1568->32, ReLU,"
            " Dropout, layers.10 linear 32->10; save_file stores layers.0, layers.10, layers.2, ...", t,
            ["safetensors", "pt"])


def make_cifar(w, cifar):
    torch.manual_seed(SEED)
    resnet = OpenLthCifarResNet(32, 16)
    t = train(resnet, cifar, epochs=2, batch=128, lr=2e-3, subset=10000, weight_decay=1e-4, adam=True)
    w.model("cifar_resnet_32", resnet, cifar, "open_lth cifar_resnet_32 (width 16, 5 blocks per stage, ReLU, no conv"
            " biases, batch norm in eval mode)", t,
            ["pt", "safetensors"])

    torch.manual_seed(SEED)
    vgg = OpenLthCifarVgg(11)
    with torch.no_grad():
        for m in vgg.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                keep = max(1, int(0.01 * m.weight.numel()))
                threshold = m.weight.abs().flatten().kthvalue(m.weight.numel() - keep + 1).values
                # where(), not a 0/1 product: -0.0 for pruned negative weights would defeat deflate
                m.weight.copy_(torch.where(m.weight.abs() >= threshold, m.weight, torch.zeros_like(m.weight)))
    t = batch_norm_statistics(vgg, cifar, batches=4, batch=128)
    t["pruning"] = "every conv and fc weight magnitude-pruned to 1% density (zeros stored densely)"
    t["file"] = "torch.save zip re-written with deflate to keep the repository small; torch.load reads it"
    w.model("cifar_vgg_11", vgg, cifar, "open_lth cifar_vgg_11: layers.i.conv/bn (conv with bias, 3x3 pad 1) and"
            " MaxPool2d(2, 2) at layers.1, 3, 6, 9, then AvgPool2d(2), fc 512->10", t, ["pt-deflated"])


def make_export_target(out, cifar):
    """The small target whose ticket the export test checks: open_lth cifar_resnet_8 at width 2, random
    init with batch-norm statistics from 2 x 128 CIFAR-10 training images (its 2L mother has 57k
    parameters, so the exported ticket, dense with zeros, stays small)."""
    torch.manual_seed(SEED)
    target = OpenLthCifarResNet(8, 2)
    batch_norm_statistics(target, cifar, batches=2, batch=128)
    state = OrderedDict((k, v) for k, v in target.state_dict().items() if not k.endswith("num_batches_tracked"))
    (out / "export").mkdir(exist_ok=True)
    write_bytes(out / "export" / "cifar_resnet_8_2.safetensors", safetensors_bytes(state))


def malformed(out):
    """Inputs the readers must reject with one line, made from lenet5_maxpool's files: truncated files
    (cut inside the tensor data), an ONNX graph ending in Softmax (an unsupported operator) and a
    state dict with a value that unpickles as a call of os.system."""
    cut = 30000
    write_bytes(out / "malformed_truncated.onnx", (out / "lenet5_maxpool.onnx").read_bytes()[:cut])
    write_bytes(out / "malformed_truncated.pt", (out / "lenet5_maxpool.pt").read_bytes()[:cut])
    state = torch.load(out / "lenet5_maxpool.pt")
    soft = LeNet5(softmax=True)
    soft.load_state_dict(state)
    export_onnx(soft, (1, 1, 28, 28), out / "malformed_softmax.onnx")
    evil = OrderedDict([("conv1.weight", state["conv1.weight"]), ("conv1.bias", state["conv1.bias"]),
                        ("payload", SystemCall())])
    write_bytes(out / "malformed_global.pt", torch_save_bytes(evil))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", default="mnist,cifar",
                        help="comma-separated groups: mnist, cifar, malformed (from the lenet5_maxpool files in --out),"
                        " export-target (export/cifar_resnet_8_2.safetensors)")
    parser.add_argument("--check-export", type=Path, metavar="DIR",
                        help="load the tickets `ltcheck export` wrote in DIR and record their PyTorch logits")
    parser.add_argument("--smoke", action="store_true", help=f"train on {SMOKE_TRAIN} images, test on {SMOKE_TEST}:"
                        " a quick check of every code path (into a scratch --out)")
    args = parser.parse_args()
    global SMOKE
    SMOKE = args.smoke
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if args.check_export:
        check_export(args.check_export, args.out)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    w = Writer(args.out)
    groups = args.only.split(",")
    if "mnist" in groups:
        make_mnist(w, Data("mnist"))
    if "malformed" in groups:
        malformed(args.out)
    if "cifar" in groups or "export-target" in groups:
        cifar = Data("cifar10")
        if "cifar" in groups:
            make_cifar(w, cifar)
        if "export-target" in groups:
            make_export_target(args.out, cifar)


# ------------------------------------------------------------------------------- --check-export

class Residual(nn.Module):
    def __init__(self, body, shortcut, activation):
        super().__init__()
        self.body, self.shortcut, self.activation = body, shortcut, activation

    def forward(self, x):
        return self.activation(self.body(x) + self.shortcut(x))


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


class ChannelScale(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        return x * self.weight.reshape(1, -1, 1, 1)


def module(spec):
    """The PyTorch module of one entry of ltcheck's layer list (NetworkTensors)."""
    t = spec["type"]
    if t == "conv2d":
        return nn.Conv2d(spec["inChannels"], spec["outChannels"], (spec["kernelHeight"], spec["kernelWidth"]),
                         stride=spec["stride"], padding=spec["padding"], bias=spec["bias"])
    if t == "linear":
        return nn.Linear(spec["inFeatures"], spec["outFeatures"], bias=spec["bias"])
    if t == "residual":
        return Residual(nn.Sequential(*map(module, spec["body"])), nn.Sequential(*map(module, spec["shortcut"])),
                        module(spec["activation"]))
    if t == "batch_norm2d":
        return nn.BatchNorm2d(spec["channels"], eps=spec["eps"])
    if t == "channel_scale":
        return ChannelScale(spec["weightShape"])
    if t == "max_pool2d":
        return nn.MaxPool2d(spec["kernel"], spec["stride"], spec["padding"])
    if t == "avg_pool2d":
        return nn.AvgPool2d(spec["kernel"], spec["stride"])
    if t == "leaky_relu":
        return nn.LeakyReLU(spec["negativeSlope"])
    simple = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "identity": nn.Identity,
              "flatten": nn.Flatten, "global_avg_pool": GlobalAvgPool}
    return simple[t]()


class Exported(nn.Module):
    def __init__(self, layer_list):
        super().__init__()
        self.layers = nn.Sequential(*map(module, layer_list["layers"]))

    def forward(self, x):
        return self.layers(x)


def load_exported(tensors, layer_list):
    model = Exported(layer_list).eval()
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        sys.exit(f"exported tensors do not fit the layer list: missing {missing}, unexpected {unexpected}")
    return model


def run_onnx_graph(graph, x):
    """Evaluates the operators ltcheck's ONNX export writes, with torch's functional ops."""
    from onnx import numpy_helper
    values = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    values[graph.input[0].name] = x
    for node in graph.node:
        a = {at.name: (list(at.ints) if at.ints else at.i if at.type == 2 else at.f) for at in node.attribute}
        ins = [values[i] for i in node.input]
        op = node.op_type
        if op == "Conv":
            p = a["pads"]
            y = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=a["strides"], padding=(p[0], p[1]))
        elif op == "Gemm":
            y = F.linear(ins[0], ins[1], ins[2] if len(ins) > 2 else None)
        elif op in ("Relu", "Tanh", "Sigmoid"):
            y = {"Relu": torch.relu, "Tanh": torch.tanh, "Sigmoid": torch.sigmoid}[op](ins[0])
        elif op == "LeakyRelu":
            y = F.leaky_relu(ins[0], a["alpha"])
        elif op == "Flatten":
            y = torch.flatten(ins[0], a.get("axis", 1))
        elif op == "GlobalAveragePool":
            y = ins[0].mean(dim=(2, 3), keepdim=True)
        elif op == "MaxPool":
            y = F.max_pool2d(ins[0], a["kernel_shape"], a["strides"], a["pads"][0])
        elif op == "AveragePool":
            y = F.avg_pool2d(ins[0], a["kernel_shape"], a["strides"])
        elif op == "BatchNormalization":
            y = F.batch_norm(ins[0], ins[3], ins[4], ins[1], ins[2], False, 0.0, a["epsilon"])
        elif op in ("Add", "Mul"):
            y = ins[0] + ins[1] if op == "Add" else ins[0] * ins[1]
        elif op == "Identity":
            y = ins[0]
        else:
            sys.exit(f"ONNX node {node.name}: operator {op} is not one ltcheck exports")
        values[node.output[0]] = y
    return values[graph.output[0].name]


REFERENCE_BY_SHAPE = {(1, 28, 28): "lenet5_maxpool.reference.json", (3, 32, 32): "cifar_resnet_32.reference.json"}


def check_export(directory, fixtures):
    """Runs every exported network in `directory` on the reference batch of its input shape and writes
    FILE.pytorch.json with PyTorch's logits."""
    import onnx
    for path in sorted(Path(directory).iterdir()):
        fmt = path.suffix[1:]
        if fmt == "safetensors":
            tensors, meta = read_safetensors(path)
            if "ltcheck.layers" not in meta:
                continue  # a ticket, not an export
            layer_list = json.loads(meta["ltcheck.layers"])
        elif fmt == "pt":
            tensors = torch.load(path, weights_only=True)  # ltcheck writes tensors and strings only
            layer_list = json.loads(tensors.pop("ltcheck.layers"))
            tensors = OrderedDict((k, v) for k, v in tensors.items() if isinstance(v, torch.Tensor))
        elif fmt == "onnx":
            model_proto = onnx.load(str(path))
            onnx.checker.check_model(model_proto)
            layer_list = json.loads({p.key: p.value for p in model_proto.metadata_props}["ltcheck.layers"])
        else:
            continue
        shape = tuple(layer_list["inputShape"])
        ref_name = REFERENCE_BY_SHAPE.get(shape)
        if ref_name:
            ref = json.loads((fixtures / ref_name).read_text())
            x = torch.tensor(ref["inputs"], dtype=torch.float32).reshape(ref["inputShape"])
        else:  # no image data of this shape: a seeded normal batch, recorded in the output
            x = torch.randn((REFERENCE_IMAGES,) + shape, generator=torch.Generator().manual_seed(SEED))
        with torch.no_grad():
            logits = (run_onnx_graph(model_proto.graph, x) if fmt == "onnx"
                      else load_exported(tensors, layer_list)(x)).numpy()
        doc = OrderedDict([("file", path.name), ("format", fmt), ("torch", torch.__version__), ("onnx", onnx.__version__)])
        if ref_name:
            doc["reference"] = ref_name
        else:
            doc["inputShape"], doc["inputs"] = list(x.shape), floats(x.numpy())
        doc["logitsShape"], doc["logits"] = list(logits.shape), floats(logits)
        write_bytes(path.with_name(path.name + ".pytorch.json"), json_bytes(doc))
        print(f"  {path.name}: logits {tuple(logits.shape)} on {ref_name or 'a seeded normal batch'}", file=sys.stderr)


if __name__ == "__main__":
    main()
