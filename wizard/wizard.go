package wizard

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// ErrUnknownStep and ErrUnknownItem refuse IDs that no step defines.
var (
	ErrUnknownStep = errors.New("wizard: unknown step")
	ErrUnknownItem = errors.New("wizard: unknown checklist item")
)

// ChangeKind says what changed.
type ChangeKind string

const (
	ChangeCustomer   ChangeKind = "customer"
	ChangeSupport    ChangeKind = "support-urls"
	ChangeTick       ChangeKind = "tick"
	ChangeMetadata   ChangeKind = "metadata"
	ChangeThumbprint ChangeKind = "thumbprint"
	ChangePasteBack  ChangeKind = "paste-back"
	ChangeContact    ChangeKind = "contact"
	ChangeBundle     ChangeKind = "bundle"
	ChangeStep       ChangeKind = "step"
	ChangeStartOver  ChangeKind = "start-over"
)

// Change describes one change of the wizard's state.
type Change struct {
	Kind ChangeKind
	// Item is the checklist item for ChangeTick.
	Item string
	// Step is the current step after the change.
	Step StepID
}

// Listener is told about every change, so a UI can re-render. WizardChanged
// runs on the goroutine that called the changing method, after the change
// and outside the Wizard's lock (it may call back into the Wizard).
type Listener interface {
	WizardChanged(Change)
}

// SaveListener may be implemented by a Listener to hear how autosave went.
// SaveFinished runs on the saving goroutine, not the caller's: a UI must
// hand it over to its own goroutine (in Fyne, fyne.Do).
type SaveListener interface {
	SaveFinished(err error)
}

// ListenerFunc adapts a function to a Listener.
type ListenerFunc func(Change)

// WizardChanged calls f.
func (f ListenerFunc) WizardChanged(c Change) { f(c) }

var _ Listener = ListenerFunc(nil)

// Options tune a Wizard. The zero value is usable.
type Options struct {
	// Now is the clock for time stamps; nil means time.Now.
	Now func() time.Time
	// Demo marks the assistant's demo: the built-in demo file passes the
	// check (marked, see samlcheck.IsDemo) and a bundle says DEMO.
	Demo bool
}

// Wizard is the state the UI drives. Every method is safe for concurrent use.
// Every change is saved through the Store in the background (the latest
// state wins; Flush waits for it), so the UI goroutine never waits for the
// disk.
type Wizard struct {
	store *Store
	now   func() time.Time
	demo  bool

	mu        sync.Mutex
	s         Session
	listeners []Listener

	sv *saver
}

// Open loads the session from the store (see Store.Load) and returns a
// Wizard on it with what the load found.
func Open(store *Store, opts Options) (*Wizard, LoadResult) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	sess, res := store.Load(now())
	return New(store, sess, opts), res
}

// New returns a Wizard on a session. The session is not saved until
// something changes.
func New(store *Store, sess Session, opts Options) *Wizard {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if sess.Schema == 0 {
		sess.Schema = SchemaVersion
	}
	if sess.Current == "" {
		sess.Current = StepIDs[0]
	}
	w := &Wizard{store: store, now: opts.Now, demo: opts.Demo, s: sess.Clone()}
	w.sv = newSaver(store)
	return w
}

// AddListener registers l for every later change.
func (w *Wizard) AddListener(l Listener) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.listeners = append(w.listeners, l)
}

// Demo reports whether this is the assistant's demo (Options.Demo).
func (w *Wizard) Demo() bool { return w.demo }

// Store is the store the Wizard saves through.
func (w *Wizard) Store() *Store { return w.store }

// update applies f under the lock; when f reports a change, the session is
// queued for saving and the listeners are told.
func (w *Wizard) update(kind ChangeKind, item string, f func(s *Session) bool) {
	w.mu.Lock()
	if !f(&w.s) {
		w.mu.Unlock()
		return
	}
	w.s.Updated = w.now()
	snap := w.s.Clone()
	ls := slices.Clone(w.listeners)
	w.mu.Unlock()

	w.sv.request(snap, ls)
	c := Change{Kind: kind, Item: item, Step: snap.current()}
	for _, l := range ls {
		l.WizardChanged(c)
	}
}

// Session returns a copy of the whole state.
func (w *Wizard) Session() Session {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.s.Clone()
}

