package materials

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// IDMap maps the material ids stored in a label file to material names.
type IDMap map[int]string

// maxIDMapBytes caps id-map files: a map of a few dozen materials is a few hundred bytes.
const maxIDMapBytes = 4 << 20

// maxMaterialID bounds ids in maps and label arrays: GaussianProperty uses a few dozen
// materials; larger ids are corrupt input (and would make id-indexed tables huge).
const maxMaterialID = 1 << 16

// LoadIDMap reads an id → name side file: a JSON object {"0": "wood", ...}, a JSON list
// ["wood", ...] (ids are positions), or CSV lines "id,name" (an optional "id,name" header).
func LoadIDMap(path string) (IDMap, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxIDMapBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(b) > maxIDMapBytes {
		return nil, fmt.Errorf("%s: id map larger than %d bytes", path, maxIDMapBytes)
	}
	return ParseIDMap(b, path)
}

// ParseIDMap decodes an id map in any of LoadIDMap's forms; JSON when the first non-blank byte is
// '{' or '[' or the name ends in .json, CSV otherwise.
func ParseIDMap(b []byte, name string) (IDMap, error) {
	t := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))) // tolerate a UTF-8 BOM
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') || strings.EqualFold(filepath.Ext(name), ".json") {
		return parseIDMapJSON(t, name)
	}
	return parseIDMapCSV(t, name)
}

func parseIDMapJSON(b []byte, name string) (IDMap, error) {
	m := IDMap{}
	if len(b) > 0 && b[0] == '[' {
		var list []string
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("%s: %s", name, jsonErr(b, err))
		}
		if len(list) > maxMaterialID {
			return nil, fmt.Errorf("%s: %d names, more than the %d material ids allowed", name, len(list), maxMaterialID)
		}
		for i, n := range list {
			if err := m.add(i, n, name, fmt.Sprintf("entry %d", i)); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	var obj map[string]string
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, fmt.Errorf("%s: %s (want {\"0\": \"wood\", ...} or [\"wood\", ...])", name, jsonErr(b, err))
	}
	for k, n := range obj {
		id, err := strconv.Atoi(strings.TrimSpace(k))
		if err != nil {
			return nil, fmt.Errorf("%s: key %q is not an integer id", name, clip(k))
		}
		if err := m.add(id, n, name, fmt.Sprintf("key %q", k)); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func parseIDMapCSV(b []byte, name string) (IDMap, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.Comment = '#'
	m := IDMap{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		pos, _ := r.FieldPos(0)
		if len(rec) != 2 {
			return nil, fmt.Errorf("%s:%d: want \"id,name\", got %d fields", name, pos, len(rec))
		}
		id, err := strconv.Atoi(strings.TrimSpace(rec[0]))
		if err != nil {
			if line == 1 && strings.EqualFold(strings.TrimSpace(rec[0]), "id") {
				continue // header
			}
			return nil, fmt.Errorf("%s:%d: id %q is not an integer", name, pos, clip(rec[0]))
		}
		if err := m.add(id, rec[1], name, fmt.Sprintf("line %d", pos)); err != nil {
			return nil, err
		}
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: id map has no entries", name)
	}
	return m, nil
}

// add records id → n, rejecting negative or huge ids, empty names and duplicates.
func (m IDMap) add(id int, n, file, where string) error {
	n = strings.TrimSpace(n)
	switch {
	case id < 0 || id >= maxMaterialID:
		return fmt.Errorf("%s: %s: id %d out of range 0..%d", file, where, id, maxMaterialID-1)
	case n == "":
		return fmt.Errorf("%s: %s: empty material name for id %d", file, where, id)
	}
	if old, ok := m[id]; ok {
		return fmt.Errorf("%s: %s: id %d given twice (%q and %q)", file, where, id, old, n)
	}
	m[id] = n
	return nil
}

// TableIDMap is the identity map of a table: id i names the table's i-th material.
func TableIDMap(t *Table) IDMap {
	m := IDMap{}
	for i, mat := range t.Materials {
		m[i] = mat.Name
	}
	return m
}

// EncodeJSON writes the map as a JSON object with keys in id order.
func (m IDMap) EncodeJSON(w io.Writer) error {
	ids := make([]int, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, id := range ids {
		name, _ := json.Marshal(m[id])
		fmt.Fprintf(&b, "  \"%d\": %s", id, name)
		if i < len(ids)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}
