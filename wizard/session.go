package wizard

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// SchemaVersion is the version of the saved session format. Raise it when a
// change would make an older assistant misread a newer file; an assistant
// never loads a session with a higher version (it moves the file aside).
const SchemaVersion = 1

// Session is everything the journey needs to resume: it is what the Store
// saves, as JSON. The zero value is a fresh session.
type Session struct {
	Schema int `json:"schema"`
	// Customer is the name exactly as typed, even when refused, so that
	// nothing the admin typed is lost.
	Customer string `json:"customer"`
	// Support holds URLs pasted from pymetrics support. They take precedence
	// over the pattern while Customer equals Support.URLs.Customer; typing
	// another name sets them aside without forgetting them.
	Support *SupportURLs `json:"support,omitempty"`
	// Ticks holds the ticked checklist items by ID. Unknown IDs (from a newer
	// assistant) are kept.
	Ticks   map[string]bool `json:"ticks,omitempty"`
	Current StepID          `json:"current_step,omitempty"`
	// Metadata is the Federation Metadata XML the admin added, byte for byte.
	Metadata *Metadata `json:"metadata,omitempty"`
	// PreviousGood is the last file that passed the check while a later
	// file that did not pass has taken its place, byte for byte, so that
	// dropping a wrong file after the right one loses nothing (see
	// Wizard.UsePreviousGood). It is nil while Metadata is that file.
	PreviousGood *Metadata `json:"previous_good,omitempty"`
	// Thumbprint is the signing certificate thumbprint the admin copied from
	// the portal, exactly as typed.
	Thumbprint string `json:"portal_thumbprint,omitempty"`
	// PasteBack is the text last pasted into the paste-back check.
	PasteBack string `json:"paste_back,omitempty"`
	// PasteBackReason is why the admin keeps values that differ from the
	// expected ones (for example, pymetrics support asked for them); with
	// it, differences no longer hold Basic SAML configuration open.
	PasteBackReason string `json:"paste_back_reason,omitempty"`
	// ContactName and ContactEmail are the admin's, for the onboarding
	// bundle and its e-mail; optional, and kept exactly as typed even when
	// the bundle's rules refuse them, so that nothing typed is lost.
	ContactName  string        `json:"contact_name,omitempty"`
	ContactEmail string        `json:"contact_email,omitempty"`
	Bundle       *BundleRecord `json:"bundle,omitempty"`
	// Renewal is the certificate renewal journey, when one is started.
	Renewal *Renewal `json:"renewal,omitempty"`
	// LastRenewal is the renewal finished last: its certificate is the one
	// in use, and its rollover bundle is what support has now.
	LastRenewal *RenewalRecord `json:"last_renewal,omitempty"`
	Updated     time.Time      `json:"updated,omitzero"`
}

// SupportURLs are values pasted from pymetrics support.
type SupportURLs struct {
	// Pasted is the text exactly as pasted.
	Pasted     string      `json:"pasted"`
	URLs       URLs        `json:"urls"`
	Deviations []Deviation `json:"deviations,omitempty"`
	At         time.Time   `json:"at,omitzero"`
}

// Metadata is a metadata file as the admin added it, with the check's
// report. Data holds the exact bytes (base64 in JSON): a signed file must
// never be changed by a single byte.
type Metadata struct {
	Name string `json:"name"`
	// Data is the file byte for byte. Like Report it is never modified once
	// set, so copies of a Metadata share it: the Wizard hands out copies of
	// its state, and copying a large file on every screen refresh would hold
	// up the UI goroutine. Nothing may write into it.
	Data   []byte `json:"data"`
	SHA256 string `json:"sha256"`
	// Report is the check's result. Certificate DER bytes are not saved (the
	// report's JSON leaves them out); re-run the check on Data to get them.
	Report    *samlcheck.Report `json:"report,omitempty"`
	CheckedAt time.Time         `json:"checked_at,omitzero"`
	// SourceURL and FetchedAt say where and when the file was fetched,
	// when it came from its App Federation Metadata Url (the bundle
	// records them).
	SourceURL string    `json:"source_url,omitempty"`
	FetchedAt time.Time `json:"fetched_at,omitzero"`
}

