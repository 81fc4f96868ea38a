// Package winconsole lets the Windows build print to the terminal it was
// started from.
//
// The Windows executable is linked as a GUI program (-H windowsgui) so that
// double-clicking it opens the wizard without a black console window behind
// it. Windows gives such a program no console: without this package,
// "pymetrics-sso check file.xml" typed in a Command Prompt or PowerShell
// would print nothing at all. Attach connects standard output and standard
// error to the console of the process that started the program, when there is
// one. On other systems it does nothing.
//
// Known limits, inherent to a GUI-subsystem program (see docs/packaging.md):
// an interactive Command Prompt or PowerShell does not wait for it, so the
// prompt comes back before the output and the exit code is not seen there;
// batch files, redirection to a file and pipes behave as usual. Standard input
// is never taken from the console, because the shell reads it at the same
// time; "check -" needs input redirected from a file or a pipe.
package winconsole
