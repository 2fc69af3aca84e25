#!/usr/bin/env bash
# Depth sort of 6M Gaussians: splatscope's parallel radix sort (BenchmarkSort6M, back-to-front
# order of 6M random float32 depths) against numpy's argsort of 6M random float32, in one run.
# Usage: bench/sort_vs_numpy.sh   (env: ROUNDS=benchmark rounds, CPUS=GOMAXPROCS list, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3 # Debian's python has numpy; the pyenv one on PATH may not
ROUNDS=${ROUNDS:-5}
CPUS=${CPUS:-2}

go_out=$(go test ./gaussians -run '^$' -bench '^BenchmarkSort6M$' -benchtime 10x -count "$ROUNDS" -cpu "$CPUS")
echo "$go_out" | grep '^Benchmark' >&2
# Best of the rounds: the machine is shared, the minimum is the least disturbed run.
go_ms=$(echo "$go_out" | awk '/^BenchmarkSort6M/ { ms = $3 / 1e6; if (best == "" || ms < best) best = ms } END { printf "%.1f", best }')

np_ms=$("$PY" - "$ROUNDS" <<'PYEOF'
import sys, time, numpy as np
rounds = int(sys.argv[1])
d = (0.5 + 100 * np.random.default_rng(0).random(6_000_000)).astype(np.float32)
best = None
for _ in range(rounds):
    t = time.perf_counter()
    order = np.argsort(-d)  # back to front: largest depth first, as the Go sort returns
    ms = (time.perf_counter() - t) * 1000
    best = ms if best is None else min(best, ms)
print("%.1f" % best)
PYEOF
)
echo "splatscope radix sort, 6M depths, GOMAXPROCS=$CPUS: ${go_ms} ms (best of $ROUNDS)"
echo "numpy argsort, 6M float32:                  ${np_ms} ms (best of $ROUNDS)"
awk -v g="$go_ms" -v n="$np_ms" 'BEGIN { printf "ratio numpy / splatscope: %.1fx faster\n", n / g }'
