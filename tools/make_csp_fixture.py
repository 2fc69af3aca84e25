#!/usr/bin/python3
"""Make the neural CSP fixtures in csp/testdata/ with real PyTorch (Debian python3-torch).

A small CSP network in the layout of the paper's released model (an nn.Sequential of Linear
layers with ReLU between them, held as `net` inside a module, so the state dict's keys are
net.0.weight ... net.6.bias) is fitted for a few hundred Adam steps to the closest points of a
sphere of radius 0.3 in [-0.5, 0.5]^3 and saved as the paper's code does:
torch.save({'net': model.state_dict(), 'epoch': n}, path). Variants exercise the other
layouts a reader meets: the state dict at the top level, under 'model' next to an optimizer
state, stored as float16, and the same float32 weights as safetensors (written by hand with
struct + json: the safetensors package is not in Debian). The network's outputs on 1000 fixed
random points go to neural_sphere_io.npy as float32 rows [x, y, z, fx, fy, fz].

Run from the repository root:  /usr/bin/python3 tools/make_csp_fixture.py
"""
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csp", "testdata")
WIDTH = 48    # hidden width: keeps each fixture (with Adam's state) under 100 KB
RADIUS = 0.3  # the sphere fitted, inside the paper's [-0.5, 0.5]^3 frame
STEPS = 600   # Adam steps: a few seconds on two cores, enough for a recognisable sphere


class CSPNet(nn.Module):
    """The paper's single-shape CSP network: an MLP on raw xyz giving the closest point."""

    def __init__(self, widths):
        super().__init__()
        layers = []
        for i in range(len(widths) - 1):
            layers.append(nn.Linear(widths[i], widths[i + 1]))
            if i < len(widths) - 2:
                layers.append(nn.ReLU())
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def sphere_csp(p):
    return RADIUS * p / p.norm(dim=1, keepdim=True).clamp_min(1e-9)


def write_safetensors(path, sd, metadata):
    header, blobs, off = {}, [], 0
    for name, t in sd.items():
        b = t.detach().cpu().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)  # the reference writer pads the header to 8 bytes
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    os.replace(path + ".tmp", path)


def save(obj, name):
    path = os.path.join(OUT, name)
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)
    print(name, os.path.getsize(path), "bytes")


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    model = CSPNet([3, WIDTH, WIDTH, WIDTH, 3])
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    for step in range(STEPS):
        p = torch.rand(2048, 3) - 0.5
        loss = ((model(p) - sphere_csp(p)) ** 2).sum(dim=1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    print("final loss", float(loss), file=sys.stderr)
    sd = model.state_dict()
    assert list(sd)[0] == "net.0.weight", list(sd)
    os.makedirs(OUT, exist_ok=True)
    save({"net": sd, "epoch": STEPS}, "neural_sphere.pt")
    save(sd, "neural_sphere_top.pth")
    save({"model": sd, "optimizer": opt.state_dict(), "loss": float(loss)}, "neural_sphere_model.pth")
    save({"net": {k: v.half() for k, v in sd.items()}, "epoch": STEPS}, "neural_sphere_f16.pt")
    write_safetensors(os.path.join(OUT, "neural_sphere.safetensors"), sd,
                      {"format": "pt", "frame": "[-0.5, 0.5]^3"})
    g = torch.Generator().manual_seed(1)
    pts = torch.rand(1000, 3, generator=g) - 0.5
    with torch.no_grad():
        out = model(pts)
    io = np.concatenate([pts.numpy(), out.numpy()], axis=1).astype("<f4")
    np.save(os.path.join(OUT, "neural_sphere_io.npy"), io)
    err = (out - sphere_csp(pts)).norm(dim=1)
    print("mean |f - exact| on the 1000 points: %.4f" % float(err.mean()), file=sys.stderr)


if __name__ == "__main__":
    main()
