// Package bundle makes and verifies the onboarding bundle: the one zip file
// an admin sends to pymetrics support once Microsoft Entra ID is set up, and
// that support checks with the same tool.
//
// A bundle holds exactly these entries, in this (byte-sorted) order:
//
//	FederationMetadata.xml   the admin's file, byte for byte (never re-serialised)
//	SHA256SUMS               `sha256sum -c` manifest of every other entry
//	certificate-expiry.ics   calendar reminder 60 days before the signing certificate expires
//	email.txt                ready e-mail to solutions-engineering@pymetrics.com
//	onboarding.json          the values support needs (see Onboarding)
//	signing-certificate.pem  the certificate that signed the metadata
//	sp-metadata.xml          pymetrics' SP metadata for these URLs (wizard.SPMetadata)
//	summary.html             one self-contained, printable page for people
//
// The API:
//
//	Build(Input) (*Bundle, error)      check the metadata, make the zip (deterministic)
//	WriteFile(path, zip, force) error  atomic write; ErrExists without force
//	Verify(r, size, opts) *VerifyResult, VerifyFile(path, opts)
//	VerifyWith(r, size, VerifyOptions), VerifyFileWith(path, VerifyOptions)
//	                                   the same with what support expects (customer, tenant, every pin)
//	(*VerifyResult).WriteText(w)       the support engineer's report, ending in the verdict line
//	(*VerifyResult).MarshalJSON        verify-bundle --json (ResultSchemaVersion, docs/json.md)
//	Extract(res, dir)                  the verified metadata and certificates as files, never overwriting
//	CheckPins, MisroutedToCheck, MisroutedToVerify
//	                                   usage errors the command line reports before or instead of a result
//	DefaultFileName(customer, created) pymetrics-sso-<customer>-<YYYYMMDD>.zip
//
// Build runs the metadata check itself (it never trusts a report handed in)
// and refuses, with a *RefusedError (errors.Is ErrRefused), metadata whose
// check has errors or that is not an Entra application's signed metadata.
// The same Input and Created time give a byte-identical zip: entries are
// sorted, carry Created as their time and are stored uncompressed, because
// compressor output may change between Go releases and the bundle's hash is
// what admin and support compare.
//
// WriteFile writes through a temporary file in the target folder, flushed
// before it takes the name, so a failure leaves no partial file and an
// earlier bundle intact. Verify checks a bundle for support: every entry
// present, no other, each matching SHA256SUMS; the metadata passes the check
// again; onboarding.json agrees with the verified metadata (entity ID,
// tenant, endpoints, signer) and its URLs are its customer's
// (wizard.URLsFor); signing-certificate.pem is the signer; sp-metadata.xml is
// wizard.SPMetadata of those URLs. Each problem has a stable ProblemCode and
// names its entry. The verdict says how far the bundle can be trusted:
// intact and signer confirmed (a pin support learned another way matched),
// intact with the signer not confirmed (the thumbprint to confirm is named),
// or not OK; only an intact bundle has a Configure section. A bundle zipped
// again on the way (one enclosing folder, __MACOSX/, .DS_Store, Thumbs.db)
// is tolerated and reported as re-packed when every entry is unchanged.
// Verify treats the zip as hostile: it bounds the archive's size, the number
// of entries and every entry's expanded size (whatever the headers claim),
// refuses unsafe names, links and duplicates, reads only into memory and
// never writes anything (Extract writes, and only for a verified bundle).
//
// A rollover bundle (rollover.go) announces a new signing certificate with
// the same writer, manifest, determinism and no-overwrite rules:
// BuildRollover checks the new metadata against the previous bundle (same
// tenant, entity ID and endpoints; a new certificate; a signer the previous
// bundle trusted, or one the admin confirmed by thumbprint), Verify checks
// one alone, and VerifyChain checks it against the previous bundle from the
// two files, with a one-line verdict.
//
// The package is pure Go and never imports a UI toolkit.
package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
)

