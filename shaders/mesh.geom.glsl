#version 410 core
// Mesh pass, geometry stage: adds the face normal (flat shading, two-sided lighting) and the
// screen-space distances to the three edges (anti-aliased wireframe without depth fighting).

layout(triangles) in;
layout(triangle_strip, max_vertices = 3) out;

in VS {
    vec3 viewPos;
    vec3 viewNormal;
    vec2 uv;
    vec3 color;
} vs[];

out GS {
    vec3 viewPos;
    vec3 viewNormal;
    vec2 uv;
    vec3 color;
    flat vec3 faceNormal;
    flat int edgeFlags;
    noperspective vec3 edgeDist;
} gs;

uniform vec2 uViewport;        // framebuffer size in pixels
uniform int uPrimBase;         // index of the draw call's first triangle in uTriFlags
uniform usamplerBuffer uTriFlags; // per triangle: bit k set = edge (k, k+1) is a boundary

// farAway is an edge distance, in pixels, that no wireframe width reaches.
const float farAway = 1e6;

void main() {
    vec3 e1 = vs[1].viewPos - vs[0].viewPos;
    vec3 e2 = vs[2].viewPos - vs[0].viewPos;
    vec3 fn = cross(e1, e2);
    float l = length(fn);
    fn = l > 0.0 ? fn / l : vec3(0.0, 0.0, 1.0);

    int flags = int(texelFetch(uTriFlags, gl_PrimitiveIDIn + uPrimBase).r);

    // Screen-space heights of the triangle: the distance from each corner to the opposite edge.
    vec3 h = vec3(farAway);
    bool inFront = gl_in[0].gl_Position.w > 0.0 && gl_in[1].gl_Position.w > 0.0 && gl_in[2].gl_Position.w > 0.0;
    if (inFront) {
        vec2 p0 = uViewport * 0.5 * gl_in[0].gl_Position.xy / gl_in[0].gl_Position.w;
        vec2 p1 = uViewport * 0.5 * gl_in[1].gl_Position.xy / gl_in[1].gl_Position.w;
        vec2 p2 = uViewport * 0.5 * gl_in[2].gl_Position.xy / gl_in[2].gl_Position.w;
        vec2 a = p1 - p0, b = p2 - p0, c = p2 - p1;
        float area2 = abs(a.x * b.y - a.y * b.x);
        // Guard zero-length edges (degenerate on screen): treat them as infinitely far.
        h = vec3(area2 / max(length(c), 1e-6), area2 / max(length(b), 1e-6), area2 / max(length(a), 1e-6));
    }

    for (int i = 0; i < 3; i++) {
        gs.viewPos = vs[i].viewPos;
        gs.viewNormal = vs[i].viewNormal;
        gs.uv = vs[i].uv;
        gs.color = vs[i].color;
        gs.faceNormal = fn;
        gs.edgeFlags = flags;
        // Component k is the distance to the edge opposite corner k: 0 at that edge.
        vec3 d = vec3(0.0);
        d[i] = h[i];
        gs.edgeDist = inFront ? d : vec3(farAway);
        gl_Position = gl_in[i].gl_Position;
        EmitVertex();
    }
    EndPrimitive();
}
