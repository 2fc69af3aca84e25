#version 410 core
// Field pass, fragment stage: sphere-traces a closest-surface-point field baked on a grid.
// It mirrors the CPU twin line by line: csp/estimate.go (the false-surface-free distance
// estimate), csp/trace_march.go (march, refinement, step-back normal), csp/field.go
// (PrincipalCurvatures) and csp/trace_shade.go (colours). Change them together.

out vec4 fragColor;

uniform mat4 uInvViewProj;
uniform mat4 uViewProj;
uniform mat4 uView;
uniform vec2 uViewport;      // framebuffer size in pixels
uniform sampler3D uGrid;     // closest points, texel (k, j, i) = node (i, j, k); NEAREST
uniform ivec3 uDims;         // nodes along i, j, k
uniform vec3 uOrigin;        // node (0, 0, 0)
uniform float uSpacing;
uniform vec3 uBoxLo;
uniform vec3 uBoxHi;
uniform float uEps;
uniform int uMaxSteps;
uniform int uMode;           // csp.TraceMode
uniform float uCurvRange;
uniform vec3 uColor;         // linear albedo
uniform float uBackStep;     // csp.BackStep(eps)
uniform float uCurvOffset;   // csp.CurvatureOffset
uniform float uJacH;
uniform float uOnSurface;    // csp.SafeGrid.OnSurfaceDistance

const int SHADED = 0, NORMALS = 1, MEAN = 2, GAUSS = 3, STEPS = 4, RESIDUAL = 5;
const float agreeVoxels = 0.5;     // csp.agreeVoxels
const float minGroupWeight = 1e-6; // csp.minGroupWeight
const float grazeCos = 0.1;        // csp.grazeCos

// ---- cell cache (csp.CellCache) ----
ivec3 cCell = ivec3(-1);
vec3 cX[8];
vec3 cC[8];
float cU[8];
int cGroup[8];
int cGroups = 0;

vec3 node(ivec3 n) { return uOrigin + uSpacing * vec3(n); }

void loadCell(ivec3 cell) {
    cCell = cell;
    float tiny = uOnSurface;
    vec3 n[8];
    for (int k = 0; k < 8; k++) {
        ivec3 ijk = cell + ivec3(k & 1, (k >> 1) & 1, (k >> 2) & 1);
        cX[k] = node(ijk);
        cC[k] = texelFetch(uGrid, ijk.zyx, 0).xyz;
        vec3 d = cX[k] - cC[k];
        cU[k] = length(d);
        n[k] = cU[k] > tiny ? d / cU[k] : vec3(0.0);
    }
    float tol = agreeVoxels * uSpacing;
    uint agree[8];
    for (int i = 0; i < 8; i++) {
        agree[i] = 0u;
        for (int j = 0; j < 8; j++) {
            if (abs(dot(cC[j] - cC[i], n[i])) < tol && abs(dot(cC[i] - cC[j], n[j])) < tol) {
                agree[i] |= 1u << uint(j);
            }
        }
    }
    uint members[8];
    cGroups = 0;
    for (int k = 0; k < 8; k++) {
        int gi = 0;
        while (gi < cGroups && (agree[k] & members[gi]) != members[gi]) gi++;
        if (gi == cGroups) { members[gi] = 0u; cGroups++; }
        members[gi] |= 1u << uint(k);
        cGroup[k] = gi;
    }
}

