package wizard

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// The renewal journey: the SAML signing certificate Entra made expires
// (after three years), and the new one must reach pymetrics before it is
// made active. It is a short journey of its own, kept in Session.Renewal
// beside the setup journey, with its own stable step IDs.

// RenewalStepID names a step of the renewal journey. The values are stored
// in saved sessions.
type RenewalStepID string

const (
	RenewCreate   RenewalStepID = "renew-create"   // create the new certificate, inactive
	RenewCompare  RenewalStepID = "renew-compare"  // drop the new metadata, compare with the previous bundle
	RenewSend     RenewalStepID = "renew-send"     // export the rollover bundle
	RenewActivate RenewalStepID = "renew-activate" // after pymetrics confirms: activate, check the new signer
)

// RenewalStepIDs lists the renewal steps in order.
var RenewalStepIDs = []RenewalStepID{RenewCreate, RenewCompare, RenewSend, RenewActivate}

// RenewalOfferWindow is how long before the signing certificate expires the
// window offers the renewal journey by itself: Entra's first reminder mail
// comes 60 days ahead.
const RenewalOfferWindow = 60 * 24 * time.Hour

// SupportLeadText says how long pymetrics support usually needs, shown where
// the admin plans the switch.
const SupportLeadText = "pymetrics support needs a few working days to add a new certificate; the assistant plans the switch two weeks ahead unless you choose another day."

// ErrNoRenewal: a renewal method was called with no renewal started.
var ErrNoRenewal = errors.New("wizard: no certificate renewal in progress")

// Renewal is the state of the renewal journey.
type Renewal struct {
	Current RenewalStepID `json:"current_step"`
	Started time.Time     `json:"started,omitzero"`
	// Previous is the bundle last sent to pymetrics support (onboarding or
	// rollover), byte for byte.
	Previous *SavedFile `json:"previous,omitempty"`
	// Metadata is the new Federation Metadata XML, listing both
	// certificates.
	Metadata *Metadata `json:"metadata,omitempty"`
	// Source is the URL the metadata was fetched from, when it was.
	SourceURL string    `json:"source_url,omitempty"`
	FetchedAt time.Time `json:"fetched_at,omitzero"`
	// Thumbprint is the new certificate's thumbprint as pasted from the
	// portal.
	Thumbprint string `json:"thumbprint,omitempty"`
	// SwitchDate is the planned switch day, YYYY-MM-DD; empty means the
	// default.
	SwitchDate string `json:"switch_date,omitempty"`
	// Plan is the comparison of Metadata with Previous, as last made.
	Plan *RenewalPlan `json:"plan,omitempty"`
	// Bundle is the rollover bundle saved.
	Bundle *BundleRecord `json:"bundle,omitempty"`
	// Activated is the metadata downloaded after making the new
	// certificate active.
	Activated *Metadata       `json:"activated,omitempty"`
	Ticks     map[string]bool `json:"ticks,omitempty"`
}

// SavedFile is a file the admin chose, byte for byte.
type SavedFile struct {
	Name   string `json:"name"`
	Data   []byte `json:"data"`
	SHA256 string `json:"sha256"`
}

// RenewalPlan is what the comparison of the new metadata with the previous
// bundle established, for the screens (the bundle package makes it).
type RenewalPlan struct {
	MetadataSHA256 string    `json:"metadata_sha256"`
	PreviousSHA256 string    `json:"previous_sha256"`
	Thumbprint     string    `json:"thumbprint,omitempty"`
	OK             bool      `json:"ok"`
	Link           string    `json:"link,omitempty"`
	NewThumbprint  string    `json:"new_thumbprint,omitempty"`
	NewNotBefore   time.Time `json:"new_not_before,omitzero"`
	NewNotAfter    time.Time `json:"new_not_after,omitzero"`
	Signer         string    `json:"signer,omitempty"`
	// CurrentNotAfter is when the certificate the previous bundle trusts
	// (the one in use) expires.
	CurrentNotAfter time.Time           `json:"current_not_after,omitzero"`
	Switch          string              `json:"switch,omitempty"`
	Findings        []samlcheck.Finding `json:"findings,omitempty"`
}

// Renewal checklist items.
const (
	RenewItemCreated   = "renew-create.created-inactive"
	RenewItemSent      = "renew-send.sent"
	RenewItemConfirmed = "renew-activate.confirmed"
	RenewItemActivated = "renew-activate.activated"
	RenewItemSignedIn  = "renew-activate.signed-in"
)

