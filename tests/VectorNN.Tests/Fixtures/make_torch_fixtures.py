#!/usr/bin/env python3
"""Writes torch-fixtures.json: losses, gradients and optimizer steps computed by PyTorch, in double precision.

The C# tests (tests/VectorNN.Tests/Oracles/TorchFixtureTests.cs) compare VectorNN with these values, so that a
definition shared by the library and its MathNet oracle cannot be wrong unnoticed. CI uses the committed JSON;
regenerate it with Debian's python3-torch:

    apt-get install python3-torch
    /usr/bin/python3 tests/VectorNN.Tests/Fixtures/make_torch_fixtures.py

Parameters are written flat in VectorNN's arena layout: for each layer its weight [out, in] row-major (as
nn.Linear stores it), then its bias.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
generator = torch.Generator().manual_seed(20261204)


def uniform(*shape, low=-1.0, high=1.0):
    return (torch.rand(*shape, generator=generator) * (high - low) + low).double()


ACTIVATIONS = {
    "identity": lambda z: z,
    "tanh": torch.tanh,
    "logistic": torch.sigmoid,
    "relu": torch.relu,
    "softmax": lambda z: torch.softmax(z, dim=1),
}


def network_case(name, widths, activations, loss, targets_kind, batch=5):
    layers = [torch.nn.Linear(widths[i], widths[i + 1]) for i in range(len(widths) - 1)]
    with torch.no_grad():
        for layer in layers:
            layer.weight.copy_(uniform(*layer.weight.shape))
            layer.bias.copy_(uniform(*layer.bias.shape, low=-0.5, high=0.5))
    x = uniform(batch, widths[0], low=-2.0, high=2.0).requires_grad_(True)
    outputs = widths[-1]
    if targets_kind == "one_hot":
        labels = torch.randint(0, outputs, (batch,), generator=generator)
        t = torch.nn.functional.one_hot(labels, outputs).double()
    elif targets_kind == "probabilities":
        t = torch.softmax(uniform(batch, outputs, low=-2.0, high=2.0), dim=1)
    elif targets_kind == "binary":
        t = torch.randint(0, 2, (batch, outputs), generator=generator).double()
    else:
        t = uniform(batch, outputs, low=-1.5, high=1.5)

    h = x
    for layer, activation in zip(layers[:-1], activations[:-1]):
        h = ACTIVATIONS[activation](layer(h))
    logits = layers[-1](h)
    if loss == "cross_entropy":
        # PyTorch's CrossEntropyLoss takes logits and class probabilities; reduction="mean" averages over samples.
        value = torch.nn.CrossEntropyLoss()(logits, t)
    elif loss == "binary_cross_entropy":
        # BCEWithLogitsLoss averages over every element, that is over samples and outputs.
        value = torch.nn.BCEWithLogitsLoss()(logits, t)
    else:
        o = ACTIVATIONS[activations[-1]](logits)
        if loss == "mean_squared_error":
            value = torch.nn.MSELoss()(o, t)
        elif loss == "half_sum_squared_error":
            value = 0.5 * torch.nn.MSELoss(reduction="sum")(o, t) / batch
        else:
            raise ValueError(loss)
    value.backward()

    parameters, gradient = [], []
    for layer in layers:
        parameters += layer.weight.detach().flatten().tolist() + layer.bias.detach().tolist()
        gradient += layer.weight.grad.flatten().tolist() + layer.bias.grad.tolist()
    return {
        "name": name,
        "widths": widths,
        "activations": activations,
        "loss": loss,
        "batch": batch,
        "parameters": parameters,
        "inputs": x.detach().flatten().tolist(),
        "targets": t.flatten().tolist(),
        "loss_value": value.item(),
        "gradient": gradient,
        "input_gradient": x.grad.flatten().tolist(),
    }


def optimizer_case(name, make, hyperparameters, count=8, steps=3):
    p = torch.nn.Parameter(uniform(count))
    start = p.detach().clone().tolist()
    optimizer = make([p])
    gradients, after = [], []
    for _ in range(steps):
        g = uniform(count, low=-0.5, high=0.5)
        gradients.append(g.tolist())
        p.grad = g.clone()
        optimizer.step()
        after.append(p.detach().clone().tolist())
    return {"name": name, "hyperparameters": hyperparameters, "parameters": start,
            "gradients": gradients, "after_each_step": after}


networks = [
    network_case("half_sse_softmax", [3, 4, 3], ["tanh", "softmax"], "half_sum_squared_error", "one_hot"),
    network_case("half_sse_logistic", [3, 4, 2], ["logistic", "logistic"], "half_sum_squared_error", "binary"),
    network_case("mse_identity", [4, 5, 3, 2], ["relu", "tanh", "identity"], "mean_squared_error", "real"),
    network_case("mse_tanh", [2, 3, 2], ["logistic", "tanh"], "mean_squared_error", "real"),
    network_case("cross_entropy_one_hot", [4, 6, 3], ["tanh", "softmax"], "cross_entropy", "one_hot"),
    network_case("cross_entropy_probabilities", [3, 5, 4], ["relu", "softmax"], "cross_entropy", "probabilities"),
    network_case("bce_one_output", [3, 4, 1], ["tanh", "logistic"], "binary_cross_entropy", "binary"),
    network_case("bce_three_outputs", [4, 3, 3], ["identity", "logistic"], "binary_cross_entropy", "probabilities"),
]

optimizers = [
    optimizer_case("adam", lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
                   {"optimizer": "adam", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                    "weight_decay": 0.0}),
    optimizer_case("adam_l2", lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
                   {"optimizer": "adam", "learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6,
                    "weight_decay": 0.1}),
    optimizer_case("adamw", lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
                   {"optimizer": "adamw", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                    "weight_decay": 0.01}),
    optimizer_case("adamw_strong_decay", lambda p: torch.optim.AdamW(p, lr=0.1, betas=(0.5, 0.9), eps=1e-4,
                                                                     weight_decay=0.5),
                   {"optimizer": "adamw", "learning_rate": 0.1, "beta1": 0.5, "beta2": 0.9, "epsilon": 1e-4,
                    "weight_decay": 0.5}),
    optimizer_case("momentum_l2", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01),
                   {"optimizer": "momentum", "learning_rate": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
    optimizer_case("nesterov", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8, nesterov=True),
                   {"optimizer": "nesterov", "learning_rate": 0.1, "momentum": 0.8, "weight_decay": 0.0}),
]

fixture = {
    "generator": "tests/VectorNN.Tests/Fixtures/make_torch_fixtures.py",
    "torch_version": torch.__version__,
    "networks": networks,
    "optimizers": optimizers,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch-fixtures.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
print(f"wrote {path}: {len(networks)} networks, {len(optimizers)} optimizers")
