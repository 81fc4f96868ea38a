package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// Problem codes of rollover bundles, alone and against their previous bundle.
const (
	ProblemRolloverJSON     ProblemCode = "rollover.malformed"      // rollover.json does not parse or lacks a value
	ProblemRolloverSchema   ProblemCode = "rollover.schema-version" // a schema this tool does not read
	ProblemRolloverNewCert  ProblemCode = "rollover.new-certificate-mismatch"
	ProblemRolloverLink     ProblemCode = "rollover.link-invalid"      // the recorded link does not follow from the recorded trust
	ProblemRolloverNotRoll  ProblemCode = "rollover.not-rollover"      // --previous given, but the bundle is no rollover bundle
	ProblemRolloverPrevious ProblemCode = "rollover.previous-mismatch" // not the bundle the rollover was made from
	ProblemRolloverSwapped  ProblemCode = "rollover.swapped"           // the previous bundle is newer than the next
	// The same words as the rollover's findings (CodeRollover...), as
	// verify-bundle --previous finds them again.
	ProblemRolloverPrevBad    ProblemCode = "rollover.previous-invalid"
	ProblemRolloverTenant     ProblemCode = "rollover.tenant-changed"
	ProblemRolloverEndpoints  ProblemCode = "rollover.endpoints-changed"
	ProblemRolloverNoNew      ProblemCode = "rollover.no-new-certificate"
	ProblemRolloverNotVouched ProblemCode = "rollover.signer-not-vouched"
)

// rolloverEntries is the set of entries a rollover bundle holds, sorted.
func rolloverEntries() []string {
	names := []string{EntryMetadata, EntrySums, EntrySwitchCalendar, EntryEmail, EntryNewCertificate, EntryRollover, EntryCertificate}
	sort.Strings(names)
	return names
}

func isRollover(zr *zip.Reader) bool {
	return slices.ContainsFunc(zr.File, func(f *zip.File) bool { return f.Name == EntryRollover })
}

// checkRolloverBundle checks a rollover bundle on its own: rollover.json
// agrees with the verified metadata, both certificates are the ones it
// names, its link follows from the trust it records, and the e-mail and
// calendar event are the ones the assistant writes for it. Whether the
// recorded trust is true is for VerifyChain, which has the previous bundle.
func checkRolloverBundle(res *VerifyResult, files map[string][]byte, signer *samlcheck.Certificate) {
	data, ok := files[EntryRollover]
	if !ok {
		return
	}
	var ro Rollover
	if err := json.Unmarshal(data, &ro); err != nil {
		res.add(ProblemRolloverJSON, EntryRollover, "%s does not parse as JSON: %v", EntryRollover, err)
		return
	}
	if ro.SchemaVersion != RolloverSchemaVersion || ro.Kind != KindRollover {
		res.add(ProblemRolloverSchema, EntryRollover, "%s has schema_version %d and kind %s; this version of the tool reads %d and %q",
			EntryRollover, ro.SchemaVersion, quote(ro.Kind), RolloverSchemaVersion, KindRollover)
		return
	}
	res.Rollover = &ro
	field := func(code ProblemCode, name, got, want, source string) {
		if got != want {
			res.add(code, EntryRollover, "%s says %s is %s, but %s says %s", EntryRollover, name, quote(got), source, quote(want))
		}
	}
	if ro.Customer == "" || checkText("customer", ro.Customer) != nil {
		res.add(ProblemRolloverJSON, EntryRollover, "%s names no usable customer (%s)", EntryRollover, quote(ro.Customer))
	}
	if _, err := time.Parse(time.DateOnly, ro.SwitchDate); err != nil {
		res.add(ProblemRolloverJSON, EntryRollover, "%s has switch_date %s, not a day like 2026-01-31", EntryRollover, quote(ro.SwitchDate))
	}
	if meta, ok := files[EntryMetadata]; ok {
		sum := sha256.Sum256(meta)
		field(ProblemMetadataFile, "metadata.sha256", ro.Metadata.SHA256, hex.EncodeToString(sum[:]), EntryMetadata)
		if ro.Metadata.Size != len(meta) {
			res.add(ProblemMetadataFile, EntryRollover, "%s says the metadata is %d bytes, but %s is %d bytes", EntryRollover, ro.Metadata.Size, EntryMetadata, len(meta))
		}
	}
	checkRecordedLink(res, &ro)

	newDER := pemCertificate(res, files, EntryNewCertificate)
	sigDER := pemCertificate(res, files, EntryCertificate)
	if signer != nil && res.Report != nil {
		r := res.Report
		src := "the signed metadata"
		field(ProblemEntityID, "entity_id", ro.EntityID, r.EntityID, src)
		field(ProblemTenant, "tenant_id", ro.TenantID, r.TenantID, src)
		field(ProblemEndpoint, "login_url", ro.LoginURL, loginURL(r), src)
		field(ProblemEndpoint, "logout_url", ro.LogoutURL, logoutURL(r), src)
		compareCert(res, "signer", ro.Signer, signer, field)
		if sigDER != nil && !bytes.Equal(sigDER, signer.DER) {
			res.add(ProblemCertMismatch, EntryCertificate, "%s is not the certificate that signed %s (which has thumbprint %s)", EntryCertificate, EntryMetadata, signer.SHA1Thumbprint)
		}
		var listed *samlcheck.Certificate
		for _, c := range signingCerts(r) {
			if c.SHA1Thumbprint == ro.NewCertificate.SHA1Thumbprint {
				listed = &c
			}
		}
		switch {
		case listed == nil:
			res.add(ProblemRolloverNewCert, EntryRollover, "%s names new certificate %s, which the signed metadata does not list as a signing certificate", EntryRollover, quote(ro.NewCertificate.SHA1Thumbprint))
		default:
			compareCert(res, "new_certificate", ro.NewCertificate, listed, field)
			if newDER != nil && !bytes.Equal(newDER, listed.DER) {
				res.add(ProblemRolloverNewCert, EntryNewCertificate, "%s is not the certificate %s names as new (thumbprint %s)", EntryNewCertificate, EntryRollover, listed.SHA1Thumbprint)
			}
		}
	}
	if !res.hasEntryProblem(EntryRollover) {
		checkRolloverRendered(res, files, &ro)
	}
}

