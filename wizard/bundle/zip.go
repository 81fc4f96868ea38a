package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sort"
	"time"
)

// writeZip writes entries sorted by name, stored (not compressed), each with
// the given time and mode 0644, sizes and CRC in the local headers (no data
// descriptors, which some streaming readers refuse for stored entries).
// Nothing in the output depends on the machine, the clock or the Go release's
// compressor.
func writeZip(entries map[string][]byte, modified time.Time) ([]byte, error) {
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Strings(names)
	date, clock := msDosTime(modified)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		data := entries[name]
		h := &zip.FileHeader{
			Name:   name,
			Method: zip.Store,
			//lint:ignore SA1019 CreateRaw, which writes sizes up front, reads only the MS-DOS fields
			ModifiedDate: date,
			//lint:ignore SA1019 as above
			ModifiedTime:       clock,
			Extra:              extTime(modified),
			CRC32:              crc32.ChecksumIEEE(data),
			CompressedSize64:   uint64(len(data)),
			UncompressedSize64: uint64(len(data)),
		}
		h.SetMode(0o644)
		// CreateRaw leaves the versions as given: "made by Unix, zip 2.0",
		// "needs zip 2.0", as CreateHeader writes them.
		h.CreatorVersion = h.CreatorVersion&0xff00 | 20
		h.ReaderVersion = 20
		w, err := zw.CreateRaw(h)
		if err != nil {
			return nil, fmt.Errorf("bundle: zip %s: %w", name, err)
		}
		if _, err := w.Write(data); err != nil {
			return nil, fmt.Errorf("bundle: zip %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("bundle: zip: %w", err)
	}
	return buf.Bytes(), nil
}

// extTime is the "extended timestamp" extra field (0x5455, Info-ZIP) with
// the modification time in Unix seconds, which unzip tools prefer to the
// zone-less MS-DOS fields; CreateHeader writes the same.
func extTime(t time.Time) []byte {
	b := make([]byte, 9)
	binary.LittleEndian.PutUint16(b[0:], 0x5455)
	binary.LittleEndian.PutUint16(b[2:], 5)
	b[4] = 1 // modification time present
	binary.LittleEndian.PutUint32(b[5:], uint32(t.Unix()))
	return b
}

// msDosTime encodes t (in UTC) as MS-DOS date and time fields, clamped to the
// format's range 1980-2107, at two-second resolution.
func msDosTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	switch {
	case t.Year() < 1980:
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	case t.Year() > 2107:
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}
