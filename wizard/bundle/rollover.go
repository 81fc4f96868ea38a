package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// A rollover bundle announces a new SAML signing certificate to pymetrics
// support before the admin makes it active in Entra. It is made with the
// same writer, manifest and no-overwrite rules as the onboarding bundle and
// holds exactly these entries:
//
//	FederationMetadata.xml   the new metadata (listing both certificates), byte for byte
//	SHA256SUMS               `sha256sum -c` manifest of every other entry
//	certificate-switch.ics   calendar events: the planned switch, and renewing the new certificate
//	email.txt                ready e-mail to pymetrics support
//	new-certificate.pem      the certificate being introduced
//	rollover.json            the values support needs (see Rollover)
//	signing-certificate.pem  the certificate that signed the new metadata
//
// Its trust argument: the previous bundle (onboarding or rollover) names
// the certificates support already trusts. When the new metadata is signed
// by one of them, the old key vouches for the new certificate and support
// needs no phone call (LinkVouched). When it is not, the admin can still
// confirm the signer with the thumbprint the portal shows; the bundle then
// says so (LinkConfirmedByThumbprint) and support confirms it with the
// customer, as for a first bundle.
const (
	EntryRollover       = "rollover.json"
	EntryNewCertificate = "new-certificate.pem"
	EntrySwitchCalendar = "certificate-switch.ics"
)

// RolloverSchemaVersion is rollover.json's schema_version.
const RolloverSchemaVersion = 1

// SwitchLead is how far after the rollover bundle the switch is planned
// when the admin names no date: pymetrics support needs some working days
// to add the certificate, and a switch date inside two weeks leaves room for
// a question or two.
const SwitchLead = 14 * 24 * time.Hour

// Links between a rollover bundle and the bundle before it.
const (
	// LinkVouched: the new metadata is signed by a certificate the
	// previous bundle trusted (or the one a previous rollover announced).
	LinkVouched = "vouched"
	// LinkConfirmedByThumbprint: the signer is not vouched for; the admin
	// confirmed it with the portal's thumbprint.
	LinkConfirmedByThumbprint = "confirmed-by-thumbprint"
	// LinkNotLinked: nothing connects the two (verify-bundle --previous only).
	LinkNotLinked = "not-linked"
)

// Bundle kinds, as rollover.json records the previous one.
const (
	KindOnboarding = "onboarding"
	KindRollover   = "rollover"
)

// Code is a finding code, as samlcheck's findings carry them; the rollover's
// own findings use it too.
type Code = samlcheck.Code

// Rollover finding codes. They are stable: scripts and the window match on
// them.
const (
	CodeRolloverTenantChanged         Code = "rollover.tenant-changed"
	CodeRolloverEndpointsChanged      Code = "rollover.endpoints-changed"
	CodeRolloverNoNewCertificate      Code = "rollover.no-new-certificate"
	CodeRolloverSeveralNew            Code = "rollover.several-new-certificates"
	CodeRolloverSignerNotVouched      Code = "rollover.signer-not-vouched"
	CodeRolloverConfirmedByThumbprint Code = "rollover.confirmed-by-thumbprint"
	CodeRolloverThumbprintNotListed   Code = "rollover.thumbprint-not-listed"
	CodeRolloverThumbprintNotNew      Code = "rollover.thumbprint-not-new"
	CodeRolloverPreviousInvalid       Code = "rollover.previous-invalid"
	CodeRolloverSwitchDate            Code = "rollover.switch-date"
	CodeRolloverPreviousExpired       Code = "rollover.previous-expired"
)

// ErrRolloverRefused: BuildRollover made no bundle. The error is a
// *RolloverRefusedError carrying every finding.
var ErrRolloverRefused = errors.New("bundle: rollover refused")

// RolloverRefusedError says why no rollover bundle was made: the new
// metadata's check (Report, when it ran) and the rollover's own findings.
type RolloverRefusedError struct {
	Report   *samlcheck.Report
	Findings []samlcheck.Finding
}