// checkRecordedLink insists that the link rollover.json claims follows from
// what it records: vouched means the signer is among the previous bundle's
// trusted certificates, confirmed means the admin's thumbprints name it; and
// the new certificate is one the previous bundle did not have.
func checkRecordedLink(res *VerifyResult, ro *Rollover) {
	signer := ro.Signer.SHA1Thumbprint
	switch ro.Link {
	case LinkVouched:
		if !slices.Contains(ro.Previous.TrustedThumbprints, signer) {
			res.add(ProblemRolloverLink, EntryRollover, "%s says the new certificate is vouched for, but its signer %s is not among the previous bundle's trusted certificates %s",
				EntryRollover, quote(signer), quote(strings.Join(ro.Previous.TrustedThumbprints, ", ")))
		}
	case LinkConfirmedByThumbprint:
		if !slices.Contains(ro.ConfirmedThumbprints, signer) {
			res.add(ProblemRolloverLink, EntryRollover, "%s says the signer was confirmed by thumbprint, but the confirmed thumbprints do not include %s", EntryRollover, quote(signer))
		}
	default:
		res.add(ProblemRolloverLink, EntryRollover, "%s has link %s; a rollover bundle is %q or %q", EntryRollover, quote(ro.Link), LinkVouched, LinkConfirmedByThumbprint)
	}
	if slices.Contains(ro.Previous.KnownThumbprints, ro.NewCertificate.SHA1Thumbprint) || slices.Contains(ro.Previous.TrustedThumbprints, ro.NewCertificate.SHA1Thumbprint) {
		res.add(ProblemRolloverNoNew, EntryRollover, "%s announces %s as new, but the previous bundle already had it", EntryRollover, quote(ro.NewCertificate.SHA1Thumbprint))
	}
}

func compareCert(res *VerifyResult, name string, got SigningCertificate, want *samlcheck.Certificate, field func(code ProblemCode, name, got, want, source string)) {
	src := "the signed metadata"
	field(ProblemThumbprint, name+".sha1_thumbprint", got.SHA1Thumbprint, want.SHA1Thumbprint, src)
	field(ProblemCertValidity, name+".sha256_fingerprint", got.SHA256Fingerprint, want.SHA256Fingerprint, src)
	field(ProblemCertValidity, name+".not_before", stamp(got.NotBefore), stamp(want.NotBefore), src)
	field(ProblemCertValidity, name+".not_after", stamp(got.NotAfter), stamp(want.NotAfter), src)
}

