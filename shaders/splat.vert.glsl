#version 410 core
// Splat pass, vertex stage: the twin of gaussians.RenderCPU's projection (the reference 3DGS
// preprocess in forward.cu). One instance per Gaussian in back-to-front order; 4 vertices make
// the quad of ±radius pixels (3σ of the largest axis) around the projected centre.

uniform samplerBuffer uPosOpacity; // RGBA32F: x, y, z, opacity (activated)
uniform samplerBuffer uRotation;   // RGBA32F: unit quaternion w, x, y, z
uniform samplerBuffer uScale;      // RGBA32F: linear scales x, y, z, unused
uniform samplerBuffer uColor;      // RGBA32F: 0.5 + C0·f_dc, unused
uniform samplerBuffer uSH;         // RGB32F: uSHStride higher coefficients per Gaussian
uniform usamplerBuffer uOrder;     // R32UI: Gaussian index per instance, back to front

uniform mat4 uView;      // GL view matrix (camera looks down −z)
uniform vec2 uFocal;     // focal lengths in pixels
uniform vec2 uTanFov;    // tan of the half field of view, x and y
uniform vec2 uViewport;  // width, height in pixels
uniform vec3 uEye;       // camera position (SH view direction)
uniform int uSHDegree;   // degree evaluated (≤ stored)
uniform int uSHStride;   // coefficients stored per Gaussian
uniform float uNearCull; // view depth at or below which a Gaussian is culled (0.2)
uniform int uLoaded;     // Gaussians uploaded so far: a streamed upload fills the buffers over frames

flat out vec2 vCenter;   // pixels, x right, y down, pixel centres at integers
flat out vec3 vConic;
flat out float vOpacity;
flat out vec3 vColor;
flat out float vRadius;

// Reference constants: FOV clamp 1.3, dilation 0.3 px², eigenvalue floor 0.1.
const float fovClamp = 1.3;
const float dilation = 0.3;
const float eigenFloor = 0.1;
// Reference alpha threshold: nothing below 1/255 counts.
const float minAlpha = 1.0 / 255.0;

// Real SH constants of the reference (sh_utils.py / forward.cu).
const float C1 = 0.4886025119029199;
const float C2[5] = float[5](1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396);
const float C3[7] = float[7](-0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154,
                             -0.4570457994644658, 1.445305721320277, -0.5900435899266435);

vec3 sh(int base, int k) { return texelFetch(uSH, base + k).rgb; }

// colorFromSH is the reference's computeColorFromSH (with the DC term already in c).
vec3 colorFromSH(int i, vec3 c, vec3 dir) {
    if (uSHDegree < 1) return max(c, 0.0);
    int b = i * uSHStride;
    float x = dir.x, y = dir.y, z = dir.z;
    c += -C1 * y * sh(b, 0) + C1 * z * sh(b, 1) - C1 * x * sh(b, 2);
    if (uSHDegree > 1) {
        float xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        c += C2[0] * xy * sh(b, 3) + C2[1] * yz * sh(b, 4) + C2[2] * (2.0 * zz - xx - yy) * sh(b, 5)
           + C2[3] * xz * sh(b, 6) + C2[4] * (xx - yy) * sh(b, 7);
        if (uSHDegree > 2) {
            c += C3[0] * y * (3.0 * xx - yy) * sh(b, 8) + C3[1] * xy * z * sh(b, 9)
               + C3[2] * y * (4.0 * zz - xx - yy) * sh(b, 10) + C3[3] * z * (2.0 * zz - 3.0 * xx - 3.0 * yy) * sh(b, 11)
               + C3[4] * x * (4.0 * zz - xx - yy) * sh(b, 12) + C3[5] * z * (xx - yy) * sh(b, 13)
               + C3[6] * x * (xx - 3.0 * yy) * sh(b, 14);
        }
    }
    return max(c, 0.0);
}

void cull() { gl_Position = vec4(0.0, 0.0, 2.0, 1.0); } // outside the clip volume: no fragments

