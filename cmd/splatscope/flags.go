package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// reorderFlags moves flags after positional arguments to the front, so `IN OUT --ascii`
// works as users type it (the flag package stops at the first positional argument).
// Flags that take a value must be written --name=value or --name value; the latter is kept together.
func reorderFlags(args []string, valued ...string) []string {
	takesValue := map[string]bool{}
	for _, v := range valued {
		takesValue[v] = true
	}
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

// stderrProgress returns a progress callback that draws a text bar on stderr, at most
// ten times a second so a fast load does not flood the terminal.
func stderrProgress(label string) func(done, total int64) {
	var last time.Time
	return func(done, total int64) {
		if total <= 0 || time.Since(last) < 100*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		const width = 30 // characters in the bar
		f := float64(done) / float64(total)
		if f > 1 {
			f = 1
		}
		n := int(f * width)
		fmt.Fprintf(os.Stderr, "\r%s [%s%s] %3.0f%%", label, strings.Repeat("#", n), strings.Repeat(".", width-n), f*100)
		if done >= total {
			fmt.Fprintln(os.Stderr)
		}
	}
}
