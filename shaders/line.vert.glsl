#version 410 core
// Overlay lines (bounding box, axes, OBJ `l` records): flat colour, pulled slightly toward the
// camera so lines lying on the surface are not hidden by it.

layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aColor;

uniform mat4 uViewProj;
uniform float uDepthBias; // in normalised device depth units

out vec3 vColor;

void main() {
    vec4 p = uViewProj * vec4(aPos, 1.0);
    p.z -= uDepthBias * p.w;
    gl_Position = p;
    vColor = aColor;
}