// RenewalRecord remembers a finished renewal.
type RenewalRecord struct {
	// BundlePath is the rollover bundle sent to support: the previous
	// bundle of the next renewal.
	BundlePath    string    `json:"bundle_path,omitempty"`
	At            time.Time `json:"at,omitzero"`
	NewThumbprint string    `json:"new_thumbprint"`
	NotAfter      time.Time `json:"not_after,omitzero"`
}

// RenewalStep is one screen of the renewal journey, as data.
type RenewalStep struct {
	ID           RenewalStepID   `json:"id"`
	Title        string          `json:"title"`
	Intro        string          `json:"intro"`
	Instructions []string        `json:"instructions"`
	Checklist    []ChecklistItem `json:"checklist,omitempty"`
	Done         string          `json:"done"`
	Pending      string          `json:"pending"`
}

// RenewalSteps returns the renewal journey in order.
func RenewalSteps() []RenewalStep {
	return []RenewalStep{
		{
			ID:    RenewCreate,
			Title: "Create the new certificate",
			Intro: "Create the new certificate now but do NOT make it active yet: Entra signs sign-ins with the active certificate, and pymetrics refuses them until it has the new one. " + SupportLeadText,
			Instructions: []string{
				"In the Entra admin center open Enterprise applications > pymetrics > Single sign-on.",
				"Under SAML Certificates select Edit, then New Certificate, then Save. The new certificate is listed as Inactive.",
				"Leave it inactive. The current certificate keeps signing until pymetrics confirms they have the new one.",
			},
			Checklist: []ChecklistItem{{ID: RenewItemCreated, Text: "The new certificate is listed under SAML Certificates as Inactive."}},
			Done:      "The new certificate exists and is still inactive.",
			Pending:   "Create the new certificate in Entra and tick the box.",
		},
		{
			ID:    RenewCompare,
			Title: "Compare the new metadata",
			Intro: "The Federation Metadata XML now lists both certificates and is still signed by the current one, which pymetrics already trusts: that signature vouches for the new certificate.",
			Instructions: []string{
				"Choose the bundle you last sent to pymetrics support (the onboarding bundle, or the last rollover bundle).",
				"Under SAML Certificates download Federation Metadata XML again, and drop it here or paste the App Federation Metadata Url.",
				"Paste the new certificate's thumbprint from its row under SAML Certificates to confirm it.",
			},
			Done:    "Same tenant, entity ID and endpoints; the new certificate is vouched for.",
			Pending: "Choose the previous bundle and add the new metadata; it must meet every rule.",
		},
		{
			ID:    RenewSend,
			Title: "Send the rollover bundle",
			Intro: "The rollover bundle holds the new metadata byte for byte, both certificates, the previous bundle's checksum and the planned switch day, with checksums support verifies.",
			Instructions: []string{
				"Choose the switch day, then save the rollover bundle.",
				"Open the e-mail draft, attach the bundle and send it to " + SupportEmail + ".",
				"Add the calendar file in the bundle (certificate-switch.ics) to your calendar: the switch day, and the reminder to renew the new certificate before it expires.",
			},
			Checklist: []ChecklistItem{{ID: RenewItemSent, Text: "I sent the rollover bundle to pymetrics support."}},
			Done:      "The rollover bundle is saved.",
			Pending:   "Save the rollover bundle.",
		},
		{
			ID:    RenewActivate,
			Title: "Make it active and test",
			Intro: "Only after pymetrics confirms they have the new certificate: make it active, check that Entra now signs with it, and test sign-in.",
			Instructions: []string{
				"Under SAML Certificates select Edit, then Make certificate active (or Set as active certificate in the new certificate's row menu), and Save.",
				"Download Federation Metadata XML once more and drop it here: it must now be signed by the new certificate.",
				"Test sign-in from the pymetrics Sign-on URL; the sign-in check shows the new signer.",
			},
			Checklist: []ChecklistItem{
				{ID: RenewItemConfirmed, Text: "pymetrics support confirmed they have the new certificate."},
				{ID: RenewItemActivated, Text: "I made the new certificate active in Entra."},
				{ID: RenewItemSignedIn, Text: "The test user signed in to pymetrics after the switch."},
			},
			Done:    "The new certificate is active, and pymetrics has it.",
			Pending: "Add the metadata downloaded after the switch; it must be signed by the new certificate.",
		},
	}
}

// RenewalStepByID returns the renewal step with the ID.
func RenewalStepByID(id RenewalStepID) (RenewalStep, bool) {
	for _, s := range RenewalSteps() {
		if s.ID == id {
			return s, true
		}
	}
	return RenewalStep{}, false
}

func renewalItem(id string) bool {
	for _, s := range RenewalSteps() {
		for _, it := range s.Checklist {
			if it.ID == id {
				return true
			}
		}
	}
	return false
}

