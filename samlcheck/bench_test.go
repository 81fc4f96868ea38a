package samlcheck_test

import (
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func BenchmarkCheck(b *testing.B) {
	m := samltest.New(b, samltest.Options{Now: fixedNow})
	inputs := []struct {
		name string
		data []byte
	}{
		{"generated-entra-app", m.XML},
		{"real-entra-app", readReal(b, "entra-app-2025-esecdj.xml")},
		{"real-adfs", readReal(b, "adfs-adani-2022.xml")},
		{"aggregate-2.4MB", readReal(b, "aggregate-switchaai-test-2014-pysaml2.xml")},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				samlcheck.Check(in.data, samlcheck.Options{Now: fixedNow})
			}
		})
	}
}
