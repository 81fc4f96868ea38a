package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
)

// ProblemCode is a stable identifier of something verify-bundle found wrong.
// Scripts match on it, never on the message.
type ProblemCode string

// Problem codes. The string values are part of the JSON output.
const (
	// The file as a whole.
	ProblemNotZip          ProblemCode = "bundle.not-zip"          // not a zip archive, or damaged
	ProblemTooLarge        ProblemCode = "bundle.too-large"        // archive, or its entries together, past the limit
	ProblemTooManyEntries  ProblemCode = "bundle.too-many-entries" // more entries than a bundle can have
	ProblemEntryUnsafeName ProblemCode = "entry.unsafe-name"       // "..", absolute, backslash, drive letter, control character
	ProblemEntryDuplicate  ProblemCode = "entry.duplicate"         // the same name twice (also differing only in case)
	ProblemEntryLink       ProblemCode = "entry.link"              // a symbolic link
	ProblemEntryNotFile    ProblemCode = "entry.not-file"          // a folder or another special file
	ProblemEntryTooLarge   ProblemCode = "entry.too-large"         // expands past the entry's limit
	ProblemEntryUnreadable ProblemCode = "entry.unreadable"        // damaged data, checksum error, encryption, unknown compression
	ProblemEntryMissing    ProblemCode = "entry.missing"           // a bundle entry is absent
	ProblemEntryUnexpected ProblemCode = "entry.unexpected"        // an entry a bundle never holds
	ProblemSumsMalformed   ProblemCode = "sums.malformed"          // SHA256SUMS has a line sha256sum cannot read
	ProblemSumsMismatch    ProblemCode = "sums.mismatch"           // an entry's SHA-256 differs from SHA256SUMS
	ProblemSumsUnlisted    ProblemCode = "sums.unlisted"           // an entry SHA256SUMS does not list
	ProblemSumsExtra       ProblemCode = "sums.extra"              // SHA256SUMS lists a name that is no bundle entry
	ProblemMetadataCheck   ProblemCode = "metadata.check-failed"   // the metadata's check has errors now
	ProblemMetadataRefused ProblemCode = "metadata.refused"        // checks out, but cannot be an onboarding bundle's metadata
	ProblemDemo            ProblemCode = "bundle.demo"             // made in the assistant's demo from its sample file
	ProblemOnboardingJSON  ProblemCode = "onboarding.malformed"    // onboarding.json does not parse
	ProblemSchemaVersion   ProblemCode = "onboarding.schema-version"
	ProblemCustomer        ProblemCode = "onboarding.customer-invalid"
	ProblemURLMismatch     ProblemCode = "onboarding.url-mismatch"        // identifier/reply/sign-on URL not the customer's
	ProblemAttributes      ProblemCode = "onboarding.attributes-mismatch" // the claim table differs from pymetrics'
	ProblemEntityID        ProblemCode = "onboarding.entity-id-mismatch"
	ProblemTenant          ProblemCode = "onboarding.tenant-mismatch"
	ProblemEndpoint        ProblemCode = "onboarding.endpoint-mismatch" // login/logout URL
	ProblemThumbprint      ProblemCode = "onboarding.thumbprint-mismatch"
	ProblemCertValidity    ProblemCode = "onboarding.certificate-mismatch" // fingerprint or validity dates
	ProblemMetadataFile    ProblemCode = "onboarding.metadata-mismatch"    // size or SHA-256 of the metadata
	ProblemCertMalformed   ProblemCode = "certificate.malformed"
	ProblemCertMismatch    ProblemCode = "certificate.mismatch" // not the certificate that signed the metadata
	ProblemSPMetadata      ProblemCode = "sp-metadata.mismatch" // not the SP metadata of onboarding.json's URLs
	ProblemEmail           ProblemCode = "email.mismatch"       // not the e-mail the assistant writes for onboarding.json
	ProblemSummary         ProblemCode = "summary.mismatch"     // not the summary the assistant writes for onboarding.json
	ProblemCalendar        ProblemCode = "calendar.mismatch"    // not a reminder the assistant writes (or wrote) for onboarding.json

	// What support said to expect (VerifyOptions).
	ProblemPinMismatch      ProblemCode = "bundle.pin-mismatch"       // one of several pins does not name the signer
	ProblemCustomerMismatch ProblemCode = "bundle.customer-mismatch"  // the bundle is for another customer than --customer
	ProblemTenantChanged    ProblemCode = "bundle.tenant-changed"     // the metadata's tenant is not --tenant
	ProblemFileNameCustomer ProblemCode = "bundle.file-name-customer" // warning: the file name names another customer
)

