package wizard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pymetrics/sso-assistant/internal/durable"
)

// AppDirName is the folder under the user's configuration directory where
// the assistant keeps its saved session.
const AppDirName = "pymetrics-sso-assistant"

// SessionFileName is the saved session's file name inside the store folder.
const SessionFileName = "session.json"

// Sentinel errors of the store; match them with errors.Is.
var (
	// ErrCorruptSession: the saved session could not be read as a session.
	ErrCorruptSession = errors.New("wizard: saved session is corrupt")
	// ErrNewerSession: the saved session was written by a newer assistant.
	ErrNewerSession = errors.New("wizard: saved session is from a newer version")
)

// DefaultDir is where the session is saved unless told otherwise:
// <user config dir>/pymetrics-sso-assistant.
func DefaultDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("wizard: no configuration directory: %w", err)
	}
	return filepath.Join(base, AppDirName), nil
}

// Store saves and loads the session. A Store on disk writes atomically:
// temporary file in the same folder, flushed, then renamed over the old file
// durably (package durable: a folder sync on Unix, a write-through rename on
// Windows), so a crash leaves either the old or the new session, never half
// of one. A memory Store (NewMemoryStore) keeps everything in memory,
// for the demo, which must never overwrite a real saved session.
type Store struct {
	dir string // "" for a memory store

	mu      sync.Mutex
	mem     []byte   // memory store: the saved session
	backups [][]byte // memory store: backups made by Backup
	// unlock releases the folder's lock (see Lock); nil when not held.
	unlock func()
	// syncFile and rename are replaced in tests to inject failures.
	syncFile func(*os.File) error
	rename   func(oldpath, newpath string) error
}

// OpenStore returns a store saving in dir, creating the folder (mode 0700:
// the session holds the tenant's metadata). An empty dir means DefaultDir().
func OpenStore(dir string) (*Store, error) {
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("wizard: cannot create the session folder: %w", err)
	}
	return &Store{dir: dir, syncFile: durable.Sync, rename: durable.Rename}, nil
}

// NewMemoryStore returns a store that never touches the disk.
func NewMemoryStore() *Store {
	return &Store{}
}

// Persistent reports whether the store saves to disk. It turns false when
// Load finds a session file it can neither read nor move aside.
func (s *Store) Persistent() bool { return s.Dir() != "" }

// Dir is the folder the store saves in, "" for a memory store.
func (s *Store) Dir() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dir
}

// Path is the saved session's file, "" for a memory store.
func (s *Store) Path() string {
	dir := s.Dir()
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, SessionFileName)
}

// LoadStatus says what Load found.
type LoadStatus string

const (
	// LoadNew: there was no saved session; a fresh one starts.
	LoadNew LoadStatus = "new"
	// LoadRestored: the saved session came back as it was.
	LoadRestored LoadStatus = "restored"
	// LoadMovedAside: the saved session could not be read; it was renamed
	// (MovedTo) and a fresh session starts.
	LoadMovedAside LoadStatus = "moved-aside"
	// LoadUnavailable: the saved session could neither be read nor moved
	// aside. To protect it, the store stops saving (it becomes a memory
	// store) and a fresh session starts.
	LoadUnavailable LoadStatus = "unavailable"
	// LoadInUse: another window of the assistant holds the session folder
	// (Store.Lock). The UI starts empty in memory and says so, rather than
	// save over the other window's progress.
	LoadInUse LoadStatus = "in-use"
)

// LoadResult is what Load reports, for the UI to show ("Continue where you
// left off", or why the previous session could not be restored).
type LoadResult struct {
	Status LoadStatus
	// Path is the session file that was read (or tried).
	Path string
	// MovedTo is where an unreadable session file was moved.
	MovedTo string
	// Err is the reason a saved session was not restored; nil otherwise.
	Err error
	// Message is a sentence for the admin; "" for LoadNew.
	Message string
}

// Load returns the saved session, or a fresh one with the reason the saved
// one could not be used. It never deletes a session and never fails: an
// unreadable file is moved aside with a timestamp, and if even that is
// impossible the store stops saving so the file is left untouched. The only
// files it removes are temporary ones that saves interrupted by a crash
// left behind (see removeStaleTemps).
func (s *Store) Load(now time.Time) (Session, LoadResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		if s.mem == nil {
			return NewSession(), LoadResult{Status: LoadNew}
		}
		sess, err := decodeSession(s.mem)
		if err != nil { // cannot happen for bytes this store wrote
			return NewSession(), LoadResult{Status: LoadUnavailable, Err: err, Message: "The session in memory could not be read; starting over."}
		}
		return sess, LoadResult{Status: LoadRestored, Message: "Continue where you left off."}
	}
	removeStaleTemps(s.dir)
	path := filepath.Join(s.dir, SessionFileName)
	res := LoadResult{Path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		res.Status = LoadNew
		return NewSession(), res
	}
	var sess Session
	if err == nil {
		sess, err = decodeSession(data)
		if err == nil {
			res.Status = LoadRestored
			res.Message = "Continue where you left off."
			return sess, res
		}
	} else {
		err = fmt.Errorf("wizard: cannot read the saved session: %w", err)
	}
	res.Err = err
	moved, mvErr := s.moveAside(path, "unreadable", now)
	if mvErr != nil {
		// Saving over it would lose it: stop saving instead.
		s.dir = ""
		res.Status = LoadUnavailable
		res.Err = errors.Join(err, mvErr)
		res.Message = fmt.Sprintf("The previous session in %s could not be read, and could not be moved aside either (%v). It is left untouched, and this session will not be saved.", path, mvErr)
		return NewSession(), res
	}
	res.Status = LoadMovedAside
	res.MovedTo = moved
	reason := "could not be read"
	if errors.Is(err, ErrNewerSession) {
		reason = "was saved by a newer version of the assistant"
	}
	res.Message = fmt.Sprintf("The previous session %s, so a new one starts. Nothing was deleted: the old file is kept as %s.", reason, moved)
	return NewSession(), res
}