void main() {
    int i = int(texelFetch(uOrder, gl_InstanceID).r);
    if (i >= uLoaded) { cull(); return; } // not uploaded yet: its texels are undefined
    vec4 po = texelFetch(uPosOpacity, i);
    // Camera frame of the reference: x right, y down, z forward (GL's y and z negated).
    mat3 V = mat3(uView);
    vec3 Wr0 = vec3(V[0][0], V[1][0], V[2][0]);
    vec3 Wr1 = -vec3(V[0][1], V[1][1], V[2][1]);
    vec3 Wr2 = -vec3(V[0][2], V[1][2], V[2][2]);
    vec3 tg = (uView * vec4(po.xyz, 1.0)).xyz;
    vec3 t = vec3(tg.x, -tg.y, -tg.z);
    if (!(t.z > uNearCull)) { cull(); return; }
    if (!(po.w >= minAlpha)) { cull(); return; } // alpha ≤ opacity: never reaches 1/255

    // Σ = R S Sᵀ Rᵀ.
    vec4 q = texelFetch(uRotation, i);
    float w = q.x, x = q.y, y = q.z, z = q.w;
    mat3 R = transpose(mat3(
        1.0 - 2.0 * (y * y + z * z), 2.0 * (x * y - w * z), 2.0 * (x * z + w * y),
        2.0 * (x * y + w * z), 1.0 - 2.0 * (x * x + z * z), 2.0 * (y * z - w * x),
        2.0 * (x * z - w * y), 2.0 * (y * z + w * x), 1.0 - 2.0 * (x * x + y * y)));
    vec3 s = texelFetch(uScale, i).xyz;
    mat3 M = R * mat3(s.x, 0.0, 0.0, 0.0, s.y, 0.0, 0.0, 0.0, s.z);
    mat3 Sigma = M * transpose(M);

    // EWA: T = J W with the FOV-clamped Jacobian, cov2D = T Σ Tᵀ + 0.3 I.
    vec2 lim = fovClamp * uTanFov;
    vec2 txy = clamp(t.xy / t.z, -lim, lim) * t.z;
    float j00 = uFocal.x / t.z, j02 = -uFocal.x * txy.x / (t.z * t.z);
    float j11 = uFocal.y / t.z, j12 = -uFocal.y * txy.y / (t.z * t.z);
    vec3 T0 = j00 * Wr0 + j02 * Wr2;
    vec3 T1 = j11 * Wr1 + j12 * Wr2;
    float a = dot(T0, Sigma * T0) + dilation;
    float b = dot(T0, Sigma * T1);
    float c = dot(T1, Sigma * T1) + dilation;
    float det = a * c - b * b;
    if (det == 0.0) { cull(); return; }
    vConic = vec3(c, -b, a) / det;
    float mid = 0.5 * (a + c);
    float l1 = mid + sqrt(max(eigenFloor, mid * mid - det));
    float l2 = mid - sqrt(max(eigenFloor, mid * mid - det));
    float r = ceil(3.0 * sqrt(max(l1, l2)));
    vec2 center = uFocal * t.xy / t.z + 0.5 * uViewport - 0.5;
    if (center.x + r < 0.0 || center.y + r < 0.0 || center.x - r > uViewport.x - 1.0 || center.y - r > uViewport.y - 1.0) {
        cull();
        return;
    }
    vCenter = center;
    vRadius = r;
    vOpacity = po.w;
    vec3 dir = po.xyz - uEye;
    float n = length(dir);
    vec3 base = texelFetch(uColor, i).rgb;
    vColor = n > 0.0 ? colorFromSH(i, base, dir / n) : max(base, 0.0);

    // Beyond |d| = sqrt(2·ln(255·opacity)·λmax) every alpha is below 1/255 (dᵀΣ⁻¹d ≥ |d|²/λmax),
    // so the quad shrinks to that reach when it is inside ±r: the same pixels survive, fewer
    // fragments are shaded (faint splats, most of a trained scene, lose half their area or more).
    float reach = sqrt(2.0 * log(255.0 * po.w) * max(l1, l2));
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1)) * 2.0 - 1.0;
    vec2 pix = center + corner * min(r, reach + 1.0);
    gl_Position = vec4((pix.x + 0.5) * 2.0 / uViewport.x - 1.0, 1.0 - (pix.y + 0.5) * 2.0 / uViewport.y, 0.0, 1.0);
}
