package mesh

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// defaultGrey is the diffuse grey of materials that give no Kd (Blender's default): light
// enough that shading reads well, unlike the black a zero colour would give.
const defaultGrey = 0.8

// defaultMaterial is the material used for undefined names and as the start of newmtl.
func defaultMaterial(name string) Material {
	return Material{Name: name, Kd: [3]float32{defaultGrey, defaultGrey, defaultGrey}, D: 1}
}

// ignoredMTL lists MTL keywords that are valid but not used by the viewer, so they are not
// reported as unknown (map_* other than map_Kd are ignored by prefix).
var ignoredMTL = map[string]bool{
	"Ni": true, "Tf": true, "sharpness": true, "bump": true, "disp": true, "decal": true,
	"refl": true, "norm": true, "Pr": true, "Pm": true, "Ps": true, "Pc": true, "Pcr": true,
	"aniso": true, "anisor": true,
}

// mtlReader holds the state of one MTL read.
type mtlReader struct {
	name    string
	lines   *lineReader
	mats    []Material
	haveD   bool // the current material set d, which wins over Tr
	unknown map[string]int
	orphan  int // records before the first newmtl
}

// ReadMTL reads an MTL material library; name is used in messages. It returns the materials
// in file order and warnings for records it ignored.
func ReadMTL(r io.Reader, name string) ([]Material, []string, error) {
	mr := &mtlReader{name: name, lines: newLineReader(r)}
	for {
		line, err := mr.lines.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return mr.mats, mr.warnings(), fmt.Errorf("%s:%d: read error: %v", name, mr.lines.phys+1, err)
		}
		kw, i := nextField(line, 0)
		if len(kw) == 0 || kw[0] == '#' {
			continue
		}
		if err := mr.record(kw, line, i); err != nil {
			return mr.mats, mr.warnings(), err
		}
	}
	return mr.mats, mr.warnings(), nil
}

// record handles one MTL statement.
func (mr *mtlReader) record(kw, line []byte, i int) error {
	rest := trimSpace(line[i:])
	if string(kw) == "newmtl" {
		mr.mats = append(mr.mats, defaultMaterial(string(rest)))
		mr.haveD = false
		return nil
	}
	if len(mr.mats) == 0 {
		mr.orphan++
		return nil
	}
	m := &mr.mats[len(mr.mats)-1]
	switch string(kw) {
	case "Kd":
		return mr.color(rest, &m.Kd)
	case "Ka":
		return mr.color(rest, &m.Ka)
	case "Ks":
		return mr.color(rest, &m.Ks)
	case "Ke":
		return mr.color(rest, &m.Ke)
	case "Ns":
		return mr.scalar(rest, &m.Ns)
	case "d":
		mr.haveD = true
		return mr.scalar(skipOption(rest, "-halo"), &m.D)
	case "Tr":
		var tr float32
		if err := mr.scalar(rest, &tr); err != nil {
			return err
		}
		if !mr.haveD {
			m.D = 1 - tr
		}
	case "illum":
		var f float32
		if err := mr.scalar(rest, &f); err != nil {
			return err
		}
		m.Illum = int(f)
	case "map_Kd":
		m.MapKd = mapPath(rest)
	default:
		if !strings.HasPrefix(string(kw), "map_") && !ignoredMTL[string(kw)] {
			mr.unknownRecord(kw)
		}
	}
	return nil
}

// unknownRecord counts an unknown keyword, remembering at most maxUnknownKinds of them.
func (mr *mtlReader) unknownRecord(kw []byte) {
	if mr.unknown == nil {
		mr.unknown = map[string]int{}
	}
	if _, ok := mr.unknown[string(kw)]; ok || len(mr.unknown) < maxUnknownKinds {
		mr.unknown[string(kw)]++
	} else {
		mr.unknown["..."]++
	}
}

// warnings reports ignored records, one line per kind of problem.
func (mr *mtlReader) warnings() []string {
	var w []string
	if len(mr.unknown) > 0 {
		kinds, total := make([]string, 0, len(mr.unknown)), 0
		for k, c := range mr.unknown {
			kinds = append(kinds, fmt.Sprintf("%s ×%d", quoteToken([]byte(k)), c))
			total += c
		}
		sort.Strings(kinds)
		w = append(w, fmt.Sprintf("%s: %d unknown records ignored (%s)", mr.name, total, strings.Join(kinds, ", ")))
	}
	if mr.orphan > 0 {
		w = append(w, fmt.Sprintf("%s: %d records before the first newmtl ignored", mr.name, mr.orphan))
	}
	return w
}

// color reads `r [g b]` (one value means grey); spectral and xyz forms keep the colour as is.
func (mr *mtlReader) color(rest []byte, c *[3]float32) error {
	var v [3]float32
	n := 0
	for i := 0; n < 3; n++ {
		var tok []byte
		tok, i = nextField(rest, i)
		if len(tok) == 0 {
			break
		}
		if string(tok) == "spectral" || string(tok) == "xyz" {
			mr.unknownRecord(tok)
			return nil
		}
		f, err := parseFloat(tok)
		if err != nil {
			return fmt.Errorf("%s:%d: bad number %s", mr.name, mr.lines.start, quoteToken(tok))
		}
		v[n] = float32(f)
	}
	switch n {
	case 0:
		return fmt.Errorf("%s:%d: colour needs 1 or 3 numbers", mr.name, mr.lines.start)
	case 1, 2:
		v[1], v[2] = v[0], v[0]
	}
	*c = v
	return nil
}

// scalar reads one number.
func (mr *mtlReader) scalar(rest []byte, out *float32) error {
	tok, _ := nextField(rest, 0)
	f, err := parseFloat(tok)
	if err != nil {
		return fmt.Errorf("%s:%d: bad number %s", mr.name, mr.lines.start, quoteToken(tok))
	}
	*out = float32(f)
	return nil
}

// skipOption drops a leading flag such as `-halo` from a record's arguments.
func skipOption(rest []byte, opt string) []byte {
	tok, i := nextField(rest, 0)
	if string(tok) == opt {
		return trimSpace(rest[i:])
	}
	return rest
}

// mapOptionArgs is the number of arguments of each texture-map option; -o, -s and -t take
// one to three numbers, counted as 3 and cut short at the first non-number.
var mapOptionArgs = map[string]int{
	"-blendu": 1, "-blendv": 1, "-boost": 1, "-cc": 1, "-clamp": 1, "-texres": 1,
	"-bm": 1, "-imfchan": 1, "-type": 1, "-mm": 2, "-o": 3, "-s": 3, "-t": 3,
}

// mapPath returns the file name of a map_* statement, skipping options such as
// `-s 1 1 1` or `-bm 0.5` before it. The name is the rest of the line, so it may hold spaces.
func mapPath(rest []byte) string {
	i := 0
	for {
		tok, j := nextField(rest, i)
		if len(tok) < 2 || tok[0] != '-' {
			break
		}
		nargs, known := mapOptionArgs[string(tok)]
		if !known {
			nargs = 3 // unknown option: skip the numbers after it
		}
		i = j
		for a := 0; a < nargs; a++ {
			arg, k := nextField(rest, i)
			if len(arg) == 0 {
				break
			}
			if _, err := parseFloat(arg); err != nil && !(a == 0 && known && nargs == 1) {
				break // not a number: the option's arguments have ended
			}
			i = k
		}
	}
	p := trimSpace(rest[i:])
	if len(p) == 0 { // only options: take the last token, as some exporters do
		last := strings.Fields(string(rest))
		if len(last) > 0 {
			return last[len(last)-1]
		}
	}
	return string(p)
}
