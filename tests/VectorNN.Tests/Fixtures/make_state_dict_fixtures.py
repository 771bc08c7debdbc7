#!/usr/bin/env python3
"""Writes PyTorch state_dicts as safetensors files, and the outputs PyTorch computes for fixed inputs.

The C# tests (tests/VectorNN.Tests/IO/StateDictImportTests.cs) import these files and compare VectorNN's outputs
with PyTorch's. CI uses the committed files; regenerate them with Debian's python3-torch:

    apt-get install python3-torch
    /usr/bin/python3 tests/VectorNN.Tests/Fixtures/make_state_dict_fixtures.py

The safetensors bytes are written here with plain Python, as the safetensors library's save_file writes them: an
8-byte little-endian header length, a JSON header of {name: {dtype, shape, data_offsets}} (no __metadata__ when
none is given), then the raw little-endian tensor bytes one after the other.
"""
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(20261204)

DTYPES = {torch.float32: "F32", torch.float64: "F64"}


def save_safetensors(state_dict, path):
    header, chunks, offset = {}, [], 0
    for name, tensor in state_dict.items():
        data = tensor.detach().contiguous().numpy().astype(tensor.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # save_file pads the header with spaces to 8-byte alignment
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


class Custom(torch.nn.Module):
    """Own names: fc1, then hidden.0 ... hidden.10 (hidden.10 sorts after hidden.2 only naturally), then out."""

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(5, 7)
        layers = []
        for i in range(6):
            # hidden.4 has no bias: VectorNN imports it with a zero bias.
            layers += [torch.nn.Linear(7, 7, bias=(i != 2)), torch.nn.Tanh()]
        self.hidden = torch.nn.Sequential(*layers[:-1])
        self.out = torch.nn.Linear(7, 2)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        for i, layer in enumerate(self.hidden):
            x = layer(x)
        x = torch.tanh(x)
        return torch.sigmoid(self.out(x))


class Shuffled(torch.nn.Module):
    """Names whose sorted order (hidden.0, input, output) is not the forward order: needs --order input,hidden.0,output."""

    def __init__(self):
        super().__init__()
        self.input = torch.nn.Linear(3, 4)
        self.hidden = torch.nn.ModuleList([torch.nn.Linear(4, 6)])
        self.output = torch.nn.Linear(6, 2)

    def forward(self, x):
        return self.output(torch.relu(self.hidden[0](torch.relu(self.input(x)))))


def case(name, model, dtype, activations, inputs_width, order=None, softmax=False):
    model = model.to(dtype).eval()
    save_safetensors(model.state_dict(), os.path.join(HERE, f"state-dict-{name}.safetensors"))
    inputs = torch.rand(4, inputs_width, dtype=torch.float64) * 4 - 2
    with torch.no_grad():
        # Outputs in double precision from the stored weights, so that the test bounds VectorNN's own rounding only.
        outputs = model.to(torch.float64)(inputs)
        if softmax:
            outputs = torch.softmax(outputs, dim=1)
    return {
        "name": name,
        "file": f"state-dict-{name}.safetensors",
        "dtype": DTYPES[dtype],
        "activations": activations,
        "order": order,
        "inputs": inputs.tolist(),
        "outputs": outputs.tolist(),
    }


sequential = torch.nn.Sequential(
    torch.nn.Linear(4, 9), torch.nn.ReLU(), torch.nn.Linear(9, 6), torch.nn.ReLU(), torch.nn.Linear(6, 3))
cases = [
    case("sequential", sequential, torch.float32, ["relu", "relu", "softmax"], 4, softmax=True),
    case("custom", Custom(), torch.float64, ["relu"] + ["tanh"] * 6 + ["logistic"], 5),
    case("shuffled", Shuffled(), torch.float32, ["relu", "relu", "identity"], 3, order=["input", "hidden.0", "output"]),
]
with open(os.path.join(HERE, "state-dict-fixtures.json"), "w") as f:
    json.dump({"generator": "tests/VectorNN.Tests/Fixtures/make_state_dict_fixtures.py",
               "torch_version": torch.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
