package wizard

import (
	"bytes"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// signedEntraMetadata is a freshly signed Entra app metadata document.
func signedEntraMetadata(t *testing.T) []byte {
	t.Helper()
	data, _ := samltest.NewEntraMetadata(t, samltest.Options{})
	return data
}

func replaceOnce(b []byte, old, new string) []byte {
	if !bytes.Contains(b, []byte(old)) {
		panic("test data does not contain " + old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}
