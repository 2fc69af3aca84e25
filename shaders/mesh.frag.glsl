#version 410 core
// Mesh pass, fragment stage: two-sided headlight + fill lighting of a neutral material, with
// optional texture, vertex colour, flat normals and an anti-aliased wireframe/boundary overlay.

in GS {
    vec3 viewPos;
    vec3 viewNormal;
    vec2 uv;
    vec3 color;
    flat vec3 faceNormal;
    flat int edgeFlags;
    noperspective vec3 edgeDist;
} fs;

out vec4 fragColor;

uniform vec3 uBaseColor;    // linear RGB (material Kd or the style colour)
uniform bool uVertexColor;  // use the per-vertex colour instead of uBaseColor
uniform bool uTextured;
uniform sampler2D uTex;     // sRGB texture: sampling returns linear values
uniform bool uFlat;
uniform bool uWireframe;
uniform bool uBoundary;

// Line widths in pixels: a thin wire reads as structure, a thicker boundary stands out.
const float wireWidth = 1.0;
const float boundaryWidth = 2.5;
const vec3 wireColor = vec3(0.02, 0.02, 0.025);
const vec3 boundaryColor = vec3(1.0, 0.22, 0.02);
// Back faces get a faint cool tint so inside and outside of open surfaces can be told apart.
const vec3 backTint = vec3(0.86, 0.92, 1.1);

// coverage returns how much of a line of width w, centred on an edge at distance d, covers the pixel.
float coverage(float d, float w) {
    return 1.0 - smoothstep(w * 0.5 - 0.5, w * 0.5 + 0.5, d);
}

void main() {
    vec3 V = normalize(-fs.viewPos);
    // The face normal in view space tells which side is seen: flip everything toward the viewer.
    bool back = dot(fs.faceNormal, V) < 0.0;
    vec3 fn = back ? -fs.faceNormal : fs.faceNormal;
    vec3 N = fn;
    if (!uFlat) {
        vec3 sn = fs.viewNormal;
        float l = length(sn);
        if (l > 1e-6) {
            sn /= l;
            // Orient the smooth normal to the seen side; keep it only if it faces the viewer side.
            if (dot(sn, fn) < 0.0) sn = -sn;
            N = sn;
        }
    }

    vec3 albedo = uVertexColor ? fs.color : uBaseColor;
    if (uTextured) {
        // OBJ's v runs up from the image's bottom row; the texture was uploaded top row first.
        albedo *= texture(uTex, vec2(fs.uv.x, 1.0 - fs.uv.y)).rgb;
    }
    if (back) albedo *= backTint;

    // Key light: a headlight from above-left of the camera; fill: dimmer, from the lower right.
    const vec3 keyDir = normalize(vec3(-0.5, 0.6, 0.8));
    const vec3 fillDir = normalize(vec3(0.6, -0.25, 0.45));
    float key = max(dot(N, keyDir), 0.0);
    float fill = max(dot(N, fillDir), 0.0);
    // Hemisphere ambient: a little brighter from above (view-space up) than below.
    float amb = mix(0.08, 0.17, 0.5 + 0.5 * N.y);
    vec3 H = normalize(keyDir + V);
    float spec = pow(max(dot(N, H), 0.0), 48.0) * 0.18;
    vec3 lit = albedo * (amb + 0.85 * key + 0.28 * fill) + vec3(spec);

    if (uWireframe || uBoundary) {
        vec3 d = fs.edgeDist;
        // Edge k (corners k, k+1) lies opposite corner k+2: its distance is component (k+2)%3.
        if (uWireframe) {
            float w = coverage(min(d.x, min(d.y, d.z)), wireWidth);
            lit = mix(lit, wireColor, w * 0.85);
        }
        if (uBoundary && fs.edgeFlags != 0) {
            float b = 0.0;
            if ((fs.edgeFlags & 1) != 0) b = max(b, coverage(d.z, boundaryWidth));
            if ((fs.edgeFlags & 2) != 0) b = max(b, coverage(d.x, boundaryWidth));
            if ((fs.edgeFlags & 4) != 0) b = max(b, coverage(d.y, boundaryWidth));
            lit = mix(lit, boundaryColor, b);
        }
    }

    // The target is a plain RGBA8 buffer: encode to display gamma here (close to sRGB).
    fragColor = vec4(pow(clamp(lit, 0.0, 1.0), vec3(1.0 / 2.2)), 1.0);
}
