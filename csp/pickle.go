package csp

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// A restricted unpickler for PyTorch state dicts. A pickle is a program for a stack machine
// that may import and call any Python callable; this interpreter runs only the opcodes that
// torch.save (protocols 2 to 4) emits for dicts of tensors and plain values, resolves only
// the handful of globals a state dict needs (allowedGlobals), and refuses everything else
// with an error naming the opcode or the global. Tensors are not materialised here: they
// come out as *torchTensor references to storages that the zip reader loads afterwards.

// Pickle opcodes (CPython Lib/pickletools.py).
const (
	opMark           = '('
	opStop           = '.'
	opBinInt         = 'J'
	opBinInt1        = 'K'
	opBinInt2        = 'M'
	opNone           = 'N'
	opBinPersID      = 'Q'
	opReduce         = 'R'
	opBinString      = 'T'
	opShortBinString = 'U'
	opBinUnicode     = 'X'
	opAppend         = 'a'
	opBuild          = 'b'
	opGlobal         = 'c'
	opAppends        = 'e'
	opBinGet         = 'h'
	opLongBinGet     = 'j'
	opEmptyList      = ']'
	opBinPut         = 'q'
	opLongBinPut     = 'r'
	opSetItem        = 's'
	opTuple          = 't'
	opSetItems       = 'u'
	opEmptyDict      = '}'
	opEmptyTuple     = ')'
	opBinFloat       = 'G'
	opProto          = 0x80
	opTuple1         = 0x85
	opTuple2         = 0x86
	opTuple3         = 0x87
	opNewTrue        = 0x88
	opNewFalse       = 0x89
	opLong1          = 0x8a
	opShortBinUni    = 0x8c
	opBinUnicode8    = 0x8d
	opStackGlobal    = 0x93
	opMemoize        = 0x94
	opFrame          = 0x95
)

// maxPickleDepth bounds nested MARKs: a state dict nests a few levels; the bound keeps a
// hostile pickle from growing the mark stack without limit.
const maxPickleDepth = 1000

type (
	pyTuple []any
	pyList  struct{ items []any }
	// pyDict keeps insertion order, as OrderedDict (and dict since Python 3.7) do.
	pyDict struct {
		keys, vals []any
		index      map[any]int // for hashable keys (string, int64, bool, float64, nil)
	}
	pyGlobal struct{ module, name string }
	// torchStorage is a storage named by a persistent id: ('storage', type, key, location, numel).
	torchStorage struct {
		key   string
		dtype string // "float32", "float16", "float64", "bfloat16"
		numel int64
	}
	// torchTensor is a view of a storage rebuilt by torch._utils._rebuild_tensor_v2.
	torchTensor struct {
		storage *torchStorage
		offset  int64
		size    []int
		stride  []int
	}
)

func newDict() *pyDict { return &pyDict{index: map[any]int{}} }

// set stores v under k, replacing an equal hashable key.
func (d *pyDict) set(k, v any) {
	switch k.(type) {
	case string, int64, bool, float64, nil:
		if i, ok := d.index[k]; ok {
			d.vals[i] = v
			return
		}
		d.index[k] = len(d.keys)
	}
	d.keys = append(d.keys, k)
	d.vals = append(d.vals, v)
}

// get returns the value under the string key k.
func (d *pyDict) get(k string) (any, bool) {
	i, ok := d.index[k]
	if !ok {
		return nil, false
	}
	return d.vals[i], true
}

// allowedGlobals are the only globals a pickle may name; the value says what they are.
var allowedGlobals = map[string]string{
	"collections.OrderedDict":                    "dict",
	"torch._utils._rebuild_tensor_v2":            "tensor",
	"torch._utils._rebuild_parameter":            "parameter",
	"torch._utils._rebuild_parameter_with_state": "parameter",
	"torch.FloatStorage":                         "float32",
	"torch.HalfStorage":                          "float16",
	"torch.DoubleStorage":                        "float64",
	"torch.BFloat16Storage":                      "bfloat16",
	"torch.float32":                              "float32",
	"torch.float16":                              "float16",
	"torch.float64":                              "float64",
	"torch.bfloat16":                             "bfloat16",
}

// unpickler runs a pickle program on a byte slice.
type unpickler struct {
	data  []byte
	pos   int
	stack []any
	marks []int
	memo  map[uint32]any
}

// unpickle runs the restricted interpreter on data and returns the object STOP leaves.
// Errors give the byte offset of the offending opcode.
func unpickle(data []byte) (any, error) {
	u := &unpickler{data: data, memo: map[uint32]any{}}
	for {
		if u.pos >= len(u.data) {
			return nil, fmt.Errorf("pickle: truncated at byte %d (no STOP)", u.pos)
		}
		at := u.pos
		op := u.data[u.pos]
		u.pos++
		done, err := u.step(op)
		if err != nil {
			return nil, fmt.Errorf("pickle byte %d (opcode 0x%02x): %v", at, op, err)
		}
		if done {
			if len(u.stack) != 1 {
				return nil, fmt.Errorf("pickle byte %d: STOP with %d values on the stack", at, len(u.stack))
			}
			return u.stack[0], nil
		}
	}
}

