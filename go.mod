module github.com/splatscope/splatscope

go 1.26.8

require (
	github.com/go-gl/gl v0.0.0-20231021071112-07e5d0ea2e71
	github.com/go-gl/glfw/v3.3/glfw v0.0.0-20260823155953-d41da22a9587
	github.com/go-gl/mathgl v1.2.0
	github.com/hschendel/stl v1.0.4
	github.com/inkyblackness/imgui-go/v4 v4.7.0
	github.com/klauspost/compress v1.20.5
	github.com/ncruces/zenity v0.10.15
	golang.org/x/image v0.48.0
	golang.org/x/sys v0.50.0
)

require (
	github.com/akavel/rsrc v0.10.2 // indirect
	github.com/dchest/jsmin v1.0.0 // indirect
	github.com/josephspurrier/goversioninfo v1.7.0 // indirect
	github.com/randall77/makefat v0.0.0-20260406194835-1b91746796b7 // indirect
)