// decodeSession parses a saved session and checks its schema version.
func decodeSession(data []byte) (Session, error) {
	var probe struct {
		Schema *int `json:"schema"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return Session{}, fmt.Errorf("%w: %w", ErrCorruptSession, err)
	}
	switch {
	case probe.Schema == nil:
		return Session{}, fmt.Errorf("%w: no schema version", ErrCorruptSession)
	case *probe.Schema > SchemaVersion:
		return Session{}, fmt.Errorf("%w: schema %d, this assistant reads up to %d", ErrNewerSession, *probe.Schema, SchemaVersion)
	case *probe.Schema < 1:
		return Session{}, fmt.Errorf("%w: schema %d", ErrCorruptSession, *probe.Schema)
	}
	var sess Session
	if err := json.Unmarshal(data, &sess); err != nil {
		return Session{}, fmt.Errorf("%w: %w", ErrCorruptSession, err)
	}
	if sess.Metadata != nil && sess.Metadata.SHA256 != sha256Hex(sess.Metadata.Data) {
		return Session{}, fmt.Errorf("%w: the saved metadata file does not match its checksum", ErrCorruptSession)
	}
	return sess, nil
}

// encodeSession is the saved form: indented so a support engineer can read
// it, with a trailing newline.
func encodeSession(sess Session) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sess); err != nil {
		return nil, fmt.Errorf("wizard: cannot encode the session: %w", err)
	}
	return buf.Bytes(), nil
}

// Save writes the session.
func (s *Store) Save(sess Session) error {
	data, err := encodeSession(sess)
	if err != nil {
		return err
	}
	return s.write(data)
}

// write replaces the saved session with data, atomically on disk.
func (s *Store) write(data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		s.mem = bytes.Clone(data)
		return nil
	}
	return s.writeFileAtomic(filepath.Join(s.dir, SessionFileName), data)
}

// writeFileAtomic writes through a temporary file in the same folder (a
// rename is atomic only within one file system), flushes it before the
// rename (else a crash can leave a renamed but empty file) and renames it
// durably (else the rename itself can be lost).
func (s *Store) writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("wizard: cannot save the session: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("wizard: cannot save the session: %w", err)
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("wizard: cannot save the session: %w", err)
	}
	if err = s.syncFile(tmp); err != nil {
		return fmt.Errorf("wizard: cannot save the session: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("wizard: cannot save the session: %w", err)
	}
	if err = s.rename(tmp.Name(), path); errors.Is(err, durable.ErrNotDurable) {
		// The new file is in place; only its durability across a power cut
		// is in doubt. Report it without undoing the save (the deferred
		// clean-up finds no temporary file left to remove).
		return fmt.Errorf("wizard: session saved but not flushed to disk: %w", err)
	} else if err != nil {
		return fmt.Errorf("wizard: cannot save the session: %w", err)
	}
	return nil
}

// staleTempAge is how old a temporary file must be to count as left over
// from a save that never finished; a younger one may belong to a save in
// progress in another window of the assistant.
const staleTempAge = time.Minute

// removeStaleTemps deletes the temporary files of saves that were
// interrupted (the assistant killed, the machine switched off) between
// creating the file and renaming it over the session. Each would otherwise
// stay for good, as large as the session. None is the only copy of
// anything the admin did: the rename did not happen, so the session it was
// to replace is still in place, at most one autosave older.
func removeStaleTemps(dir string) {
	matches, _ := filepath.Glob(filepath.Join(dir, ".session*.tmp"))
	for _, m := range matches {
		fi, err := os.Lstat(m)
		if err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > staleTempAge {
			_ = os.Remove(m) // best effort: a file that stays is only clutter
		}
	}
}

// timestamp is the form used in the names of kept files: sortable, no
// characters that are invalid in Windows file names.
func timestamp(t time.Time) string {
	return t.UTC().Format("20060102T150405Z")
}

// freeName returns base+"-<reason>-<time>.json", adding -2, -3… when taken.
func freeName(dir, reason string, now time.Time) string {
	stem := filepath.Join(dir, "session-"+reason+"-"+timestamp(now))
	name := stem + ".json"
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d.json", stem, i)
	}
}

// moveAside renames a session file that cannot be used, keeping it.
func (s *Store) moveAside(path, reason string, now time.Time) (string, error) {
	dst := freeName(s.dir, reason, now)
	// A rename that is only not confirmed on disk (ErrNotDurable) still
	// moved the file, which is kept either way.
	if err := s.rename(path, dst); err != nil && !errors.Is(err, durable.ErrNotDurable) {
		return "", fmt.Errorf("wizard: cannot move the saved session aside: %w", err)
	}
	return dst, nil
}

// Backup copies the saved session to a new file (for "start over") and
// returns its path; "" with no error when there is nothing saved. A memory
// store keeps the backup in memory.
func (s *Store) Backup(reason string, now time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" {
		if s.mem != nil {
			s.backups = append(s.backups, bytes.Clone(s.mem))
		}
		return "", nil
	}
	data, err := os.ReadFile(filepath.Join(s.dir, SessionFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("wizard: cannot back up the session: %w", err)
	}
	dst := freeName(s.dir, reason, now)
	if err := s.writeFileAtomic(dst, data); err != nil {
		return "", err
	}
	return dst, nil
}
