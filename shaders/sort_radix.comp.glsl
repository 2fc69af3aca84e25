#version 430 core
// GPU depth sort, one 4-bit digit of the stable LSD radix sort of (key, index) pairs; the twin
// of gaussians.DepthSorter's histogram and scatter. Each work group owns a tile of
// threads × perThread consecutive elements; thread t owns the run [t·perThread, (t+1)·perThread)
// of it, so ranking by (thread, position in run) is ranking by input position: stable.
//   uStage 0: histogram: the tile's count of each digit into counts[digit·uTiles + tile];
//   (sort_scan turns counts into each (digit, tile)'s first output slot);
//   uStage 1: scatter: each element to slot(digit, tile) + its rank among the tile's elements
//             of that digit, found from per-thread counts scanned in shared memory.
// The first pass reads every Gaussian (values are the indices themselves) and drops culled
// ones, compacting the visible ones in index order; later passes read State.visible elements.

layout(local_size_x = 256) in; // gpuSortThreads in gpusort.go
const uint threads = 256u;
const uint perThread = 16u;  // gpuSortPerThread: 4096-element tiles keep the histograms small
const uint tileSize = threads * perThread;
const uint digits = 16u;     // 4-bit digits: per-thread counts of all digits fit in 16 KiB shared
const uint culledKey = 0xFFFFFFFFu;

layout(std430, binding = 1) readonly buffer State { uint minBits; uint maxBits; uint visible; uint spare; };
layout(std430, binding = 2) readonly buffer KeysIn { uint keysIn[]; };
layout(std430, binding = 3) readonly buffer ValsIn { uint valsIn[]; };
layout(std430, binding = 4) writeonly buffer KeysOut { uint keysOut[]; };
layout(std430, binding = 5) writeonly buffer ValsOut { uint valsOut[]; };
layout(std430, binding = 6) buffer Counts { uint counts[]; };

uniform uint uShift;     // bit position of this pass's digit
uniform uint uN;         // Gaussians (read by the first pass)
uniform uint uTiles;     // tiles of the dispatch (work groups)
uniform bool uFirst;     // first pass: values are indices; culled keys are dropped
uniform bool uWriteKeys; // false on the last pass, which writes only the order
uniform int uStage;

shared uint sCount[digits * threads]; // digit-major: sCount[d·threads + t]
shared uint sSum[threads];
shared uint sBase[digits];

void main() {
    uint t = gl_LocalInvocationIndex;
    uint tile = gl_WorkGroupID.x;
    uint n = uFirst ? uN : visible;
    uint start = tile * tileSize;

    if (uStage == 0) {
        if (t < digits) sCount[t] = 0u;
        memoryBarrierShared();
        barrier();
        for (uint j = 0u; j < perThread; j++) {
            uint i = start + j * threads + t; // coalesced: order does not matter for counting
            if (i >= n) break;
            uint k = keysIn[i];
            if (k != culledKey) atomicAdd(sCount[(k >> uShift) & (digits - 1u)], 1u);
        }
        memoryBarrierShared();
        barrier();
        if (t < digits) counts[t * uTiles + tile] = sCount[t];
        return;
    }

    // Per-thread digit counts over the thread's run.
    for (uint d = 0u; d < digits; d++) sCount[d * threads + t] = 0u;
    uint run = start + t * perThread;
    for (uint j = 0u; j < perThread; j++) {
        uint i = run + j;
        if (i >= n) break;
        uint k = keysIn[i];
        if (k != culledKey) sCount[((k >> uShift) & (digits - 1u)) * threads + t]++;
    }
    memoryBarrierShared();
    barrier();
    // Exclusive scan of all digits·threads counts, digit-major: thread t scans 16 consecutive
    // entries, the 256 totals are scanned (Hillis–Steele), then added back.
    uint s = 0u;
    for (uint j = 0u; j < digits; j++) {
        uint v = sCount[t * digits + j];
        sCount[t * digits + j] = s;
        s += v;
    }
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
    uint before = sSum[t] - s;
    for (uint j = 0u; j < digits; j++) sCount[t * digits + j] += before;
    memoryBarrierShared();
    barrier();
    // sCount[d·threads + t] now counts the tile's elements ahead of thread t's digit-d ones,
    // digits below d included; rebase on the digit's global first slot.
    if (t < digits) sBase[t] = counts[t * uTiles + tile] - sCount[t * threads];
    memoryBarrierShared();
    barrier();
    for (uint j = 0u; j < perThread; j++) {
        uint i = run + j;
        if (i >= n) break;
        uint k = keysIn[i];
        if (k == culledKey) continue;
        uint slot = ((k >> uShift) & (digits - 1u)) * threads + t;
        uint pos = sBase[(k >> uShift) & (digits - 1u)] + sCount[slot];
        sCount[slot]++;
        if (uWriteKeys) keysOut[pos] = k;
        valsOut[pos] = uFirst ? i : valsIn[i];
    }
}