// estimate returns the distance at p and its closest point in c (csp.SafeGrid.Estimate).
float estimate(vec3 p, out vec3 c) {
    ivec3 cell;
    vec3 f;
    for (int a = 0; a < 3; a++) {
        float t = (p[a] - uOrigin[a]) / uSpacing;
        float top = float(uDims[a] - 1);
        if (!(t > 0.0)) t = 0.0; else if (t > top) t = top;
        int i = min(int(t), uDims[a] - 2);
        cell[a] = i;
        f[a] = t - float(i);
    }
    if (cell != cCell) loadCell(cell);
    vec3 sum[8];
    float wsum[8];
    for (int g = 0; g < 8; g++) { sum[g] = vec3(0.0); wsum[g] = 0.0; }
    for (int k = 0; k < 8; k++) {
        float w = 1.0;
        for (int a = 0; a < 3; a++) w *= ((k >> a) & 1) == 1 ? f[a] : 1.0 - f[a];
        int gi = cGroup[k];
        sum[gi] += cC[k] * w;
        wsum[gi] += w;
    }
    if (cGroups == 1) {
        c = sum[0];
        return length(p - c);
    }
    float u = 1.0 / 0.0;
    for (int g = 0; g < cGroups; g++) {
        vec3 cg = vec3(0.0);
        if (wsum[g] > minGroupWeight) {
            cg = sum[g] * (1.0 / wsum[g]);
        } else {
            float n = 0.0;
            for (int k = 0; k < 8; k++) if (cGroup[k] == g) { cg += cC[k]; n += 1.0; }
            cg *= 1.0 / n;
        }
        float d = length(p - cg);
        if (d < u) { u = d; c = cg; }
    }
    float lower = 0.0;
    for (int k = 0; k < 8; k++) lower = max(lower, cU[k] - length(p - cX[k]));
    if (lower > u) {
        c = p - (p - c) * (lower / u);
        u = lower;
    }
    return u;
}

vec3 closest(vec3 p) { vec3 c; estimate(p, c); return c; }

// ---- curvature (csp.PrincipalCurvatures) ----
void tangentBasis(vec3 n, out vec3 t1, out vec3 t2) {
    vec3 ax = vec3(1.0, 0.0, 0.0);
    vec3 m = abs(n);
    if (m.y < m.x && m.y <= m.z) ax = vec3(0.0, 1.0, 0.0);
    else if (m.z < m.x && m.z < m.y) ax = vec3(0.0, 0.0, 1.0);
    t1 = normalize(cross(n, ax));
    t2 = cross(n, t1);
}

bool principalCurvatures(vec3 p, float h, out float k1, out float k2) {
    mat3 J;
    for (int j = 0; j < 3; j++) {
        vec3 e = vec3(0.0);
        e[j] = h;
        J[j] = (closest(p + e) - closest(p - e)) * (1.0 / (2.0 * h));
    }
    vec3 c = closest(p);
    vec3 d = p - c;
    float delta = length(d);
    k1 = 0.0; k2 = 0.0;
    if (!(delta > 0.0) || isinf(delta)) return false;
    vec3 n = d / delta;
    vec3 t1, t2;
    tangentBasis(n, t1, t2);
    mat3 Js = (J + transpose(J)) * 0.5;
    float a = dot(t1, Js * t1), b = dot(t1, Js * t2), dd = dot(t2, Js * t2);
    float m = (a + dd) / 2.0, r = length(vec2((a - dd) / 2.0, b));
    float l1 = m + r, l2 = m - r;
    if (abs(l1) < 1e-9 || abs(l2) < 1e-9) return false;
    k1 = (1.0 / l1 - 1.0) / delta;
    k2 = (1.0 / l2 - 1.0) / delta;
    return true;
}

// ---- colours (csp/trace_shade.go) ----
vec3 ramp5(vec3 s0, vec3 s1, vec3 s2, vec3 s3, vec3 s4, float t) {
    t = clamp(t, 0.0, 1.0) * 4.0;
    if (isnan(t)) t = 0.0;
    int i = min(int(t), 3);
    float f = t - float(i);
    vec3 a = i == 0 ? s0 : i == 1 ? s1 : i == 2 ? s2 : s3;
    vec3 b = i == 0 ? s1 : i == 1 ? s2 : i == 2 ? s3 : s4;
    return a + (b - a) * f;
}

vec3 heat(float t) {
    return ramp5(vec3(0.0, 0.0, 0.0), vec3(0.34, 0.06, 0.43), vec3(0.87, 0.32, 0.22),
                 vec3(0.99, 0.75, 0.15), vec3(1.0, 1.0, 0.9), t);
}

vec3 diverging(float v) {
    return ramp5(vec3(0.23, 0.30, 0.75), vec3(0.55, 0.69, 1.0), vec3(0.87, 0.87, 0.87),
                 vec3(0.96, 0.60, 0.48), vec3(0.71, 0.02, 0.15), 0.5 + 0.5 * v);
}

const vec3 keyDir = normalize(vec3(-0.35, 0.45, 1.0));
const vec3 fillDir = normalize(vec3(0.6, -0.25, 0.45));

