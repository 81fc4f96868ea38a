package main

import (
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf16"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

// peInfo is what check reads back from a built executable.
type peInfo struct {
	PE32Plus     bool
	Machine      uint16
	Subsystem    uint16
	Icons        int      // RT_ICON images
	IconGroups   []string // RT_GROUP_ICON names or IDs
	IconSizes    []int    // sizes listed by the first icon group
	Manifest     string
	FixedVersion [4]uint16
	Strings      map[string]string // StringFileInfo of the first string table
	Signed       bool              // has an Authenticode certificate table
}

func (i *peInfo) WriteText(w io.Writer) {
	kind := "PE32"
	if i.PE32Plus {
		kind = "PE32+"
	}
	subsystem := fmt.Sprint(i.Subsystem)
	switch i.Subsystem {
	case pe.IMAGE_SUBSYSTEM_WINDOWS_GUI:
		subsystem = "Windows GUI"
	case pe.IMAGE_SUBSYSTEM_WINDOWS_CUI:
		subsystem = "Windows console"
	}
	fmt.Fprintf(w, "format:         %s, machine 0x%x, subsystem %s\n", kind, i.Machine, subsystem)
	fmt.Fprintf(w, "icon:           group %s, %d images, sizes %v\n", strings.Join(i.IconGroups, ","), i.Icons, i.IconSizes)
	fmt.Fprintf(w, "manifest:       %d bytes, asInvoker %v\n", len(i.Manifest), strings.Contains(i.Manifest, `level="asInvoker"`))
	fmt.Fprintf(w, "file version:   %d.%d.%d.%d\n", i.FixedVersion[0], i.FixedVersion[1], i.FixedVersion[2], i.FixedVersion[3])
	keys := make([]string, 0, len(i.Strings))
	for k := range i.Strings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-16s %s\n", k+":", i.Strings[k])
	}
	fmt.Fprintf(w, "signature:      %v\n", i.Signed)
}

// Problems lists what makes the executable unfit to ship; wantVersion, when
// set, is the display version both version strings must equal.
func (i *peInfo) Problems(wantVersion string) []string {
	var p []string
	if !i.PE32Plus || i.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		p = append(p, "not a PE32+ executable for amd64")
	}
	if i.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		p = append(p, fmt.Sprintf("subsystem %d, want %d (GUI): double-clicking would open a console window", i.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI))
	}
	if len(i.IconGroups) == 0 || i.Icons == 0 {
		p = append(p, "no icon resource")
	} else if !containsInt(i.IconSizes, 256) || !containsInt(i.IconSizes, 16) {
		p = append(p, fmt.Sprintf("icon sizes %v lack 16 or 256", i.IconSizes))
	}
	if !strings.Contains(i.Manifest, `level="asInvoker"`) {
		p = append(p, "no manifest asking to run as invoker")
	}
	if i.FixedVersion == [4]uint16{} {
		p = append(p, "no version resource")
	}
	for _, k := range []string{"FileDescription", "ProductName", "OriginalFilename", "CompanyName", "FileVersion", "ProductVersion"} {
		if i.Strings[k] == "" {
			p = append(p, "version resource lacks "+k)
		}
	}
	if wantVersion != "" {
		for _, k := range []string{"FileVersion", "ProductVersion"} {
			if got := i.Strings[k]; got != wantVersion {
				p = append(p, fmt.Sprintf("%s is %q, want %q", k, got, wantVersion))
			}
		}
	}
	return p
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

var errNoResources = errors.New("winres: the executable has no resource section")

func inspect(path string) (*peInfo, error) {
	f, err := pe.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info := &peInfo{Machine: f.Machine, Strings: map[string]string{}}
	var dirs [16]pe.DataDirectory
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		info.PE32Plus, info.Subsystem, dirs = true, oh.Subsystem, oh.DataDirectory
	case *pe.OptionalHeader32:
		info.Subsystem, dirs = oh.Subsystem, oh.DataDirectory
	default:
		return nil, fmt.Errorf("winres: %s has no optional header", path)
	}
	info.Signed = dirs[pe.IMAGE_DIRECTORY_ENTRY_SECURITY].Size > 0
	rsrcDir := dirs[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE]
	if rsrcDir.Size == 0 {
		return info, errNoResources
	}
	var sec *pe.Section
	for _, s := range f.Sections {
		if rsrcDir.VirtualAddress >= s.VirtualAddress && rsrcDir.VirtualAddress < s.VirtualAddress+s.VirtualSize {
			sec = s
		}
	}
	if sec == nil {
		return info, errNoResources
	}
	data, err := sec.Data()
	if err != nil {
		return nil, err
	}
	if int(rsrcDir.VirtualAddress-sec.VirtualAddress) >= len(data) {
		return nil, errCorrupt
	}
	r := resources{data: data[rsrcDir.VirtualAddress-sec.VirtualAddress:], base: rsrcDir.VirtualAddress, sec: data, secRVA: sec.VirtualAddress}
	leaves, err := r.walk()
	if err != nil {
		return nil, err
	}
	for _, l := range leaves {
		switch l.typ {
		case rtIcon:
			info.Icons++
		case rtGroupIcon:
			info.IconGroups = append(info.IconGroups, l.name)
			if len(info.IconGroups) == 1 {
				info.IconSizes = groupIconSizes(l.data)
			}
		case rtManifest:
			info.Manifest = string(l.data)
		case rtVersion:
			if err := readVersion(l.data, info); err != nil {
				return nil, err
			}
		}
	}
	return info, nil
}

