package sentence

import "testing"

func TestLowerFirst(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"sentence", "Download the file.", "download the file."},
		{"acronym", "SAML metadata", "SAML metadata"},
		{"two-letter acronym", "AD FS metadata", "AD FS metadata"},
		{"already lower", "open it", "open it"},
		{"one letter", "A", "A"},
		{"empty", "", ""},
		{"non-ASCII first letter", "Éditer", "Éditer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := LowerFirst(tc.in); got != tc.want {
				t.Errorf("LowerFirst(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
