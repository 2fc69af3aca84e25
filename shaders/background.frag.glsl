#version 410 core
// Vertical background gradient, bottom to top, in display-encoded colours.

in float vT;
out vec4 fragColor;

uniform vec3 uBottom;
uniform vec3 uTop;

void main() {
    fragColor = vec4(mix(uBottom, uTop, clamp(vT, 0.0, 1.0)), 1.0);
}
