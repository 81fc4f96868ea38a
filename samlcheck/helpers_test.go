package samlcheck_test

import (
	"encoding/base64"
	"strings"
)

// decodeB64 decodes base64 that may be wrapped over lines.
func decodeB64(s string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
}