func (e *RolloverRefusedError) Error() string {
	var codes []string
	for _, f := range e.Findings {
		if f.Severity == samlcheck.SeverityError {
			codes = append(codes, string(f.Code))
		}
	}
	if e.Report != nil {
		for _, f := range e.Report.Errors() {
			codes = append(codes, string(f.Code))
		}
	}
	return "bundle: rollover refused: " + strings.Join(codes, ", ")
}

// Is makes errors.Is(err, ErrRolloverRefused) hold.
func (e *RolloverRefusedError) Is(target error) bool { return target == ErrRolloverRefused }

// Rollover is rollover.json. Field names are its schema; keep them stable.
type Rollover struct {
	SchemaVersion int    `json:"schema_version"`
	Kind          string `json:"kind"` // always KindRollover
	Customer      string `json:"customer"`

	// What the new signed metadata says (verified element only). They
	// equal the previous bundle's: a rollover changes certificates only.
	EntityID  string `json:"entity_id"`
	TenantID  string `json:"tenant_id"`
	LoginURL  string `json:"login_url"`
	LogoutURL string `json:"logout_url"`

	// NewCertificate is the certificate being introduced; Signer signed
	// the new metadata.
	NewCertificate SigningCertificate `json:"new_certificate"`
	Signer         SigningCertificate `json:"signer"`
	// Link is LinkVouched or LinkConfirmedByThumbprint.
	Link string `json:"link"`
	// ConfirmedThumbprints are the thumbprints the admin read in the
	// portal; each is a signing certificate of the new metadata.
	ConfirmedThumbprints []string `json:"confirmed_thumbprints,omitempty"`

	Previous PreviousBundle `json:"previous"`
	// SwitchDate is the day the admin plans to make the new certificate
	// active, YYYY-MM-DD.
	SwitchDate string `json:"switch_date"`

	Metadata MetadataFile    `json:"metadata"`
	Source   *MetadataSource `json:"metadata_source,omitempty"`

	Verdict   string              `json:"verdict"`
	CheckedAt time.Time           `json:"checked_at"`
	Findings  []samlcheck.Finding `json:"findings"`

	ToolVersion string    `json:"tool_version"`
	Created     time.Time `json:"created"`
}

// PreviousBundle identifies the bundle a rollover continues from, and what
// support trusted because of it.
type PreviousBundle struct {
	Kind     string    `json:"kind"` // KindOnboarding or KindRollover
	FileName string    `json:"file_name,omitempty"`
	SHA256   string    `json:"sha256"`
	Created  time.Time `json:"created"`
	// SignerThumbprint signed the previous bundle's metadata.
	SignerThumbprint string `json:"signer_thumbprint"`
	// TrustedThumbprints are the certificates the previous bundle vouches
	// for: its signer and, for a rollover bundle, the certificate it
	// announced.
	TrustedThumbprints []string `json:"trusted_thumbprints"`
	// KnownThumbprints are every signing certificate its metadata listed.
	KnownThumbprints []string `json:"known_thumbprints"`
}

// MetadataSource records where fetched metadata came from, so support can
// fetch it again at the next renewal.
type MetadataSource struct {
	URL       string    `json:"url"`
	FetchedAt time.Time `json:"fetched_at"`
}

// RolloverInput is everything a rollover bundle is made from.
type RolloverInput struct {
	// Previous is the previous bundle's zip (onboarding or rollover).
	Previous     []byte
	PreviousName string
	// Metadata is the new Federation Metadata XML, kept byte for byte.
	Metadata     []byte
	MetadataName string
	Source       *MetadataSource
	// Thumbprints are what the admin read in the portal's SAML
	// Certificates (any form NormalizeThumbprint accepts).
	Thumbprints []string
	// Switch is the planned switch day; zero means Created + SwitchLead.
	Switch time.Time
	// Check caps the size; a zero Now is replaced by Created.
	Check       samlcheck.Options
	Created     time.Time
	ToolVersion string
	// FileName is quoted in the e-mail; empty means DefaultRolloverFileName.
	FileName string
}

// RolloverBundle is a built rollover bundle.
type RolloverBundle struct {
	Zip      []byte
	Plan     *RolloverPlan
	Rollover Rollover
	FileName string
	Email    Email
	Mailto   string
	Entries  map[string][]byte
}