// resources walks a resource tree (type / name / language, PE format
// specification, ".rsrc Section"). Offsets inside the tree are relative to
// its start; data entries hold RVAs.
type resources struct {
	data   []byte // from the start of the tree
	base   uint32 // the tree's RVA
	sec    []byte // the whole section holding it
	secRVA uint32
}

type leaf struct {
	typ  uint32
	name string
	data []byte
}

var errCorrupt = errors.New("winres: corrupt resource section")

func (r resources) walk() ([]leaf, error) {
	var out []leaf
	types, err := r.dir(0)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		if !t.isDir || t.named {
			continue // named types are not ones this check looks for
		}
		names, err := r.dir(t.offset)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if !n.isDir {
				return nil, errCorrupt
			}
			langs, err := r.dir(n.offset)
			if err != nil {
				return nil, err
			}
			for _, l := range langs {
				if l.isDir || int(l.offset)+16 > len(r.data) {
					return nil, errCorrupt
				}
				rva := binary.LittleEndian.Uint32(r.data[l.offset:])
				size := binary.LittleEndian.Uint32(r.data[l.offset+4:])
				if rva < r.secRVA || uint64(rva-r.secRVA)+uint64(size) > uint64(len(r.sec)) {
					return nil, errCorrupt
				}
				out = append(out, leaf{typ: t.id, name: n.label, data: r.sec[rva-r.secRVA : rva-r.secRVA+size]})
			}
		}
	}
	return out, nil
}

type entry struct {
	id           uint32
	named, isDir bool
	label        string
	offset       uint32
}

func (r resources) dir(off uint32) ([]entry, error) {
	le := binary.LittleEndian
	if int(off)+16 > len(r.data) {
		return nil, errCorrupt
	}
	n := int(le.Uint16(r.data[off+12:])) + int(le.Uint16(r.data[off+14:]))
	var out []entry
	for i := 0; i < n; i++ {
		p := int(off) + 16 + 8*i
		if p+8 > len(r.data) {
			return nil, errCorrupt
		}
		name, target := le.Uint32(r.data[p:]), le.Uint32(r.data[p+4:])
		e := entry{id: name, isDir: target&0x80000000 != 0, offset: target &^ 0x80000000, label: fmt.Sprint(name)}
		if name&0x80000000 != 0 {
			e.named = true
			s := int(name &^ 0x80000000)
			if s+2 > len(r.data) {
				return nil, errCorrupt
			}
			l := int(le.Uint16(r.data[s:]))
			if s+2+2*l > len(r.data) {
				return nil, errCorrupt
			}
			e.label = decodeUTF16(r.data[s+2 : s+2+2*l])
		}
		out = append(out, e)
	}
	return out, nil
}

// groupIconSizes reads the sizes a GRPICONDIR lists (0 meaning 256).
func groupIconSizes(b []byte) []int {
	if len(b) < 6 {
		return nil
	}
	var sizes []int
	n := int(binary.LittleEndian.Uint16(b[4:]))
	for i := 0; i < n && 6+14*i+14 <= len(b); i++ {
		w := int(b[6+14*i])
		if w == 0 {
			w = 256
		}
		sizes = append(sizes, w)
	}
	return sizes
}

// readVersion reads a VS_VERSIONINFO: the fixed file version and the strings
// of the first string table.
func readVersion(b []byte, info *peInfo) error {
	root, err := parseVersionNode(b)
	if err != nil {
		return err
	}
	if len(root.value) >= 16 && binary.LittleEndian.Uint32(root.value) == 0xFEEF04BD {
		ms, ls := binary.LittleEndian.Uint32(root.value[8:]), binary.LittleEndian.Uint32(root.value[12:])
		info.FixedVersion = [4]uint16{uint16(ms >> 16), uint16(ms), uint16(ls >> 16), uint16(ls)}
	}
	for _, c := range root.children {
		if c.key != "StringFileInfo" || len(c.children) == 0 {
			continue
		}
		for _, s := range c.children[0].children {
			info.Strings[s.key] = strings.TrimRight(decodeUTF16(s.value), "\x00")
		}
	}
	return nil
}

type versionNode struct {
	key      string
	value    []byte
	children []versionNode
}

// parseVersionNode reads one node of a version resource: length, value
// length (in words for text values), type, a NUL-terminated UTF-16 key, the
// value and the children, each aligned to 32 bits.
func parseVersionNode(b []byte) (versionNode, error) {
	le := binary.LittleEndian
	var n versionNode
	if len(b) < 6 {
		return n, errCorrupt
	}
	length, valueLen, typ := int(le.Uint16(b)), int(le.Uint16(b[2:])), le.Uint16(b[4:])
	if length < 6 || length > len(b) {
		return n, errCorrupt
	}
	b = b[:length]
	p := 6
	for p+1 < len(b) && (b[p] != 0 || b[p+1] != 0) {
		p += 2
	}
	n.key = decodeUTF16(b[6:p])
	p = align4(p + 2)
	if typ == 1 {
		valueLen *= 2
	}
	if p+valueLen > len(b) {
		return n, errCorrupt
	}
	n.value = b[p : p+valueLen]
	p = align4(p + valueLen)
	for p+6 <= len(b) {
		c, err := parseVersionNode(b[p:])
		if err != nil {
			return n, err
		}
		n.children = append(n.children, c)
		p = align4(p + int(le.Uint16(b[p:])))
	}
	return n, nil
}

func align4(n int) int { return (n + 3) &^ 3 }

func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}