// view runs f on the state under the lock.
func view[T any](w *Wizard, f func(s *Session) T) T {
	w.mu.Lock()
	defer w.mu.Unlock()
	return f(&w.s)
}

// Customer is the name exactly as typed.
func (w *Wizard) Customer() string {
	return view(w, func(s *Session) string { return s.Customer })
}

// NameCheck is the verdict on the current name.
func (w *Wizard) NameCheck() NameCheck {
	return CheckName(w.Customer())
}

// SetCustomer stores the name exactly as typed (even when refused, so nothing
// is lost) and returns its check. Support's URLs stay active only while the
// name equals the one in them.
func (w *Wizard) SetCustomer(name string) NameCheck {
	w.update(ChangeCustomer, "", func(s *Session) bool {
		if s.Customer == name {
			return false
		}
		s.Customer = name
		return true
	})
	return CheckName(name)
}

// ApplySupportURL reads a URL (or several) pasted from pymetrics support,
// sets the customer name from it and makes support's values the active ones.
// On error nothing changes.
func (w *Wizard) ApplySupportURL(pasted string) ([]Deviation, error) {
	u, devs, err := FromSupportURL(pasted)
	if err != nil {
		return nil, err
	}
	at := w.now()
	w.update(ChangeSupport, "", func(s *Session) bool {
		s.Support = &SupportURLs{Pasted: pasted, URLs: u, Deviations: slices.Clone(devs), At: at}
		s.Customer = u.Customer
		return true
	})
	return devs, nil
}

// ClearSupportURLs forgets support's values; the pattern applies again.
func (w *Wizard) ClearSupportURLs() {
	w.update(ChangeSupport, "", func(s *Session) bool {
		if s.Support == nil {
			return false
		}
		s.Support = nil
		return true
	})
}

// URLs returns the values to enter in Entra and where they come from.
func (w *Wizard) URLs() (URLs, URLSource, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.s.ActiveURLs()
}

// Deviations are the differences of support's active values from the pattern.
func (w *Wizard) Deviations() []Deviation {
	return view(w, func(s *Session) []Deviation { return s.Deviations() })
}

// SupportURLs returns what was pasted from support, nil when nothing was.
func (w *Wizard) SupportURLs() *SupportURLs {
	return view(w, func(s *Session) *SupportURLs { return s.Clone().Support })
}

// Tick ticks or unticks a checklist item.
func (w *Wizard) Tick(itemID string, on bool) error {
	if _, ok := checklistItem(itemID); !ok {
		return fmt.Errorf("%w: %q", ErrUnknownItem, itemID)
	}
	w.update(ChangeTick, itemID, func(s *Session) bool {
		if s.Ticks[itemID] == on {
			return false
		}
		if on {
			if s.Ticks == nil {
				s.Ticks = map[string]bool{}
			}
			s.Ticks[itemID] = true
		} else {
			delete(s.Ticks, itemID)
		}
		return true
	})
	return nil
}

// Ticked reports whether a checklist item is ticked.
func (w *Wizard) Ticked(itemID string) bool {
	return view(w, func(s *Session) bool { return s.Ticks[itemID] })
}

// SetMetadata stores a metadata file exactly as read (the bytes are copied)
// and the report of checking it. A nil report means "not checked yet".
// When a file that passed the check is replaced by one that did not, the
// good one is kept (PreviousGood) for UsePreviousGood.
func (w *Wizard) SetMetadata(name string, data []byte, report *samlcheck.Report) {
	w.SetPrepared(PrepareMetadata(name, data, report))
}

// PreparedMetadata is a file made ready for the session away from the UI:
// its own copy of the bytes, already hashed: copying and hashing a file of
// up to the size cap is work for a background goroutine, not the UI's.
type PreparedMetadata struct {
	m *Metadata
}

// PrepareMetadata copies and hashes a file for SetPrepared. It touches no
// wizard state, so it may run on any goroutine.
func PrepareMetadata(name string, data []byte, report *samlcheck.Report) PreparedMetadata {
	return PreparedMetadata{&Metadata{Name: name, Data: slices.Clone(data), SHA256: sha256Hex(data), Report: report}}
}

