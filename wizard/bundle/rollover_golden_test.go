package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/samlcheck"
)

// The golden renewal story: three metadata files signed with keys made for
// the test (testdata/rollover; the keys are gone, the files are not), an
// onboarding bundle from the first and a chain of two rollover bundles.
// The files are generated only when missing and -update is given, so the
// golden bundles stay byte-identical between runs.
var rolloverFixtureNames = []string{"onboarding.xml", "rollover-1.xml", "rollover-2.xml"}

func rolloverFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	dir := filepath.Join("testdata", "rollover")
	out := map[string][]byte{}
	for _, name := range rolloverFixtureNames {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) && golden.Update() {
			c := rollKeys(t)
			golden.Write(t, filepath.Join(dir, "onboarding.xml"), signedBy(t, "", c.A, c.A))
			golden.Write(t, filepath.Join(dir, "rollover-1.xml"), signedBy(t, "", c.A, c.A, c.B))
			golden.Write(t, filepath.Join(dir, "rollover-2.xml"), signedBy(t, "", c.B, c.B, c.C))
			return rolloverFixtures(t)
		}
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		out[name] = data
	}
	return out
}

// goldenChain builds the onboarding bundle and both rollover bundles from
// the fixtures.
func goldenChain(t testing.TB) (onboarding []byte, first, second *RolloverBundle) {
	t.Helper()
	fx := rolloverFixtures(t)
	onboarding = onboardingWith(t, fx["onboarding.xml"], rollOnboarded)
	first = buildRoll(t, RolloverInput{
		Previous: onboarding, PreviousName: "pymetrics-sso-acme-20260115.zip",
		Metadata: fx["rollover-1.xml"], MetadataName: "FederationMetadata (1).xml",
		Created: rollFirst, ToolVersion: "1.3.0",
	})
	second = buildRoll(t, RolloverInput{
		Previous: first.Zip, PreviousName: first.FileName,
		Metadata: fx["rollover-2.xml"], MetadataName: "FederationMetadata.xml",
		Source: &MetadataSource{
			URL:       "https://login.microsoftonline.com/" + "0b5f2c3e-7d41-4a8e-9c6b-2f1d8e4a7b90" + "/federationmetadata/2007-06/federationmetadata.xml?appid=6f1c2b4e-8a9d-4c3b-b2e1-7d5a9c8f0e12",
			FetchedAt: rollSecond.Add(-5 * 60e9),
		},
		Thumbprints: nil, Created: rollSecond, ToolVersion: "1.4.0",
	})
	return onboarding, first, second
}

// TestRolloverGolden keeps both rollover bundles, their entries, and
// verify-bundle's text for each alone and with --previous, in
// testdata/golden-rollover/<name>/.
func TestRolloverGolden(t *testing.T) {
	onboarding, first, second := goldenChain(t)
	for _, tc := range []struct {
		name     string
		b        *RolloverBundle
		previous []byte
		now      samlcheck.Options
	}{
		{"first-vouched", first, onboarding, samlcheck.Options{Now: rollFirst}},
		{"second-chain-with-url", second, first.Zip, samlcheck.Options{Now: rollSecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "golden-rollover", tc.name)
			res := verifyBytes(tc.b.Zip, tc.now)
			if !res.OK {
				t.Fatalf("golden rollover bundle does not verify:%s", problemsText(res))
			}
			chain := VerifyChain(tc.previous, tc.b.Zip, tc.now)
			if chain.Link != LinkVouched {
				t.Fatalf("chain: %s", chain.Verdict)
			}
			var text, chainText bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if err := chain.WriteText(&chainText); err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{"bundle.zip": tc.b.Zip, "verify.txt": text.Bytes(), "verify-previous.txt": chainText.Bytes()}
			for name, data := range tc.b.Entries {
				if name != EntryMetadata {
					files[filepath.Join("entries", name)] = data
				}
			}
			if golden.Update() {
				os.RemoveAll(dir)
				for name, data := range files {
					golden.Write(t, filepath.Join(dir, name), data)
				}
				return
			}
			for name, data := range files {
				want, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(data, want) {
					t.Errorf("%s differs from the golden file (run go test -update if intended):\n%s", name, firstDiff(data, want))
				}
			}
		})
	}
}

// FuzzVerifyChain feeds verify-bundle --previous arbitrary pairs, seeded
// with the golden chain, the pair swapped, and each bundle cut short. It
// must not panic, must say exactly one of the three verdicts in one line,
// and must never call a pair linked when either bundle has a problem.
func FuzzVerifyChain(f *testing.F) {
	onboarding, first, second := goldenChain(f)
	f.Add(onboarding, first.Zip)
	f.Add(first.Zip, second.Zip)
	f.Add(second.Zip, first.Zip)
	f.Add(first.Zip, onboarding)
	f.Add(onboarding[:len(onboarding)/2], first.Zip)
	f.Add(onboarding, first.Zip[:len(first.Zip)-30])
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, prev, next []byte) {
		res := VerifyChain(prev, next, samlcheck.Options{Now: rollFirst})
		prefix := map[string]string{LinkVouched: "VOUCHED: ", LinkConfirmedByThumbprint: "CONFIRMED BY THUMBPRINT ONLY: ", LinkNotLinked: "NOT LINKED: "}[res.Link]
		if prefix == "" || !strings.HasPrefix(res.Verdict, prefix) || strings.ContainsAny(res.Verdict, "\n\r\x1b") {
			t.Fatalf("verdict %q for link %q", res.Verdict, res.Link)
		}
		if res.OK != (res.Link != LinkNotLinked) || (res.OK && (len(res.Problems) > 0 || !res.Bundle.OK || !res.Previous.OK)) {
			t.Fatalf("linked with problems: %+v", res)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatal(err)
		}
		var text bytes.Buffer
		if err := res.WriteText(&text); err != nil || bytes.ContainsAny(text.Bytes(), "\x1b\x00\r") {
			t.Fatalf("text output: %v %q", err, text.String())
		}
	})
}

// FuzzBuildRollover feeds the rollover arbitrary previous bundles and
// metadata, seeded with the golden chain's. It must not panic, and whatever
// it writes must verify, alone and against the previous bundle.
func FuzzBuildRollover(f *testing.F) {
	fx := rolloverFixtures(f)
	onboarding, first, _ := goldenChain(f)
	f.Add(onboarding, fx["rollover-1.xml"], "")
	f.Add(first.Zip, fx["rollover-2.xml"], "")
	f.Add(onboarding, fx["onboarding.xml"], "")
	f.Add(onboarding, fx["rollover-2.xml"], first.Rollover.NewCertificate.SHA1Thumbprint)
	f.Add([]byte("PK"), []byte("<x/>"), "zz")
	f.Fuzz(func(t *testing.T, previous, metadata []byte, thumbprint string) {
		in := RolloverInput{Previous: previous, Metadata: metadata, Created: rollFirst, ToolVersion: "fuzz"}
		if thumbprint != "" {
			in.Thumbprints = []string{thumbprint}
		}
		b, err := BuildRollover(in)
		if err != nil {
			if !errors.Is(err, ErrRolloverRefused) && !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if res := verifyBytes(b.Zip, samlcheck.Options{Now: rollFirst}); !res.OK {
			t.Fatalf("a built rollover bundle does not verify:%s", problemsText(res))
		}
		if c := VerifyChain(previous, b.Zip, samlcheck.Options{Now: rollFirst}); !c.OK {
			t.Fatalf("a built rollover bundle is not linked: %s", c.Verdict)
		}
	})
}
