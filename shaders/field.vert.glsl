#version 410 core
// Field pass: one full-screen triangle; the fragment stage sphere-traces every pixel.

void main() {
    vec2 p = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    gl_Position = vec4(p, 0.0, 1.0);
}
