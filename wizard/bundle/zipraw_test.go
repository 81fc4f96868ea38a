package bundle

import (
	"archive/zip"
	"compress/flate"
	"hash/crc32"
	"io"
	"testing"
)

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func compressor(tb testing.TB, w io.Writer, method uint16) io.WriteCloser {
	tb.Helper()
	if method == zip.Deflate {
		fw, err := flate.NewWriter(w, flate.BestSpeed)
		if err != nil {
			tb.Fatal(err)
		}
		return fw
	}
	return nopCloser{w}
}

func crc(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
