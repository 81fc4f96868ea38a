package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
	"github.com/pymetrics/sso-assistant/wizard"
)

// goldenCases are bundles from real Entra downloads with fixed inputs. Each
// has a folder testdata/golden/<name>/ holding bundle.zip, its entries
// (except the metadata, which is the fixture) for reading in review, and
// verify.txt, verify-bundle's text output for it.
var goldenCases = []struct {
	name string
	in   func(testing.TB) Input
}{
	{"esecdj-contact", realInput},
	{"ggtristams-bom-rollover", func(tb testing.TB) Input {
		// A byte-order mark and two signing certificates; made in
		// 2024, when its signer (2022-2025) was valid.
		return Input{
			URLs:         urlsFor(tb, "globex-2"),
			Metadata:     fixture(tb, "entra-app-2024-ggtristams.xml"),
			MetadataName: `C:\Users\admin\Downloads\pymetrics.xml`,
			Created:      time.Date(2024, 6, 1, 23, 59, 59, 0, time.FixedZone("PDT", -7*3600)),
			ToolVersion:  "0.9.0",
		}
	}},
	{"esecdj-support-urls", func(tb testing.TB) Input {
		// Values pymetrics support gave, which differ from the pattern:
		// kept exactly and listed as deviations.
		in := realInput(tb)
		u, devs, err := wizard.FromSupportURL("https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
		if err != nil || len(devs) == 0 {
			tb.Fatalf("support URL: %v, %d deviations", err, len(devs))
		}
		in.URLs = u
		in.ContactEmail = ""
		return in
	}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in(t)
			b := build(t, in)
			dir := filepath.Join("testdata", "golden", tc.name)
			res := verifyBytes(b.Zip, samlcheck.Options{Now: in.Created})
			if !res.OK {
				t.Fatalf("golden bundle does not verify:%s", problemsText(res))
			}
			var text bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if golden.Update() {
				os.RemoveAll(dir)
				golden.Write(t, filepath.Join(dir, "bundle.zip"), b.Zip)
				golden.Write(t, filepath.Join(dir, "verify.txt"), text.Bytes())
				for name, data := range b.Entries {
					if name != EntryMetadata {
						golden.Write(t, filepath.Join(dir, "entries", name), data)
					}
				}
				return
			}
			want, err := os.ReadFile(filepath.Join(dir, "bundle.zip"))
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(b.Zip, want) {
				// Name what differs before failing on the container.
				_, wantEntries := unzip(t, want)
				for name, data := range b.Entries {
					if !bytes.Equal(data, wantEntries[name]) {
						t.Errorf("entry %s differs from the golden bundle:\n%s", name, firstDiff(data, wantEntries[name]))
					}
				}
				t.Fatalf("bundle.zip is not byte-identical to %s (sha256 %s, golden %s); if the change is intended, run go test -update",
					dir, hexSum(b.Zip), hexSum(want))
			}
			for name, data := range b.Entries {
				if name == EntryMetadata {
					continue
				}
				got, err := os.ReadFile(filepath.Join(dir, "entries", name))
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("testdata entries/%s is stale; run go test -update", name)
				}
			}
			gotText, _ := os.ReadFile(filepath.Join(dir, "verify.txt"))
			if !bytes.Equal(gotText, text.Bytes()) {
				t.Errorf("verify text differs from verify.txt:\n%s", firstDiff(text.Bytes(), gotText))
			}
		})
	}
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// firstDiff shows the first line where got and want part.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + clip(gl, 200) + "\n  want: " + clip(wl, 200)
		}
	}
	return "(no line differs)"
}