vec3 lit(vec3 p, vec3 n) {
    vec3 N = normalize(mat3(uView) * n);
    vec3 V = normalize(-(uView * vec4(p, 1.0)).xyz);
    float key = max(dot(N, keyDir), 0.0);
    float fill = max(dot(N, fillDir), 0.0);
    float amb = mix(0.10, 0.18, 0.5 + 0.5 * N.y);
    vec3 H = normalize(keyDir + V);
    float spec = pow(max(dot(N, H), 0.0), 48.0) * 0.18;
    vec3 l = uColor * (amb + 0.78 * key + 0.30 * fill) + vec3(spec);
    return pow(clamp(l, 0.0, 1.0), vec3(1.0 / 2.2));
}

float depthOf(vec3 p) {
    vec4 q = uViewProj * vec4(p, 1.0);
    return q.z / q.w * 0.5 + 0.5;
}

void main() {
    vec2 ndc = gl_FragCoord.xy / uViewport * 2.0 - 1.0;
    vec4 nh = uInvViewProj * vec4(ndc, -1.0, 1.0);
    vec4 fh = uInvViewProj * vec4(ndc, 1.0, 1.0);
    if (nh.w == 0.0 || fh.w == 0.0) discard;
    vec3 o = nh.xyz / nh.w;
    vec3 d = fh.xyz / fh.w - o;
    float dl = length(d);
    if (!(dl > 0.0) || isinf(dl)) discard;
    d /= dl;

    // Slab test (csp.slab).
    float t0 = 0.0, t1 = 1.0 / 0.0;
    for (int a = 0; a < 3; a++) {
        if (d[a] == 0.0) {
            if (o[a] < uBoxLo[a] || o[a] > uBoxHi[a]) discard;
            continue;
        }
        float inv = 1.0 / d[a];
        float ta = (uBoxLo[a] - o[a]) * inv, tb = (uBoxHi[a] - o[a]) * inv;
        if (ta > tb) { float s = ta; ta = tb; tb = s; }
        t0 = max(t0, ta);
        t1 = min(t1, tb);
    }
    if (!(t0 <= t1)) discard;

    float t = t0, u = 0.0;
    int steps = 0;
    bool hit = false;
    vec3 p, c;
    for (;;) {
        p = o + d * t;
        u = estimate(p, c);
        steps++;
        if (u < uEps) { hit = true; break; }
        t += u;
        if (t > t1 || steps >= uMaxSteps) break;
    }
    if (uMode == STEPS) {
        fragColor = vec4(heat(log(1.0 + float(steps)) / log(1.0 + float(uMaxSteps))), 1.0);
        gl_FragDepth = depthOf(hit ? p : o + d * t0);
        return;
    }
    if (!hit) discard;

    // Slide onto the tangent plane along the ray; keep it only if the field agrees.
    float residual = u;
    float ts = t;
    if (u > 0.0) {
        float dn = dot(d, p - c) / u;
        if (abs(dn) >= grazeCos) ts = t - u / dn;
    }
    vec3 cs;
    vec3 ps = o + d * ts;
    if (estimate(ps, cs) <= residual) t = ts;
    vec3 P = o + d * t;
    gl_FragDepth = depthOf(P);

    // Shading normal a small step back along the ray, turned toward the camera.
    vec3 pb = o + d * (t - uBackStep);
    vec3 cb = closest(pb);
    vec3 nb = pb - cb;
    float nl = length(nb);
    vec3 n = (nl > 0.0 && !isinf(nl)) ? nb / nl : -d;
    if (dot(n, d) > 0.0) n = -n;

    vec3 col;
    if (uMode == NORMALS) {
        col = n * 0.5 + 0.5;
    } else if (uMode == RESIDUAL) {
        col = heat(residual / uEps);
    } else if (uMode == MEAN || uMode == GAUSS) {
        float k1, k2;
        if (!principalCurvatures(cb + n * uCurvOffset, uJacH, k1, k2)) {
            col = vec3(0.5);
        } else {
            float v = (k1 + k2) / 2.0 / uCurvRange;
            if (uMode == GAUSS) v = k1 * k2 / (uCurvRange * uCurvRange);
            float key = max(dot(normalize(mat3(uView) * n), keyDir), 0.0);
            col = diverging(v) * (0.6 + 0.4 * key);
        }
    } else {
        col = lit(P, n);
    }
    fragColor = vec4(col, 1.0);
}