// SetPrepared makes a prepared file the session's metadata, as SetMetadata
// does, without copying or hashing it again. A PreparedMetadata is used once.
func (w *Wizard) SetPrepared(p PreparedMetadata) {
	if p.m == nil {
		return
	}
	at := w.now()
	w.update(ChangeMetadata, "", func(s *Session) bool {
		m := p.m
		if m.Report != nil {
			m.CheckedAt = at
		}
		s.replaceMetadata(m)
		return true
	})
}

// PreviousGood returns a copy of the record of the last file that passed the
// check (Data and Report shared, as for Metadata), kept
// while the current file has not passed; nil when there is none.
func (w *Wizard) PreviousGood() *Metadata {
	return view(w, func(s *Session) *Metadata { return s.PreviousGood.clone() })
}

// UsePreviousGood makes the last file that passed the check the current one
// again, byte for byte, with the report it had; the file that replaced it is
// dropped. It reports whether there was such a file. The caller checks the
// file again (a certificate may have expired since), as after a restore.
func (w *Wizard) UsePreviousGood() bool {
	used := false
	w.update(ChangeMetadata, "", func(s *Session) bool {
		if s.PreviousGood == nil {
			return false
		}
		s.Metadata, s.PreviousGood = s.PreviousGood, nil
		used = true
		return true
	})
	return used
}

// SetReport replaces the report of the stored file, after checking it again
// (for example with the thumbprint the admin pasted). sha256 must be the
// Metadata's SHA256, so that a slow check of an older file cannot overwrite
// the report of a newer one; it returns false when the file has changed.
func (w *Wizard) SetReport(sha256 string, report *samlcheck.Report) bool {
	at := w.now()
	applied := false
	w.update(ChangeMetadata, "", func(s *Session) bool {
		if s.Metadata == nil || s.Metadata.SHA256 != sha256 {
			return false
		}
		m := *s.Metadata
		m.Report, m.CheckedAt = report, at
		s.replaceMetadata(&m)
		applied = true
		return true
	})
	return applied
}

// ClearMetadata forgets the metadata file, and the earlier good one: it is
// the admin's explicit "forget", not a wrong drop.
func (w *Wizard) ClearMetadata() {
	w.update(ChangeMetadata, "", func(s *Session) bool {
		if s.Metadata == nil && s.PreviousGood == nil {
			return false
		}
		s.Metadata, s.PreviousGood = nil, nil
		return true
	})
}

// Metadata returns a copy of the stored file's record, nil when none; its
// Data and Report are shared and must not be modified.
func (w *Wizard) Metadata() *Metadata {
	return view(w, func(s *Session) *Metadata { return s.Metadata.clone() })
}

// SetThumbprint stores the thumbprint as typed. The UI then checks the file
// again with CheckOptions and hands the result to SetReport.
func (w *Wizard) SetThumbprint(tp string) {
	w.update(ChangeThumbprint, "", func(s *Session) bool {
		if s.Thumbprint == tp {
			return false
		}
		s.Thumbprint = tp
		return true
	})
}

// Thumbprint is the thumbprint as typed.
func (w *Wizard) Thumbprint() string {
	return view(w, func(s *Session) string { return s.Thumbprint })
}

// CheckOptions are the options for checking the metadata file: the
// thumbprint the admin pasted pins the signer. now is the time to judge
// certificates at (zero: the real time).
func (w *Wizard) CheckOptions(now time.Time) samlcheck.Options {
	opts := samlcheck.Options{Now: now, AllowDemo: w.demo}
	if tp := w.Thumbprint(); tp != "" {
		opts.Thumbprints = []string{tp}
	}
	return opts
}

// SetPasteBack stores the text pasted back from the portal and compares it
// with the active values. A paste that differs takes back the "entered in
// Entra and saved" tick, and any reason given for an earlier difference:
// the admin fixes Entra and pastes again, or says why this difference is
// intended (SetPasteBackReason).
func (w *Wizard) SetPasteBack(text string) Comparison {
	w.update(ChangePasteBack, "", func(s *Session) bool {
		if s.PasteBack == text {
			return false
		}
		s.PasteBack = text
		s.PasteBackReason = ""
		if s.PasteBackDiffers() {
			delete(s.Ticks, ItemBasicSAMLEntered)
		}
		return true
	})
	return w.PasteBackComparison()
}

