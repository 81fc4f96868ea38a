package wizard

import (
	"errors"
	"path/filepath"
)

// LockFileName is the file in the session folder that a running assistant
// holds locked, so that a second copy does not save over the first one's
// progress.
const LockFileName = "session.lock"

// ErrSessionInUse means another running copy of the assistant (or another
// Store in this process) holds the session folder.
var ErrSessionInUse = errors.New("wizard: the session is open in another window of the assistant")

// Lock claims the store's folder for this process until Unlock or the
// process ends (the operating system releases the lock with the process,
// also after a crash, so a lock is never left behind). It returns
// ErrSessionInUse when another copy holds it. Where the folder cannot be
// locked at all (a file system without locks), it returns nil and the
// store works as before: the lock protects against a second window, it is
// not a reason to stop saving. A memory store needs no lock.
func (s *Store) Lock() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir == "" || s.unlock != nil {
		return nil
	}
	unlock, err := lockFile(filepath.Join(s.dir, LockFileName))
	switch {
	case errors.Is(err, errLocked):
		return ErrSessionInUse
	case err != nil:
		return nil // no locking here; see above
	}
	s.unlock = unlock
	return nil
}

// Unlock releases the lock Lock took; Wizard.Close calls it.
func (s *Store) Unlock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
}

// errLocked is lockFile's "someone else holds it".
var errLocked = errors.New("locked")
