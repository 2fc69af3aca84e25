// Command splatscope is a desktop viewer for meshes, closest-surface-point fields and Gaussian
// splats. With no argument it opens the embedded demo; subcommands work headless.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// command is one subcommand: its usage line and what it runs.
type command struct {
	usage string
	run   func(args []string) error
}

var commands = map[string]command{}

// register adds a subcommand; each subcommand lives in its own file and registers in init.
func register(name, usage string, run func(args []string) error) {
	commands[name] = command{usage: usage, run: run}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: splatscope [FILE... | SHAPENET_ROOT]   open the viewer (no argument: the demo)")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "       splatscope %s %s\n", n, commands[n].usage)
	}
}

func main() {
	args := os.Args[1:]
	if len(args) > 0 {
		switch args[0] {
		case "-h", "--help", "help":
			usage()
			return
		}
		if c, ok := commands[args[0]]; ok {
			if err := c.run(args[1:]); err != nil {
				fmt.Fprintln(os.Stderr, "splatscope "+args[0]+": "+oneLine(err.Error()))
				os.Exit(1)
			}
			return
		}
		if strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(os.Stderr, "splatscope: unknown flag %s\n", args[0])
			usage()
			os.Exit(2)
		}
	}
	if err := runViewer(args); err != nil {
		fmt.Fprintln(os.Stderr, "splatscope: "+oneLine(err.Error()))
		os.Exit(1)
	}
}

// oneLine keeps an error to the one line the conventions promise.
func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
