package app

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRunWithoutDisplay: with no display Run fails at once with one line naming the ways out.
func TestRunWithoutDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	err := Run(Options{Demo: true, Frames: 1})
	if err == nil {
		t.Fatal("Run succeeded without a display")
	}
	if !errors.Is(err, ErrNoDisplay) {
		t.Errorf("error does not wrap ErrNoDisplay: %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"xvfb-run -a splatscope", "splatscope render"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
}

func TestScreenshotNames(t *testing.T) {
	t.Chdir(t.TempDir())
	at := time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC)
	first := screenshotName(at)
	if first != "splatscope-20240305-140709.png" {
		t.Fatalf("name %q", first)
	}
	os.WriteFile(first, []byte("x"), 0o644)
	if second := screenshotName(at); second != "splatscope-20240305-140709-2.png" {
		t.Errorf("second shot in the same second: %q", second)
	}
}
