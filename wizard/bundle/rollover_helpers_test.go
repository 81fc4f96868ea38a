package bundle

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// A renewal story told with keys made for the test. Certificate A is the
// one onboarding trusted; B is created in 2028 to replace it; C replaces B
// in 2031; D belongs to nobody support knows.
var (
	rollOnboarded = time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)
	rollFirst     = time.Date(2028, 4, 1, 9, 0, 0, 0, time.UTC)
	rollSecond    = time.Date(2031, 1, 15, 9, 0, 0, 0, time.UTC)
)

type testCert struct {
	key *rsa.PrivateKey
	der []byte
	tp  string
}

type rollCerts struct{ A, B, C, D testCert }

var (
	rollOnce sync.Once
	rollSet  rollCerts
	rollErr  error
)

// rollKeys makes the four certificates once per test process: RSA key
// generation dominates these tests' time.
func rollKeys(tb testing.TB) rollCerts {
	tb.Helper()
	rollOnce.Do(func() {
		mk := func(notBefore time.Time) testCert {
			if rollErr != nil {
				return testCert{}
			}
			key, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				rollErr = err
				return testCert{}
			}
			der, err := samltest.NewCertificate(key, samltest.CertOptions{NotBefore: notBefore, NotAfter: notBefore.AddDate(3, 0, 0)})
			if err != nil {
				rollErr = err
			}
			return testCert{key: key, der: der, tp: samltest.Thumbprint(der)}
		}
		rollSet = rollCerts{
			A: mk(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)),
			B: mk(time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC)),
			C: mk(time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)),
			D: mk(time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC)),
		}
	})
	if rollErr != nil {
		tb.Fatal(rollErr)
	}
	return rollSet
}

// signedBy is Entra app metadata for tenant (default samltest's) listing
// certs as signing certificates, signed by signer. The root ID is fixed, so
// the same inputs give the same bytes.
func signedBy(tb testing.TB, tenant string, signer testCert, certs ...testCert) []byte {
	tb.Helper()
	var ders [][]byte
	for _, c := range certs {
		ders = append(ders, c.der)
	}
	unsigned, err := samltest.UnsignedXML(samltest.Options{TenantID: tenant}, "_"+signer.tp[:8]+"-rollover-test", ders...)
	if err != nil {
		tb.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromString(unsigned); err != nil {
		tb.Fatal(err)
	}
	signed, err := samltest.Sign(doc.Root(), signer.key, signer.der, 0)
	if err != nil {
		tb.Fatal(err)
	}
	out := etree.NewDocument()
	out.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	out.CreateText("\n")
	out.SetRoot(signed)
	var buf bytes.Buffer
	if _, err := out.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// onboardingWith is an onboarding bundle for acme made from metadata.
func onboardingWith(tb testing.TB, metadata []byte, created time.Time) []byte {
	tb.Helper()
	return build(tb, Input{URLs: urlsFor(tb, "acme"), Metadata: metadata, Created: created, ToolVersion: "test"}).Zip
}

// rollStory is the chain of bundles the tests start from.
type rollStory struct {
	certs      rollCerts
	onboarding []byte // signed by A, listing A
	first      []byte // rollover: signed by A, listing A and B
	second     []byte // rollover from first: signed by B, listing B and C
}

func newRollStory(tb testing.TB) rollStory {
	tb.Helper()
	c := rollKeys(tb)
	s := rollStory{certs: c}
	s.onboarding = onboardingWith(tb, signedBy(tb, "", c.A, c.A), rollOnboarded)
	s.first = buildRoll(tb, RolloverInput{Previous: s.onboarding, PreviousName: "pymetrics-sso-acme-20260115.zip",
		Metadata: signedBy(tb, "", c.A, c.A, c.B), Created: rollFirst, ToolVersion: "test"}).Zip
	s.second = buildRoll(tb, RolloverInput{Previous: s.first, PreviousName: "pymetrics-sso-acme-rollover-20280401.zip",
		Metadata: signedBy(tb, "", c.B, c.B, c.C), Created: rollSecond, ToolVersion: "test"}).Zip
	return s
}

func buildRoll(tb testing.TB, in RolloverInput) *RolloverBundle {
	tb.Helper()
	b, err := BuildRollover(in)
	if err != nil {
		tb.Fatalf("BuildRollover: %v", err)
	}
	return b
}
