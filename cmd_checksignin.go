package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/capture"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// captureHelp is how to capture a sign-in; `check-signin -h` prints it.
const captureHelp = `
How to capture a sign-in (only the SAML messages are read; nothing else of the
capture is printed, stored or sent):
  Edge or Chrome: press F12, open the Network tab, tick "Preserve log", open the
    pymetrics Sign on URL and sign in; when pymetrics has opened (or shown an
    error), right-click the list > "Save all as HAR with content".
  Firefox: press F12, Network tab, gear icon > "Persist Logs", sign in, then
    right-click the list > "Save All As HAR".
  SAML-tracer add-on (Firefox, Chrome, Edge): open it, sign in, Export.
  Or paste: the SAMLResponse value (base64), the form body, the decoded XML, the
  redirect URL with SAMLRequest, or the text of Entra's error page.
A HAR file holds session cookies and anything typed into forms: delete it
after the check and never send it to anyone.
`

// cmdCheckSignIn judges a captured sign-in against the customer's values
// and the signing certificates of the customer's verified metadata.
func cmdCheckSignIn(e *env, args []string) error {
	f := newFlags("check-signin", "(--customer NAME --metadata FILE | --bundle ZIP) [--at TIME] [--json] FILE|-", e)
	var c customerFlags
	c.register(f)
	metadata := f.String("metadata", "", "the customer's Federation Metadata XML `file`: its signing certificates must have signed the response")
	bundlePath := f.String("bundle", "", "the onboarding bundle `zip` instead of --customer and --metadata")
	atFlag := f.String("at", "", "when the capture was made (RFC 3339, e.g. 2026-12-01T09:30:00Z), when the capture does not record it")
	asJSON := f.Bool("json", false, "print JSON")
	// -h shows, after the options, how to capture a sign-in.
	f.help = func(w io.Writer) {
		fmt.Fprintf(w, "Usage: pymetrics-sso %s %s\n\nOptions:\n", f.Name(), f.synopsis)
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(f.errOut)
		fmt.Fprint(w, captureHelp)
	}
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return f.usagef("give exactly one capture FILE, or - for standard input")
	}
	var at time.Time
	if *atFlag != "" {
		t, err := time.Parse(time.RFC3339, *atFlag)
		if err != nil {
			return f.usagef("--at %q is not a time like 2026-12-01T09:30:00Z", *atFlag)
		}
		at = t.UTC()
	}

	var exp wizard.SignInExpected
	switch {
	case *bundlePath != "" && (*metadata != "" || c.name != "" || c.supportURL != ""):
		return f.usagef("give --bundle, or --customer and --metadata, not both")
	case *bundlePath != "":
		res, err := bundle.VerifyFile(*bundlePath, samlcheck.Options{})
		if err != nil {
			return readError("--bundle", *bundlePath, err)
		}
		if res.Onboarding == nil {
			return fmt.Errorf("%s is not a usable onboarding bundle (run verify-bundle on it to see why)", *bundlePath)
		}
		o := res.Onboarding
		u := wizard.URLs{Customer: o.Customer, Identifier: o.Identifier, ReplyURL: o.ReplyURL, SignOnURL: o.SignOnURL}
		if exp, err = wizard.SignInExpectedFrom(u, res.Report); err != nil {
			return fmt.Errorf("the metadata in %s was not verified, so it names no certificate to trust (run verify-bundle on it): %w", *bundlePath, err)
		}
	default:
		if *metadata == "" {
			return f.usagef("--metadata FILE is required with --customer (or give --bundle ZIP)")
		}
		u, _, err := c.urls(e, f)
		if err != nil {
			return err
		}
		report, _, err := samlcheck.CheckFile(*metadata, samlcheck.Options{})
		if err != nil {
			return readError("--metadata", *metadata, err)
		}
		if exp, err = wizard.SignInExpectedFrom(u, report); err != nil {
			return fmt.Errorf("the signature of %s was not verified, so it names no certificate to trust; run \"pymetrics-sso check %s\" to see why: %w", *metadata, *metadata, err)
		}
	}
	exp.At = at

	in, name := e.stdin, "standard input"
	if pos[0] != "-" {
		file, err := os.Open(pos[0])
		if err != nil {
			return readError("", pos[0], err)
		}
		defer file.Close()
		in, name = file, pos[0]
	}
	capt, err := capture.Read(in)
	if err != nil {
		return &fileError{msg: name + ": " + captureProblem(err) + ".", err: err}
	}
	res := wizard.CheckSignIn(capt, exp)
	if *asJSON {
		b, err := res.JSON()
		if err != nil {
			return err
		}
		if _, err := e.stdout.Write(b); err != nil {
			return err
		}
	} else if err := res.WriteText(e.stdout); err != nil {
		return err
	}
	if !res.OK {
		return &problemsError{}
	}
	return nil
}

// captureProblem says in words why a capture could not be read.
func captureProblem(err error) string {
	switch {
	case errors.Is(err, capture.ErrTooLarge):
		return "too large to be a capture of one sign-in"
	case errors.Is(err, capture.ErrUnknownFormat):
		return "not a capture the assistant reads (a HAR file, a SAML-tracer export, a SAMLResponse value, a form body, a SAML message, a redirect URL, or the text of Entra's error page); run \"pymetrics-sso check-signin -h\" for how to capture"
	case errors.Is(err, capture.ErrNoSAML):
		return "the capture holds no SAML message. Start recording before opening the pymetrics Sign on URL and stop only after pymetrics has opened; with SAML-tracer, export without hashing or obfuscating the values"
	case errors.Is(err, capture.ErrMalformed):
		return "the capture is damaged or cut off"
	}
	return "it could not be read"
}
