package wizard

import (
	"bytes"
	"testing"
	"time"
)

// TestSetPreparedKeepsBytesAndHash: a file prepared away from the UI lands
// in the session exactly as SetMetadata would put it there.
func TestSetPreparedKeepsBytesAndHash(t *testing.T) {
	data := []byte("<EntityDescriptor/>\r\n")
	p := PrepareMetadata("FederationMetadata.xml", data, nil)
	data[0] = 'X' // the caller's buffer changing later must not reach the session
	w := New(NewMemoryStore(), NewSession(), Options{Now: func() time.Time { return time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) }})
	w.SetPrepared(p)
	m := w.Metadata()
	if m == nil {
		t.Fatal("no metadata")
	}
	want := []byte("<EntityDescriptor/>\r\n")
	if !bytes.Equal(m.Data, want) || m.SHA256 != sha256Hex(want) || m.Name != "FederationMetadata.xml" {
		t.Errorf("got %q %s %s", m.Data, m.SHA256, m.Name)
	}
	w.SetPrepared(PreparedMetadata{}) // the zero value changes nothing
	if w.Metadata() == nil {
		t.Error("an empty PreparedMetadata cleared the file")
	}
}