// DefaultRolloverFileName is pymetrics-sso-<customer>-rollover-<YYYYMMDD>.zip.
func DefaultRolloverFileName(customer string, created time.Time) string {
	return "pymetrics-sso-" + fileSafe(customer) + "-rollover-" + created.UTC().Format("20060102") + ".zip"
}

// Trust is what a verified bundle lets support trust.
type Trust struct {
	Kind     string
	Customer string
	SHA256   string
	Created  time.Time
	EntityID string
	TenantID string
	Login    string
	Logout   string
	Signer   samlcheck.Certificate
	// Trusted and Known are thumbprints (see PreviousBundle).
	Trusted []string
	Known   []string
}

// TrustOf reads what a verified bundle vouches for. It fails unless res is
// OK and carries a verified signer.
func TrustOf(res *VerifyResult, zip []byte) (*Trust, error) {
	if res == nil || !res.OK || res.Report == nil {
		return nil, errors.New("bundle: the bundle does not verify")
	}
	signer := res.Report.SignerCertificate()
	if signer == nil {
		return nil, errors.New("bundle: the bundle's metadata has no verified signer")
	}
	sum := sha256.Sum256(zip)
	t := &Trust{
		SHA256:   hex.EncodeToString(sum[:]),
		EntityID: res.Report.EntityID,
		TenantID: res.Report.TenantID,
		Login:    loginURL(res.Report),
		Logout:   logoutURL(res.Report),
		Signer:   *signer,
		Trusted:  []string{signer.SHA1Thumbprint},
		Known:    signingThumbprints(res.Report),
	}
	switch {
	case res.Rollover != nil:
		t.Kind, t.Customer, t.Created = KindRollover, res.Rollover.Customer, res.Rollover.Created
		if tp := res.Rollover.NewCertificate.SHA1Thumbprint; !slices.Contains(t.Trusted, tp) {
			t.Trusted = append(t.Trusted, tp)
		}
	case res.Onboarding != nil:
		t.Kind, t.Customer, t.Created = KindOnboarding, res.Onboarding.Customer, res.Onboarding.Created
	default:
		return nil, errors.New("bundle: the bundle has no onboarding.json or rollover.json")
	}
	return t, nil
}

// signingThumbprints lists the signing certificates the verified metadata
// names (use "signing" or unspecified, as SAML metadata section 2.4.1.1 reads
// it), in document order.
func signingThumbprints(r *samlcheck.Report) []string {
	var out []string
	for _, c := range signingCerts(r) {
		out = append(out, c.SHA1Thumbprint)
	}
	return out
}

func signingCerts(r *samlcheck.Report) []samlcheck.Certificate {
	var out []samlcheck.Certificate
	seen := map[string]bool{}
	for _, c := range r.Certificates {
		if c.Source == "metadata" && c.Use != "encryption" && !seen[c.SHA1Thumbprint] {
			seen[c.SHA1Thumbprint] = true
			out = append(out, c)
		}
	}
	return out
}

// VerifyPreviousBundle verifies a previous bundle as of at, the time the
// rollover is made. A bundle whose signer has expired since it was made (an
// admin who renews late) is judged again as of its own creation: what it
// vouched for then still stands, and the expiry is returned as a finding.
func VerifyPreviousBundle(zip []byte, opts samlcheck.Options, at time.Time) (*VerifyResult, []samlcheck.Finding) {
	return verifyPreviousWith(zip, VerifyOptions{Check: opts}, at)
}