// pemCertificate returns the DER of an entry that must be exactly one PEM
// certificate, or nil (reported) when it is not.
func pemCertificate(res *VerifyResult, files map[string][]byte, name string) []byte {
	data, ok := files[name]
	if !ok {
		return nil
	}
	block, rest := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" || len(bytes.TrimSpace(rest)) != 0 {
		res.add(ProblemCertMalformed, name, "%s is not exactly one PEM certificate", name)
		return nil
	}
	return block.Bytes
}

func checkRolloverRendered(res *VerifyResult, files map[string][]byte, ro *Rollover) {
	fileName, named := attachedNameAfter(files[EntryEmail], rolloverAttachedLine)
	if data, ok := files[EntryEmail]; ok {
		if !named || !isRolloverEmail(data, *ro, fileName) {
			res.add(ProblemEmail, EntryEmail, "%s is not the e-mail the assistant writes for the values in %s: it was edited after the bundle was made", EntryEmail, EntryRollover)
		}
	}
	// The calendar's reminder names the bundle as the e-mail does, so, as for
	// the onboarding reminder, it is checked only when the e-mail names it.
	if data, ok := files[EntrySwitchCalendar]; ok && named && !isSwitchCalendar(data, *ro, fileName) {
		res.add(ProblemCalendar, EntrySwitchCalendar, "%s is not the calendar the assistant writes for the values in %s: it was edited after the bundle was made", EntrySwitchCalendar, EntryRollover)
	}
}

// ChainResult is verify-bundle --previous: both bundles verified, and
// whether the previous one vouches for the next one's new certificate.
type ChainResult struct {
	// OK is true when both bundles verify and the link is vouched or
	// confirmed by thumbprint.
	OK bool `json:"ok"`
	// Link is LinkVouched, LinkConfirmedByThumbprint or LinkNotLinked.
	Link string `json:"link"`
	// Verdict is the one line support reads first.
	Verdict  string        `json:"verdict"`
	Previous *VerifyResult `json:"previous"`
	Bundle   *VerifyResult `json:"bundle"`
	// Problems are what breaks the link (each bundle's own problems are in
	// Previous and Bundle).
	Problems []Problem `json:"problems"`
	// Notes say how the previous bundle was judged when it was not as of
	// the rollover's creation (its signer has expired since).
	Notes []samlcheck.Finding `json:"notes,omitempty"`
	// Configure is the rollover bundle's configuration (with its
	// "rollover" part) when the link holds; nil when it does not, because
	// then the new certificate must not be added.
	Configure *Configure `json:"configure"`
}

// VerifyChain checks a rollover bundle against the bundle before it, from
// the two files alone: each verifies; the rollover names the previous
// bundle's exact bytes and is the later of the two; tenant, entity ID and
// endpoints agree; the new certificate is one the previous bundle did not
// have; and its signer is one the previous bundle trusted (vouched), or was
// confirmed by the admin's thumbprint, or neither (not linked).
//
// The previous bundle is judged as of the rollover's creation, when the
// assistant judged it: a previous certificate that has expired since still
// vouched for its successor then.
func VerifyChain(previous []byte, next []byte, opts samlcheck.Options) *ChainResult {
	return VerifyChainWith(previous, next, VerifyOptions{Check: opts})
}

