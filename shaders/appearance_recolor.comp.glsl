#version 430 core
// Appearance recolour on the GPU: the twin of gaussians.Recolor (wildgs.go, wildgaussians.go),
// one thread per Gaussian (grid-stride loop), writing the splat pass's colour (0.5 + C0·f_dc)
// and SH buffers in place. uModel 0: Wild-GS (triplane bilinear samples summed, local MLP, main
// MLP of global ⊕ local ⊕ f_in giving SH coefficients); uModel 1: WildGaussians (MLP of
// clamped colour ⊕ Gaussian embedding ⊕ photo embedding giving an affine colour transform).

layout(local_size_x = 64) in; // appearanceThreads in appearance_gpu.go

layout(std430, binding = 0) readonly buffer PosOpacity { vec4 posOpacity[]; }; // the pass's centres
layout(std430, binding = 1) readonly buffer Features { float features[]; };    // N×uK
layout(std430, binding = 2) readonly buffer Weights { float weights[]; };      // every layer's W then b
layout(std430, binding = 3) readonly buffer Layers { ivec4 layers[]; };        // in, out, W offset, b offset
layout(std430, binding = 4) readonly buffer Frame { float frame[]; };          // the blended per-photo values
layout(std430, binding = 5) readonly buffer BaseSH { float baseSH[]; };        // N×uCoeffs·3 (WildGaussians)
layout(std430, binding = 6) writeonly buffer Colors { vec4 colors[]; };        // the pass's RGBA32F colours
layout(std430, binding = 7) writeonly buffer SH { float sh[]; };               // the pass's RGB32F SH

uniform int uModel;
uniform uint uN;
uniform int uK;           // per-Gaussian feature width
uniform int uAct;         // 0 relu, 1 leaky_relu, 2 silu, 3 tanh, 4 sigmoid
uniform int uLocalLayers; // layers[0 .. uLocalLayers) are the local MLP (Wild-GS)
uniform int uMainLayers;  // then the main MLP
uniform int uCoeffs;      // SH coefficients per channel written, (degree+1)²
// Wild-GS: widths and offsets into frame (global at 0, default local at uG, planes at uG + uL).
uniform int uG, uC, uR, uL;
uniform vec4 uBoxMin, uBoxMax;
// WildGaussians: photo embedding width (at frame[0]) and colour inputs (3 or all).
uniform int uA, uF;

const int maxWidth = 256;          // appearanceMaxWidth in appearance_gpu.go
const float C0 = 0.28209479177387814; // gaussians.SHC0
float buf[2 * maxWidth];           // two halves: a layer reads one and writes the other

float act(float v) {
    if (uAct == 0) return max(v, 0.0);
    if (uAct == 1) return v < 0.0 ? 0.01 * v : v;
    if (uAct == 2) return v / (1.0 + exp(-v));
    if (uAct == 3) return tanh(v);
    return 1.0 / (1.0 + exp(-v));
}

// mlp runs layers first .. first+count−1 on buf[off ..] and returns the offset of the output.
int mlp(int first, int count, int off) {
    for (int l = 0; l < count; l++) {
        ivec4 L = layers[first + l];
        int dst = off == 0 ? maxWidth : 0;
        for (int o = 0; o < L.y; o++) {
            int w = L.z + o * L.x;
            float s = 0.0;
            for (int k = 0; k < L.x; k++) s += weights[w + k] * buf[off + k];
            s += weights[L.w + o];
            buf[dst + o] = l < count - 1 ? act(s) : s;
        }
        off = dst;
    }
    return off;
}

// writeCoeffs stores coefficient-major coefficients y[0 .. 3·uCoeffs) of Gaussian i.
void writeCoeff(uint i, int j, float v, inout vec3 dc) {
    if (j < 3) dc[j] = v;
    else sh[int(i) * 3 * (uCoeffs - 1) + j - 3] = v;
}

void wildGS(uint i) {
    vec3 p = posOpacity[i].xyz;
    vec3 lo = uBoxMin.xyz, hi = uBoxMax.xyz;
    int h = 0; // where the main MLP's input starts
    int locOff = -1;
    if (all(greaterThanEqual(p, lo)) && all(lessThanEqual(p, hi))) {
        vec3 n = 2.0 * (p - lo) / (hi - lo) - 1.0;
        for (int c = 0; c < uC; c++) buf[c] = 0.0;
        float r1 = float(uR - 1);
        int planes = uG + uL;
        for (int pl = 0; pl < 3; pl++) {
            // planes xy, xz, yz: the grid's x runs along the first axis, y along the second
            float nu = pl == 2 ? n.y : n.x;
            float nv = pl == 0 ? n.y : n.z;
            float u = clamp((nu + 1.0) / 2.0 * r1, 0.0, r1);
            float v = clamp((nv + 1.0) / 2.0 * r1, 0.0, r1);
            int u0 = int(u), v0 = int(v);
            int u1 = min(u0 + 1, uR - 1), v1 = min(v0 + 1, uR - 1);
            float fu = u - float(u0), fv = v - float(v0);
            int base = pl * uR * uR;
            int t00 = planes + (base + v0 * uR + u0) * uC, t01 = planes + (base + v0 * uR + u1) * uC;
            int t10 = planes + (base + v1 * uR + u0) * uC, t11 = planes + (base + v1 * uR + u1) * uC;
            float w00 = (1.0 - fu) * (1.0 - fv), w01 = fu * (1.0 - fv), w10 = (1.0 - fu) * fv, w11 = fu * fv;
            for (int c = 0; c < uC; c++)
                buf[c] += frame[t00 + c] * w00 + frame[t01 + c] * w01 + frame[t10 + c] * w10 + frame[t11 + c] * w11;
        }
        locOff = mlp(0, uLocalLayers, 0);
        h = locOff == 0 ? maxWidth : 0;
    }
    for (int j = 0; j < uG; j++) buf[h + j] = frame[j];
    for (int j = 0; j < uL; j++) buf[h + uG + j] = locOff >= 0 ? buf[locOff + j] : frame[uG + j];
    int f = int(i) * uK;
    for (int j = 0; j < uK; j++) buf[h + uG + uL + j] = features[f + j];
    int y = mlp(uLocalLayers, uMainLayers, h);
    vec3 dc = vec3(0.0);
    for (int j = 0; j < 3 * uCoeffs; j++) writeCoeff(i, j, buf[y + j], dc);
    colors[i] = vec4(0.5 + C0 * dc, 0.0);
}

void wildGaussians(uint i) {
    int nc = 3 * uCoeffs;
    int b = int(i) * nc;
    for (int j = 0; j < uF; j++) buf[j] = min(baseSH[b + j], 1.0);
    int f = int(i) * uK;
    for (int j = 0; j < uK; j++) buf[uF + j] = features[f + j];
    for (int j = 0; j < uA; j++) buf[uF + uK + j] = frame[j];
    int y = mlp(0, uMainLayers, 0);
    vec3 dc = vec3(0.0);
    for (int j = 0; j < nc; j++) {
        // the trainer scales the MLP's output by 0.01; the offset goes to the DC terms
        float v = min(baseSH[b + j], 1.0) * (buf[y + uF + j % uF] * 0.01);
        if (j < uF) v += buf[y + j] * 0.01 / C0;
        writeCoeff(i, j, min(v, 1.0), dc);
    }
    colors[i] = vec4(0.5 + C0 * dc, 0.0);
}

void main() {
    uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    for (uint i = gl_GlobalInvocationID.x; i < uN; i += stride) {
        if (uModel == 0) wildGS(i);
        else wildGaussians(i);
    }
}
