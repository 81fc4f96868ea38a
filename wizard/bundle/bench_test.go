package bundle

import (
	"testing"
)

// BenchmarkBuild measures the bundle export from real Entra app metadata:
// the check, the summary, the e-mail, the calendar entry, the checksums and
// the zip.
func BenchmarkBuild(b *testing.B) {
	in := realInput(b)
	build(b, in)
	b.SetBytes(int64(len(in.Metadata)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures verify-bundle on that bundle: reading the zip,
// the checksums, checking the metadata again and comparing every entry.
func BenchmarkVerify(b *testing.B) {
	zip := build(b, realInput(b)).Zip
	if r := verifyBytes(zip, atCreated); !r.OK {
		b.Fatalf("the bundle does not verify: %+v", r.Problems)
	}
	b.SetBytes(int64(len(zip)))
	b.ReportAllocs()
	for b.Loop() {
		verifyBytes(zip, atCreated)
	}
}
