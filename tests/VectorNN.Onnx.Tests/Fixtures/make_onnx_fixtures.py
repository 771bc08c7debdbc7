#!/usr/bin/python3
"""Builds the ONNX import fixtures: small MLPs exported by PyTorch's TorchScript exporter, and MatMul+Add graphs in
the forms PyTorch's dynamo exporter and Keras/tf2onnx write, built with onnx.helper; with the outputs PyTorch
computes for fixed inputs.

Not run by CI: the .onnx files and onnx-fixtures.json it writes are committed, and OnnxFixtureTests reads them.
Run it again (from any folder) after changing it:

    apt-get install -y python3-torch python3-onnx    # Debian 12: PyTorch 1.13, ONNX 1.12
    /usr/bin/python3 tests/VectorNN.Onnx.Tests/Fixtures/make_onnx_fixtures.py

Each fixture in onnx-fixtures.json: "file", the input "shape" (batch first), "inputs" (row-major), "outputs" (what
the model computes, as PyTorch evaluates it), "dtype" (float32 or float64), "log_softmax" (the outputs are
log-probabilities) and "exporter".
"""
import json
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17
BATCH = 5


class Standardize(torch.nn.Module):
    """(x - mean) / std with scalar constants, as MNIST tutorials normalize inside the model."""

    def __init__(self, mean, std):
        super().__init__()
        self.mean, self.std = mean, std

    def forward(self, x):
        return (x - self.mean) / self.std


def torchscript_export(name, model, shape, dtype=torch.float32, log_softmax=False):
    model = model.to(dtype).eval()
    x = torch.randn(*shape, dtype=dtype) * 2 + 0.5
    path = os.path.join(HERE, name + ".onnx")
    torch.onnx.export(model, x, path, opset_version=OPSET, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    with torch.no_grad():
        y = model(x)
    return fixture(name, x, y, "torch.onnx.export (TorchScript), torch " + torch.__version__, log_softmax)


def fixture(name, x, y, exporter, log_softmax=False):
    return name, {
        "file": name + ".onnx",
        "exporter": exporter,
        "dtype": str(x.dtype).replace("torch.", ""),
        "shape": list(x.shape),
        "inputs": [float(v) for v in x.flatten().tolist()],
        "outputs": [float(v) for v in y.flatten().tolist()],
        "log_softmax": log_softmax,
    }


def save_helper_model(name, nodes, inputs, initializers, dtype):
    elem = TensorProto.FLOAT if dtype == np.float32 else TensorProto.DOUBLE
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", elem, ["N", inputs])],
        [helper.make_tensor_value_info(nodes[-1].output[0], elem, ["N", None])],
        initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="onnx.helper")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name + ".onnx"))


def dynamo_style():
    """nn.Linear as the dynamo exporter writes it: Transpose of the [out, in] weight, MatMul, Add."""
    l1, l2 = torch.nn.Linear(6, 10), torch.nn.Linear(10, 3)
    model = torch.nn.Sequential(l1, torch.nn.Tanh(), l2).eval()
    init = [numpy_helper.from_array(l1.weight.detach().numpy(), "fc1.weight"),
            numpy_helper.from_array(l1.bias.detach().numpy(), "fc1.bias"),
            numpy_helper.from_array(l2.weight.detach().numpy(), "fc2.weight"),
            numpy_helper.from_array(l2.bias.detach().numpy(), "fc2.bias")]
    nodes = [
        helper.make_node("Transpose", ["fc1.weight"], ["t1"], name="transpose_1", perm=[1, 0]),
        helper.make_node("MatMul", ["x", "t1"], ["m1"], name="matmul_1"),
        helper.make_node("Add", ["m1", "fc1.bias"], ["a1"], name="add_1"),
        helper.make_node("Tanh", ["a1"], ["h1"], name="tanh_1"),
        helper.make_node("Transpose", ["fc2.weight"], ["t2"], name="transpose_2", perm=[1, 0]),
        helper.make_node("MatMul", ["h1", "t2"], ["m2"], name="matmul_2"),
        helper.make_node("Add", ["m2", "fc2.bias"], ["y"], name="add_2"),
    ]
    save_helper_model("dynamo_style_matmul_add", nodes, 6, init, np.float32)
    x = torch.randn(BATCH, 6)
    with torch.no_grad():
        y = model(x)
    return fixture("dynamo_style_matmul_add", x, y, "onnx.helper (MatMul + Add with Transpose, as the dynamo exporter writes)")