// BundleRecord remembers the last onboarding bundle saved, and for which
// customer, metadata and contact, so a bundle made before a change is not
// taken for a current one.
type BundleRecord struct {
	Path           string    `json:"path"`
	At             time.Time `json:"at,omitzero"`
	Customer       string    `json:"customer"`
	MetadataSHA256 string    `json:"metadata_sha256,omitempty"`
	ContactName    string    `json:"contact_name,omitempty"`
	ContactEmail   string    `json:"contact_email,omitempty"`
}

// URLSource says where the active values come from.
type URLSource string

const (
	SourceNone    URLSource = ""        // no valid name yet
	SourcePattern URLSource = "pattern" // derived from the customer name
	SourceSupport URLSource = "support" // pasted from pymetrics support
)

// NewSession returns a fresh session at the first step.
func NewSession() Session {
	return Session{Schema: SchemaVersion, Current: StepIDs[0]}
}

// Clone returns a copy that can leave the Wizard's lock: everything is
// copied but the metadata bytes and reports, which are never modified once
// set and so are shared.
func (s Session) Clone() Session {
	c := s
	if s.Support != nil {
		sup := *s.Support
		sup.Deviations = slices.Clone(s.Support.Deviations)
		c.Support = &sup
	}
	c.Ticks = maps.Clone(s.Ticks)
	c.Metadata = s.Metadata.clone()
	c.PreviousGood = s.PreviousGood.clone()
	if s.Bundle != nil {
		b := *s.Bundle
		c.Bundle = &b
	}
	c.Renewal = s.Renewal.clone()
	if s.LastRenewal != nil {
		l := *s.LastRenewal
		c.LastRenewal = &l
	}
	return c
}

// ActiveURLs returns the values the admin should enter: support's when they
// belong to the current customer name, else the pattern's for a valid name.
func (s Session) ActiveURLs() (URLs, URLSource, error) {
	if s.Support != nil && s.Support.URLs.Customer == s.Customer && s.Customer != "" {
		return s.Support.URLs, SourceSupport, nil
	}
	u, err := URLsFor(s.Customer)
	if err != nil {
		return URLs{}, SourceNone, err
	}
	return u, SourcePattern, nil
}

// Deviations returns how support's active values differ from the pattern.
func (s Session) Deviations() []Deviation {
	if _, src, _ := s.ActiveURLs(); src == SourceSupport {
		return slices.Clone(s.Support.Deviations)
	}
	return nil
}

// clone copies m and its bytes; nil stays nil.
func (m *Metadata) clone() *Metadata {
	if m == nil {
		return nil
	}
	c := *m
	return &c // Data and Report are never modified once set, so shared
}

// Passed reports whether the file passed the check as Entra app metadata:
// an OK report of another kind (tenant-wide federation metadata, another
// identity provider) is not what pymetrics needs.
func (m *Metadata) Passed() bool {
	return m != nil && m.Report != nil && m.Report.OK && m.Report.Kind == samlcheck.KindEntraApp
}

// MetadataOK reports whether the current file passed the check (see
// Metadata.Passed).
func (s Session) MetadataOK() bool {
	return s.Metadata.Passed()
}

// replaceMetadata makes next the current file. A file that passed the check
// is kept as PreviousGood when one that has not passed (yet) replaces it;
// a file that passes replaces PreviousGood, being the last good one itself.
func (s *Session) replaceMetadata(next *Metadata) {
	switch {
	case next.Passed():
		s.PreviousGood = nil
	case s.Metadata.Passed() && (next == nil || next.SHA256 != s.Metadata.SHA256):
		s.PreviousGood = s.Metadata
	}
	s.Metadata = next
}

