package mailhandler

import "golang.org/x/sys/windows/registry"

// Registered reports whether a program is set up for mailto: links: the
// user's choice under Default apps (a Store app such as Mail has no open
// command to look at, so the choice alone counts), or an open command
// registered for the scheme, the user's own first. (Windows merges the
// user's classes into HKEY_CLASSES_ROOT; Wine 8 does not, so both are read.)
// A false answer can be wrong; the window still offers to try.
func Registered() bool {
	if progID, ok := value(registry.CURRENT_USER, `Software\Microsoft\Windows\Shell\Associations\UrlAssociations\mailto\UserChoice`, "ProgId"); ok && progID != "" {
		return true
	}
	if cmd, ok := value(registry.CURRENT_USER, `Software\Classes\mailto\shell\open\command`, ""); ok && cmd != "" {
		return true
	}
	cmd, ok := value(registry.CLASSES_ROOT, `mailto\shell\open\command`, "")
	return ok && cmd != ""
}

// value reads a string value; ok is false when the key or value is missing.
func value(root registry.Key, path, name string) (string, bool) {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE)
	if err != nil {
		return "", false
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	if err != nil {
		return "", false
	}
	return v, true
}