// Entry names. They are part of the bundle format: support scripts and older
// versions of verify-bundle rely on them.
const (
	EntryMetadata    = "FederationMetadata.xml"
	EntrySums        = "SHA256SUMS"
	EntryCalendar    = "certificate-expiry.ics"
	EntryEmail       = "email.txt"
	EntryOnboarding  = "onboarding.json"
	EntryCertificate = "signing-certificate.pem"
	EntrySPMetadata  = "sp-metadata.xml"
	EntrySummary     = "summary.html"
)

// SchemaVersion is onboarding.json's schema_version. Raise it when a field
// changes meaning or disappears; adding a field does not need a new version.
const SchemaVersion = 1

// SupportAddress receives the onboarding e-mail.
const SupportAddress = wizard.SupportEmail

// ReminderLead is how long before the signing certificate expires the
// calendar reminder falls: the renewal (a new certificate made, a rollover
// bundle sent, the certificate made active once pymetrics confirms) takes
// some days of an admin's calendar and a few working days of support's,
// and a switch planned SwitchLead ahead. It is the window's offer of the
// renewal journey, the same moment by design: the reminder sends the admin
// into that journey, and when it rings the window must already offer it.
// Earlier builds reminded 30 days ahead (earlierReminderLead).
const ReminderLead = wizard.RenewalOfferWindow

// Sentinel errors. Match them with errors.Is.
var (
	// ErrRefused: the metadata's check found errors, so no bundle was made.
	// The error is a *RefusedError carrying the Report.
	ErrRefused = errors.New("bundle: metadata refused")
	// ErrInvalidInput: the Input itself is unusable (unknown customer, URLs
	// that are not the customer's, control characters in the contact).
	ErrInvalidInput = errors.New("bundle: invalid input")
	// ErrExists: WriteFile found a file at the path and force was false.
	ErrExists = errors.New("bundle: file exists")
	// ErrNotRegular: VerifyFile was given a folder, device or pipe.
	ErrNotRegular = errors.New("bundle: not a regular file")
)

// RefusedError says why Build made no bundle. Report is the check's full
// report, for showing every finding; Reason is set when the check had no
// error but the file still cannot make a bundle (for example tenant-wide
// metadata instead of the application's).
type RefusedError struct {
	Report *samlcheck.Report
	Reason string
}

func (e *RefusedError) Error() string {
	if e.Reason != "" {
		return "bundle: metadata refused: " + e.Reason
	}
	var codes []string
	if e.Report != nil {
		for _, f := range e.Report.Findings {
			if f.Severity == samlcheck.SeverityError {
				codes = append(codes, string(f.Code))
			}
		}
	}
	if len(codes) == 0 {
		return "bundle: metadata refused"
	}
	return "bundle: metadata refused: check found " + strings.Join(codes, ", ")
}

// Is makes errors.Is(err, ErrRefused) hold for a *RefusedError.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Input is everything a bundle is made from.
type Input struct {
	// URLs are the customer's values: wizard.URLsFor(customer), or a set
	// from pymetrics support that wizard.ValidateURLs accepts. verify-bundle
	// checks them again.
	URLs wizard.URLs
	// Metadata is the file the admin downloaded, kept byte for byte.
	Metadata []byte
	// MetadataName is the file's original name, shown to people only.
	MetadataName string
	// Check pins the signer (Thumbprints, Certificates) and caps the size.
	// A zero Check.Now is replaced by Created, so the same inputs always give
	// the same verdict and the same bytes.
	Check samlcheck.Options
	// Source is where the metadata was fetched from, when it was.
	Source *MetadataSource
	// ContactName and ContactEmail are the admin's, optional.
	ContactName  string
	ContactEmail string
	// Created is the bundle's time; zero means now. It is kept to the second,
	// in UTC.
	Created time.Time
	// ToolVersion is the assistant's version, recorded in the bundle.
	ToolVersion string
	// FileName is the name the zip will be saved under, quoted in the e-mail;
	// empty means DefaultFileName(customer, Created).
	FileName string
	// Demo is set only by the assistant's demo: the built-in demo file is
	// then accepted, and the bundle says DEMO in its file name, e-mail
	// subject and onboarding.json. Without it the demo file is refused.
	Demo bool
	// ConfirmedInEntra says the admin pasted the values back from Entra
	// and they matched: only then does the e-mail call them "as entered in
	// Entra"; otherwise they are "as given to the admin".
	ConfirmedInEntra bool
}

