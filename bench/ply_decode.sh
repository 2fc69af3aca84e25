#!/usr/bin/env bash
# Decoding speed of a 3DGS PLY: splatscope's DecodeRenderBuffers (activations applied, render-ready
# buffers) against numpy's np.fromfile of the same file (raw floats, no activation), in one run.
# Usage: bench/ply_decode.sh   (env: PLY_BENCH_FILE=path, N=Gaussians, ROUNDS=benchmark rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3 # Debian's python has numpy; the pyenv one on PATH may not
N=${N:-1000000}
ROUNDS=${ROUNDS:-5}
FILE=${PLY_BENCH_FILE:-/tmp/splatscope_bench_${N}_sh3.ply}

if [ ! -s "$FILE" ]; then
  echo "writing $FILE ($N Gaussians, SH degree 3, trainer layout)" >&2
  "$PY" - "$FILE" "$N" <<'EOF'
import sys, numpy as np
path, n = sys.argv[1], int(sys.argv[2])
names = ["x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2"]
names += ["f_rest_%d" % i for i in range(45)]
names += ["opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"]
rng = np.random.default_rng(0)
a = np.zeros((n, len(names)), dtype="<f4")
col = {nm: i for i, nm in enumerate(names)}
a[:, 0:3] = rng.uniform(-5, 5, (n, 3))
a[:, 6:9] = rng.uniform(-1.5, 1.5, (n, 3))
a[:, 9:54] = rng.uniform(-0.4, 0.4, (n, 45))
a[:, col["opacity"]] = rng.uniform(-5, 5, n)
a[:, col["scale_0"]:col["scale_2"] + 1] = rng.uniform(-7, -1, (n, 3))
a[:, col["rot_0"]:col["rot_3"] + 1] = rng.normal(size=(n, 4))
head = "ply\nformat binary_little_endian 1.0\nelement vertex %d\n" % n
head += "".join("property float %s\n" % nm for nm in names) + "end_header\n"
with open(path + ".tmp", "wb") as f:
    f.write(head.encode())
    a.tofile(f)
import os; os.replace(path + ".tmp", path)
EOF
fi
cat "$FILE" > /dev/null # page cache warm for both readers

go_out=$(PLY_BENCH_FILE="$FILE" go test ./gaussians -run '^$' -bench '^BenchmarkDecodePLY$' -benchtime 10x -count "$ROUNDS")
echo "$go_out" | grep '^Benchmark' >&2
go_gbs=$(echo "$go_out" | awk '/^BenchmarkDecodePLY/ {for (i = 1; i <= NF; i++) if ($(i+1) == "MB/s") print $i / 1000}' |
  sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')

np_gbs=$("$PY" - "$FILE" "$ROUNDS" <<'EOF'
import sys, time, numpy as np
path, rounds = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as f:
    head = f.read(1 << 16)
off = head.index(b"end_header\n") + len("end_header\n")
rates = []
for _ in range(rounds):
    t = time.perf_counter()
    for _ in range(10):
        a = np.fromfile(path, dtype="<f4", offset=off)
        del a
    dt = (time.perf_counter() - t) / 10
    import os
    rates.append(os.path.getsize(path) / dt / 1e9)
rates.sort()
print(rates[(len(rates) - 1) // 2])
EOF
)
size=$(stat -c %s "$FILE")
printf 'file: %s (%d bytes), %d cores\n' "$FILE" "$size" "$(nproc)"
printf 'splatscope DecodeRenderBuffers (activated): %.2f GB/s (median of %d)\n' "$go_gbs" "$ROUNDS"
printf 'numpy np.fromfile (raw, no activation):      %.2f GB/s (median of %d)\n' "$np_gbs" "$ROUNDS"
"$PY" -c "print('ratio splatscope/numpy: %.2f' % ($go_gbs / $np_gbs))"
