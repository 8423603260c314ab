#!/usr/bin/env python3
"""Writes the small torch.save files that test ltcheck's restricted unpickler
(org.ltcheck.io.torch) and its zoo reader, with what PyTorch computes from them, into
construct/src/test/resources/org/ltcheck/io/torch/. Run with a Python that has PyTorch
(1.13 here: /usr/bin/python3); the committed files make the tests independent of it.

  tensors.pt        an OrderedDict of float32/float64/float16/bfloat16 tensors, a transposed
                    (non-contiguous) view, a slice at a storage offset, two views of one storage,
                    a 0-d tensor and an int64 num_batches_tracked; tensors.json has their values
  checkpoint.pt     {"state_dict": <small state dict>, "epoch": 3, "optimizer": {...}}
  legacy.pt         the same state dict in the pre-1.6 (non-zip) format
  eval.pt           a pickle whose REDUCE calls builtins.eval (must be refused, never run)
  system.pt         a pickle whose REDUCE calls os.system (must be refused, never run)
  mnist_lenet_20.pt, cifar_resnet_8_4.pt   open_lth models (random weights, random batch-norm
                    statistics) and their *.json: a fixed input batch and PyTorch's logits in eval mode

Usage: /usr/bin/python3 experiments/scripts/make_torch_test_pickles.py [--out DIR]
"""
import argparse
import collections
import json
import os

import torch
import torch.nn as nn

# The open_lth modules are the fixture script's, so both scripts build the same networks.
from make_pytorch_fixtures import OpenLthCifarResNet as ResNet
from make_pytorch_fixtures import OpenLthMnistLenet as LeNet


class Eval:
    def __reduce__(self):
        return (eval, ("print('the unpickler ran eval')",))


class System:
    def __reduce__(self):
        return (os.system, ("echo the unpickler ran os.system",))


def randomise_batch_norms(model, gen):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(0.1 * torch.randn(m.num_features, generator=gen))
            m.running_var.copy_(0.5 + torch.rand(m.num_features, generator=gen))
            m.weight.data.copy_(1 + 0.1 * torch.randn(m.num_features, generator=gen))
            m.bias.data.copy_(0.1 * torch.randn(m.num_features, generator=gen))


def save_model(out, name, model, input_shape, gen):
    model.eval()
    randomise_batch_norms(model, gen)
    x = torch.randn((2,) + input_shape, generator=gen)
    with torch.no_grad():
        logits = model(x)
    torch.save(model.state_dict(), os.path.join(out, name + ".pt"))
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"model": name, "input_shape": list(input_shape), "inputs": x.flatten().tolist(),
                   "logits": logits.flatten().tolist()}, f)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "construct", "src", "test", "resources", "org", "ltcheck", "io", "torch")
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=default)
    out = os.path.normpath(p.parse_args().out)
    os.makedirs(out, exist_ok=True)
    gen = torch.Generator().manual_seed(20220717)

    base = torch.randn(6, 4, generator=gen)
    shared = torch.arange(12, dtype=torch.float32)
    tensors = collections.OrderedDict([
        ("conv.weight", torch.randn(2, 1, 3, 3, generator=gen)),
        ("transposed", base.t()),
        ("sliced", base[2:5]),
        ("shared.a", shared[:6].view(2, 3)),
        ("shared.b", shared[6:].view(3, 2)),
        ("double", torch.randn(3, generator=gen, dtype=torch.float64)),
        ("half", torch.randn(4, generator=gen).half()),
        ("bfloat", torch.randn(4, generator=gen).bfloat16()),
        ("scalar", torch.tensor(2.5)),
        ("bn.num_batches_tracked", torch.tensor(7, dtype=torch.long)),
    ])
    torch.save(tensors, os.path.join(out, "tensors.pt"))
    with open(os.path.join(out, "tensors.json"), "w") as f:
        json.dump({k: {"shape": list(v.shape), "values": v.double().flatten().tolist()} for k, v in tensors.items()}, f)

    small = collections.OrderedDict([("fc.weight", torch.randn(2, 3, generator=gen)), ("fc.bias", torch.zeros(2))])
    torch.save({"state_dict": small, "epoch": 3, "optimizer": {"lr": 0.1, "momentum": [0.9, None, True]}},
               os.path.join(out, "checkpoint.pt"))
    torch.save(small, os.path.join(out, "legacy.pt"), _use_new_zipfile_serialization=False)
    torch.save(collections.OrderedDict([("fc.weight", Eval())]), os.path.join(out, "eval.pt"))
    torch.save(collections.OrderedDict([("fc.weight", System())]), os.path.join(out, "system.pt"))

    torch.manual_seed(1)
    save_model(out, "mnist_lenet_20", LeNet([20]), (1, 28, 28), gen)
    save_model(out, "cifar_resnet_8_4", ResNet(8, 4), (3, 32, 32), gen)


if __name__ == "__main__":
    main()