func (r *Renewal) clone() *Renewal {
	if r == nil {
		return nil
	}
	c := *r
	if r.Previous != nil {
		p := *r.Previous
		c.Previous = &p // Data is never modified once set
	}
	c.Metadata = r.Metadata.clone()
	c.Activated = r.Activated.clone()
	if r.Plan != nil {
		p := *r.Plan
		p.Findings = slices.Clone(r.Plan.Findings)
		c.Plan = &p
	}
	if r.Bundle != nil {
		b := *r.Bundle
		c.Bundle = &b
	}
	c.Ticks = maps.Clone(r.Ticks)
	return &c
}

func (r *Renewal) current() RenewalStepID {
	if slices.Contains(RenewalStepIDs, r.Current) {
		return r.Current
	}
	return RenewalStepIDs[0]
}

// PlanCurrent reports whether Plan was made for the current previous
// bundle, metadata and thumbprint.
func (r *Renewal) PlanCurrent() bool {
	return r != nil && r.Plan != nil && r.Previous != nil && r.Metadata != nil &&
		r.Plan.PreviousSHA256 == r.Previous.SHA256 && r.Plan.MetadataSHA256 == r.Metadata.SHA256 && r.Plan.Thumbprint == r.Thumbprint
}

// ActivatedOK reports whether the metadata downloaded after the switch
// passed the check and is signed by the new certificate.
func (r *Renewal) ActivatedOK() bool {
	if r == nil || r.Plan == nil || !r.Activated.Passed() {
		return false
	}
	s := r.Activated.Report.SignerCertificate()
	return s != nil && s.SHA1Thumbprint == r.Plan.NewThumbprint
}

// StepComplete applies the renewal step's rule.
func (r *Renewal) StepComplete(id RenewalStepID) bool {
	if r == nil {
		return false
	}
	switch id {
	case RenewCreate:
		return r.Ticks[RenewItemCreated]
	case RenewCompare:
		return r.PlanCurrent() && r.Plan.OK
	case RenewSend:
		return r.PlanCurrent() && r.Plan.OK && r.Bundle != nil && r.Bundle.MetadataSHA256 == r.Metadata.SHA256
	case RenewActivate:
		return r.ActivatedOK() && r.Ticks[RenewItemConfirmed] && r.Ticks[RenewItemActivated]
	}
	return false
}

// RenewalDue says when the signing certificate of the setup journey's
// metadata expires and whether that is within RenewalOfferWindow of now.
//
// After a finished renewal the certificate it made active counts instead.
func (s Session) RenewalDue(now time.Time) (expires time.Time, due bool) {
	if s.Metadata != nil && s.Metadata.Report != nil {
		if signer := s.Metadata.Report.SignerCertificate(); signer != nil {
			expires = signer.NotAfter
		}
	}
	if l := s.LastRenewal; l != nil && l.NotAfter.After(expires) {
		expires = l.NotAfter
	}
	if expires.IsZero() {
		return time.Time{}, false
	}
	return expires, expires.Sub(now) <= RenewalOfferWindow
}

// ChangeRenewal: anything in the renewal journey changed.
const ChangeRenewal ChangeKind = "renewal"

// StartRenewal starts the renewal journey, or returns to it where the admin
// left it. When no previous bundle is chosen yet, the onboarding bundle the
// setup journey saved is offered by path (the UI reads it).
func (w *Wizard) StartRenewal() {
	at := w.now()
	w.update(ChangeRenewal, "", func(s *Session) bool {
		if s.Renewal != nil {
			return false
		}
		s.Renewal = &Renewal{Current: RenewCreate, Started: at}
		return true
	})
}

// EndRenewal leaves the renewal journey and forgets it. A complete renewal
// is remembered as LastRenewal: its certificate is the one in use now.
func (w *Wizard) EndRenewal() {
	at := w.now()
	w.update(ChangeRenewal, "", func(s *Session) bool {
		r := s.Renewal
		if r == nil {
			return false
		}
		if r.StepComplete(RenewActivate) {
			s.LastRenewal = &RenewalRecord{At: at, NewThumbprint: r.Plan.NewThumbprint, NotAfter: r.Plan.NewNotAfter}
			if r.Bundle != nil {
				s.LastRenewal.BundlePath = r.Bundle.Path
			}
		}
		s.Renewal = nil
		return true
	})
}

// Renewal returns a copy of the renewal state, nil when none is started.
func (w *Wizard) Renewal() *Renewal {
	return view(w, func(s *Session) *Renewal { return s.Renewal.clone() })
}

