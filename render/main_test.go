package render

import (
	"flag"
	"os"
	"runtime"
	"testing"
)

// GL work must run on the thread that made the context current. TestMain keeps the main
// goroutine (locked to the main OS thread by render's init) serving GL calls while the tests
// run in their own goroutines and hand their GL work over through glCalls.
var glCalls = make(chan func())

// glState is the lazily made context shared by every GL test.
var glState struct {
	tried   bool
	release func()
	info    Info
	err     error
}

func TestMain(m *testing.M) {
	runtime.LockOSThread()
	flag.Parse()
	done := make(chan int)
	go func() { done <- m.Run() }()
	for {
		select {
		case f := <-glCalls:
			f()
		case code := <-done:
			if glState.release != nil {
				glState.release()
			}
			os.Exit(code)
		}
	}
}

// onGL runs f on the GL thread with a current context; it skips the test when there is no
// display, unless REQUIRE_GL=1, and fails when a display exists but GL does not work.
// f must not call t.Fatal or t.Skip (they would stop the GL thread): use t.Error or return values.
func onGL(t testing.TB, f func(info Info)) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" && os.Getenv("REQUIRE_GL") != "1" {
		t.Skip("no display: run under xvfb-run -a (set REQUIRE_GL=1 to make this a failure)")
	}
	var panicked any
	done := make(chan struct{})
	glCalls <- func() {
		defer close(done)
		defer func() { panicked = recover() }()
		if !glState.tried {
			glState.tried = true
			glState.release, glState.info, glState.err = Headless()
		}
		if glState.err != nil {
			return
		}
		f(glState.info)
	}
	<-done
	if glState.err != nil {
		t.Fatalf("no GL context: %v", glState.err)
	}
	if panicked != nil {
		t.Fatalf("panic on the GL thread: %v", panicked)
	}
}

func TestInfo(t *testing.T) {
	onGL(t, func(info Info) {
		t.Logf("%v", info)
		if info.Major < 4 || (info.Major == 4 && info.Minor < 1) {
			t.Errorf("context %d.%d, want at least 4.1", info.Major, info.Minor)
		}
		if info.Renderer == "" || info.Version == "" {
			t.Errorf("empty version or renderer: %+v", info)
		}
	})
}
