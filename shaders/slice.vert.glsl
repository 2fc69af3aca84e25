#version 410 core
// Slice pass, vertex stage: the rectangle where the plane x[uAxis] = uPos cuts the grid's box,
// as two triangles made from gl_VertexID (no vertex buffer).

uniform mat4 uViewProj;
uniform vec3 uBoxLo;
uniform vec3 uBoxHi;
uniform int uAxis;   // 0, 1, 2: the plane's normal axis
uniform float uPos;  // the plane's coordinate along uAxis

out vec3 vWorld;

void main() {
    // Corners (0,0) (1,0) (1,1) / (0,0) (1,1) (0,1) of the rectangle.
    const vec2 corners[6] = vec2[6](vec2(0, 0), vec2(1, 0), vec2(1, 1), vec2(0, 0), vec2(1, 1), vec2(0, 1));
    vec2 c = corners[gl_VertexID];
    int a = (uAxis + 1) % 3, b = (uAxis + 2) % 3;
    vec3 p;
    p[uAxis] = uPos;
    p[a] = mix(uBoxLo[a], uBoxHi[a], c.x);
    p[b] = mix(uBoxLo[b], uBoxHi[b], c.y);
    vWorld = p;
    gl_Position = uViewProj * vec4(p, 1.0);
}
