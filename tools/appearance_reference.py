#!/usr/bin/python3
"""PyTorch reference for the splatscope appearance bundle (docs/formats.md).

Builds two small random bundles with a fixed seed, one per model ("wild-gs" and
"wildgaussians"), writes each as PLY + safetensors + JSON, evaluates it with torch for
photo 0, photo 2 and the blend of photos 0 -> 1 at t = 0.3, and saves the SH coefficients
(float32 [N, (deg+1)^2 * 3], coefficient-major: column k*3 + c is coefficient k of channel c)
to .npy files. gaussians/appearance_test.go checks the Go evaluation against them (1e-4).

Regenerate the committed fixture (Debian python3-torch and python3-numpy):

    /usr/bin/python3 tools/appearance_reference.py gaussians/testdata/appearance

Only numpy and torch are needed: the PLY and safetensors files are written with struct + json.
"""
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

C0 = 0.28209479177387814  # SH degree-0 basis constant 1/(2 sqrt(pi))
ACT = {"relu": F.relu, "leaky_relu": F.leaky_relu, "silu": F.silu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}
BLEND_T = 0.3
CASES = [("photo0", 0, 0, 0.0), ("photo2", 2, 2, 0.0), ("blend01_t0.3", 0, 1, BLEND_T)]


def write_safetensors(path, tensors, meta):
    """Writes float32 tensors (name order) and string metadata as a safetensors file."""
    header, blobs, off = {"__metadata__": meta}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name].detach().numpy() if torch.is_tensor(tensors[name]) else tensors[name], dtype="<f4")
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + a.nbytes]}
        blobs.append(a.tobytes())
        off += a.nbytes
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)  # pad the header to 8 bytes, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def write_ply(path, xyz, dc, rest, prefix, extras):
    """Writes a binary 3DGS PLY; rest is [N, K, 3] coefficient-major, written channel-major;
    extras [N, E] become the properties prefix0 .. prefix{E-1}."""
    n, k = xyz.shape[0], rest.shape[1]
    cols = [("x", xyz[:, 0]), ("y", xyz[:, 1]), ("z", xyz[:, 2])]
    cols += [(f"n{a}", np.zeros(n)) for a in "xyz"]
    cols += [(f"f_dc_{c}", dc[:, c]) for c in range(3)]
    cols += [(f"f_rest_{c * k + j}", rest[:, j, c]) for c in range(3) for j in range(k)]
    cols += [("opacity", np.full(n, 2.0))]
    cols += [(f"scale_{a}", np.full(n, -4.0)) for a in range(3)]
    cols += [("rot_0", np.ones(n))] + [(f"rot_{a}", np.zeros(n)) for a in (1, 2, 3)]
    cols += [(f"{prefix}{j}", extras[:, j]) for j in range(extras.shape[1])]
    hdr = "ply\nformat binary_little_endian 1.0\nelement vertex %d\n" % n
    hdr += "".join(f"property float {name}\n" for name, _ in cols) + "end_header\n"
    data = np.stack([np.asarray(v, dtype=np.float32) for _, v in cols], axis=1).astype("<f4")
    with open(path, "wb") as f:
        f.write(hdr.encode() + data.tobytes())



def write_json(path, ply, weights, n_photos, rng):
    photos = []
    for i in range(n_photos):
        photos.append({"name": f"photo_{i}.jpg", "width": 640, "height": 480,
                       "camera": {"position": [float(v) for v in rng.normal(size=3)],
                                  "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fx": 500.0, "fy": 500.0}})
    photos[0]["thumbnail"] = "thumbs/photo_0.jpg"
    with open(path, "w") as f:
        json.dump({"format": "splatscope-appearance", "version": 1, "scene": ply, "weights": weights, "photos": photos}, f, indent=1)


def mlp_layers(widths, gen, prefix, scale=1.0):
    """Random Linear layers named like an nn.Sequential with activations between (0, 2, 4...)."""
    ts, layers = {}, []
    for i in range(len(widths) - 1):
        w = torch.randn(widths[i + 1], widths[i], generator=gen) * (scale / widths[i] ** 0.5)
        b = torch.randn(widths[i + 1], generator=gen) * 0.1
        ts[f"{prefix}.{2 * i}.weight"], ts[f"{prefix}.{2 * i}.bias"] = w, b
        layers.append((w, b))
    return ts, layers


def run_mlp(layers, x, act):
    for i, (w, b) in enumerate(layers):
        x = F.linear(x, w, b)
        if i < len(layers) - 1:
            x = ACT[act](x)
    return x


