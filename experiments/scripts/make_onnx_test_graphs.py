#!/usr/bin/python3
"""Small ONNX graphs for the ONNX importer's tests (org.ltcheck.targets.onnx), with PyTorch's logits.

Run with the Debian python3 (PyTorch 1.13, onnx 1.12):

    /usr/bin/python3 experiments/scripts/make_onnx_test_graphs.py

Writes construct/src/test/resources/org/ltcheck/targets/onnx/: for each network NAME and opset
V in (11, 17) NAME-opsetV.onnx, and NAME.logits.json with a fixed input batch and the logits
PyTorch computes for it (the tests check ltcheck's forward pass against them). The networks are
tiny and random (seeded); they exercise the importer, they are not trained targets. The
project's fixtures of real targets come from make_pytorch_fixtures.py.
"""
import json
import os

import onnx
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "construct", "src", "test", "resources",
                   "org", "ltcheck", "targets", "onnx")
OPSETS = (11, 17)
BATCH = 3


def randomise_batch_norms(model, generator):
    """Running statistics away from 0/1, so that folding them is really tested."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.copy_(torch.randn(c, generator=generator) * 0.3)
            m.running_var.copy_(torch.rand(c, generator=generator) + 0.5)
            m.weight.data.copy_(torch.rand(c, generator=generator) + 0.5)
            m.bias.data.copy_(torch.randn(c, generator=generator) * 0.2)


def conv_bn(cin, cout, stride=1):
    return [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout)]


class Block(nn.Module):
    """open_lth's residual block: relu(bn2(conv2(relu(bn1(conv1 x)))) + shortcut(x))."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(cin, cout, stride), nn.ReLU(), *conv_bn(cout, cout))
        self.shortcut = (nn.Sequential() if stride == 1 and cin == cout else
                         nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return torch.relu(self.body(x) + self.shortcut(x))


class ConvNet(nn.Module):
    """Conv+BN+ReLU, max pooling, an identity and a downsampling residual block, x.view(N, -1), fc."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2))
        self.block1 = Block(4, 4, 1)
        self.block2 = Block(4, 8, 2)
        self.fc = nn.Linear(8 * 3 * 3, 10)

    def forward(self, x):
        x = self.block2(self.block1(self.stem(x)))
        return self.fc(x.view(x.size(0), -1))


class Mlp(nn.Module):
    """784-32-10 on MNIST-shaped input, flattened with x.view(x.size(0), -1)."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x.view(x.size(0), -1))))


class EveryOp(nn.Module):
    """Every supported operator but MaxPool (which ConvNet has); Identity and Dropout are added to the graph."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(4)
        self.conv3 = nn.Conv2d(4, 6, 1)
        self.fc1 = nn.Linear(6, 8)
        self.w2 = nn.Parameter(torch.randn(8, 5) * 0.5)
        self.b2 = nn.Parameter(torch.randn(5) * 0.1)

    def forward(self, x):
        x = nn.functional.leaky_relu(self.conv1(x), 0.2)
        x = torch.tanh(self.bn2(self.conv2(x)))
        x = nn.functional.avg_pool2d(x, 2)
        x = torch.sigmoid(self.conv3(x))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        x = torch.relu(self.fc1(x))
        return torch.matmul(x, self.w2) + self.b2


class PlainCnn(nn.Module):
    """Only layers the constructions read, on 3x8x8 inputs (no known data set's): a strided conv, conv+BN, fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 4 * 4, 10)

    def forward(self, x):
        x = torch.relu(self.bn2(self.conv2(torch.relu(self.conv1(x)))))
        return self.fc(x.view(x.size(0), -1))


class Unsupported(nn.Module):
    """An MLP ending in softmax, which the importer rejects."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=1)


def insert_identity_and_dropout(path, opset):
    """torch.onnx.export drops both in eval mode; a graph from elsewhere may keep them."""
    model = onnx.load(path)
    graph = model.graph
    first = graph.node[0]
    original = first.input[0]
    graph.node.insert(0, onnx.helper.make_node("Identity", [original], ["identity_out"], name="Identity_in"))
    dropout_inputs = ["identity_out"]
    if opset >= 12:
        graph.initializer.append(onnx.helper.make_tensor("dropout_ratio", onnx.TensorProto.FLOAT, [], [0.5]))
        dropout_inputs.append("dropout_ratio")
        graph.node.insert(1, onnx.helper.make_node("Dropout", dropout_inputs, ["dropout_out"], name="Dropout_in"))
    else:
        graph.node.insert(1, onnx.helper.make_node("Dropout", dropout_inputs, ["dropout_out"], name="Dropout_in",
                                                   ratio=0.5))
    first.input[0] = "dropout_out"
    onnx.checker.check_model(model)
    onnx.save(model, path)


def export(name, model, input_shape, generator, post=None, record=True, static=False):
    """static: torch's defaults instead (fixed batch of 1, constants folded, batch norms fused into the convolutions)."""
    model.eval()
    randomise_batch_norms(model, generator)
    x = torch.randn(BATCH, *input_shape, generator=generator)
    for opset in OPSETS:
        path = os.path.join(OUT, f"{name}-opset{opset}.onnx")
        if static:
            torch.onnx.export(model, x[:1], path, opset_version=opset, input_names=["input"], output_names=["logits"])
        else:
            # PRESERVE keeps BatchNormalization nodes (EVAL would fuse them into the convolutions).
            torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["logits"],
                              dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                              training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
        if post is not None:
            post(path, opset)
        onnx.checker.check_model(onnx.load(path))
    if record:
        with torch.no_grad():
            logits = model(x)
        with open(os.path.join(OUT, f"{name}.logits.json"), "w") as f:
            json.dump({"inputShape": list(x.shape), "input": x.flatten().tolist(),
                       "logitsShape": list(logits.shape), "logits": logits.flatten().tolist()}, f)
            f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(17)
    generator = torch.Generator().manual_seed(17)
    export("convnet", ConvNet(), (1, 12, 12), generator)
    export("mlp", Mlp(), (1, 28, 28), generator)
    export("everyop", EveryOp(), (3, 8, 8), generator, post=insert_identity_and_dropout)
    export("cnn", PlainCnn(), (3, 8, 8), generator, static=True)
    export("unsupported", Unsupported(), (4,), generator, record=False)
    with open(os.path.join(OUT, "mlp-opset17.onnx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated.onnx"), "wb") as f:
        f.write(whole[: len(whole) * 3 // 5])


if __name__ == "__main__":
    main()