func (w *Wizard) updateRenewal(item string, f func(r *Renewal) bool) error {
	var err error
	w.update(ChangeRenewal, item, func(s *Session) bool {
		if s.Renewal == nil {
			err = ErrNoRenewal
			return false
		}
		return f(s.Renewal)
	})
	return err
}

// RenewalGoTo makes id the current renewal step.
func (w *Wizard) RenewalGoTo(id RenewalStepID) error {
	if !slices.Contains(RenewalStepIDs, id) {
		return fmt.Errorf("%w: %q", ErrUnknownStep, id)
	}
	return w.updateRenewal("", func(r *Renewal) bool {
		if r.Current == id {
			return false
		}
		r.Current = id
		return true
	})
}

// RenewalTick ticks or unticks a renewal checklist item.
func (w *Wizard) RenewalTick(itemID string, on bool) error {
	if !renewalItem(itemID) {
		return fmt.Errorf("%w: %q", ErrUnknownItem, itemID)
	}
	return w.updateRenewal(itemID, func(r *Renewal) bool {
		if r.Ticks[itemID] == on {
			return false
		}
		if r.Ticks == nil {
			r.Ticks = map[string]bool{}
		}
		if on {
			r.Ticks[itemID] = true
		} else {
			delete(r.Ticks, itemID)
		}
		return true
	})
}

// SetRenewalPrevious stores the previous bundle, byte for byte.
func (w *Wizard) SetRenewalPrevious(name string, data []byte) error {
	f := &SavedFile{Name: name, Data: bytes.Clone(data), SHA256: sha256Hex(data)}
	return w.updateRenewal("", func(r *Renewal) bool {
		if r.Previous != nil && r.Previous.SHA256 == f.SHA256 && r.Previous.Name == f.Name {
			return false
		}
		r.Previous = f
		return true
	})
}

// SetRenewalMetadata stores the new metadata (byte for byte) with its
// check's report, and where it was fetched from when it was (url empty for
// a file).
func (w *Wizard) SetRenewalMetadata(name string, data []byte, report *samlcheck.Report, url string, fetchedAt time.Time) error {
	m := PrepareMetadata(name, data, report).m
	return w.updateRenewal("", func(r *Renewal) bool {
		r.Metadata = m
		r.SourceURL, r.FetchedAt = url, fetchedAt
		return true
	})
}

// SetRenewalThumbprint stores the thumbprint as pasted.
func (w *Wizard) SetRenewalThumbprint(tp string) error {
	return w.updateRenewal("", func(r *Renewal) bool {
		if r.Thumbprint == tp {
			return false
		}
		r.Thumbprint = tp
		return true
	})
}

// SetRenewalSwitch stores the planned switch day (YYYY-MM-DD, or empty for
// the default).
func (w *Wizard) SetRenewalSwitch(day string) error {
	if day != "" {
		if _, err := time.Parse(time.DateOnly, day); err != nil {
			return fmt.Errorf("wizard: switch day %q is not a day like 2026-01-31", day)
		}
	}
	return w.updateRenewal("", func(r *Renewal) bool {
		if r.SwitchDate == day {
			return false
		}
		r.SwitchDate = day
		return true
	})
}

// SetRenewalPlan stores the comparison made for the current inputs.
func (w *Wizard) SetRenewalPlan(p RenewalPlan) error {
	return w.updateRenewal("", func(r *Renewal) bool {
		r.Plan = &p
		return true
	})
}

// SetRenewalBundle records the rollover bundle saved at path, for the
// current metadata.
func (w *Wizard) SetRenewalBundle(path string) error {
	at := w.now()
	return w.updateRenewal("", func(r *Renewal) bool {
		b := &BundleRecord{Path: path, At: at}
		if r.Metadata != nil {
			b.MetadataSHA256 = r.Metadata.SHA256
		}
		r.Bundle = b
		return true
	})
}

// SetRenewalActivated stores the metadata downloaded after the switch.
func (w *Wizard) SetRenewalActivated(name string, data []byte, report *samlcheck.Report) error {
	m := PrepareMetadata(name, data, report).m
	return w.updateRenewal("", func(r *Renewal) bool {
		r.Activated = m
		return true
	})
}

// PrepareFetchedMetadata is PrepareMetadata for a file fetched from its
// App Federation Metadata Url: the URL is its name and is kept, with the
// fetch time, for the bundle.
func PrepareFetchedMetadata(url string, fetchedAt time.Time, data []byte, report *samlcheck.Report) PreparedMetadata {
	p := PrepareMetadata(url, data, report)
	p.m.SourceURL, p.m.FetchedAt = url, fetchedAt
	return p
}
