package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/mesh"
)

func init() {
	register("info", "[--json] FILE...   describe meshes (and splat scenes)", runInfo)
}

// infoDescribers lets other formats (splat scenes) plug into `info` from their own file.
var infoDescribers = map[string]func(path string, asJSON bool) (string, error){}

func runInfo(args []string) error {
	fs := flag.NewFlagSet("info", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("no file given")
	}
	var jsonOut []any
	for _, path := range fs.Args() {
		ext := strings.ToLower(filepath.Ext(path))
		if d, ok := infoDescribers[ext]; ok && isSplatPath(path) {
			text, err := d(path, *asJSON)
			if err != nil {
				return err
			}
			if *asJSON {
				jsonOut = append(jsonOut, json.RawMessage(text))
			} else {
				fmt.Print(text)
			}
			continue
		}
		m, err := mesh.Load(path, nil)
		if err != nil {
			return err
		}
		info := mesh.Describe(m, strings.TrimPrefix(ext, "."))
		if *asJSON {
			jsonOut = append(jsonOut, info)
		} else {
			fmt.Print(info.Format())
		}
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if len(jsonOut) == 1 {
			return enc.Encode(jsonOut[0])
		}
		return enc.Encode(jsonOut)
	}
	return nil
}