// VerifyChainWith is VerifyChain with support's expectations. Customer and
// TenantID apply to both bundles: a pair is one customer's, and a mismatch
// in either is reported in that bundle's problems with the same codes as
// for a bundle alone. The pins in opts.Check name the rollover bundle's
// signer only: that is the bundle support configures from, and its signer
// may be the new certificate, which the previous bundle cannot have signed.
// opts.FileName is the rollover bundle's name.
func VerifyChainWith(previous []byte, next []byte, opts VerifyOptions) *ChainResult {
	c := &ChainResult{Link: LinkNotLinked}
	c.Bundle = verifyBytesWith(next, opts)
	ro := c.Bundle.Rollover
	at := opts.Check.Now
	if ro != nil && !ro.Created.IsZero() {
		at = ro.Created
	}
	if at.IsZero() {
		at = time.Now()
	}
	prevOpts := VerifyOptions{Check: opts.Check, Customer: opts.Customer, TenantID: opts.TenantID}
	prevOpts.Check.Thumbprints, prevOpts.Check.Certificates = nil, nil
	c.Previous, c.Notes = verifyPreviousWith(previous, prevOpts, at)
	problem := func(code ProblemCode, format string, a ...any) {
		c.Problems = append(c.Problems, Problem{Code: code, Message: fmt.Sprintf(format, a...)})
	}
	switch {
	case ro == nil && c.Bundle.Onboarding != nil:
		problem(ProblemRolloverNotRoll, "the bundle is an onboarding bundle, not a rollover bundle; give the rollover bundle last and the bundle before it with --previous")
	case ro == nil:
		problem(ProblemRolloverNotRoll, "the bundle is not a rollover bundle that verifies (%s)", firstProblem(c.Bundle))
	}
	if !c.Bundle.OK && ro != nil {
		problem(ProblemRolloverNotRoll, "the rollover bundle does not verify: %s", firstProblem(c.Bundle))
	}
	prevSum := sha256.Sum256(previous)
	prevHex := hex.EncodeToString(prevSum[:])
	if prevRo := c.Previous.Rollover; prevRo != nil {
		nextSum := sha256.Sum256(next)
		if prevRo.Previous.SHA256 == hex.EncodeToString(nextSum[:]) {
			problem(ProblemRolloverSwapped, "the two bundles are swapped: the one given with --previous was made from the other one; give the older bundle with --previous")
		}
	}
	if ro != nil && !c.Previous.OK && c.Bundle.OK {
		if ro.Previous.SHA256 == prevHex {
			problem(ProblemRolloverPrevBad, "the previous bundle does not verify: %s", firstProblem(c.Previous))
		}
	}
	prev, _ := TrustOf(c.Previous, previous)
	if ro != nil {
		if ro.Previous.SHA256 != prevHex {
			problem(ProblemRolloverPrevious, "the rollover bundle was made from a bundle with SHA-256 %s, but the --previous file has SHA-256 %s: it is another bundle, or it was edited", show(ro.Previous.SHA256), prevHex)
		}
		if prev != nil && prev.Created.After(ro.Created) {
			problem(ProblemRolloverSwapped, "the --previous bundle was made on %s, after the rollover bundle (%s): the bundles are swapped or the dates were edited", stamp(prev.Created), stamp(ro.Created))
		}
	}
	if prev != nil && ro != nil && c.Bundle.OK {
		c.link(prev, ro)
	}
	if c.Problems == nil {
		c.Problems = []Problem{}
	}
	if len(c.Problems) > 0 {
		c.Link = LinkNotLinked
	}
	c.OK = c.Link != LinkNotLinked
	if c.OK {
		c.Configure = c.Bundle.Configure
	}
	c.Verdict = c.verdict(ro)
	return c
}

// link recomputes the link from the verified contents of both bundles; the
// rollover's own claims (ro) only say what it was made from.
func (c *ChainResult) link(prev *Trust, ro *Rollover) {
	r := c.Bundle.Report
	signer := r.SignerCertificate()
	problem := func(code ProblemCode, format string, a ...any) {
		c.Problems = append(c.Problems, Problem{Code: code, Message: fmt.Sprintf(format, a...)})
	}
	if r.TenantID != prev.TenantID || r.EntityID != prev.EntityID {
		problem(ProblemRolloverTenant, "the rollover's metadata is for tenant %s (entity ID %s), the previous bundle's for tenant %s (entity ID %s)", r.TenantID, r.EntityID, prev.TenantID, prev.EntityID)
		return
	}
	if loginURL(r) != prev.Login || logoutURL(r) != prev.Logout {
		problem(ProblemRolloverEndpoints, "the rollover's login or logout URL differs from the previous bundle's")
	}
	if ro.Customer != prev.Customer {
		problem(ProblemRolloverPrevious, "the rollover is for customer %s, the previous bundle for %s", quote(ro.Customer), quote(prev.Customer))
	}
	newTP := ro.NewCertificate.SHA1Thumbprint
	if slices.Contains(prev.Known, newTP) || slices.Contains(prev.Trusted, newTP) {
		problem(ProblemRolloverNoNew, "the certificate the rollover announces (%s) is one the previous bundle already had", newTP)
	}
	switch {
	case signer == nil:
		problem(ProblemRolloverNotVouched, "the rollover's metadata has no verified signer")
	case slices.Contains(prev.Trusted, signer.SHA1Thumbprint):
		c.Link = LinkVouched
	case ro.Link == LinkConfirmedByThumbprint && slices.Contains(ro.ConfirmedThumbprints, signer.SHA1Thumbprint):
		c.Link = LinkConfirmedByThumbprint
	default:
		problem(ProblemRolloverNotVouched, "the rollover's metadata is signed by %s, which the previous bundle does not trust (%s), and the admin did not confirm it by thumbprint",
			signer.SHA1Thumbprint, strings.Join(prev.Trusted, ", "))
	}
}

