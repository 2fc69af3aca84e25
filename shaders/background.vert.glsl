#version 410 core
// Full-screen triangle for the background gradient; no vertex buffer needed.

out float vT;

void main() {
    vec2 p = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    vT = p.y * 0.5 + 0.5;
    gl_Position = vec4(p, 1.0, 1.0);
}
