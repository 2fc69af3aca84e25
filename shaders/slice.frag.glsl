#version 410 core
// Slice pass, fragment stage: the distance u to the surface on the plane, from the baked grid,
// as a heat map with iso-lines every uIsoSpacing and the surface's trace (u = 0) in cyan.
// u is the trilinear blend of the 8 nodes' exact distances |x − f(x)| (render.SliceDistance
// is the CPU twin): continuous, and free of the false sheets interpolated closest points make.

in vec3 vWorld;
out vec4 fragColor;

uniform sampler3D uGrid;  // closest points, texel (k, j, i) = node (i, j, k); NEAREST
uniform ivec3 uDims;
uniform vec3 uOrigin;
uniform float uSpacing;
uniform float uURange;     // u at the top of the colour map
uniform float uIsoSpacing; // distance between iso-lines

// csp.Heat's stops (csp/trace_shade.go).
const vec3 heat[5] = vec3[5](vec3(0.0, 0.0, 0.0), vec3(0.34, 0.06, 0.43), vec3(0.87, 0.32, 0.22),
                             vec3(0.99, 0.75, 0.15), vec3(1.0, 1.0, 0.9));

vec3 heatRamp(float t) {
    t = clamp(t, 0.0, 1.0) * 4.0;
    int i = min(int(t), 3);
    return mix(heat[i], heat[i + 1], t - float(i));
}

float nodeU(ivec3 n) {
    vec3 c = texelFetch(uGrid, n.zyx, 0).xyz;
    return length(uOrigin + uSpacing * vec3(n) - c);
}

void main() {
    vec3 g = (vWorld - uOrigin) / uSpacing;
    ivec3 cell = clamp(ivec3(floor(g)), ivec3(0), uDims - 2);
    vec3 f = clamp(g - vec3(cell), 0.0, 1.0);
    float u = 0.0;
    for (int k = 0; k < 8; k++) {
        ivec3 o = ivec3(k & 1, (k >> 1) & 1, (k >> 2) & 1);
        vec3 w = mix(1.0 - f, f, vec3(o));
        u += w.x * w.y * w.z * nodeU(cell + o);
    }
    vec3 col = heatRamp(u / uURange);
    // Iso-lines: where u/spacing crosses an integer, one pixel wide whatever the zoom.
    float s = u / uIsoSpacing;
    float px = max(fwidth(s), 1e-6);
    float d = min(fract(s), 1.0 - fract(s)) / px;
    col = mix(col, vec3(0.9), 0.6 * clamp(1.0 - d, 0.0, 1.0));
    // The surface's trace: u below one pixel's worth of u (at least a tenth of a voxel).
    float surf = clamp(1.0 - u / max(1.5 * fwidth(u), 0.1 * uSpacing), 0.0, 1.0);
    col = mix(col, vec3(0.2, 0.9, 1.0), surf);
    fragColor = vec4(col, 1.0);
}
