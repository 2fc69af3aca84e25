#version 410 core
// Overlay lines: colours arrive already display-encoded.

in vec3 vColor;
out vec4 fragColor;

void main() {
    fragColor = vec4(vColor, 1.0);
}
