package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// ErrWrongCommand: the file is one the tool reads, but with another
// command (a bundle given to check, metadata given to verify-bundle, a
// certificate given to either). It is a usage error, not a finding.
var ErrWrongCommand = errors.New("bundle: the file is for another command")

// WrongCommandError names what a file is and the command line that reads it.
type WrongCommandError struct {
	Path    string // as the user gave it
	What    string // "a certificate", ...
	Wanted  string // what the command reads
	Instead string // the command line to run instead
}

func (e *WrongCommandError) Error() string {
	name := e.Path
	if name == "-" {
		name = "standard input"
	}
	return fmt.Sprintf("%s is %s, not %s. Run instead:\n\n    %s", name, e.What, e.Wanted, e.Instead)
}

// Is makes errors.Is(err, ErrWrongCommand) hold.
func (e *WrongCommandError) Is(target error) bool { return target == ErrWrongCommand }

// zipMagic starts every zip archive's first local header (or, for an
// empty archive, its end record).
var zipMagic = [][]byte{[]byte("PK\x03\x04"), []byte("PK\x05\x06")}

func looksLikeZip(data []byte) bool {
	for _, m := range zipMagic {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	return false
}

// MisroutedToCheck says, for a file given to `check`, whether it belongs to
// another command: a zip (an onboarding bundle) or a certificate, which
// check can only judge as "not metadata". report is check's report of data.
func MisroutedToCheck(path string, data []byte, report *samlcheck.Report) error {
	const wanted = "Federation Metadata XML"
	switch {
	case looksLikeZip(data):
		return &WrongCommandError{Path: path, What: "a zip archive (an onboarding bundle?)", Wanted: wanted,
			Instead: "pymetrics-sso verify-bundle " + CommandWord(path)}
	case report != nil && report.Kind == samlcheck.KindCertificate:
		return &WrongCommandError{Path: path, What: "a certificate", Wanted: wanted,
			Instead: "pymetrics-sso check --cert " + CommandWord(path) + " FederationMetadata.xml   (checks that the metadata was signed by it)"}
	}
	return nil
}

// MisroutedToVerify says, for a file given to `verify-bundle` that is not a
// zip, whether it is metadata or a certificate, so support is sent to the
// command that reads it instead of being told the bundle is damaged.
func MisroutedToVerify(path string, data []byte) error {
	what := notABundle(data)
	if what == "" {
		return nil
	}
	instead := "pymetrics-sso check " + CommandWord(path)
	if what == "a certificate" {
		instead = "pymetrics-sso verify-bundle --cert " + CommandWord(path) + " BUNDLE.zip   (checks that the bundle's metadata was signed by it)"
	}
	return &WrongCommandError{Path: path, What: what, Wanted: "an onboarding or rollover bundle (.zip)", Instead: instead}
}

// MisroutedToChain is MisroutedToVerify for the two files of verify-bundle
// --previous (previous: the --previous one). Metadata or a certificate
// there is most often the customer's file given where a bundle belongs; the
// answer is the command line with each bundle in its place, not a verdict
// of NOT LINKED.
func MisroutedToChain(path string, data []byte, previous bool) error {
	what := notABundle(data)
	if what == "" {
		return nil
	}
	wanted := "a rollover bundle (.zip), the file verify-bundle --previous checks"
	if previous {
		wanted = "a bundle (.zip), which --previous must name"
	}
	return &WrongCommandError{Path: path, What: what, Wanted: wanted,
		Instead: "pymetrics-sso verify-bundle --previous PREVIOUS.zip ROLLOVER.zip\n\n" +
			"with PREVIOUS.zip the bundle pymetrics already has from the customer (onboarding or last rollover)\n" +
			"and ROLLOVER.zip the rollover bundle they sent now."}
}

// notABundle names what data is when it is not a zip but a file the tool
// reads with another command: "a certificate", "SAML metadata (kind)", or
// "" when it is neither (then the bundle check says what is wrong).
func notABundle(data []byte) string {
	if looksLikeZip(data) {
		return ""
	}
	r := samlcheck.Check(data, samlcheck.Options{})
	switch r.Kind {
	case samlcheck.KindCertificate:
		return "a certificate"
	case samlcheck.KindEntraApp, samlcheck.KindEntraTenant, samlcheck.KindEntraCommon, samlcheck.KindADFS,
		samlcheck.KindIdP, samlcheck.KindSP, samlcheck.KindAggregate:
		return "SAML metadata (" + string(r.Kind) + ")"
	}
	return ""
}

// CommandWord quotes a path for a command line the reader copies into a
// terminal, which for an admin is most often cmd.exe or PowerShell on
// Windows and for support a POSIX shell. Double quotes mean the same in
// all three for a name without ", $, `, %, ! or a backslash before one of
// those, so such names get them; anything else gets POSIX single quotes
// (posixWord), right at least where a name like that turns up.
func CommandWord(s string) string {
	if isPlainWord(s) {
		return s
	}
	if !strings.ContainsAny(s, "\"$`%!") && !strings.HasSuffix(s, `\`) && !strings.Contains(s, `\\`) {
		return `"` + s + `"`
	}
	return posixWord(s)
}

// posixWord quotes a path for a POSIX shell when it needs it. Builds before
// CommandWord printed names this way; the bundle text they wrote must still
// verify, so it stays as it was.
func posixWord(s string) string {
	if isPlainWord(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// isPlainWord: every shell takes s as one word as it is.
func isPlainWord(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+=,", r))
	})
}
