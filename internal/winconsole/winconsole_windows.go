//go:build windows

package winconsole

import (
	"os"
	"syscall"
)

// kernel32 is a Known DLL, always loaded from the system directory, so
// loading it by name cannot pick up a planted copy. The two functions are
// not in package syscall.
var (
	kernel32          = syscall.NewLazyDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
	procSetStdHandle  = kernel32.NewProc("SetStdHandle")
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = uintptr(^uint32(0))

// Attach connects standard output and standard error to the console of the
// parent process (the Command Prompt, PowerShell or Windows Terminal the
// program was typed into) and reports whether it did. A stream the parent
// already redirected to a file or a pipe is left as it is, so
// "pymetrics-sso check f.xml > report.txt" keeps working. When there is no
// parent console (started from Explorer) it changes nothing and reports false.
// Call it before anything is printed and before os.Stdout or os.Stderr is
// handed on.
func Attach() bool {
	needOut := !usable(syscall.STD_OUTPUT_HANDLE)
	needErr := !usable(syscall.STD_ERROR_HANDLE)
	if !needOut && !needErr {
		return false // both redirected by the parent: nothing to attach
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return false // no parent console, or already attached to one
	}
	attached := false
	if needOut {
		if f := openConsoleOutput("/dev/stdout", syscall.STD_OUTPUT_HANDLE); f != nil {
			os.Stdout = f
			attached = true
		}
	}
	if needErr {
		if f := openConsoleOutput("/dev/stderr", syscall.STD_ERROR_HANDLE); f != nil {
			os.Stderr = f
			attached = true
		}
	}
	return attached
}

// usable reports whether a standard handle already leads somewhere: a file,
// a pipe or a console the parent passed on.
func usable(std int) bool {
	h, err := syscall.GetStdHandle(std)
	if err != nil || h == 0 || h == syscall.InvalidHandle {
		return false
	}
	_, err = syscall.GetFileType(h)
	return err == nil
}

// openConsoleOutput opens the attached console's screen buffer and installs
// it as the process's standard handle too, so C code and child processes
// see the same console. Each stream gets its own handle so that closing one
// (os.Stdout.Close) does not close the other.
func openConsoleOutput(name string, std int) *os.File {
	conout, err := syscall.UTF16PtrFromString("CONOUT$")
	if err != nil {
		return nil
	}
	h, err := syscall.CreateFile(conout,
		syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE,
		nil, syscall.OPEN_EXISTING, 0, 0)
	if err != nil {
		return nil
	}
	procSetStdHandle.Call(uintptr(uint32(int32(std))), uintptr(h))
	return os.NewFile(uintptr(h), name)
}