// SetPasteBackReason stores why the admin keeps values that differ from the
// expected ones, exactly as typed (trimmed only to decide emptiness).
func (w *Wizard) SetPasteBackReason(reason string) {
	w.update(ChangePasteBack, "", func(s *Session) bool {
		if s.PasteBackReason == reason {
			return false
		}
		s.PasteBackReason = reason
		return true
	})
}

// PasteBackComparison compares the stored paste-back text with the active
// values; ok is false when there is no valid name yet.
func (w *Wizard) PasteBackComparison() Comparison {
	w.mu.Lock()
	text := w.s.PasteBack
	u, _, err := w.s.ActiveURLs()
	w.mu.Unlock()
	if err != nil {
		return Comparison{}
	}
	return CompareURLs(u, text)
}

// PasteBackConfirmed reports whether the admin pasted the values back from
// Entra and they matched (see Session.PasteBackConfirmed).
func (w *Wizard) PasteBackConfirmed() bool {
	return view(w, func(s *Session) bool { return s.PasteBackConfirmed() })
}

// Incomplete lists the steps before the last that are not complete.
func (w *Wizard) Incomplete() []StepID {
	return view(w, func(s *Session) []StepID { return s.Incomplete() })
}

// SetContact stores the admin's name and e-mail address for the onboarding
// bundle, exactly as typed. Checking them is the bundle's business
// (bundle.CheckContact): the wizard keeps even a refused address, so that
// nothing typed is lost.
func (w *Wizard) SetContact(name, email string) {
	w.update(ChangeContact, "", func(s *Session) bool {
		if s.ContactName == name && s.ContactEmail == email {
			return false
		}
		s.ContactName, s.ContactEmail = name, email
		return true
	})
}

// Contact is the admin's name and e-mail address as typed.
func (w *Wizard) Contact() (name, email string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.s.ContactName, w.s.ContactEmail
}

// SetBundle records that the onboarding bundle was saved at path, for the
// current customer, metadata and contact.
func (w *Wizard) SetBundle(path string) {
	at := w.now()
	w.update(ChangeBundle, "", func(s *Session) bool {
		b := &BundleRecord{Path: path, At: at, Customer: s.Customer, ContactName: s.ContactName, ContactEmail: s.ContactEmail}
		if s.Metadata != nil {
			b.MetadataSHA256 = s.Metadata.SHA256
		}
		s.Bundle = b
		return true
	})
}

// Bundle returns the last saved bundle, nil when none; BundleCurrent says
// whether it still matches the state.
func (w *Wizard) Bundle() *BundleRecord {
	return view(w, func(s *Session) *BundleRecord { return s.Clone().Bundle })
}

// BundleCurrent reports whether the saved bundle matches the current
// customer, metadata and contact.
func (w *Wizard) BundleCurrent() bool {
	return view(w, func(s *Session) bool { return s.BundleCurrent() })
}

// Current is the current step.
func (w *Wizard) Current() StepID {
	return view(w, func(s *Session) StepID { return s.current() })
}

// CurrentStep is the current step's data.
func (w *Wizard) CurrentStep() Step {
	st, _ := StepByID(w.Current())
	return st
}

// GoTo makes id the current step. Any step may be visited at any time; only
// Next waits for completion.
func (w *Wizard) GoTo(id StepID) error {
	if stepIndex(id) < 0 {
		return fmt.Errorf("%w: %q", ErrUnknownStep, id)
	}
	w.update(ChangeStep, "", func(s *Session) bool {
		if s.current() == id {
			return false
		}
		s.Current = id
		return true
	})
	return nil
}

// CanAdvance reports whether Next would move: the current step is complete
// and is not the last.
func (w *Wizard) CanAdvance() bool {
	return view(w, func(s *Session) bool {
		i := stepIndex(s.current())
		return i < len(StepIDs)-1 && s.StepComplete(s.current())
	})
}

// CanGoBack reports whether Back would move.
func (w *Wizard) CanGoBack() bool {
	return view(w, func(s *Session) bool { return stepIndex(s.current()) > 0 })
}

// Next moves to the following step when CanAdvance; it reports whether it
// moved.
func (w *Wizard) Next() bool {
	moved := false
	w.update(ChangeStep, "", func(s *Session) bool {
		i := stepIndex(s.current())
		if i >= len(StepIDs)-1 || !s.StepComplete(s.current()) {
			return false
		}
		s.Current = StepIDs[i+1]
		moved = true
		return true
	})
	return moved
}

