package samlcheck

import (
	"bytes"
	"regexp"
)

// htmlStart matches what browsers save ("Save page as") and what sign-in or
// error pages start with, after an optional XML declaration or comments.
var htmlStart = regexp.MustCompile(`(?is)^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>]|script[\s>]|title[\s>])`)

// looksHTML reports whether text is a web page rather than XML metadata.
func looksHTML(text []byte) bool {
	head := text
	if len(head) > 4096 {
		head = head[:4096]
	}
	return htmlStart.Match(head)
}

// startsLikeXML reports whether the first non-blank character opens markup.
func startsLikeXML(text []byte) bool {
	t := bytes.TrimLeft(text, " \t\r\n")
	return len(t) > 0 && t[0] == '<'
}

// isBlank reports whether data holds nothing but whitespace (and a BOM).
func isBlank(data []byte) bool {
	return len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0
}
