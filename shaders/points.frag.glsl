#version 410 core
// Particle sprites: a round disc shaded as a small sphere lit from the upper left, so that
// neighbouring particles of one colour stay distinguishable. Colours arrive display-encoded.

in vec3 vColor;
out vec4 fragColor;

// The light of the sprite shading, in sprite axes (x right, y up, z toward the eye).
const vec3 light = vec3(-0.40, 0.50, 0.77);

void main() {
    vec2 d = gl_PointCoord * 2.0 - 1.0; // −1..1 across the sprite, y down
    float r2 = dot(d, d);
    if (r2 > 1.0) discard;
    vec3 n = vec3(d.x, -d.y, sqrt(1.0 - r2));
    // 0.35 ambient keeps the unlit side readable; the rest is Lambert.
    float shade = 0.35 + 0.65 * max(dot(n, normalize(light)), 0.0);
    fragColor = vec4(vColor * shade, 1.0);
}
