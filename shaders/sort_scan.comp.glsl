#version 430 core
// GPU depth sort, step 3 of each radix pass: exclusive prefix sum, in place, of uM counts
// (the per-tile digit histograms, digit-major, so the sum gives every (digit, tile) its first
// output slot). One work group: each thread sums a contiguous run, the 256 run totals are
// scanned in shared memory (Hillis–Steele), then each run is rewritten with its offsets.
// Also a generic scan for other compute users (render.NewComputeProgram).

layout(local_size_x = 256) in; // gpuSortThreads in gpusort.go
const uint threads = 256u;

layout(std430, binding = 6) buffer Counts { uint counts[]; };

uniform uint uM; // entries to scan

shared uint sSum[threads];

void main() {
    uint t = gl_LocalInvocationIndex;
    uint per = (uM + threads - 1u) / threads;
    uint lo = min(t * per, uM), hi = min(lo + per, uM);
    uint s = 0u;
    for (uint i = lo; i < hi; i++) s += counts[i];
    sSum[t] = s;
    memoryBarrierShared();
    barrier();
    for (uint off = 1u; off < threads; off <<= 1) {
        uint v = t >= off ? sSum[t - off] : 0u;
        memoryBarrierShared();
        barrier();
        sSum[t] += v;
        memoryBarrierShared();
        barrier();
    }
    uint run = sSum[t] - s; // exclusive: the runs before this one
    for (uint i = lo; i < hi; i++) {
        uint v = counts[i];
        counts[i] = run;
        run += v;
    }
}