func TestDeterministic(t *testing.T) {
	in := realInput(t)
	a := build(t, in)

	// The same instant in another zone, with nanoseconds, is the same bundle.
	in2 := realInput(t)
	in2.Created = realCreated.In(time.FixedZone("X", 5*3600+1800)).Add(400 * time.Millisecond)
	b := build(t, in2)
	if !bytes.Equal(a.Zip, b.Zip) {
		t.Error("same inputs and Created instant gave different bytes")
	}

	// The caller's slice changing afterwards changes nothing in the bundle.
	in3 := realInput(t)
	c := build(t, in3)
	in3.Metadata[100] ^= 0xff
	if !bytes.Equal(c.Entries[EntryMetadata], fixture(t, "entra-app-2025-esecdj.xml")) {
		t.Error("bundle shares the caller's metadata slice")
	}

	// One second later is a different bundle (the time is in it).
	in4 := realInput(t)
	in4.Created = realCreated.Add(time.Second)
	if bytes.Equal(build(t, in4).Zip, a.Zip) {
		t.Error("a different Created gave the same bundle")
	}

	names, _ := unzip(t, a.Zip)
	if !slices.IsSorted(names) {
		t.Errorf("entries not sorted: %v", names)
	}
	want := expectedEntries()
	if !slices.Equal(names, want) {
		t.Errorf("entries %v, want exactly %v", names, want)
	}
}

func TestMetadataByteForByte(t *testing.T) {
	for _, f := range []string{"entra-app-2025-esecdj.xml", "entra-app-2024-ggtristams.xml"} {
		in := realInput(t)
		in.Metadata = fixture(t, f)
		in.Created = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
		if f == "entra-app-2025-esecdj.xml" {
			in.Created = realCreated
		}
		b := build(t, in)
		_, entries := unzip(t, b.Zip)
		if !bytes.Equal(entries[EntryMetadata], fixture(t, f)) {
			t.Errorf("%s: FederationMetadata.xml is not the file byte for byte", f)
		}
	}
}

func TestDefaultFileName(t *testing.T) {
	tests := []struct {
		customer string
		created  time.Time
		want     string
	}{
		{"acme", realCreated, "pymetrics-sso-acme-20260115.zip"},
		// The date is the UTC date: 23:59 in California is the next day.
		{"acme", time.Date(2024, 6, 1, 23, 59, 0, 0, time.FixedZone("PDT", -7*3600)), "pymetrics-sso-acme-20240602.zip"},
		{"globex-2", realCreated, "pymetrics-sso-globex-2-20260115.zip"},
		{"a/b\\c:d", realCreated, "pymetrics-sso-a-b-c-d-20260115.zip"},
		{"", realCreated, "pymetrics-sso-customer-20260115.zip"},
	}
	for _, tc := range tests {
		if got := DefaultFileName(tc.customer, tc.created); got != tc.want {
			t.Errorf("DefaultFileName(%q) = %q, want %q", tc.customer, got, tc.want)
		}
	}
	b := build(t, realInput(t))
	if b.FileName != "pymetrics-sso-acme-20260115.zip" {
		t.Errorf("FileName %q", b.FileName)
	}
	in := realInput(t)
	in.FileName = "our-sso.zip"
	b = build(t, in)
	if b.FileName != "our-sso.zip" || !strings.Contains(string(b.Entries[EntryEmail]), "Attachment: our-sso.zip") {
		t.Errorf("FileName %q not used in the e-mail", b.FileName)
	}
}

