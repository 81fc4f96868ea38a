package durable

import "os"

// Sync flushes f's content to stable storage: fsync on Unix,
// FlushFileBuffers on Windows. Call it before Close and Rename.
func Sync(f *os.File) error { return f.Sync() }

// Rename gives the file oldpath the name newpath, replacing any file there,
// and makes the rename durable (see the package comment). An error that
// wraps ErrNotDurable means the rename did happen.
func Rename(oldpath, newpath string) error { return rename(oldpath, newpath) }

// RenameNew gives the file oldpath the name newpath only if newpath does not
// exist; otherwise its error matches fs.ErrExist and nothing changed. Where
// the file system cannot do that atomically (no hard links on a Unix FAT
// drive) the error matches errors.ErrUnsupported and nothing changed either.
// An error that wraps ErrNotDurable means oldpath now has the name newpath.
func RenameNew(oldpath, newpath string) error { return renameNew(oldpath, newpath) }