func (c *ChainResult) verdict(ro *Rollover) string {
	switch c.Link {
	case LinkVouched:
		return fmt.Sprintf("ROLLOVER VOUCHED: both bundles verify, and new certificate %s is announced in metadata signed by %s, a certificate the previous bundle trusted; no call to the customer is needed. Add the new certificate as shown above, before the switch on %s.",
			ro.NewCertificate.SHA1Thumbprint, ro.Signer.SHA1Thumbprint, show(ro.SwitchDate))
	case LinkConfirmedByThumbprint:
		if ro.Signer.SHA1Thumbprint == ro.NewCertificate.SHA1Thumbprint {
			return fmt.Sprintf("ROLLOVER CONFIRMED BY THUMBPRINT ONLY: both bundles verify, but the metadata is signed by new certificate %s, which the previous bundle does not vouch for: the customer has made it active already. Confirm thumbprint %s with the customer by phone or another channel than the e-mail that brought the bundle, then add it at once as shown above: sign-ins fail until pymetrics has it.",
				ro.NewCertificate.SHA1Thumbprint, ro.NewCertificate.SHA1Thumbprint)
		}
		return fmt.Sprintf("ROLLOVER CONFIRMED BY THUMBPRINT ONLY: both bundles verify, but new certificate %s is announced in metadata signed by %s, which the previous bundle does not vouch for. Confirm thumbprint %s with the customer by phone or another channel than the e-mail that brought the bundle, then add the new certificate as shown above, before the switch on %s.",
			ro.NewCertificate.SHA1Thumbprint, ro.Signer.SHA1Thumbprint, ro.Signer.SHA1Thumbprint, show(ro.SwitchDate))
	}
	why, next := "the bundles do not connect", "Do not add a certificate from this bundle; ask the customer to make the rollover bundle again."
	if step, ok := c.expectationStep(ro); ok {
		return "ROLLOVER NOT LINKED: " + show(c.Problems[0].Message) + ". " + step
	}
	if len(c.Problems) > 0 {
		why = show(c.Problems[0].Message)
		switch c.Problems[0].Code {
		case ProblemRolloverSwapped, ProblemRolloverNotRoll:
			if c.Bundle.OK {
				next = "Do not add a certificate until the link holds."
			}
		case ProblemRolloverPrevious:
			next = "Do not add a certificate from this bundle: check that --previous is the customer's latest bundle (onboarding or last rollover), as they sent it."
		case ProblemRolloverNotVouched, ProblemRolloverTenant, ProblemRolloverEndpoints, ProblemRolloverNoNew:
			next = "Do not add a certificate from this bundle; ask the customer, by phone or another channel than the e-mail that brought it, whether they made it."
		}
	}
	return "ROLLOVER NOT LINKED: " + why + ". " + next
}

// expectationStep is the next step when the link fails first because a
// bundle is not what support said to expect (--customer, --tenant): a
// mix-up on support's side, or a question for the customer, the same as
// for a bundle alone.
func (c *ChainResult) expectationStep(ro *Rollover) (string, bool) {
	if len(c.Problems) == 0 {
		return "", false
	}
	var r *VerifyResult
	switch c.Problems[0].Code {
	case ProblemRolloverNotRoll:
		if ro != nil {
			r = c.Bundle
		}
	case ProblemRolloverPrevBad:
		r = c.Previous
	}
	if r != nil && (r.hasCode(ProblemCustomerMismatch) || r.hasCode(ProblemTenantChanged)) {
		return r.nextStep(), true
	}
	return "", false
}

// WriteText writes both bundles' results, the link's problems, what to
// configure when the link holds, and the one-line verdict last.
func (c *ChainResult) WriteText(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("== Previous bundle\n")
	if err := c.Previous.writeText(&b, textInChain); err != nil {
		return err
	}
	b.WriteString("\n== Rollover bundle\n")
	if err := c.Bundle.writeText(&b, textInChain); err != nil {
		return err
	}
	b.WriteString("\n== Link\n")
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "  note [%s] %s\n", n.Code, show(n.Message))
	}
	for _, p := range c.Problems {
		fmt.Fprintf(&b, "  [%s] %s\n", p.Code, show(p.Message))
	}
	if c.OK {
		b.WriteString("  No problems: the rollover names the previous bundle's exact bytes, and tenant, entity ID and endpoints are unchanged.\n")
	}
	if c.Configure != nil {
		var section strings.Builder
		writeConfigure(&section, c.Configure)
		b.WriteString("\n" + section.String())
	}
	b.WriteString("\n" + c.Verdict + "\n")
	_, err := w.Write(b.Bytes())
	return err
}

