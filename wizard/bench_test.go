package wizard

import "testing"

// BenchmarkCheckName measures name validation with URL derivation over the
// table of cases, the work done on every keystroke in the name field.
func BenchmarkCheckName(b *testing.B) {
	for b.Loop() {
		for _, tc := range nameCases {
			if c := CheckName(tc.in); c.OK {
				_, _ = URLsFor(tc.in)
			}
		}
	}
}

// BenchmarkCompareURLs measures the paste-back check over its table.
func BenchmarkCompareURLs(b *testing.B) {
	acme, _ := URLsFor("acme")
	for b.Loop() {
		for _, tc := range pasteCases {
			CompareURLs(acme, tc.pasted)
		}
	}
}