// verifyPreviousWith is VerifyPreviousBundle with support's expectations
// (customer, tenant), which hold whatever the time.
func verifyPreviousWith(zip []byte, vopts VerifyOptions, at time.Time) (*VerifyResult, []samlcheck.Finding) {
	vopts.Check.Now = at
	res := verifyBytesWith(zip, vopts)
	if res.OK {
		return res, nil
	}
	created := createdOf(res)
	if created.IsZero() || !created.Before(at) || res.Report == nil || !onlyTimeErrors(res.Report) {
		return res, nil
	}
	vopts.Check.Now = created
	again := verifyBytesWith(zip, vopts)
	if !again.OK {
		return res, nil
	}
	signer := again.Report.SignerCertificate()
	return again, []samlcheck.Finding{{
		Code:     CodeRolloverPreviousExpired,
		Severity: samlcheck.SeverityInfo,
		Message: fmt.Sprintf("The previous bundle was judged as of the day it was made (%s): the certificate that signed its metadata (thumbprint %s) has expired since, on %s.",
			created.UTC().Format("2 January 2006"), signer.SHA1Thumbprint, signer.NotAfter.UTC().Format("2 January 2006")),
	}}
}

func verifyBytesWith(data []byte, vopts VerifyOptions) *VerifyResult {
	return VerifyWith(bytes.NewReader(data), int64(len(data)), vopts)
}

func createdOf(res *VerifyResult) time.Time {
	switch {
	case res.Rollover != nil:
		return res.Rollover.Created
	case res.Onboarding != nil:
		return res.Onboarding.Created
	}
	return time.Time{}
}

// onlyTimeErrors reports whether every problem of the metadata check is a
// certificate's validity period: the signature itself verified.
func onlyTimeErrors(r *samlcheck.Report) bool {
	if !r.Signature.Valid {
		return false
	}
	for _, f := range r.Errors() {
		if f.Code != samlcheck.CodeCertExpired && f.Code != samlcheck.CodeCertNotYetValid && f.Code != samlcheck.CodeCertInactiveExpired {
			return false
		}
	}
	return true
}

// RolloverPlan is the comparison of new metadata with the previous bundle:
// what the window shows in step 2 and what BuildRollover writes. OK is false
// when Findings holds an error; nothing may be written then.
type RolloverPlan struct {
	OK       bool                   `json:"ok"`
	Report   *samlcheck.Report      `json:"report"`
	Previous *Trust                 `json:"-"`
	New      *samlcheck.Certificate `json:"new_certificate,omitempty"`
	Signer   *samlcheck.Certificate `json:"signer,omitempty"`
	Link     string                 `json:"link,omitempty"`
	// Confirmed are the admin's thumbprints, normalised.
	Confirmed []string            `json:"confirmed_thumbprints,omitempty"`
	Switch    time.Time           `json:"switch"`
	Findings  []samlcheck.Finding `json:"findings"`
}

func (p *RolloverPlan) add(code samlcheck.Code, sev samlcheck.Severity, hint, format string, a ...any) {
	p.Findings = append(p.Findings, samlcheck.Finding{Code: code, Severity: sev, Message: fmt.Sprintf(format, a...), Hint: hint})
}

func (p *RolloverPlan) finish() *RolloverPlan {
	p.OK = p.Report != nil && p.Report.OK
	for _, f := range p.Findings {
		if f.Severity == samlcheck.SeverityError {
			p.OK = false
		}
	}
	if p.Findings == nil {
		p.Findings = []samlcheck.Finding{}
	}
	return p
}