// take returns the next n bytes.
func (u *unpickler) take(n int) ([]byte, error) {
	if n < 0 || n > len(u.data)-u.pos {
		return nil, fmt.Errorf("wants %d bytes, %d left", n, len(u.data)-u.pos)
	}
	b := u.data[u.pos : u.pos+n]
	u.pos += n
	return b, nil
}

// line reads up to a newline (GLOBAL's operands).
func (u *unpickler) line() (string, error) {
	i := strings.IndexByte(string(u.data[u.pos:min(len(u.data), u.pos+256)]), '\n') // names are short
	if i < 0 {
		return "", fmt.Errorf("unterminated name")
	}
	s := string(u.data[u.pos : u.pos+i])
	u.pos += i + 1
	return s, nil
}

func (u *unpickler) push(v any) { u.stack = append(u.stack, v) }

func (u *unpickler) pop() (any, error) {
	if len(u.stack) == 0 || len(u.marks) > 0 && len(u.stack) <= u.marks[len(u.marks)-1] {
		return nil, fmt.Errorf("stack underflow")
	}
	v := u.stack[len(u.stack)-1]
	u.stack = u.stack[:len(u.stack)-1]
	return v, nil
}

func (u *unpickler) top() (any, error) {
	if len(u.stack) == 0 || len(u.marks) > 0 && len(u.stack) <= u.marks[len(u.marks)-1] {
		return nil, fmt.Errorf("stack underflow")
	}
	return u.stack[len(u.stack)-1], nil
}

// popMark pops everything above the last MARK.
func (u *unpickler) popMark() ([]any, error) {
	if len(u.marks) == 0 {
		return nil, fmt.Errorf("no MARK")
	}
	m := u.marks[len(u.marks)-1]
	u.marks = u.marks[:len(u.marks)-1]
	items := append([]any(nil), u.stack[m:]...)
	u.stack = u.stack[:m]
	return items, nil
}

// step runs one opcode; done is true at STOP.
func (u *unpickler) step(op byte) (done bool, err error) {
	switch op {
	case opProto:
		b, err := u.take(1)
		if err != nil {
			return false, err
		}
		if b[0] > 5 {
			return false, fmt.Errorf("pickle protocol %d is not supported", b[0])
		}
	case opFrame:
		_, err = u.take(8) // frames only group opcodes for buffering
	case opStop:
		return true, nil
	case opMark:
		if len(u.marks) >= maxPickleDepth {
			return false, fmt.Errorf("MARKs nested deeper than %d", maxPickleDepth)
		}
		u.marks = append(u.marks, len(u.stack))
	case opNone:
		u.push(nil)
	case opNewTrue:
		u.push(true)
	case opNewFalse:
		u.push(false)
	case opBinInt:
		b, err := u.take(4)
		if err != nil {
			return false, err
		}
		u.push(int64(int32(binary.LittleEndian.Uint32(b))))
	case opBinInt1:
		b, err := u.take(1)
		if err != nil {
			return false, err
		}
		u.push(int64(b[0]))
	case opBinInt2:
		b, err := u.take(2)
		if err != nil {
			return false, err
		}
		u.push(int64(binary.LittleEndian.Uint16(b)))
	case opLong1:
		return false, u.long1()
	case opBinFloat:
		b, err := u.take(8)
		if err != nil {
			return false, err
		}
		u.push(math.Float64frombits(binary.BigEndian.Uint64(b)))
	case opBinUnicode, opBinString:
		return false, u.str(4)
	case opShortBinUni, opShortBinString:
		return false, u.str(1)
	case opBinUnicode8:
		return false, u.str(8)
	case opEmptyDict:
		u.push(newDict())
	case opEmptyList:
		u.push(&pyList{})
	case opEmptyTuple:
		u.push(pyTuple{})
	case opTuple:
		items, err := u.popMark()
		if err != nil {
			return false, err
		}
		u.push(pyTuple(items))
	case opTuple1, opTuple2, opTuple3:
		n := int(op-opTuple1) + 1
		t := make(pyTuple, n)
		for i := n - 1; i >= 0; i-- {
			if t[i], err = u.pop(); err != nil {
				return false, err
			}
		}
		u.push(t)
	case opBinPut, opLongBinPut, opMemoize:
		return false, u.put(op)
	case opBinGet, opLongBinGet:
		return false, u.get(op)
	case opAppend, opAppends:
		return false, u.appends(op)
	case opSetItem, opSetItems:
		return false, u.setItems(op)
	case opGlobal:
		mod, err := u.line()
		if err != nil {
			return false, err
		}
		name, err := u.line()
		if err != nil {
			return false, err
		}
		return false, u.global(mod, name)
	case opStackGlobal:
		name, err := u.pop()
		if err != nil {
			return false, err
		}
		mod, err := u.pop()
		if err != nil {
			return false, err
		}
		ms, ok1 := mod.(string)
		ns, ok2 := name.(string)
		if !ok1 || !ok2 {
			return false, fmt.Errorf("STACK_GLOBAL wants two strings")
		}
		return false, u.global(ms, ns)
	case opBinPersID:
		pid, err := u.pop()
		if err != nil {
			return false, err
		}
		s, err := persistentStorage(pid)
		if err != nil {
			return false, err
		}
		u.push(s)
	case opReduce:
		return false, u.reduce()
	case opBuild:
		return false, u.build()
	default:
		return false, fmt.Errorf("opcode %q is not allowed in a state dict", rune(op))
	}
	return false, err
}
