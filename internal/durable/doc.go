// Package durable replaces files so that the new content survives a crash or
// a power cut, the way each operating system provides it. It is the one
// place the session store (package wizard) and the bundle writer (package
// wizard/bundle) make a file they wrote take its final name.
//
// The caller writes a temporary file in the destination's folder (a rename
// is atomic only within one file system), flushes it with Sync and closes
// it, then gives it its name with Rename (replacing) or RenameNew (never
// replacing). Without the flush before the rename a crash can leave the new
// name on an empty file.
//
// On Unix the rename itself becomes durable only once the folder is synced,
// so Rename and RenameNew sync the folder afterwards. Windows has no such
// thing: opening a folder to flush it is refused ("Access denied", on
// Windows 10 and 11 alike), so there the rename is done with MoveFileEx and
// MOVEFILE_WRITE_THROUGH, which returns only once the rename is on disk, and
// no folder is ever synced.
//
// When the rename happened but could not be made durable (a folder sync
// failed), the error wraps ErrNotDurable: the new file is in place and
// nothing was lost, so callers report it without undoing anything and
// without telling the user that their work is not being saved.
package durable

import "errors"

// ErrNotDurable: the file has its new name, but the operating system could
// not confirm that the rename reached the disk. Match it with errors.Is.
var ErrNotDurable = errors.New("durable: renamed, but not confirmed on disk")
