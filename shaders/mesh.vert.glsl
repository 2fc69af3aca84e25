#version 410 core
// Mesh pass, vertex stage: carries view-space position and normal to the geometry stage.

layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec2 aUV;
layout(location = 3) in vec3 aColor;

uniform mat4 uView;
uniform mat4 uProj;

out VS {
    vec3 viewPos;
    vec3 viewNormal;
    vec2 uv;
    vec3 color;
} vs;

void main() {
    vec4 vp = uView * vec4(aPos, 1.0);
    vs.viewPos = vp.xyz;
    // The view matrix is rigid (rotation + translation), so it transforms normals as well.
    vs.viewNormal = mat3(uView) * aNormal;
    vs.uv = aUV;
    vs.color = aColor;
    gl_Position = uProj * vp;
}