func TestBuildRefuses(t *testing.T) {
	now := time.Now()
	good := samltest.New(t, samltest.Options{Now: now})
	tampered := bytes.Replace(good.XML, []byte(good.LoginURL), []byte("https://login.evil.example/saml2"), 1)
	realBroken := fixture(t, "entra-app-2025-esecdj.xml")
	realBroken[bytes.Index(realBroken, []byte("caa69cfe"))] = 'd' // the tenant in the entityID

	tests := []struct {
		name     string
		metadata []byte
		opts     samlcheck.Options
		created  time.Time
		code     samlcheck.Code // a finding the refusal carries; "" for a Reason
	}{
		{"real file, one byte changed", realBroken, samlcheck.Options{}, realCreated, samlcheck.CodeSignatureInvalid},
		{"endpoint changed after signing", tampered, samlcheck.Options{}, now, samlcheck.CodeSignatureInvalid},
		{"empty", nil, samlcheck.Options{}, now, samlcheck.CodeInputEmpty},
		{"not XML", []byte("%PDF-1.7 not metadata"), samlcheck.Options{}, now, ""},
		{"expired certificate", samltest.New(t, samltest.Options{Now: now.AddDate(-4, 0, 0)}).XML, samlcheck.Options{}, now, samlcheck.CodeCertExpired},
		{"wrong pinned thumbprint", good.XML, samlcheck.Options{Thumbprints: []string{strings.Repeat("AB", 20)}}, now, samlcheck.CodeSignatureUntrustedSigner},
		{"real file judged after expiry", fixture(t, "entra-app-2024-ggtristams.xml"), samlcheck.Options{}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), samlcheck.CodeCertExpired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{URLs: urlsFor(t, "acme"), Metadata: tc.metadata, Check: tc.opts, Created: tc.created}
			b, err := Build(in)
			if err == nil {
				t.Fatalf("Build made a bundle of %d bytes", len(b.Zip))
			}
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("error %v does not match ErrRefused", err)
			}
			var refused *RefusedError
			if !errors.As(err, &refused) || refused.Report == nil {
				t.Fatalf("error %v is not a *RefusedError with a report", err)
			}
			if tc.code != "" && !refused.Report.Has(tc.code) {
				t.Errorf("report lacks %s: %+v", tc.code, refused.Report.Findings)
			}
			if tc.code == "" && refused.Report.OK && refused.Reason == "" {
				t.Error("refused without errors or a reason")
			}
			if !strings.HasPrefix(err.Error(), "bundle: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestBuildPinnedSigner(t *testing.T) {
	now := time.Now()
	m := samltest.New(t, samltest.Options{Now: now})
	for _, pin := range []string{m.SHA1Thumbprint, strings.ToLower(m.SHA1Thumbprint)} {
		in := Input{URLs: urlsFor(t, "acme"), Metadata: m.XML, Created: now, Check: samlcheck.Options{Thumbprints: []string{pin}}}
		b := build(t, in)
		if !b.Onboarding.SignaturePinned || !strings.Contains(string(b.Entries[EntrySummary]), "matches the thumbprint given") {
			t.Errorf("pin %s not recorded", pin)
		}
	}
}

func TestSupportURLs(t *testing.T) {
	u, _, err := wizard.FromSupportURL("https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
	if err != nil {
		t.Fatal(err)
	}
	devs, err := wizard.ValidateURLs(u)
	if err != nil || len(devs) == 0 {
		t.Fatalf("ValidateURLs: %v, %d deviations", err, len(devs))
	}
	in := realInput(t)
	in.URLs = u
	b := build(t, in)
	if b.Onboarding.ReplyURL != "https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs" || len(b.Onboarding.URLDeviations) != len(devs) {
		t.Fatalf("support's values not kept: %+v", b.Onboarding)
	}
	for _, entry := range []string{EntryEmail, EntrySummary} {
		if !strings.Contains(string(b.Entries[entry]), "acme-prod") || !strings.Contains(string(b.Entries[entry]), "second name") {
			t.Errorf("%s does not show the deviation", entry)
		}
	}
	res := verifyBytes(b.Zip, atCreated)
	if !res.OK || len(res.URLDeviations) != len(devs) {
		t.Fatalf("OK %v, deviations %v:%s", res.OK, res.URLDeviations, problemsText(res))
	}
	var text bytes.Buffer
	res.WriteText(&text)
	if !strings.Contains(text.String(), "as pymetrics support gave them") || !strings.Contains(text.String(), devs[0].Message) {
		t.Errorf("text does not show the deviations:\n%s", text.String())
	}
	// One value changed so the set is no longer consistent is refused.
	entries := cloneEntries(b.Entries)
	entries[EntryOnboarding] = bytes.Replace(entries[EntryOnboarding], []byte(`acme/acme-prod/?sso`), []byte(`acme/acme-test/?sso`), 1)
	res = verifyBytes(rezip(t, resum(entries)), atCreated)
	if got := codes(res); !slices.Equal(got, []string{"onboarding.url-mismatch onboarding.json", "onboarding.url-mismatch onboarding.json", "onboarding.url-mismatch onboarding.json"}) {
		t.Errorf("inconsistent support URLs: %q%s", got, problemsText(res))
	}
}

func TestBuildInvalidInput(t *testing.T) {
	acme := urlsFor(t, "acme")
	wrong := acme
	wrong.ReplyURL = strings.TrimSuffix(acme.ReplyURL, "?acs")
	tests := []struct {
		name string
		edit func(*Input)
	}{
		{"invalid customer name", func(in *Input) { in.URLs = wizard.URLs{Customer: "Acme Corp!"} }},
		{"empty customer", func(in *Input) { in.URLs = wizard.URLs{} }},
		{"URLs not the customer's", func(in *Input) { in.URLs = wrong }},
		{"URLs of another customer", func(in *Input) { u := urlsFor(t, "globex"); u.Customer = "acme"; in.URLs = u }},
		{"contact e-mail not an address", func(in *Input) { in.ContactEmail = "ada at acme" }},
		{"contact e-mail with a display name", func(in *Input) { in.ContactEmail = "Ada <ada@acme.example>" }},
		{"line break in contact name", func(in *Input) { in.ContactName = "Ada\nBcc: x@evil.example" }},
		{"control character in file name", func(in *Input) { in.FileName = "a\x1b[2J.zip" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := realInput(t)
			tc.edit(&in)
			_, err := Build(in)
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("Build error %v, want ErrInvalidInput", err)
			}
			if errors.Is(err, ErrRefused) {
				t.Error("invalid input reported as refused metadata")
			}
		})
	}
	// A customer-name error keeps the wizard's error in the chain.
	in := realInput(t)
	in.URLs = wizard.URLs{Customer: "Acme Corp!"}
	if _, err := Build(in); !errors.Is(err, wizard.ErrInvalidName) {
		t.Errorf("error %v does not wrap wizard.ErrInvalidName", err)
	}
}

// CheckContact is Build's own rule: a form that checks the fields with it
// never lets through a contact Build refuses, nor refuses one Build takes.
func TestCheckContactAgreesWithBuild(t *testing.T) {
	tests := []struct {
		name, contact, email string
		ok                   bool
	}{
		{"both empty", "", "", true},
		{"name only", "Ada Admin", "", true},
		{"e-mail only", "", "ada.admin@acme.example", true},
		{"both", "Ada Lovelace-Byron, IT", "ada+sso@it.acme.example", true},
		{"non-ASCII name", "Zoë Ødegård", "zoe@acme.example", true},
		{"line break in name", "Ada\nBcc: x@evil.example", "", false},
		{"tab in name", "Ada\tAdmin", "", false},
		{"line separator in name", "Ada\u2028Admin", "", false},
		{"no at sign", "", "ada at acme", false},
		{"display name", "", "Ada <ada@acme.example>", false},
		{"no top-level domain", "", "ada@localhost", false},
		{"two at signs", "", "ada@b@acme.example", false},
		{"empty label", "", "ada@acme..example", false},
		{"space", "", "ada admin@acme.example", false},
		{"line break in e-mail", "", "ada@acme.example\nBcc: x@evil.example", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckContact(tc.contact, tc.email)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckContact(%q, %q) = %v, want ok=%v", tc.contact, tc.email, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalidInput) {
				t.Errorf("error %v does not wrap ErrInvalidInput", err)
			}
			in := realInput(t)
			in.ContactName, in.ContactEmail = tc.contact, tc.email
			_, buildErr := Build(in)
			if (buildErr == nil) != tc.ok {
				t.Errorf("Build with this contact: %v, CheckContact: %v", buildErr, err)
			}
		})
	}
}

