#!/usr/bin/python3
"""Closest points on a triangle mesh by Open3D, the peer that the Go CSP field is checked against.

usage: /usr/bin/python3 tools/o3d_closest.py MESH POINTS.npy OUT.npy [--time]

MESH is any mesh Open3D reads (OBJ, PLY, ...). POINTS.npy is float32 of shape (..., 3);
OUT.npy receives the closest points (float32, same shape) from
o3d.t.geometry.RaycastingScene.compute_closest_points, plus OUT_ids.npy with the triangle ids.
Open3D 0.16 aborts on zero-area triangles, so those are dropped for the peer only (ids refer
to the kept triangles' original indices). With --time, prints a JSON line with the timings:
scene build (forced by a one-point query) and the full query, and queries/s.
"""
import json
import sys
import time

import numpy as np
import open3d as o3d


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    mesh_path, pts_path, out_path = sys.argv[1:4]
    timing = "--time" in sys.argv[4:]
    m = o3d.io.read_triangle_mesh(mesh_path)
    v = np.asarray(m.vertices, dtype=np.float32)
    f = np.asarray(m.triangles, dtype=np.uint32)
    if len(f) == 0:
        sys.exit(f"{mesh_path}: no triangles")
    a, b, c = v[f[:, 0]].astype(np.float64), v[f[:, 1]].astype(np.float64), v[f[:, 2]].astype(np.float64)
    area2 = np.linalg.norm(np.cross(b - a, c - a), axis=1)
    keep = np.nonzero(area2 > 0)[0]
    pts = np.load(pts_path).astype(np.float32)
    shape = pts.shape
    q = np.ascontiguousarray(pts.reshape(-1, 3))

    t0 = time.perf_counter()
    scene = o3d.t.geometry.RaycastingScene()
    scene.add_triangles(o3d.core.Tensor(v), o3d.core.Tensor(np.ascontiguousarray(f[keep])))
    scene.compute_closest_points(o3d.core.Tensor(q[:1]))  # the scene is committed on first use
    t1 = time.perf_counter()
    ans = scene.compute_closest_points(o3d.core.Tensor(q))
    t2 = time.perf_counter()

    cp = ans["points"].numpy().astype(np.float32).reshape(shape)
    ids = keep[ans["primitive_ids"].numpy().astype(np.int64)].reshape(shape[:-1])
    np.save(out_path, cp)
    np.save(out_path[:-4] + "_ids.npy", ids)
    if timing:
        print(json.dumps({"build_s": t1 - t0, "query_s": t2 - t1, "queries": len(q),
                          "queries_per_s": len(q) / (t2 - t1), "dropped_triangles": int(len(f) - len(keep))}))


if __name__ == "__main__":
    main()