// PlanRollover compares the new metadata with the previous bundle under
// every rule a rollover must meet. It never returns nil.
func PlanRollover(in RolloverInput) *RolloverPlan {
	created := rolloverCreated(in.Created)
	p := &RolloverPlan{}
	opts := in.Check
	if opts.Now.IsZero() {
		opts.Now = created
	}
	// Pins would make the check refuse metadata signed by another
	// certificate; the rollover judges the signer itself, below.
	opts.Thumbprints, opts.Certificates = nil, nil
	p.Report = samlcheck.Check(in.Metadata, opts)

	prevRes, notes := VerifyPreviousBundle(in.Previous, opts, opts.Now)
	p.Findings = append(p.Findings, notes...)
	prev, err := TrustOf(prevRes, in.Previous)
	if err != nil {
		p.add(CodeRolloverPreviousInvalid, samlcheck.SeverityError,
			"Choose the bundle that was last sent to pymetrics support (the onboarding bundle, or the last rollover bundle) exactly as it was saved.",
			"The previous bundle does not verify, so it cannot vouch for a new certificate: %s", firstProblem(prevRes))
		return p.finish()
	}
	p.Previous = prev
	for _, raw := range in.Thumbprints {
		tp, err := samlcheck.NormalizeThumbprint(raw)
		if err != nil {
			p.add(samlcheck.CodePinInvalid, samlcheck.SeverityError, "Copy the thumbprint from the certificate's row under SAML Certificates: 40 hexadecimal digits.",
				"The thumbprint %q is not one: %v", show(raw), err)
			continue
		}
		if !slices.Contains(p.Confirmed, tp) {
			p.Confirmed = append(p.Confirmed, tp)
		}
	}

	signer, err := usable(p.Report)
	if err != nil {
		return p.finish() // the check's findings say why
	}
	p.Signer = signer
	r := p.Report
	if r.TenantID != prev.TenantID || r.EntityID != prev.EntityID {
		p.add(CodeRolloverTenantChanged, samlcheck.SeverityError,
			"Download the Federation Metadata XML from the same pymetrics application in the same tenant. A different application or tenant needs a new onboarding bundle, not a rollover.",
			"The new metadata is for tenant %s (entity ID %s), but the previous bundle is for tenant %s (entity ID %s).", r.TenantID, r.EntityID, prev.TenantID, prev.EntityID)
		return p.finish()
	}
	if loginURL(r) != prev.Login || logoutURL(r) != prev.Logout {
		p.add(CodeRolloverEndpointsChanged, samlcheck.SeverityError,
			"A rollover changes certificates only. Make a new onboarding bundle so pymetrics support updates the endpoints too.",
			"The new metadata's login or logout URL (%s, %s) differs from the previous bundle's (%s, %s).", loginURL(r), logoutURL(r), prev.Login, prev.Logout)
	}

	listed := signingCerts(r)
	for _, tp := range p.Confirmed {
		if !slices.ContainsFunc(listed, func(c samlcheck.Certificate) bool { return c.SHA1Thumbprint == tp }) {
			p.add(CodeRolloverThumbprintNotListed, samlcheck.SeverityError,
				"Download the Federation Metadata XML again after saving the new certificate, and copy the thumbprint from the same application's SAML Certificates.",
				"The thumbprint %s is not a signing certificate of the new metadata, which lists %s.", tp, strings.Join(thumbprintsOf(listed), ", "))
		}
	}

	var fresh []samlcheck.Certificate
	for _, c := range listed {
		if !slices.Contains(prev.Known, c.SHA1Thumbprint) && !slices.Contains(prev.Trusted, c.SHA1Thumbprint) {
			fresh = append(fresh, c)
		}
	}
	switch {
	case len(fresh) == 0:
		p.add(CodeRolloverNoNewCertificate, samlcheck.SeverityError,
			`In Entra open SAML Certificates > Edit > New Certificate > Save (leave it inactive), then download the Federation Metadata XML again.`,
			"The new metadata lists no certificate the previous bundle did not have (it lists %s).", strings.Join(thumbprintsOf(listed), ", "))
	case len(fresh) == 1:
		p.New = &fresh[0]
	default:
		// Several new ones: the admin's thumbprint says which is meant.
		for i := range fresh {
			if slices.Contains(p.Confirmed, fresh[i].SHA1Thumbprint) {
				p.New = &fresh[i]
			}
		}
		if p.New == nil {
			p.add(CodeRolloverSeveralNew, samlcheck.SeverityError,
				"Give the thumbprint of the certificate you created (--thumbprint), or delete the extra inactive certificates in Entra and download the metadata again.",
				"The new metadata lists %d certificates the previous bundle did not have (%s); it is not clear which one is being introduced.", len(fresh), strings.Join(thumbprintsOf(fresh), ", "))
		}
	}

	switch {
	case slices.Contains(prev.Trusted, signer.SHA1Thumbprint):
		p.Link = LinkVouched
	case slices.Contains(p.Confirmed, signer.SHA1Thumbprint):
		p.Link = LinkConfirmedByThumbprint
		p.add(CodeRolloverConfirmedByThumbprint, samlcheck.SeverityWarning,
			"pymetrics support will confirm this thumbprint with you before adding the certificate.",
			"The new metadata is signed by %s, a certificate the previous bundle does not vouch for; you confirmed it with the thumbprint the portal shows.", signer.SHA1Thumbprint)
	default:
		p.add(CodeRolloverSignerNotVouched, samlcheck.SeverityError,
			"Download the metadata while the certificate pymetrics already has is still the active one, or, if the new one is already active, confirm it: paste the active certificate's thumbprint from SAML Certificates (--thumbprint).",
			"The new metadata is signed by %s, which is not a certificate the previous bundle trusted (%s), so the old certificate does not vouch for it.", signer.SHA1Thumbprint, strings.Join(prev.Trusted, ", "))
	}

	// A thumbprint of a listed certificate other than the new one (one
	// not listed at all is an error above) confirms nothing about it.
	notListed := slices.ContainsFunc(p.Findings, func(f samlcheck.Finding) bool { return f.Code == CodeRolloverThumbprintNotListed })
	if p.Link == LinkVouched && p.New != nil && len(p.Confirmed) > 0 && !notListed && !slices.Contains(p.Confirmed, p.New.SHA1Thumbprint) {
		p.add(CodeRolloverThumbprintNotNew, samlcheck.SeverityWarning,
			"Copy the thumbprint from the new certificate's row (the one marked Inactive) under SAML Certificates.",
			"The thumbprint you gave (%s) is not the new certificate's (%s): it confirms nothing about the new one.", strings.Join(p.Confirmed, ", "), p.New.SHA1Thumbprint)
	}
	p.Switch = planSwitch(p, in.Switch, created)
	return p.finish()
}

