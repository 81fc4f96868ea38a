package wizard

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// DevVersion is reported when the packaging file holds no version.
const DevVersion = "0.0.0-dev"

// AppVersion reads the version from the packaging file FyneApp.toml (its
// [Details] Version, with " (build N)" when Build is set), so the window,
// the command line and the onboarding bundle report one version written in
// one place. It reads only the two keys it needs rather than bringing in a
// TOML parser.
func AppVersion(fyneAppTOML []byte) string {
	var version, build string
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(fyneAppTOML))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || section != "Details" {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if strings.HasPrefix(val, `"`) {
			// a basic string; anything after its closing quote is a comment
			if j := strings.IndexByte(val[1:], '"'); j >= 0 {
				val = val[:j+2]
			}
		} else if i := strings.IndexByte(val, '#'); i >= 0 {
			val = strings.TrimSpace(val[:i])
		}
		switch key {
		case "Version":
			if v, err := strconv.Unquote(val); err == nil {
				version = v
			}
		case "Build":
			if n, err := strconv.Atoi(val); err == nil && n > 0 {
				build = val
			}
		}
	}
	if version == "" {
		return DevVersion
	}
	if build != "" {
		return version + " (build " + build + ")"
	}
	return version
}