func TestOnboardingJSON(t *testing.T) {
	b := build(t, realInput(t))
	var m map[string]any
	if err := json.Unmarshal(b.Entries[EntryOnboarding], &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"schema_version", "confirmed_in_entra", "customer", "identifier", "reply_url", "sign_on_url", "attributes",
		"entity_id", "tenant_id", "login_url", "logout_url", "signing_certificate", "verdict", "findings", "tool_version", "created"} {
		if _, ok := m[key]; !ok {
			t.Errorf("onboarding.json lacks %q", key)
		}
	}
	ob := b.Onboarding
	want := Onboarding{
		SchemaVersion: 1, ConfirmedInEntra: true, Customer: "acme",
		Identifier: "https://www.pymetrics.com/saml2-sp/acme/acme/metadata/",
		ReplyURL:   "https://www.pymetrics.com/saml2-sp/acme/acme/?acs",
		SignOnURL:  "https://www.pymetrics.com/saml2-sp/acme/acme/?sso",
		EntityID:   "https://sts.windows.net/caa69cfe-697b-4985-b9e0-3bcf1025bf45/",
		TenantID:   "caa69cfe-697b-4985-b9e0-3bcf1025bf45",
		LoginURL:   "https://login.microsoftonline.com/caa69cfe-697b-4985-b9e0-3bcf1025bf45/saml2",
		LogoutURL:  "https://login.microsoftonline.com/caa69cfe-697b-4985-b9e0-3bcf1025bf45/saml2",
		Verdict:    VerdictOK, ToolVersion: "1.2.3", Created: realCreated, CheckedAt: realCreated,
	}
	got := ob
	got.Attributes, got.SigningCertificate, got.Metadata, got.Findings, got.Contact = nil, SigningCertificate{}, MetadataFile{}, nil, nil
	if !reflectEqual(got, want) {
		t.Errorf("onboarding\n got %+v\nwant %+v", got, want)
	}
	if ob.SigningCertificate.SHA1Thumbprint != "1BC4115475FA18C89AECFA8D7138580250769D21" ||
		!ob.SigningCertificate.NotAfter.Equal(time.Date(2028, 7, 17, 8, 53, 37, 0, time.UTC)) {
		t.Errorf("signing certificate %+v", ob.SigningCertificate)
	}
	if ob.Metadata.SHA256 != hexSum(fixture(t, "entra-app-2025-esecdj.xml")) || ob.Metadata.Size != 14234 {
		t.Errorf("metadata %+v", ob.Metadata)
	}
	if ob.Contact == nil || ob.Contact.Email != "ada.admin@acme.example" {
		t.Errorf("contact %+v", ob.Contact)
	}
	if len(ob.Attributes) != len(wizard.Attributes()) || ob.Attributes[2].Name != "UserEmail" || ob.Attributes[2].Source != "user.userprincipalname" {
		t.Errorf("attributes %+v", ob.Attributes)
	}
}