func rolloverCreated(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Truncate(time.Second)
}

// planSwitch picks and judges the switch day: not before the bundle's day,
// not before the new certificate is valid, and, with a warning, not after
// the certificate in use expires.
func planSwitch(p *RolloverPlan, want, created time.Time) time.Time {
	day := func(t time.Time) time.Time {
		t = t.UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	// Entra signs its metadata with the active certificate, so the signer
	// is the one in use until the switch.
	active := p.Signer
	s := want
	if s.IsZero() {
		s = created.Add(SwitchLead)
		if last := day(active.NotAfter).AddDate(0, 0, -1); s.After(last) {
			s = last
		}
		if s.Before(created) {
			s = created
		}
	}
	s = day(s)
	hint := "Choose a switch day between today and the day before the current certificate expires."
	switch {
	case s.Before(day(created)):
		p.add(CodeRolloverSwitchDate, samlcheck.SeverityError, hint, "The switch day %s is before the bundle's day %s.", s.Format("2006-01-02"), day(created).Format("2006-01-02"))
	case p.New != nil && s.Add(24*time.Hour).Before(p.New.NotBefore):
		p.add(CodeRolloverSwitchDate, samlcheck.SeverityError, hint, "The switch day %s is before the new certificate becomes valid (%s).", s.Format("2006-01-02"), p.New.NotBefore.UTC().Format("2006-01-02 15:04 UTC"))
	case !s.Before(active.NotAfter):
		p.add(CodeRolloverSwitchDate, samlcheck.SeverityWarning, hint,
			"The switch day %s is after the current certificate (thumbprint %s) expires on %s: sign-ins fail in between.", s.Format("2006-01-02"), active.SHA1Thumbprint, active.NotAfter.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return s
}

func thumbprintsOf(cs []samlcheck.Certificate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.SHA1Thumbprint)
	}
	return out
}

// firstProblem names what keeps a previous bundle from verifying.
func firstProblem(res *VerifyResult) string {
	if res == nil {
		return "it could not be read"
	}
	for _, p := range res.Problems {
		return fmt.Sprintf("%s (%s)", show(p.Message), p.Code)
	}
	return "it has no verified signer"
}

// BuildRollover plans the rollover and, when every rule holds, makes the
// bundle. A failed rule gives a *RolloverRefusedError (errors.Is
// ErrRolloverRefused) and no bundle.
func BuildRollover(in RolloverInput) (*RolloverBundle, error) {
	created := rolloverCreated(in.Created)
	in.Created = created
	fileName := in.FileName
	if in.Metadata != nil {
		in.Metadata = bytes.Clone(in.Metadata)
	}
	p := PlanRollover(in)
	if !p.OK {
		return nil, &RolloverRefusedError{Report: p.Report, Findings: p.Findings}
	}
	if fileName == "" {
		fileName = DefaultRolloverFileName(p.Previous.Customer, created)
	} else if err := checkText("file name", fileName); err != nil {
		return nil, err
	}
	if in.Source != nil {
		if err := checkText("metadata URL", in.Source.URL); err != nil {
			return nil, err
		}
	}
	ro := newRollover(p, in, created)
	email := newRolloverEmail(ro, fileName)
	entries := map[string][]byte{
		EntryMetadata:       in.Metadata,
		EntryNewCertificate: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.New.DER}),
		EntryCertificate:    pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.Signer.DER}),
		EntryEmail:          []byte(email.Text()),
		EntrySwitchCalendar: renderSwitchCalendar(ro, fileName),
	}
	var err error
	if entries[EntryRollover], err = marshalIndented(ro); err != nil {
		return nil, err
	}
	entries[EntrySums] = sums(entries)
	zip, err := writeZip(entries, created)
	if err != nil {
		return nil, err
	}
	return &RolloverBundle{Zip: zip, Plan: p, Rollover: ro, FileName: fileName, Email: email, Mailto: email.Mailto(), Entries: entries}, nil
}

