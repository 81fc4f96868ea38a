// Package mailhandler says whether the system has a program for mailto:
// links, so the window can tell the admin to copy the e-mail instead of
// handing the link to nothing.
//
// On Windows, opening a mailto: link with no mail program registered does
// not fail in a way a program can see: Windows shows its own "How do you
// want to open this?" picker (and Wine's rundll32 crashes), and the admin
// is left without the address. Registered looks the association up first.
// Elsewhere the desktop's opener (xdg-open, open) deals with it, so
// Registered reports true there.
package mailhandler
