package bundle

import (
	"archive/zip"
	"path"
	"strings"
)

// A bundle that went through someone's desktop on its way to support is
// often zipped again: the Mac's Archive Utility adds __MACOSX/ and
// .DS_Store, Windows Explorer may add Thumbs.db, and every tool zips a
// folder as "folder/" plus "folder/<file>". None of that changes an entry,
// so Verify tolerates exactly these additions (and reports the bundle as
// re-packed); every listed entry must still be present and match
// SHA256SUMS, and any other extra entry still fails.

// isRepackJunk says whether name is something a desktop adds when it zips
// files: Apple's resource-fork folder, Finder's folder settings or
// Explorer's thumbnail cache. Such entries are never read.
func isRepackJunk(name string) bool {
	trimmed := strings.TrimSuffix(name, "/")
	for _, elem := range strings.Split(trimmed, "/") {
		if elem == "__MACOSX" {
			return true
		}
	}
	base := path.Base(trimmed)
	return base == ".DS_Store" || strings.EqualFold(base, "Thumbs.db")
}

// enclosingFolder returns "X/" when every entry of the archive, apart from
// re-packing junk and the folder itself, sits in the one folder X, as when
// someone unzipped a bundle into a folder and zipped the folder; "" when the
// entries are at the top, as Build writes them. Unsafe names are left to
// readEntries, which refuses them whatever the layout.
func enclosingFolder(files []*zip.File) string {
	prefix := ""
	for _, f := range files {
		name := f.Name
		if unsafeName(name) != "" || isRepackJunk(name) {
			continue
		}
		first, _, nested := strings.Cut(name, "/")
		if !nested {
			return "" // a file at the top
		}
		if prefix == "" {
			prefix = first + "/"
		} else if first+"/" != prefix {
			return "" // two folders: not one bundle re-zipped
		}
	}
	return prefix
}