func reflectEqual(a, b Onboarding) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestVerdictWithWarnings(t *testing.T) {
	// A certificate that expires in three weeks passes with a warning.
	now := time.Now().UTC().Truncate(time.Second)
	b, m := generated(t, "acme", samltest.Options{Now: now, NotBefore: now.AddDate(-1, 0, 0), NotAfter: now.AddDate(0, 0, 21)})
	if b.Onboarding.Verdict != VerdictWarnings {
		t.Fatalf("verdict %q, findings %+v", b.Onboarding.Verdict, b.Report.Findings)
	}
	if !strings.Contains(b.Email.Body, "with warnings") || !strings.Contains(string(b.Entries[EntrySummary]), "warning") {
		t.Error("warnings not shown in e-mail and summary")
	}
	// The reminder cannot be ReminderLead before expiry; it falls on the
	// day the bundle is made.
	if !strings.Contains(string(b.Entries[EntryCalendar]), "DTSTART;VALUE=DATE:"+now.Format("20060102")+"\r\n") {
		t.Errorf("reminder not on the creation day:\n%s", b.Entries[EntryCalendar])
	}
	if res := verifyBytes(b.Zip, samlcheck.Options{}); !res.OK {
		t.Errorf("bundle of %s does not verify:%s", m.SHA1Thumbprint, problemsText(res))
	}
}

