package samlcheck_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func TestNormalizeThumbprint(t *testing.T) {
	const want = "9B6A4331329E0D853B20BD364CD7131D3652942F"
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"portal", want, true},
		{"lower", strings.ToLower(want), true},
		{"spaces", "9b 6a 43 31 32 9e 0d 85 3b 20 bd 36 4c d7 13 1d 36 52 94 2f", true},
		{"colons-openssl", "9B:6A:43:31:32:9E:0D:85:3B:20:BD:36:4C:D7:13:1D:36:52:94:2F", true},
		{"windows-invisible-mark", "\u200e" + want, true},
		{"surrounding-space", "  " + want + "\t", true},
		{"too-short", want[:38], false},
		{"too-long", want + "00", false},
		{"not-hex", strings.Replace(want, "9", "g", 1), false},
		{"sha256-length", strings.Repeat("AB", 32), false},
		{"empty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := samlcheck.NormalizeThumbprint(tc.in)
			if tc.ok && (err != nil || got != want) {
				t.Errorf("got %q, %v", got, err)
			}
			if !tc.ok && !errors.Is(err, samlcheck.ErrBadThumbprint) {
				t.Errorf("got %q, err %v; want ErrBadThumbprint", got, err)
			}
		})
	}
}

func TestParseCertificate(t *testing.T) {
	m := samltest.New(t, samltest.Options{Now: fixedNow})
	der := m.CertDER
	b64 := base64.StdEncoding.EncodeToString(der)
	var wrapped strings.Builder
	for i := 0; i < len(b64); i += 64 {
		wrapped.WriteString(b64[i:min(i+64, len(b64))] + "\r\n")
	}
	pemText := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}})
	tests := []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"der", der, true},
		{"pem-portal-base64-download", pemText, true},
		{"pem-crlf", bytes.ReplaceAll(pemText, []byte("\n"), []byte("\r\n")), true},
		{"pem-with-bom", append([]byte{0xEF, 0xBB, 0xBF}, pemText...), true},
		{"pem-after-openssl-text", append([]byte("subject=CN = Microsoft Azure Federated SSO Certificate\n"), pemText...), true},
		{"key-then-certificate", append(append([]byte{}, keyPEM...), pemText...), true},
		{"bare-base64", []byte(b64), true},
		{"bare-base64-wrapped", []byte(wrapped.String()), true},
		{"negative-serial-der", negativeSerial(t, der), true},
		{"private-key-only", keyPEM, false},
		{"metadata", m.XML, false},
		{"truncated-der", der[:len(der)/2], false},
		{"empty", nil, false},
		{"text", []byte("hello"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := samlcheck.ParseCertificate(tc.in)
			if !tc.ok {
				if !errors.Is(err, samlcheck.ErrNotCertificate) {
					t.Errorf("err = %v, want ErrNotCertificate", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := der
			if tc.name == "negative-serial-der" {
				want = tc.in
			}
			if !bytes.Equal(got, want) {
				t.Error("DER differs")
			}
		})
	}
}
