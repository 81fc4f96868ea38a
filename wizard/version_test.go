package wizard

import "testing"

func TestAppVersion(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"version and build", "Website = \"https://www.pymetrics.com\"\n\n[Details]\n  Icon = \"assets/icon.png\"\n  Name = \"pymetrics SSO Assistant\"\n  ID = \"com.pymetrics.ssoassistant\"\n  Version = \"1.2.3\"\n  Build = 7\n", "1.2.3 (build 7)"},
		{"version only", "[Details]\nVersion = \"0.9.0\"\n", "0.9.0"},
		{"build zero", "[Details]\nVersion = \"0.9.0\"\nBuild = 0\n", "0.9.0"},
		{"comment after value", "[Details]\nVersion = \"2.0.0\" # released\n", "2.0.0"},
		{"version outside Details ignored", "Version = \"9.9.9\"\n[Details]\nName = \"x\"\n", DevVersion},
		{"other section after Details", "[Details]\nVersion = \"1.0.0\"\n[Development]\nVersion = \"5\"\n", "1.0.0"},
		{"empty", "", DevVersion},
		{"unquoted", "[Details]\nVersion = 1.0\n", DevVersion},
	}
	for _, tc := range tests {
		if got := AppVersion([]byte(tc.toml)); got != tc.want {
			t.Errorf("%s: AppVersion = %q, want %q", tc.name, got, tc.want)
		}
	}
}