// attachedNameAfter is the bundle file name an e-mail quotes after prefix.
func attachedNameAfter(email []byte, prefix string) (string, bool) {
	prefix = "\n" + prefix
	i := bytes.Index(email, []byte(prefix))
	if i < 0 {
		return "", false
	}
	rest := email[i+len(prefix):]
	end := bytes.IndexByte(rest, '\n')
	if end <= 0 {
		return "", false
	}
	return string(rest[:end]), true
}

// writeRolloverText is writeText for a rollover bundle.
func (r *VerifyResult) writeRolloverText(w io.Writer, mode textMode) error {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	ro := r.Rollover
	if r.File != "" {
		line("Bundle:        %s (certificate rollover)", show(r.File))
	} else {
		line("Bundle:        certificate rollover")
	}
	line("Customer:      %s", show(ro.Customer))
	line("Created:       %s with SSO Assistant %s", ro.Created.UTC().Format("2006-01-02 15:04:05 UTC"), show(ro.ToolVersion))
	line("New cert:      thumbprint %s, valid %s to %s", show(ro.NewCertificate.SHA1Thumbprint),
		ro.NewCertificate.NotBefore.UTC().Format("2006-01-02"), ro.NewCertificate.NotAfter.UTC().Format("2006-01-02"))
	line("Link claimed:  %s (previous %s bundle, SHA-256 %s, trusted %s)", show(ro.Link), show(ro.Previous.Kind),
		show(ro.Previous.SHA256), show(strings.Join(ro.Previous.TrustedThumbprints, ", ")))
	line("Switch:        %s", show(ro.SwitchDate))
	if ro.Source != nil {
		line("Fetched from:  %s at %s", show(ro.Source.URL), ro.Source.FetchedAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if rep := r.Report; rep != nil {
		if s := rep.SignerCertificate(); rep.Signature.Valid && s != nil {
			line("Metadata:      signature verified; entity ID %s, tenant %s", show(rep.EntityID), show(rep.TenantID))
			line("Signed by:     thumbprint %s, valid %s to %s", s.SHA1Thumbprint,
				s.NotBefore.UTC().Format("2006-01-02"), s.NotAfter.UTC().Format("2006-01-02"))
		} else {
			line("Metadata:      signature NOT verified")
		}
		for _, f := range rep.Findings {
			if f.Severity != samlcheck.SeverityInfo {
				line("  %s [%s] %s", f.Severity, f.Code, show(f.Message))
			}
		}
	}
	line("Entries:       %d read", len(r.Entries))
	if c := r.Configure; c != nil && mode == textAlone {
		line("")
		writeConfigure(&b, c)
	}
	if len(r.Problems) > 0 {
		line("")
		line("%d problem%s:", len(r.Problems), plural(len(r.Problems)))
		for _, p := range r.Problems {
			entry := p.Entry
			if entry != "" && unsafeName(entry) != "" {
				entry = quote(entry)
			}
			if entry != "" {
				line("  [%s] %s: %s", p.Code, entry, show(p.Message))
			} else {
				line("  [%s] %s", p.Code, show(p.Message))
			}
		}
	}
	line("")
	if mode == textAlone {
		line("%s", r.VerdictLine())
	} else {
		line("%s", r.statusLine())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// rolloverVerdictLine is VerdictLine for a rollover bundle that verifies
// alone: intact, but only the bundle before it can say whether the new
// certificate comes from the customer, so the link is named as not checked.
func (r *VerifyResult) rolloverVerdictLine() string {
	file := "ROLLOVER.zip"
	if r.File != "" {
		file = CommandWord(show(r.File))
	}
	signer := ""
	if r.Verdict == VerdictSignerConfirmed {
		signer = fmt.Sprintf(", and it was signed by the certificate you confirmed (%s)", r.Report.Signature.SignerSHA1Thumbprint)
	}
	return fmt.Sprintf("ROLLOVER INTACT, LINK NOT CHECKED: every entry matches SHA256SUMS, the metadata's signature verifies and rollover.json agrees with it%s, but nothing yet shows that the bundle pymetrics already has vouches for new certificate %s. Run verify-bundle --previous PREVIOUS.zip %s with the customer's previous bundle (onboarding or last rollover) before adding the certificate as shown above.",
		signer, show(r.Rollover.NewCertificate.SHA1Thumbprint), file)
}
