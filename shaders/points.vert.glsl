#version 410 core
// Particle sprites (physics preview): one GL point per particle, sized so that its disc is the
// particle's world radius at its depth; the twin of render.PointDiameter.

layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aColor;

uniform mat4 uViewProj;
uniform float uRadius;   // world units
uniform float uFocal;    // Proj[1][1] · viewport height / 2: pixels per unit of y/w
uniform float uMinSize;  // pixels: far particles stay visible

out vec3 vColor;

void main() {
    vec4 p = uViewProj * vec4(aPos, 1.0);
    gl_Position = p;
    // Diameter in pixels: 2·r·focal / w (w is the view depth for a perspective projection).
    gl_PointSize = max(uMinSize, 2.0 * uRadius * uFocal / max(p.w, 1e-6));
    vColor = aColor;
}