// Severity of a Problem. Only SeverityError makes a bundle not OK; a
// warning is something support should look at before configuring.
type Severity = samlcheck.Severity

// Problem is one thing wrong with a bundle: which entry (empty for the
// bundle as a whole) and what differs, phrased for a support engineer.
type Problem struct {
	Code     ProblemCode `json:"code"`
	Severity Severity    `json:"severity"`
	Entry    string      `json:"entry,omitempty"`
	Message  string      `json:"message"`
	// Causes are the finding codes behind a problem that sums others up
	// (the metadata check's errors behind ProblemMetadataCheck), so that
	// scripts need not read them out of the message.
	Causes []samlcheck.Code `json:"causes,omitempty"`
}

// EntryInfo lists an entry Verify read.
type EntryInfo struct {
	Name   string `json:"name"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// VerifyOptions say what support expects of a bundle. The zero value checks
// that a bundle is intact and consistent, nothing more. Each expectation is
// one field, so a new one does not change Verify's signature.
type VerifyOptions struct {
	// Check is passed to the metadata check (Now, MaxSize). Its pins
	// (Thumbprints, Certificates) are support's knowledge of the signer:
	// every one of them must name it, where samlcheck is content with one.
	Check samlcheck.Options
	// Customer is the customer support expects the bundle to be for.
	Customer string
	// TenantID is the Entra tenant support expects, usually the one an
	// earlier bundle from the same customer came from.
	TenantID string
	// FileName is the name the bundle arrived under (VerifyFile sets it);
	// a default name that names another customer than the contents is
	// warned about.
	FileName string
}

// VerifyResult is everything Verify established. OK is true exactly when
// Problems holds no error. Fields are added, never renamed: the JSON is an
// interface (ResultSchemaVersion, docs/json.md).
type VerifyResult struct {
	OK bool
	// Verdict is how far the bundle can be trusted; SignerConfirmed is true
	// for VerdictSignerConfirmed only.
	Verdict         Verdict
	SignerConfirmed bool
	// ConfirmThumbprint is, for VerdictSignerNotConfirmed, the thumbprint
	// support must confirm with the customer by another channel.
	ConfirmThumbprint string
	// Repacked is true when the bundle was zipped again on the way (an
	// enclosing folder, __MACOSX/, .DS_Store, Thumbs.db) with every entry
	// unchanged.
	Repacked   bool
	File       string
	Entries    []EntryInfo
	Onboarding *Onboarding
	// Rollover is set instead of Onboarding for a rollover bundle.
	Rollover *Rollover
	Report   *samlcheck.Report
	// URLDeviations lists how onboarding.json's URLs, given by pymetrics
	// support, differ from the tutorial's pattern. They are accepted, but
	// support should recognise them.
	URLDeviations []wizard.Deviation
	// Configure is what pymetrics is configured with; nil unless OK.
	Configure *Configure
	Problems  []Problem

	// metadata is FederationMetadata.xml as read, for Extract.
	metadata []byte
}

// ResultSchemaVersion is the "schema_version" of verify-bundle's JSON. Raise
// it when a key changes meaning or disappears.
const ResultSchemaVersion = 1

// MarshalJSON writes every key, null when unknown, so that a script can
// tell "not established" from "absent in this version". A new field of
// VerifyResult needs its key here and a row in docs/json.md; the docs
// test compares the two.
func (r VerifyResult) MarshalJSON() ([]byte, error) {
	var file, confirm *string
	if r.File != "" {
		file = &r.File
	}
	if r.ConfirmThumbprint != "" {
		confirm = &r.ConfirmThumbprint
	}
	devs := r.URLDeviations
	if devs == nil {
		devs = []wizard.Deviation{}
	}
	return json.Marshal(struct {
		SchemaVersion     int                `json:"schema_version"`
		OK                bool               `json:"ok"`
		Verdict           Verdict            `json:"verdict"`
		SignerConfirmed   bool               `json:"signer_confirmed"`
		ConfirmThumbprint *string            `json:"confirm_thumbprint"`
		Repacked          bool               `json:"repacked"`
		File              *string            `json:"file"`
		Entries           []EntryInfo        `json:"entries"`
		Onboarding        *Onboarding        `json:"onboarding"`
		Rollover          *Rollover          `json:"rollover"`
		Report            *samlcheck.Report  `json:"report"`
		URLDeviations     []wizard.Deviation `json:"url_deviations"`
		Configure         *Configure         `json:"configure"`
		Findings          []Problem          `json:"findings"`
	}{ResultSchemaVersion, r.OK, r.Verdict, r.SignerConfirmed, confirm, r.Repacked, file,
		r.Entries, r.Onboarding, r.Rollover, r.Report, devs, r.Configure, r.Problems})
}

// Limits on what Verify reads. A real bundle is some tens of kilobytes; the
// metadata may be as large as the check accepts (Options.MaxSize).
const (
	maxEntries     = 32      // a bundle has 7; room for a few stray extras to be named
	maxOtherEntry  = 1 << 20 // every entry but the metadata
	otherEntriesUp = 4 << 20 // the other entries together, beyond the metadata's limit
)

func (r *VerifyResult) add(code ProblemCode, entry, format string, a ...any) {
	r.Problems = append(r.Problems, Problem{Code: code, Severity: samlcheck.SeverityError, Entry: entry, Message: fmt.Sprintf(format, a...)})
}

func (r *VerifyResult) warn(code ProblemCode, entry, format string, a ...any) {
	r.Problems = append(r.Problems, Problem{Code: code, Severity: samlcheck.SeverityWarning, Entry: entry, Message: fmt.Sprintf(format, a...)})
}

// Errors are the problems that make the bundle not OK.
func (r *VerifyResult) Errors() []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if p.Severity == samlcheck.SeverityError {
			out = append(out, p)
		}
	}
	return out
}

func (r *VerifyResult) finish() *VerifyResult {
	r.OK = len(r.Errors()) == 0
	r.decide()
	if r.Entries == nil {
		r.Entries = []EntryInfo{}
	}
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	return r
}

// expectedEntries is the set of entries a bundle holds, sorted.
func expectedEntries() []string {
	names := []string{EntryMetadata, EntrySums, EntryCalendar, EntryEmail, EntryOnboarding, EntryCertificate, EntrySPMetadata, EntrySummary}
	sort.Strings(names)
	return names
}

// limits returns the largest metadata entry, and all entries together, that
// Verify reads.
func limits(opts samlcheck.Options) (metadata, total int64) {
	metadata = opts.MaxSize
	if metadata <= 0 {
		metadata = samlcheck.DefaultMaxSize
	}
	return metadata, metadata + otherEntriesUp
}

// MaxBundleSize is the largest archive Verify opens with the given options.
func MaxBundleSize(opts samlcheck.Options) int64 {
	_, total := limits(opts)
	return total
}

// VerifyFile verifies the bundle at path. The error is for a file that cannot
// be read at all (missing, a folder, a device, permission denied); everything
// about the content is in the result.
func VerifyFile(path string, opts samlcheck.Options) (*VerifyResult, error) {
	return VerifyFileWith(path, VerifyOptions{Check: opts})
}

// VerifyFileWith is VerifyFile with support's expectations; opts.FileName
// defaults to path's base name.
func VerifyFileWith(path string, opts VerifyOptions) (*VerifyResult, error) {
	// Stat before opening: opening a FIFO would wait for a writer forever.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("bundle: verify: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is a folder or a special file; a bundle is a .zip file", ErrNotRegular, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bundle: verify: %w", err)
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, fmt.Errorf("bundle: verify: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is a folder or a special file; a bundle is a .zip file", ErrNotRegular, path)
	}
	if opts.FileName == "" {
		opts.FileName = filepath.Base(path)
	}
	res := VerifyWith(f, fi.Size(), opts)
	res.File = path
	if res.hasCode(ProblemNotZip) {
		// Not a zip at all: say so when it is a file another command reads.
		// The size was bounded by VerifyWith's first check.
		data := make([]byte, fi.Size())
		if _, err := f.ReadAt(data, 0); err == nil {
			if err := MisroutedToVerify(path, data); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

func (r *VerifyResult) hasCode(code ProblemCode) bool {
	for _, p := range r.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// Verify checks the bundle of the given size read from r. It never writes
// anything, reads at most MaxBundleSize(opts) bytes of entries into memory,
// and reports every problem it finds rather than the first.
func Verify(r io.ReaderAt, size int64, opts samlcheck.Options) *VerifyResult {
	return VerifyWith(r, size, VerifyOptions{Check: opts})
}

// VerifyWith is Verify with support's expectations: every pin in opts.Check
// must name the signer, and the bundle must be for opts.Customer and
// opts.TenantID when they are given.
func VerifyWith(r io.ReaderAt, size int64, vopts VerifyOptions) *VerifyResult {
	opts := vopts.Check
	res := &VerifyResult{}
	metaLimit, totalLimit := limits(opts)
	if size > totalLimit {
		res.add(ProblemTooLarge, "", "the file is %d bytes; a bundle is at most %d bytes", size, totalLimit)
		return res.finish()
	}
	if size < 0 {
		res.add(ProblemNotZip, "", "the file's size is unknown")
		return res.finish()
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		res.add(ProblemNotZip, "", "the file is not a zip archive, or it is damaged (%v); an onboarding bundle is the .zip file the SSO Assistant saved", err)
		return res.finish()
	}
	if len(zr.File) > maxEntries {
		res.add(ProblemTooManyEntries, "", "the archive has %d entries; a bundle has %d", len(zr.File), len(expectedEntries()))
		return res.finish()
	}

	expected := expectedEntries()
	if isRollover(zr) {
		expected = rolloverEntries()
	}
	files, ok := readEntries(res, zr, expected, metaLimit, totalLimit)
	if !ok {
		return res.finish()
	}
	for _, name := range expected {
		if _, ok := files[name]; !ok && !res.hasEntryProblem(name) {
			res.add(ProblemEntryMissing, name, "%s is missing from the bundle", name)
		}
	}
	if sums, ok := files[EntrySums]; ok {
		checkSums(res, sums, files, expected)
	}

	var signer *samlcheck.Certificate
	if meta, ok := files[EntryMetadata]; ok {
		res.metadata = meta
		// The demo file is let through the check so that the bundle is
		// reported once, for what it is, rather than as broken metadata.
		opts.AllowDemo = true
		res.Report = samlcheck.Check(meta, opts).For(samlcheck.AudienceSupport)
		signer = checkMetadata(res, res.Report)
		checkEveryPin(res, meta, opts)
	}
	if isRollover(zr) {
		checkRolloverBundle(res, files, signer)
		checkExpected(res, vopts, signer)
		if len(res.Errors()) == 0 {
			res.Configure = newRolloverConfigure(res.Report, res.Rollover)
		}
		return res.finish()
	}
	if data, ok := files[EntryOnboarding]; ok {
		res.Onboarding = checkOnboarding(res, data, files[EntryMetadata], signer)
	}
	if samlcheck.IsDemo(res.Report) || (res.Onboarding != nil && res.Onboarding.Demo) {
		res.add(ProblemDemo, EntryOnboarding, "this bundle was made in the SSO Assistant's demo from its built-in sample file; it belongs to no tenant, so there is nothing to set up")
	}
	if data, ok := files[EntryCertificate]; ok {
		checkCertificate(res, data, signer)
	}
	if data, ok := files[EntrySPMetadata]; ok && res.Onboarding != nil {
		checkSPMetadata(res, data, res.Onboarding)
	}
	if res.Onboarding != nil && !res.hasEntryProblem(EntryOnboarding) {
		checkRendered(res, files, res.Onboarding)
	}
	checkExpected(res, vopts, signer)
	if len(res.Errors()) == 0 {
		res.Configure = newConfigure(res.Report, res.Onboarding)
	}
	return res.finish()
}

// checkRendered makes email.txt, summary.html and the calendar reminder
// again from onboarding.json, as Build makes them, and insists on the same
// bytes: SHA256SUMS only shows the files are as listed, and whoever edits
// one can list it anew. It runs only when onboarding.json itself checks
// out; otherwise that is the problem to report, not its consequences.
//
// The bundle's file name, quoted in the e-mail, the summary and the
// reminder, is the one thing they hold that onboarding.json does not: it is
// read from the e-mail's "attached" line (and the e-mail made with it must
// then match whole), so a renamed bundle still verifies.
//
// The reminder may also be in a wording earlier builds wrote
// (reminderWordings), and the e-mail and summary may print the file name in
// a command line unquoted as earlier builds did (commandWords): those
// bundles are intact, just older.
func checkRendered(res *VerifyResult, files map[string][]byte, ob *Onboarding) {
	fileName, named := attachedName(files[EntryEmail])
	if data, ok := files[EntryEmail]; ok {
		if !named || !isEmail(data, *ob, fileName) {
			res.add(ProblemEmail, EntryEmail, "%s is not the e-mail the assistant writes for the values in %s: it was edited after the bundle was made", EntryEmail, EntryOnboarding)
		}
	}
	if data, ok := files[EntrySummary]; ok && named {
		if !isSummary(data, *ob, fileName) {
			res.add(ProblemSummary, EntrySummary, "%s is not the summary the assistant writes for the values in %s: it was edited after the bundle was made", EntrySummary, EntryOnboarding)
		}
	}
	if data, ok := files[EntryCalendar]; ok && named && !isReminder(data, *ob, fileName) {
		res.add(ProblemCalendar, EntryCalendar, "%s is not the reminder the assistant writes for the values in %s: it was edited after the bundle was made", EntryCalendar, EntryOnboarding)
	}
}

// attachedName is the bundle file name email.txt quotes.
func attachedName(email []byte) (string, bool) {
	return attachedNameAfter(email, emailAttachedLine)
}

func (r *VerifyResult) hasEntryProblem(name string) bool {
	for _, p := range r.Problems {
		if p.Entry == name {
			return true
		}
	}
	return false
}

// readEntries reads the entries a bundle holds into memory, each within its
// limit, and names every entry it will not read and why. ok is false when
// the entries together pass totalLimit, which ends the verification.
func readEntries(res *VerifyResult, zr *zip.Reader, expected []string, metaLimit, totalLimit int64) (files map[string][]byte, ok bool) {
	files = map[string][]byte{}
	seen := map[string]string{} // case-folded name -> first name
	var total int64
	folder := enclosingFolder(zr.File)
	for _, f := range zr.File {
		name := f.Name
		if why := unsafeName(name); why != "" {
			res.add(ProblemEntryUnsafeName, name, "entry %s %s; a bundle holds only plain file names", quote(name), why)
			continue
		}
		if isRepackJunk(name) || (folder != "" && name == folder) {
			res.Repacked = true
			continue
		}
		if folder != "" {
			res.Repacked = true
			name = strings.TrimPrefix(name, folder)
		}
		folded := strings.ToLower(name)
		if first, dup := seen[folded]; dup {
			res.add(ProblemEntryDuplicate, first, "entry %s appears more than once (also as %s); tools disagree about which copy counts", quote(first), quote(name))
			// Which copy an unzip tool keeps differs, so neither is trusted.
			delete(files, first)
			res.Entries = slices.DeleteFunc(res.Entries, func(e EntryInfo) bool { return e.Name == first })
			continue
		}
		seen[folded] = name
		mode := f.Mode()
		switch {
		case mode&fs.ModeSymlink != 0:
			res.add(ProblemEntryLink, name, "entry %s is a symbolic link; a bundle holds only files", quote(name))
			continue
		case strings.HasSuffix(name, "/") || mode.IsDir():
			res.add(ProblemEntryNotFile, name, "entry %s is a folder; a bundle holds only files", quote(name))
			continue
		case !mode.IsRegular():
			res.add(ProblemEntryNotFile, name, "entry %s is a special file (%v); a bundle holds only files", quote(name), mode.Type())
			continue
		}
		if !slices.Contains(expected, name) {
			res.add(ProblemEntryUnexpected, name, "entry %s is not part of an onboarding bundle", quote(name))
			continue
		}
		limit := int64(maxOtherEntry)
		if name == EntryMetadata {
			limit = metaLimit
		}
		data, code, msg := readEntry(f, limit)
		if code != "" {
			res.add(code, name, "%s %s", name, msg)
			continue
		}
		total += int64(len(data))
		if total > totalLimit {
			res.add(ProblemTooLarge, "", "the entries expand to more than %d bytes together", totalLimit)
			return nil, false
		}
		files[name] = data
		sum := sha256.Sum256(data)
		res.Entries = append(res.Entries, EntryInfo{Name: name, Size: len(data), SHA256: hex.EncodeToString(sum[:])})
	}
	return files, true
}

// readEntry reads one entry, refusing it once it expands past limit, whatever
// its header claims.
func readEntry(f *zip.File, limit int64) ([]byte, ProblemCode, string) {
	if f.Flags&0x1 != 0 {
		return nil, ProblemEntryUnreadable, "is encrypted"
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return nil, ProblemEntryUnreadable, fmt.Sprintf("uses compression method %d, which a bundle never uses", f.Method)
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, ProblemEntryTooLarge, fmt.Sprintf("declares %d bytes; the limit is %d", f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, ProblemEntryUnreadable, fmt.Sprintf("cannot be read: %v", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(data)) > limit {
		return nil, ProblemEntryTooLarge, fmt.Sprintf("expands past %d bytes", limit)
	}
	if err != nil {
		return nil, ProblemEntryUnreadable, fmt.Sprintf("is damaged: %v", err)
	}
	return data, "", ""
}

// unsafeName says why an entry name could write outside the folder it is
// extracted to, or confuse a person reading it; "" when it is safe.
func unsafeName(name string) string {
	switch {
	case name == "":
		return "has an empty name"
	case !utf8.ValidString(name):
		return "has a name that is not valid UTF-8"
	case strings.ContainsFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }):
		return "has a control character in its name"
	case strings.HasPrefix(name, "/"):
		return "has an absolute path"
	case strings.Contains(name, `\`):
		return "has a backslash in its name"
	case strings.Contains(name, ":"):
		return "has a drive letter or colon in its name"
	case slices.Contains(strings.Split(strings.TrimSuffix(name, "/"), "/"), ".."):
		return "climbs out of its folder with \"..\""
	case !fs.ValidPath(strings.TrimSuffix(name, "/")):
		return "has an empty or \".\" path element"
	}
	return ""
}

// quote shows a name a hostile archive chose without letting it carry
// terminal escapes or line breaks into the output.
func quote(s string) string { return strconv.QuoteToGraphic(s) }

// checkSums compares SHA256SUMS with the entries read.
func checkSums(res *VerifyResult, sums []byte, files map[string][]byte, expected []string) {
	listed := map[string]string{}
	text := string(sums)
	if text != "" && !strings.HasSuffix(text, "\n") {
		res.add(ProblemSumsMalformed, EntrySums, "%s does not end with a line break", EntrySums)
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if text == "" {
			break
		}
		sum, name, ok := parseSumLine(line)
		if !ok {
			res.add(ProblemSumsMalformed, EntrySums, "line %d of %s is not \"<64 hex digits>  <name>\": %s", i+1, EntrySums, quote(clip(line, 100)))
			continue
		}
		if _, dup := listed[name]; dup {
			res.add(ProblemSumsMalformed, EntrySums, "%s lists %s twice", EntrySums, quote(name))
			continue
		}
		listed[name] = sum
		if name == EntrySums || !slices.Contains(expected, name) {
			res.add(ProblemSumsExtra, EntrySums, "%s lists %s, which is not part of a bundle", EntrySums, quote(name))
		}
	}
	for _, name := range expected {
		if name == EntrySums {
			continue
		}
		want, ok := listed[name]
		if !ok {
			res.add(ProblemSumsUnlisted, name, "%s does not list %s", EntrySums, name)
			continue
		}
		data, present := files[name]
		if !present {
			continue // reported as missing or unreadable already
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != want {
			res.add(ProblemSumsMismatch, name, "%s has changed since the bundle was made: its SHA-256 is %s, %s lists %s",
				name, hex.EncodeToString(got[:]), EntrySums, want)
		}
	}
}

// parseSumLine reads "<hex>  <name>" or "<hex> *<name>", as sha256sum writes
// them in text and binary mode.
func parseSumLine(line string) (sum, name string, ok bool) {
	if len(line) < 67 || (line[64:66] != "  " && line[64:66] != " *") {
		return "", "", false
	}
	sum = strings.ToLower(line[:64])
	if _, err := hex.DecodeString(sum); err != nil {
		return "", "", false
	}
	name = line[66:]
	if strings.ContainsAny(name, "\r\\") {
		return "", "", false
	}
	return sum, name, true
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// checkMetadata reports a metadata check that fails now, and returns the
// verified signer when there is one.
func checkMetadata(res *VerifyResult, report *samlcheck.Report) *samlcheck.Certificate {
	if !report.OK {
		var msgs []string
		for _, f := range report.Findings {
			if f.Severity == samlcheck.SeverityError {
				msgs = append(msgs, fmt.Sprintf("%s (%s)", f.Message, f.Code))
			}
		}
		res.add(ProblemMetadataCheck, EntryMetadata, "the metadata no longer passes the check: %s", strings.Join(msgs, "; "))
		last := &res.Problems[len(res.Problems)-1]
		for _, f := range report.Findings {
			if f.Severity == samlcheck.SeverityError {
				last.Causes = append(last.Causes, f.Code)
			}
		}
	}
	signer, err := usable(report)
	if err != nil {
		var refused *RefusedError
		if errors.As(err, &refused) && refused.Reason != "" {
			res.add(ProblemMetadataRefused, EntryMetadata, "the metadata cannot make a bundle: %s", refused.Reason)
		}
		// Without a verified signature nothing in the file can be
		// trusted, but the signer of a file that merely fails a time
		// check (expired since) still identifies it.
		if report.Signature.Valid {
			return report.SignerCertificate()
		}
		return nil
	}
	return signer
}

// checkOnboarding compares onboarding.json with its customer's URLs and with
// the verified metadata.
func checkOnboarding(res *VerifyResult, data, metadata []byte, signer *samlcheck.Certificate) *Onboarding {
	var ob Onboarding
	if err := json.Unmarshal(data, &ob); err != nil {
		res.add(ProblemOnboardingJSON, EntryOnboarding, "%s does not parse as JSON: %v", EntryOnboarding, err)
		return nil
	}
	if ob.SchemaVersion != SchemaVersion {
		res.add(ProblemSchemaVersion, EntryOnboarding, "%s has schema_version %d; this version of the tool reads %d", EntryOnboarding, ob.SchemaVersion, SchemaVersion)
		return &ob
	}
	field := func(code ProblemCode, name, got, want, source string) {
		if got != want {
			res.add(code, EntryOnboarding, "%s says %s is %s, but %s says %s", EntryOnboarding, name, quote(got), source, quote(want))
		}
	}
	checkURLSet(res, &ob, field)
	if !slices.Equal(ob.Attributes, attributes()) {
		res.add(ProblemAttributes, EntryOnboarding, "%s lists attributes %s; pymetrics expects %s", EntryOnboarding, attributeList(ob.Attributes), attributeList(attributes()))
	}
	if metadata != nil {
		sum := sha256.Sum256(metadata)
		field(ProblemMetadataFile, "metadata.sha256", ob.Metadata.SHA256, hex.EncodeToString(sum[:]), EntryMetadata)
		if ob.Metadata.Size != len(metadata) {
			res.add(ProblemMetadataFile, EntryOnboarding, "%s says the metadata is %d bytes, but %s is %d bytes", EntryOnboarding, ob.Metadata.Size, EntryMetadata, len(metadata))
		}
	}
	if signer == nil || res.Report == nil {
		return &ob // nothing verified to compare with
	}
	r := res.Report
	src := "the signed metadata"
	field(ProblemEntityID, "entity_id", ob.EntityID, r.EntityID, src)
	field(ProblemTenant, "tenant_id", ob.TenantID, r.TenantID, src)
	field(ProblemEndpoint, "login_url", ob.LoginURL, loginURL(r), src)
	field(ProblemEndpoint, "logout_url", ob.LogoutURL, logoutURL(r), src)
	field(ProblemThumbprint, "signing_certificate.sha1_thumbprint", ob.SigningCertificate.SHA1Thumbprint, signer.SHA1Thumbprint, src)
	field(ProblemCertValidity, "signing_certificate.sha256_fingerprint", ob.SigningCertificate.SHA256Fingerprint, signer.SHA256Fingerprint, src)
	field(ProblemCertValidity, "signing_certificate.not_before", stamp(ob.SigningCertificate.NotBefore), stamp(signer.NotBefore), src)
	field(ProblemCertValidity, "signing_certificate.not_after", stamp(ob.SigningCertificate.NotAfter), stamp(signer.NotAfter), src)
	return &ob
}

// checkURLSet accepts onboarding.json's URLs when wizard.ValidateURLs does
// (the pattern, or a consistent set from pymetrics support, whose deviations
// the result lists); otherwise it names each value that is not the
// customer's.
func checkURLSet(res *VerifyResult, ob *Onboarding, field func(code ProblemCode, name, got, want, source string)) {
	urls := wizard.URLs{Customer: ob.Customer, Identifier: ob.Identifier, ReplyURL: ob.ReplyURL, SignOnURL: ob.SignOnURL}
	devs, err := wizard.ValidateURLs(urls)
	if err == nil {
		res.URLDeviations = devs
		return
	}
	var nameErr *wizard.NameError
	if errors.As(err, &nameErr) && nameErr.Name == ob.Customer {
		res.add(ProblemCustomer, EntryOnboarding, "%s names customer %s, which is not a valid customer name: %s", EntryOnboarding, quote(ob.Customer), nameErr.Check.Message())
		return
	}
	want, _ := wizard.URLsFor(ob.Customer)
	src := "the pattern for customer " + quote(ob.Customer)
	before := len(res.Problems)
	field(ProblemURLMismatch, "identifier", ob.Identifier, want.Identifier, src)
	field(ProblemURLMismatch, "reply_url", ob.ReplyURL, want.ReplyURL, src)
	field(ProblemURLMismatch, "sign_on_url", ob.SignOnURL, want.SignOnURL, src)
	if len(res.Problems) > before {
		res.Problems[len(res.Problems)-1].Message += " (and they are not a consistent set from pymetrics support either: " + err.Error() + ")"
	}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func attributeList(as []Attribute) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, a.Name+" <- "+a.Source)
	}
	return quote(strings.Join(parts, ", "))
}

// checkCertificate insists that signing-certificate.pem is exactly one PEM
// certificate, the one that signed the metadata.
func checkCertificate(res *VerifyResult, data []byte, signer *samlcheck.Certificate) {
	block, rest := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" || len(bytes.TrimSpace(rest)) != 0 {
		res.add(ProblemCertMalformed, EntryCertificate, "%s is not exactly one PEM certificate", EntryCertificate)
		return
	}
	if signer != nil && !bytes.Equal(block.Bytes, signer.DER) {
		res.add(ProblemCertMismatch, EntryCertificate, "%s is not the certificate that signed %s (which has thumbprint %s)", EntryCertificate, EntryMetadata, signer.SHA1Thumbprint)
	}
}

// checkSPMetadata insists that sp-metadata.xml is what the assistant makes
// for onboarding.json's values: the generator is deterministic, so any other
// bytes mean the file was edited or the URLs were.
func checkSPMetadata(res *VerifyResult, data []byte, ob *Onboarding) {
	urls := wizard.URLs{Customer: ob.Customer, Identifier: ob.Identifier, ReplyURL: ob.ReplyURL, SignOnURL: ob.SignOnURL}
	if !bytes.Equal(data, wizard.SPMetadata(urls)) {
		res.add(ProblemSPMetadata, EntrySPMetadata, "%s is not the SP metadata for identifier %s and reply URL %s in %s",
			EntrySPMetadata, quote(ob.Identifier), quote(ob.ReplyURL), EntryOnboarding)
	}
}
