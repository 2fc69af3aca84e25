package csp

// The unpickler's opcode handlers and the restricted globals (pickle.go holds the machine).

import (
	"encoding/binary"
	"fmt"
)

// long1 pushes a LONG1 integer: little-endian two's complement of at most 8 bytes (longer ones are refused).
func (u *unpickler) long1() error {
	b, err := u.take(1)
	if err != nil {
		return err
	}
	n := int(b[0])
	if n > 8 {
		return fmt.Errorf("LONG1 of %d bytes is too large", n)
	}
	v, err := u.take(n)
	if err != nil {
		return err
	}
	var x uint64
	for i := n - 1; i >= 0; i-- {
		x = x<<8 | uint64(v[i])
	}
	if n > 0 && n < 8 && v[n-1]&0x80 != 0 { // sign-extend two's complement
		x |= ^uint64(0) << (8 * n)
	}
	u.push(int64(x))
	return nil
}

// str reads a length-prefixed string with a width-byte little-endian length.
func (u *unpickler) str(width int) error {
	b, err := u.take(width)
	if err != nil {
		return err
	}
	var n uint64
	for i := width - 1; i >= 0; i-- {
		n = n<<8 | uint64(b[i])
	}
	if n > uint64(len(u.data)-u.pos) {
		return fmt.Errorf("string of %d bytes, %d left", n, len(u.data)-u.pos)
	}
	s, _ := u.take(int(n))
	u.push(string(s))
	return nil
}

func (u *unpickler) put(op byte) error {
	var idx uint32
	switch op {
	case opBinPut:
		b, err := u.take(1)
		if err != nil {
			return err
		}
		idx = uint32(b[0])
	case opLongBinPut:
		b, err := u.take(4)
		if err != nil {
			return err
		}
		idx = binary.LittleEndian.Uint32(b)
	default:
		idx = uint32(len(u.memo))
	}
	v, err := u.top()
	if err != nil {
		return err
	}
	u.memo[idx] = v
	return nil
}

func (u *unpickler) get(op byte) error {
	var idx uint32
	if op == opBinGet {
		b, err := u.take(1)
		if err != nil {
			return err
		}
		idx = uint32(b[0])
	} else {
		b, err := u.take(4)
		if err != nil {
			return err
		}
		idx = binary.LittleEndian.Uint32(b)
	}
	v, ok := u.memo[idx]
	if !ok {
		return fmt.Errorf("memo %d is empty", idx)
	}
	u.push(v)
	return nil
}

func (u *unpickler) appends(op byte) error {
	var items []any
	if op == opAppend {
		v, err := u.pop()
		if err != nil {
			return err
		}
		items = []any{v}
	} else {
		var err error
		if items, err = u.popMark(); err != nil {
			return err
		}
	}
	t, err := u.top()
	if err != nil {
		return err
	}
	l, ok := t.(*pyList)
	if !ok {
		return fmt.Errorf("APPEND to a %s", typeName(t))
	}
	l.items = append(l.items, items...)
	return nil
}

func (u *unpickler) setItems(op byte) error {
	var items []any
	if op == opSetItem {
		v, err := u.pop()
		if err != nil {
			return err
		}
		k, err := u.pop()
		if err != nil {
			return err
		}
		items = []any{k, v}
	} else {
		var err error
		if items, err = u.popMark(); err != nil {
			return err
		}
		if len(items)%2 != 0 {
			return fmt.Errorf("SETITEMS with an odd number of items")
		}
	}
	t, err := u.top()
	if err != nil {
		return err
	}
	d, ok := t.(*pyDict)
	if !ok {
		return fmt.Errorf("SETITEM on a %s", typeName(t))
	}
	for i := 0; i < len(items); i += 2 {
		d.set(items[i], items[i+1])
	}
	return nil
}

// global pushes an allowlisted global, refusing any other.
func (u *unpickler) global(mod, name string) error {
	full := mod + "." + name
	if _, ok := allowedGlobals[full]; !ok {
		return fmt.Errorf("refusing global %s: only state dicts of tensors are read (was the whole model pickled? save model.state_dict())", full)
	}
	u.push(pyGlobal{mod, name})
	return nil
}

// reduce applies an allowlisted callable to its argument tuple.
func (u *unpickler) reduce() error {
	a, err := u.pop()
	if err != nil {
		return err
	}
	f, err := u.pop()
	if err != nil {
		return err
	}
	args, ok := a.(pyTuple)
	if !ok {
		return fmt.Errorf("REDUCE arguments are a %s, not a tuple", typeName(a))
	}
	g, ok := f.(pyGlobal)
	if !ok {
		return fmt.Errorf("REDUCE calls a %s", typeName(f))
	}
	var v any
	switch allowedGlobals[g.module+"."+g.name] {
	case "dict":
		if len(args) != 0 {
			return fmt.Errorf("OrderedDict with %d arguments", len(args))
		}
		v = newDict()
	case "tensor":
		v, err = rebuildTensor(args)
	case "parameter":
		if len(args) < 1 {
			return fmt.Errorf("_rebuild_parameter without data")
		}
		if _, ok := args[0].(*torchTensor); !ok {
			return fmt.Errorf("_rebuild_parameter of a %s", typeName(args[0]))
		}
		v = args[0]
	default:
		return fmt.Errorf("%s.%s is not callable here", g.module, g.name)
	}
	if err != nil {
		return err
	}
	u.push(v)
	return nil
}

// build accepts BUILD only where torch emits it: state (such as _metadata) set on an
// OrderedDict or a tensor, which the reader has no use for.
func (u *unpickler) build() error {
	st, err := u.pop()
	if err != nil {
		return err
	}
	t, err := u.top()
	if err != nil {
		return err
	}
	switch t.(type) {
	case *pyDict, *torchTensor:
	default:
		return fmt.Errorf("BUILD on a %s", typeName(t))
	}
	switch st.(type) {
	case *pyDict, pyTuple, nil:
		return nil
	}
	return fmt.Errorf("BUILD with a %s state", typeName(st))
}

// typeName names a pickled value's kind for error messages.
func typeName(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "string"
	case pyTuple:
		return "tuple"
	case *pyList:
		return "list"
	case *pyDict:
		return "dict"
	case pyGlobal:
		return v.module + "." + v.name
	case *torchStorage:
		return "storage"
	case *torchTensor:
		return "tensor"
	}
	return fmt.Sprintf("%T", v)
}
