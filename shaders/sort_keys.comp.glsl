#version 430 core
// GPU depth sort, step 1: view depths and 24-bit keys, the twin of gaussians.DepthSorter.Depths
// and of SortDepths' range and key passes. One thread per Gaussian (grid-stride loop).
//   uStage 0: visible depth range and count into State (atomics, one per work group);
//   uStage 1: keys[i] = 24-bit back-to-front key (far = 0), or culledKey when culled.
// Depths are computed exactly as the Go code does (float32, unfused, left to right: `precise`
// forbids fusing into FMA), and the key in double precision as Go's float64 does, so the GPU
// order equals the CPU order bit for bit.

layout(local_size_x = 256) in; // gpuSortThreads in gpusort.go

layout(std430, binding = 0) readonly buffer PosOpacity { vec4 posOpacity[]; }; // the splat pass's RGBA32F buffer
layout(std430, binding = 1) buffer State {
    uint minBits;  // smallest visible depth, as float bits (positive floats order like their bits)
    uint maxBits;  // largest visible depth
    uint visible;  // visible count
    uint spare;
};
layout(std430, binding = 2) writeonly buffer Keys { uint keys[]; };

uniform vec4 uDepthRow;  // −(row 2 of the GL view matrix): depth = dot(row, (p, 1)), positive ahead
uniform float uNearCull; // gaussians.NearCull: depths at or below are culled
uniform uint uN;         // Gaussians
uniform int uStage;

const uint keyMax = 0xFFFFFFu;      // 2^24 − 1: gaussians' keyBits = 24
const uint culledKey = 0xFFFFFFFFu; // above every key: marks a culled Gaussian
const uint infBits = 0x7F800000u;   // +Inf; bits at or above it (as positive floats) are Inf or NaN

shared uint sMin, sMax, sVisible;

// depthBits returns the view depth of Gaussian i as float bits.
uint depthBits(uint i) {
    vec4 p = posOpacity[i];
    precise float d = uDepthRow.x * p.x + uDepthRow.y * p.y + uDepthRow.z * p.z + uDepthRow.w;
    return floatBitsToUint(d);
}

// visibleBits is gaussians.visibleDepth on bits: finite and above the near plane. Integer compares
// keep NaN handling out of the compiler's hands; negative depths have the sign bit, so are large.
bool visibleBits(uint b) { return b > floatBitsToUint(uNearCull) && b < infBits; }

void main() {
    uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    if (uStage == 0) {
        if (gl_LocalInvocationIndex == 0u) {
            sMin = culledKey;
            sMax = 0u;
            sVisible = 0u;
        }
        memoryBarrierShared();
        barrier();
        uint lo = culledKey, hi = 0u, c = 0u;
        for (uint i = gl_GlobalInvocationID.x; i < uN; i += stride) {
            uint b = depthBits(i);
            if (visibleBits(b)) {
                lo = min(lo, b);
                hi = max(hi, b);
                c++;
            }
        }
        if (c > 0u) {
            atomicMin(sMin, lo);
            atomicMax(sMax, hi);
            atomicAdd(sVisible, c);
        }
        memoryBarrierShared();
        barrier();
        if (gl_LocalInvocationIndex == 0u && sVisible > 0u) {
            atomicMin(minBits, sMin);
            atomicMax(maxBits, sMax);
            atomicAdd(visible, sVisible);
        }
        return;
    }

    // Key stage: k = keyMax − trunc((d − mn)·scale), scale = keyMax / (mx − mn), in float64.
    double mn = double(uintBitsToFloat(minBits));
    double mx = double(uintBitsToFloat(maxBits));
    precise double scale = 0.0;
    if (mx > mn) {
        precise double den = mx - mn;
        precise double q = double(keyMax) / den;
        // GLSL does not promise a correctly rounded double division; one exact-residual
        // correction step (fma is a single rounding) brings q to Go's correctly rounded quotient.
        precise double r = fma(-q, den, double(keyMax));
        scale = q + r / den;
    }
    for (uint i = gl_GlobalInvocationID.x; i < uN; i += stride) {
        uint b = depthBits(i);
        if (!visibleBits(b)) {
            keys[i] = culledKey;
            continue;
        }
        precise double t = (double(uintBitsToFloat(b)) - mn) * scale;
        uint q = uint(t); // t ≥ 0: truncation, as Go's int64(t)
        // Go computes uint64(keyMax − q) and clamps to keyMax: a product past keyMax (never
        // expected) wraps negative there and ends at keyMax; the same here.
        keys[i] = q > keyMax ? keyMax : keyMax - q;
    }
}