func newRollover(p *RolloverPlan, in RolloverInput, created time.Time) Rollover {
	r := p.Report
	sum := sha256.Sum256(in.Metadata)
	findings := append(append([]samlcheck.Finding{}, r.Findings...), p.Findings...)
	verdict := VerdictOK
	for _, f := range findings {
		if f.Severity == samlcheck.SeverityWarning {
			verdict = VerdictWarnings
		}
	}
	ro := Rollover{
		SchemaVersion:        RolloverSchemaVersion,
		Kind:                 KindRollover,
		Customer:             p.Previous.Customer,
		EntityID:             r.EntityID,
		TenantID:             r.TenantID,
		LoginURL:             loginURL(r),
		LogoutURL:            logoutURL(r),
		NewCertificate:       certOf(p.New),
		Signer:               certOf(p.Signer),
		Link:                 p.Link,
		ConfirmedThumbprints: p.Confirmed,
		Previous: PreviousBundle{
			Kind:               p.Previous.Kind,
			FileName:           displayName(in.PreviousName),
			SHA256:             p.Previous.SHA256,
			Created:            p.Previous.Created.UTC(),
			SignerThumbprint:   p.Previous.Signer.SHA1Thumbprint,
			TrustedThumbprints: p.Previous.Trusted,
			KnownThumbprints:   p.Previous.Known,
		},
		SwitchDate: p.Switch.Format(time.DateOnly),
		Metadata: MetadataFile{
			Entry:        EntryMetadata,
			OriginalName: displayName(in.MetadataName),
			Size:         len(in.Metadata),
			SHA256:       hex.EncodeToString(sum[:]),
		},
		Verdict:     verdict,
		CheckedAt:   created,
		Findings:    findings,
		ToolVersion: in.ToolVersion,
		Created:     created,
	}
	if !in.Check.Now.IsZero() {
		ro.CheckedAt = in.Check.Now.UTC().Truncate(time.Second)
	}
	if in.Source != nil {
		ro.Source = &MetadataSource{URL: in.Source.URL, FetchedAt: in.Source.FetchedAt.UTC().Truncate(time.Second)}
	}
	if ro.ToolVersion == "" {
		ro.ToolVersion = "unknown"
	}
	return ro
}

func certOf(c *samlcheck.Certificate) SigningCertificate {
	return SigningCertificate{
		SHA1Thumbprint:    c.SHA1Thumbprint,
		SHA256Fingerprint: c.SHA256Fingerprint,
		Subject:           c.Subject,
		NotBefore:         c.NotBefore.UTC(),
		NotAfter:          c.NotAfter.UTC(),
	}
}

func marshalIndented(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("bundle: %s: %w", EntryRollover, err)
	}
	return b.Bytes(), nil
}