def wildgs(out, gen, rng):
    """Wild-GS: SH = M_F(Emb_g + Emb_l + f_in) (concatenated), Emb_l = MLP_l(sum of plane samples)."""
    n, p, g, c, r, l, k, deg, act = 200, 3, 16, 8, 6, 16, 16, 1, "silu"
    xyz = torch.rand(n, 3, generator=gen) * 2.4 - 1.2
    lo, hi = torch.tensor([-1.0, -0.8, -1.0]), torch.tensor([1.0, 0.9, 1.1])
    xyz[0], xyz[1] = lo, hi  # box corners: inside, sampled at the planes' corner texels
    f_in = torch.randn(n, k, generator=gen)
    ts = {"global_embeddings": torch.randn(p, g, generator=gen),
          "triplanes": torch.randn(p, 3, c, r, r, generator=gen),
          "triplane_box_min": lo, "triplane_box_max": hi,
          "default_local": torch.randn(l, generator=gen)}
    lts, local = mlp_layers([c, l, l], gen, "local_mlp")
    mts, main = mlp_layers([g + l + k, 32, 32, 3 * (deg + 1) ** 2], gen, "mlp")
    ts.update(lts)
    ts.update(mts)
    write_safetensors(os.path.join(out, "wildgs.safetensors"), ts,
                      {"model": "wild-gs", "format_version": "1", "sh_degree": str(deg), "activation": act})
    dc = rng.normal(size=(n, 3)).astype(np.float32)
    rest = (rng.normal(size=(n, 3, 3)) * 0.1).astype(np.float32)
    write_ply(os.path.join(out, "wildgs.ply"), xyz.numpy(), dc, rest, "f_in_", f_in.numpy())
    write_json(os.path.join(out, "wildgs.json"), "wildgs.ply", "wildgs.safetensors", p, rng)

    nrm = 2 * (xyz - lo) / (hi - lo) - 1
    inside = ((xyz >= lo) & (xyz <= hi)).all(-1)

    def samples(photo):  # sum over the planes xy, xz, yz of the bilinear samples: [n, c]
        total = torch.zeros(n, c)
        for i, (u, v) in enumerate(((0, 1), (0, 2), (1, 2))):
            grid = torch.stack((nrm[:, u], nrm[:, v]), -1).view(1, n, 1, 2)  # x -> last dim, y -> H
            s = F.grid_sample(ts["triplanes"][photo, i][None], grid, mode="bilinear", padding_mode="border", align_corners=True)
            total += s[0, :, :, 0].T
        return total

    for name, a, b, t in CASES:
        emb_g = (1 - t) * ts["global_embeddings"][a] + t * ts["global_embeddings"][b]
        s = (1 - t) * samples(a) + t * samples(b)
        emb_l = torch.where(inside[:, None], run_mlp(local, s, act), ts["default_local"][None])
        x = torch.cat((emb_g[None].expand(n, g), emb_l, f_in), -1)
        np.save(os.path.join(out, f"wildgs_{name}.npy"), run_mlp(main, x, act).numpy().astype("<f4"))


def wildgaussians(out, gen, rng):
    """WildGaussians' EmbeddingModel (wildgaussians/method.py) with appearance_model_sh = False."""
    n, p, a_dim, e_dim, deg = 200, 3, 32, 24, 1
    xyz = torch.rand(n, 3, generator=gen) * 2 - 1
    dc = torch.randn(n, 3, generator=gen) * 1.5  # some above 1: the trainer clamps them
    rest = torch.randn(n, 3, 3, generator=gen) * 0.2
    emb = torch.randn(n, e_dim, generator=gen)
    ts = {"appearance_embeddings": torch.randn(p, a_dim, generator=gen)}
    mts, main = mlp_layers([3 + e_dim + a_dim, 32, 32, 6], gen, "mlp", scale=3.0)
    main[-1][1][3:] += 100  # multiplier bias: 0.01 * 100 = 1, a near-identity transform
    ts.update(mts)
    write_safetensors(os.path.join(out, "wildgaussians.safetensors"), ts,
                      {"model": "wildgaussians", "format_version": "1", "activation": "relu"})
    write_ply(os.path.join(out, "wildgaussians.ply"), xyz.numpy(), dc.numpy(), rest.numpy(), "app_emb_", emb.numpy())
    write_json(os.path.join(out, "wildgaussians.json"), "wildgaussians.ply", "wildgaussians.safetensors", p, rng)

    features = torch.cat((dc, rest.reshape(n, 9)), -1).clamp_max(1.0)  # coefficient-major, as the trainer
    for name, a, b, t in CASES:
        app = (1 - t) * ts["appearance_embeddings"][a] + t * ts["appearance_embeddings"][b]
        color = features[..., :3]
        inp = torch.cat((color, emb, app[None].expand(n, a_dim)), -1)
        offset, mul = torch.split(run_mlp(main, inp, "relu") * 0.01, [3, 3], dim=-1)
        offset = torch.cat((offset / C0, torch.zeros_like(features[..., 3:])), -1)
        mul = mul.repeat(1, features.shape[-1] // 3)
        res = (features * mul + offset).clamp_max(1.0)
        np.save(os.path.join(out, f"wildgaussians_{name}.npy"), res.numpy().astype("<f4"))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "gaussians/testdata/appearance"
    os.makedirs(out, exist_ok=True)
    gen = torch.Generator().manual_seed(20240617)
    rng = np.random.default_rng(7)
    with torch.no_grad():
        wildgs(out, gen, rng)
        wildgaussians(out, gen, rng)


if __name__ == "__main__":
    main()