// Bundle is a built bundle. Zip is the file; the other fields are what the
// GUI shows or hands on (e-mail draft, save dialog default name).
type Bundle struct {
	Zip        []byte
	Report     *samlcheck.Report
	Onboarding Onboarding
	FileName   string
	Email      Email
	// Mailto is a mailto: URL with Email's subject and body, for "open
	// e-mail draft". The bundle itself must still be attached by hand.
	Mailto string
	// Entries maps each entry name to its content, for display and tests.
	Entries map[string][]byte
}

// Email is the ready e-mail to pymetrics support.
type Email struct {
	To      string
	Subject string
	Body    string
}

// DefaultFileName is pymetrics-sso-<customer>-<YYYYMMDD>.zip, the date in
// UTC. Characters that do not belong in a file name are replaced by '-'.
func DefaultFileName(customer string, created time.Time) string {
	return "pymetrics-sso-" + fileSafe(customer) + "-" + created.UTC().Format("20060102") + ".zip"
}

// DemoFileName is DefaultFileName for a bundle made in the demo:
// pymetrics-sso-DEMO-<customer>-<YYYYMMDD>.zip, so that it cannot be taken
// for a real one in a Downloads folder or an attachment list.
func DemoFileName(customer string, created time.Time) string {
	return "pymetrics-sso-DEMO-" + fileSafe(customer) + "-" + created.UTC().Format("20060102") + ".zip"
}

func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.'):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "customer"
	}
	return b.String()
}

// Build checks in.Metadata and, when the check has no errors, makes the
// bundle. A check with errors gives a *RefusedError (errors.Is ErrRefused);
// an unusable Input gives an error wrapping ErrInvalidInput.
func Build(in Input) (*Bundle, error) {
	created := in.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)

	urls := in.URLs
	deviations, err := checkURLs(urls)
	if err != nil {
		return nil, err
	}
	if err := CheckContact(in.ContactName, in.ContactEmail); err != nil {
		return nil, err
	}
	fileName := in.FileName
	if fileName == "" {
		fileName = DefaultFileName(urls.Customer, created)
		if in.Demo {
			fileName = DemoFileName(urls.Customer, created)
		}
	} else if err := checkText("file name", fileName); err != nil {
		return nil, err
	}

	if in.Source != nil {
		if err := checkText("metadata URL", in.Source.URL); err != nil {
			return nil, err
		}
	}
	opts := in.Check
	if opts.Now.IsZero() {
		opts.Now = created
	}
	opts.AllowDemo = in.Demo
	// The metadata is copied first so that nothing the caller does to its
	// slice later can make the bundle differ from what was checked.
	metadata := bytes.Clone(in.Metadata)
	report := samlcheck.Check(metadata, opts)
	signer, err := usable(report)
	if err != nil {
		return nil, err
	}

	ob := newOnboarding(urls, report, signer, metadata, in, opts.Now, created)
	ob.URLDeviations = deviations
	email := newEmail(ob, fileName)

	entries := map[string][]byte{
		EntryMetadata:    metadata,
		EntryCertificate: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: signer.DER}),
	}
	if entries[EntryOnboarding], err = marshalOnboarding(ob); err != nil {
		return nil, err
	}
	if entries[EntrySummary], err = renderSummary(ob, fileName); err != nil {
		return nil, err
	}
	entries[EntryEmail] = []byte(email.Text())
	entries[EntryCalendar] = renderCalendar(ob, fileName)
	entries[EntrySPMetadata] = wizard.SPMetadata(urls)
	entries[EntrySums] = sums(entries)

	zip, err := writeZip(entries, created)
	if err != nil {
		return nil, err
	}
	return &Bundle{
		Zip:        zip,
		Report:     report,
		Onboarding: ob,
		FileName:   fileName,
		Email:      email,
		Mailto:     email.Mailto(),
		Entries:    entries,
	}, nil
}

