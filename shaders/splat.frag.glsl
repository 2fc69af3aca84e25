#version 410 core
// Splat pass, fragment stage: the reference per-pixel alpha, premultiplied for
// (ONE, ONE_MINUS_SRC_ALPHA) back-to-front blending; the twin of gaussians.SplatAlpha.

flat in vec2 vCenter;
flat in vec3 vConic;
flat in float vOpacity;
flat in vec3 vColor;
flat in float vRadius;

uniform vec2 uViewport;

out vec4 fragColor;

// Reference alpha bounds: at most 0.99, nothing below 1/255.
const float maxAlpha = 0.99;
const float minAlpha = 1.0 / 255.0;

void main() {
    // Pixel centre in the vertex stage's frame (x right, y down, centres at integers).
    vec2 p = vec2(gl_FragCoord.x - 0.5, uViewport.y - 0.5 - gl_FragCoord.y);
    vec2 d = vCenter - p;
    if (any(greaterThanEqual(abs(d), vec2(vRadius)))) discard;
    float power = -0.5 * (vConic.x * d.x * d.x + vConic.z * d.y * d.y) - vConic.y * d.x * d.y;
    if (power > 0.0) discard;
    float alpha = min(maxAlpha, vOpacity * exp(power));
    if (alpha < minAlpha) discard;
    fragColor = vec4(vColor * alpha, alpha);
}
