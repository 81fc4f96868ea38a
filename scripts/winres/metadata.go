package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pymetrics/sso-assistant/wizard"
)

// metadata is what the resources need from FyneApp.toml's [Details].
type metadata struct {
	Name, ID, Version, Icon string
	Build                   int
	// DisplayVersion is wizard.AppVersion's reading of the same file: the
	// string `pymetrics-sso version` and the About dialog show.
	DisplayVersion string
	// FileVersion is Version and Build as the four numbers Windows keeps.
	FileVersion [4]uint16
}

// loadMetadata reads the [Details] keys the resources need. It reads the
// simple key = value lines FyneApp.toml uses rather than bringing a TOML
// parser into the module; wizard.AppVersion reads the version the same way.
func loadMetadata(path string) (metadata, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return metadata{}, err
	}
	var m metadata
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || section != "Details" {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if key == "Build" {
			if m.Build, err = strconv.Atoi(val); err != nil {
				return m, fmt.Errorf("%s: Build = %s is not a number", path, val)
			}
			continue
		}
		s, err := strconv.Unquote(val)
		if err != nil {
			continue // not a string; none of the keys below
		}
		switch key {
		case "Name":
			m.Name = s
		case "ID":
			m.ID = s
		case "Version":
			m.Version = s
		case "Icon":
			m.Icon = filepath.Join(filepath.Dir(path), filepath.FromSlash(s))
		}
	}
	if m.Name == "" || m.ID == "" || m.Version == "" || m.Icon == "" {
		return m, fmt.Errorf("%s: [Details] needs Name, ID, Version and Icon", path)
	}
	if m.Build < 1 {
		return m, fmt.Errorf("%s: [Details] Build must be 1 or more", path)
	}
	if m.FileVersion, err = fileVersion(m.Version, m.Build); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	m.DisplayVersion = wizard.AppVersion(data)
	return m, nil
}

// errVersion says what a Version Windows can record looks like.
var errVersion = errors.New("winres: Version must look like 1, 1.2 or 1.2.3, optionally followed by -suffix or +suffix")

// fileVersion turns "1.2.3" and build 4 into 1,2,3,4; a pre-release or
// build suffix ("1.2.3-beta.1") is dropped because Windows keeps numbers only.
func fileVersion(version string, build int) ([4]uint16, error) {
	var v [4]uint16
	core, _, _ := strings.Cut(version, "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) > 3 {
		return v, errVersion
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return v, errVersion
		}
		v[i] = uint16(n)
	}
	if build > 0xffff {
		return v, fmt.Errorf("winres: Build %d does not fit the 16 bits Windows keeps", build)
	}
	v[3] = uint16(build)
	return v, nil
}