// checkURLs insists that the URLs are the customer's own: the tutorial's
// pattern for the name, or a consistent set pymetrics support gave (kept as
// given, with how it deviates). verify-bundle applies the same rule.
func checkURLs(u wizard.URLs) ([]wizard.Deviation, error) {
	devs, err := wizard.ValidateURLs(u)
	if err != nil {
		return nil, fmt.Errorf("%w: customer %q: %w", ErrInvalidInput, u.Customer, err)
	}
	return devs, nil
}

// CheckContact applies Build's rules for the optional contact: no control
// characters, and an e-mail address, when given, like name@example.com.
// Errors wrap ErrInvalidInput. It lets a form check each field as it is
// typed, with exactly the rules Build will apply.
func CheckContact(name, email string) error {
	if err := checkText("contact name", name); err != nil {
		return err
	}
	if email == "" {
		return nil
	}
	if err := checkText("contact e-mail", email); err != nil {
		return err
	}
	if !plausibleAddress(email) {
		return fmt.Errorf("%w: contact e-mail %q is not an address like name@example.com", ErrInvalidInput, email)
	}
	return nil
}

// plausibleAddress accepts a bare address, local@domain.tld, without display
// name, spaces or brackets. It is a typo check, not RFC 5322: the address
// is only shown to support. (net/mail would pull the network stack into a
// package that never touches the network.)
func plausibleAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") ||
		strings.ContainsAny(s, " <>()[]\\,;:\"") {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
	}
	return true
}

// checkText refuses control characters: the values land in an e-mail, a
// calendar file and JSON, where a line break would forge a new line.
func checkText(what, s string) error {
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("%w: %s contains a control character", ErrInvalidInput, what)
		}
	}
	return nil
}

// usable returns the signing certificate of a report that can make a bundle.
func usable(report *samlcheck.Report) (*samlcheck.Certificate, error) {
	if !report.OK {
		return nil, &RefusedError{Report: report}
	}
	if report.Kind != samlcheck.KindEntraApp {
		return nil, &RefusedError{Report: report, Reason: fmt.Sprintf("the file is %s, not an Entra application's Federation Metadata XML", report.Kind)}
	}
	if !report.Signature.Valid {
		return nil, &RefusedError{Report: report, Reason: "the signature was not verified"}
	}
	signer := report.SignerCertificate()
	if signer == nil || len(signer.DER) == 0 {
		return nil, &RefusedError{Report: report, Reason: "the signing certificate is not known"}
	}
	if report.EntityID == "" || report.TenantID == "" || loginURL(report) == "" {
		return nil, &RefusedError{Report: report, Reason: "the metadata names no entity ID, tenant or login URL"}
	}
	return signer, nil
}

// sums is the SHA256SUMS manifest: "<hex>  <name>\n" per entry, sorted, in
// the format `sha256sum -c` reads.
func sums(entries map[string][]byte) []byte {
	names := make([]string, 0, len(entries))
	for name := range entries {
		if name != EntrySums {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, name := range names {
		sum := sha256.Sum256(entries[name])
		b.WriteString(hex.EncodeToString(sum[:]) + "  " + name + "\n")
	}
	return b.Bytes()
}

func marshalOnboarding(ob Onboarding) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ob); err != nil {
		return nil, fmt.Errorf("bundle: onboarding.json: %w", err)
	}
	return b.Bytes(), nil
}