func TestSummaryHTML(t *testing.T) {
	in := realInput(t)
	in.ContactName = `Ada <script>alert(1)</script> "Admin"`
	b := build(t, in)
	html := string(b.Entries[EntrySummary])
	// Self-contained and printable: no fetches, no scripts.
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "src=", "href=", "url(", "@import"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("summary.html contains %q", bad)
		}
	}
	for _, want := range []string{"@media print", b.Onboarding.Identifier, b.Onboarding.ReplyURL, b.Onboarding.SignOnURL,
		b.Onboarding.TenantID, b.Onboarding.SigningCertificate.SHA1Thumbprint, "17 July 2028", "UserEmail", "user.userprincipalname",
		"Ada &lt;script&gt;alert(1)&lt;/script&gt; &#34;Admin&#34;", b.FileName, "1.2.3"} {
		if !strings.Contains(html, want) {
			t.Errorf("summary.html lacks %q", want)
		}
	}
	if !strings.HasPrefix(html, "<!DOCTYPE html>") || !strings.Contains(html, `<meta charset="utf-8">`) {
		t.Error("summary.html is not a complete UTF-8 HTML document")
	}
}

func TestEmail(t *testing.T) {
	b := build(t, realInput(t))
	ob := b.Onboarding
	text := string(b.Entries[EntryEmail])
	if !strings.HasPrefix(text, "To: solutions-engineering@pymetrics.com\nSubject: SAML SSO set up for acme: ") {
		t.Errorf("email.txt headers:\n%s", text)
	}
	for _, want := range []string{ob.Identifier, ob.ReplyURL, ob.SignOnURL, ob.EntityID, ob.TenantID, ob.LoginURL,
		ob.SigningCertificate.SHA1Thumbprint, "2028-07-17", "Attachment: " + b.FileName, "Ada Admin <ada.admin@acme.example>", "UserFirstName"} {
		if !strings.Contains(text, want) {
			t.Errorf("email.txt lacks %q", want)
		}
	}
	if text != b.Email.Text() {
		t.Error("email.txt differs from Bundle.Email")
	}

	u, err := url.Parse(b.Mailto)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "mailto" || u.Opaque != SupportAddress || strings.Contains(b.Mailto, "+") {
		t.Errorf("mailto %q", clip(b.Mailto, 120))
	}
	for _, c := range strings.TrimPrefix(b.Mailto, "mailto:"+SupportAddress+"?") {
		if !strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:@!$'()*,%=&", c) {
			t.Errorf("mailto carries %q unescaped", c)
			break
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("subject") != b.Email.Subject {
		t.Errorf("mailto subject %q", q.Get("subject"))
	}
	if q.Get("body") != strings.ReplaceAll(b.Email.Body, "\n", "\r\n") {
		t.Error("mailto body is not the e-mail body with CRLF line breaks")
	}
}

// parseICS checks RFC 5545's syntax rules that matter to calendar programs
// and returns the unfolded content lines.
func parseICS(t *testing.T, data []byte) []string {
	t.Helper()
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatal("does not end with CRLF")
	}
	var lines []string
	for i, phys := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.ContainsAny(phys, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF", i+1)
		}
		if len(phys) > 75 {
			t.Errorf("line %d is %d octets, more than 75", i+1, len(phys))
		}
		if strings.HasPrefix(phys, " ") {
			lines[len(lines)-1] += phys[1:]
			continue
		}
		lines = append(lines, phys)
	}
	var stack []string
	for _, l := range lines {
		if !regexp.MustCompile(`^[A-Z-]+(;[A-Z-]+=[^:;]+)*:`).MatchString(l) {
			t.Errorf("not a content line: %q", l)
		}
		switch {
		case strings.HasPrefix(l, "BEGIN:"):
			stack = append(stack, l[6:])
		case strings.HasPrefix(l, "END:"):
			if len(stack) == 0 || stack[len(stack)-1] != l[4:] {
				t.Fatalf("unbalanced %q", l)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed %v", stack)
	}
	return lines
}

func TestCalendar(t *testing.T) {
	b := build(t, realInput(t))
	lines := parseICS(t, b.Entries[EntryCalendar])
	want := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "DTSTAMP:20260115T103000Z",
		// 60 days (ReminderLead) before 2028-07-17 08:53 UTC
		"DTSTART;VALUE=DATE:20280518", "DTEND;VALUE=DATE:20280519",
		"SUMMARY:Renew the pymetrics SAML signing certificate (acme)",
		"BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:PT9H",
	}
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("calendar lacks %q", w)
		}
	}
	var uid, desc string
	for _, l := range lines {
		if v, ok := strings.CutPrefix(l, "UID:"); ok {
			uid = v
		}
		if v, ok := strings.CutPrefix(l, "DESCRIPTION:"); ok && desc == "" {
			desc = v
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}@sso-assistant\.pymetrics\.com$`).MatchString(uid) {
		t.Errorf("UID %q", uid)
	}
	if !strings.Contains(desc, `1BC4115475FA18C89AECFA8D7138580250769D21) expires on 17 July 2028`) || !strings.Contains(desc, `\n`) || !strings.Contains(desc, `\,`) {
		t.Errorf("DESCRIPTION not escaped as TEXT: %q", desc)
	}
	// Another customer with the same certificate is another reminder.
	in := realInput(t)
	in.URLs = urlsFor(t, "globex")
	other := build(t, in)
	if bytes.Contains(other.Entries[EntryCalendar], []byte(uid)) {
		t.Error("UID does not depend on the customer")
	}
}

func TestFoldLine(t *testing.T) {
	for _, s := range []string{"", "short", strings.Repeat("a", 75), strings.Repeat("a", 76), strings.Repeat("é", 100), strings.Repeat("ab€", 77)} {
		folded := foldLine(s)
		if !strings.HasSuffix(folded, "\r\n") {
			t.Fatalf("%q: no CRLF", s)
		}
		phys := strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n")
		var back strings.Builder
		for i, p := range phys {
			if len(p) > 75 {
				t.Errorf("%q: physical line of %d octets", clip(s, 20), len(p))
			}
			if i > 0 {
				p = strings.TrimPrefix(p, " ")
			}
			if !utf8Valid(p) {
				t.Errorf("%q: a fold splits a UTF-8 sequence", clip(s, 20))
			}
			back.WriteString(p)
		}
		if back.String() != s {
			t.Errorf("unfolding %q does not give it back", clip(s, 20))
		}
	}
}

func TestSHA256SUMSWithCoreutils(t *testing.T) {
	sha256sum, err := exec.LookPath("sha256sum")
	if err != nil {
		t.Skip("sha256sum (GNU coreutils) is not installed")
	}
	b := build(t, realInput(t))
	dir := t.TempDir()
	for name, data := range b.Entries {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(sha256sum, "--check", "--strict", EntrySums)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sha256sum -c refuses SHA256SUMS: %v\n%s", err, out)
	}
	if got := strings.Count(string(out), ": OK\n"); got != len(expectedEntries())-1 {
		t.Errorf("sha256sum checked %d files, want %d:\n%s", got, len(expectedEntries())-1, out)
	}
	// The same command notices a changed file, so the check above means something.
	if err := os.WriteFile(filepath.Join(dir, EntryEmail), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(sha256sum, "--check", "--strict", "--quiet", EntrySums)
	cmd.Dir = dir
	out, err = cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), EntryEmail+": FAILED") {
		t.Errorf("sha256sum -c accepted a changed email.txt: %s", out)
	}
}