def keras_style():
    """Dense layers as tf2onnx writes them: MatMul(x, W[in, out]) + Add, weights in typed float fields."""
    w1, b1 = torch.randn(7, 12) * 0.5, torch.randn(12) * 0.1
    w2, b2 = torch.randn(12, 4) * 0.5, torch.randn(4) * 0.1

    def typed(name, t):
        return helper.make_tensor(name, TensorProto.FLOAT, list(t.shape), t.flatten().tolist())

    init = [typed("dense/kernel:0", w1), typed("dense/bias:0", b1), typed("dense_1/kernel:0", w2), typed("dense_1/bias:0", b2)]
    nodes = [
        helper.make_node("MatMul", ["x", "dense/kernel:0"], ["dense/MatMul:0"], name="dense/MatMul"),
        helper.make_node("Add", ["dense/MatMul:0", "dense/bias:0"], ["dense/BiasAdd:0"], name="dense/BiasAdd"),
        helper.make_node("Relu", ["dense/BiasAdd:0"], ["dense/Relu:0"], name="dense/Relu"),
        helper.make_node("MatMul", ["dense/Relu:0", "dense_1/kernel:0"], ["dense_1/MatMul:0"], name="dense_1/MatMul"),
        helper.make_node("Add", ["dense_1/MatMul:0", "dense_1/bias:0"], ["dense_1/BiasAdd:0"], name="dense_1/BiasAdd"),
        helper.make_node("Softmax", ["dense_1/BiasAdd:0"], ["dense_1/Softmax:0"], name="dense_1/Softmax", axis=-1),
    ]
    save_helper_model("keras_style_matmul_add", nodes, 7, init, np.float32)
    x = torch.randn(BATCH, 7)
    y = torch.softmax(torch.relu(x @ w1 + b1) @ w2 + b2, dim=1)
    return fixture("keras_style_matmul_add", x, y, "onnx.helper (MatMul(x, W[in, out]) + Add, as Keras/tf2onnx write)")


def main():
    torch.manual_seed(20261204)
    fixtures = dict([
        torchscript_export("torch_relu_softmax", torch.nn.Sequential(
            torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3), torch.nn.Softmax(dim=1)), (BATCH, 4)),
        torchscript_export("torch_tanh_dropout_logsoftmax", torch.nn.Sequential(
            torch.nn.Linear(5, 16), torch.nn.Tanh(), torch.nn.Dropout(0.2), torch.nn.Linear(16, 4),
            torch.nn.LogSoftmax(dim=1)), (BATCH, 5), log_softmax=True),
        torchscript_export("torch_image_leakyrelu_sigmoid", torch.nn.Sequential(
            Standardize(0.5, 0.25), torch.nn.Flatten(), torch.nn.Linear(16, 9), torch.nn.LeakyReLU(0.01),
            torch.nn.Linear(9, 1), torch.nn.Sigmoid()), (BATCH, 1, 4, 4)),
        torchscript_export("torch_double_regression", torch.nn.Sequential(
            torch.nn.Linear(3, 17), torch.nn.Sigmoid(), torch.nn.Linear(17, 2)), (BATCH, 3), dtype=torch.float64),
        dynamo_style(),
        keras_style(),
    ])
    with open(os.path.join(HERE, "onnx-fixtures.json"), "w") as f:
        json.dump(fixtures, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
