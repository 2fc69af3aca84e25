package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
)

func init() {
	register("convert", "[--spz-version 3|4] [-q] IN OUT   convert splat scenes between .ply, .splat and .spz", runConvert)
	for _, ext := range []string{".ply", ".splat", ".spz"} {
		infoDescribers[ext] = describeSplat
	}
}

// runConvert loads IN and saves it as OUT, the formats chosen by the extensions.
func runConvert(args []string) error {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	spzVersion := fs.Int("spz-version", 3, "SPZ version to write: 3 (gzip) or 4 (zstd)")
	quiet := fs.Bool("q", false, "no progress bar or warnings")
	if err := fs.Parse(reorderFlags(args, "spz-version")); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("want IN and OUT, got %d arguments", fs.NArg())
	}
	in, out := fs.Arg(0), fs.Arg(1)
	if !gaussians.IsSplatFile(out) {
		return fmt.Errorf("%s: unknown splat format %q (want .ply, .splat or .spz)", out, filepath.Ext(out))
	}
	if *spzVersion != 3 && *spzVersion != 4 {
		return fmt.Errorf("--spz-version %d: want 3 or 4", *spzVersion)
	}
	var progress func(done, total int64)
	if !*quiet {
		progress = stderrProgress("reading " + filepath.Base(in))
	}
	s, err := gaussians.Load(in, progress)
	if err != nil {
		return err
	}
	if !*quiet {
		for _, w := range s.Warnings {
			fmt.Fprintln(os.Stderr, "warning: "+w)
		}
		if lossy := lostInConversion(s, out); lossy != "" {
			fmt.Fprintln(os.Stderr, "note: "+lossy)
		}
	}
	gaussians.SPZWriteVersion = *spzVersion
	return gaussians.Save(out, s)
}

// lostInConversion says what the output format cannot hold, or "".
func lostInConversion(s *gaussians.Scene, out string) string {
	var lost []string
	ext := strings.ToLower(filepath.Ext(out))
	if ext == ".splat" && s.SHDegree > 0 {
		lost = append(lost, fmt.Sprintf("SH degree %d reduced to 0", s.SHDegree))
	}
	if ext != ".ply" && len(s.Extra) > 0 {
		lost = append(lost, "extra properties "+strings.Join(s.ExtraNames(), " ")+" dropped")
	}
	if len(lost) == 0 {
		return ""
	}
	return out + ": " + strings.Join(lost, "; ")
}

// describeSplat is the `info` describer for splat scenes.
func describeSplat(path string, asJSON bool) (string, error) {
	s, err := gaussians.Load(path, nil)
	if err != nil {
		return "", err
	}
	in := gaussians.Describe(s)
	if !asJSON {
		return in.Format(), nil
	}
	b, err := json.Marshal(in)
	return string(b), err
}