// Back moves to the previous step; it reports whether it moved.
func (w *Wizard) Back() bool {
	moved := false
	w.update(ChangeStep, "", func(s *Session) bool {
		i := stepIndex(s.current())
		if i <= 0 {
			return false
		}
		s.Current = StepIDs[i-1]
		moved = true
		return true
	})
	return moved
}

// StepComplete applies the step's completion rule.
func (w *Wizard) StepComplete(id StepID) bool {
	return view(w, func(s *Session) bool { return s.StepComplete(id) })
}

// Progress is the state of every step.
func (w *Wizard) Progress() Progress {
	return view(w, func(s *Session) Progress { return s.Progress() })
}

// StartOver keeps a backup of the saved session and starts a fresh one. It
// returns the backup's path ("" for a memory store or when nothing was
// saved yet). On error nothing changes.
func (w *Wizard) StartOver() (string, error) {
	if err := w.Flush(); err != nil {
		// The state in memory is newer than the file: save it as the backup.
		if err := w.store.Save(w.Session()); err != nil {
			return "", fmt.Errorf("wizard: start over: cannot keep a backup: %w", err)
		}
	}
	backup, err := w.store.Backup("start-over", w.now())
	if err != nil {
		return "", err
	}
	w.update(ChangeStartOver, "", func(s *Session) bool {
		*s = NewSession()
		return true
	})
	return backup, nil
}

// Flush waits until every change so far is saved and returns the error of
// the last save, if it failed.
func (w *Wizard) Flush() error { return w.sv.flush() }

// SaveError is the error of the last save, nil when it succeeded.
func (w *Wizard) SaveError() error { return w.sv.lastErr() }

// Close saves what is pending, stops the background saver and releases the
// session folder's lock (Store.Lock). Changes after Close are saved
// synchronously.
func (w *Wizard) Close() error {
	err := w.sv.close()
	w.sv.store.Unlock() // after the last save
	return err
}

// saver writes the latest snapshot in the background. Requests coalesce: a
// burst of keystrokes costs one or two writes, not one each.
type saver struct {
	store *Store

	mu        sync.Mutex
	cond      *sync.Cond
	want      uint64 // generation of the latest request
	done      uint64 // generation last written
	pending   Session
	listeners []Listener
	err       error
	closed    bool
	exited    chan struct{}
}

func newSaver(store *Store) *saver {
	sv := &saver{store: store, exited: make(chan struct{})}
	sv.cond = sync.NewCond(&sv.mu)
	go sv.loop()
	return sv
}

func (sv *saver) request(s Session, ls []Listener) {
	sv.mu.Lock()
	if sv.closed {
		sv.mu.Unlock()
		err := sv.store.Save(s)
		sv.mu.Lock()
		sv.err = err
		sv.mu.Unlock()
		notifySaved(ls, err)
		return
	}
	sv.want++
	sv.pending, sv.listeners = s, ls
	sv.cond.Broadcast()
	sv.mu.Unlock()
}

func (sv *saver) loop() {
	defer close(sv.exited)
	sv.mu.Lock()
	defer sv.mu.Unlock()
	for {
		for sv.want == sv.done && !sv.closed {
			sv.cond.Wait()
		}
		if sv.want == sv.done {
			return // closed and nothing pending
		}
		gen, s, ls := sv.want, sv.pending, sv.listeners
		sv.mu.Unlock()
		err := sv.store.Save(s)
		notifySaved(ls, err)
		sv.mu.Lock()
		sv.done, sv.err = gen, err
		sv.cond.Broadcast()
	}
}

func notifySaved(ls []Listener, err error) {
	for _, l := range ls {
		if sl, ok := l.(SaveListener); ok {
			sl.SaveFinished(err)
		}
	}
}

func (sv *saver) flush() error {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	for sv.done < sv.want {
		sv.cond.Wait()
	}
	return sv.err
}

func (sv *saver) lastErr() error {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return sv.err
}

func (sv *saver) close() error {
	sv.mu.Lock()
	sv.closed = true
	sv.cond.Broadcast()
	sv.mu.Unlock()
	<-sv.exited
	return sv.lastErr()
}
