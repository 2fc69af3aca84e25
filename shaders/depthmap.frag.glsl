#version 410 core
// Image pass: the image's rows are stored top first, so v is flipped.

in vec2 vUV;
out vec4 fragColor;

uniform sampler2D uImage;

void main() {
    fragColor = vec4(texture(uImage, vec2(vUV.x, 1.0 - vUV.y)).rgb, 1.0);
}