// BundleCurrent reports whether the saved bundle still matches the customer,
// the metadata and the contact; a bundle saved before any of them changed
// must be saved again.
func (s Session) BundleCurrent() bool {
	b := s.Bundle
	if b == nil || b.Path == "" {
		return false
	}
	sum := ""
	if s.Metadata != nil {
		sum = s.Metadata.SHA256
	}
	return b.Customer == s.Customer && b.MetadataSHA256 == sum &&
		b.ContactName == s.ContactName && b.ContactEmail == s.ContactEmail
}

// StepComplete applies the step's completion rule to the session.
func (s Session) StepComplete(id StepID) bool {
	st, ok := StepByID(id)
	if !ok {
		return false
	}
	switch st.Rule {
	case RuleChecklist:
		for _, it := range st.Checklist {
			if !s.Ticks[it.ID] {
				return false
			}
		}
		return len(st.Checklist) > 0
	case RuleEnteredInEntra:
		if _, _, err := s.ActiveURLs(); err != nil {
			return false
		}
		for _, it := range st.Checklist {
			if !s.Ticks[it.ID] {
				return false
			}
		}
		return !s.PasteBackDiffers() || strings.TrimSpace(s.PasteBackReason) != ""
	case RuleMetadataOK:
		return s.MetadataOK()
	case RuleBundleExported:
		return s.BundleCurrent()
	}
	return false
}

// PasteBackComparison compares the paste-back text with the active values;
// the zero Comparison when nothing was pasted or there is no valid name.
func (s Session) PasteBackComparison() Comparison {
	if s.PasteBack == "" {
		return Comparison{}
	}
	u, _, err := s.ActiveURLs()
	if err != nil {
		return Comparison{}
	}
	return CompareURLs(u, s.PasteBack)
}

// PasteBackDiffers reports whether the values pasted back from Entra differ
// from the active ones (a field missing counts as a difference).
func (s Session) PasteBackDiffers() bool {
	c := s.PasteBackComparison()
	return len(c.Fields) > 0 && !c.OK
}

// PasteBackConfirmed reports whether the values pasted back from Entra
// match the active ones exactly: only then may the onboarding e-mail say
// they are "as entered in Entra".
func (s Session) PasteBackConfirmed() bool {
	c := s.PasteBackComparison()
	return len(c.Fields) > 0 && c.OK
}

// Incomplete lists the steps before the last that are not complete, in
// journey order: the last step claims success only when it is empty.
func (s Session) Incomplete() []StepID {
	var out []StepID
	for _, id := range StepIDs[:len(StepIDs)-1] {
		if !s.StepComplete(id) {
			out = append(out, id)
		}
	}
	return out
}

// StepStatus is one line of the step list.
type StepStatus struct {
	ID       StepID `json:"id"`
	Title    string `json:"title"`
	Complete bool   `json:"complete"`
	Current  bool   `json:"current"`
}

// Progress is how far the journey is.
type Progress struct {
	Done  int          `json:"done"`
	Total int          `json:"total"`
	Steps []StepStatus `json:"steps"`
}

// Fraction is Done/Total, for a progress bar.
func (p Progress) Fraction() float64 {
	if p.Total == 0 {
		return 0
	}
	return float64(p.Done) / float64(p.Total)
}

// Progress computes the state of every step.
func (s Session) Progress() Progress {
	steps := Steps()
	p := Progress{Total: len(steps)}
	cur := s.current()
	for _, st := range steps {
		done := s.StepComplete(st.ID)
		if done {
			p.Done++
		}
		p.Steps = append(p.Steps, StepStatus{ID: st.ID, Title: st.Title, Complete: done, Current: st.ID == cur})
	}
	return p
}

// current is the current step, the first one when unset or unknown (a
// session from a newer assistant may name a step this one does not have).
func (s Session) current() StepID {
	if stepIndex(s.Current) < 0 {
		return StepIDs[0]
	}
	return s.Current
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
