// Command renewal-demo writes a saved session in the middle of a
// certificate renewal, for the renewal journey's screenshots
// (scripts/screenshots-renewal.sh): customer acme, a certificate that
// expires in 31 days, a new one, an onboarding bundle, the new metadata and
// the rollover plan, all signed with keys made on the spot. The window
// opened on that session resumes the renewal at the step given.
//
//	go run ./scripts/renewal-demo -files FILESDIR -step renew-compare
//
// -step offer writes the setup journey finished, with no renewal started:
// the window then offers the renewal.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

type cert struct {
	key *rsa.PrivateKey
	der []byte
}

func main() {
	dir := flag.String("dir", "", "the session `folder` to write (default: the assistant's, under $XDG_CONFIG_HOME)")
	files := flag.String("files", "", "the `folder` for the bundles and metadata files")
	step := flag.String("step", string(wizard.RenewCompare), "the renewal `step` to resume at")
	at := flag.String("now", "", "the `time` (RFC 3339) the certificates and bundles are dated from (default now), so that scripts can give fixed times to the commands they run on the files")
	flag.Parse()
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			fmt.Fprintln(os.Stderr, "renewal-demo: -now:", err)
			os.Exit(2)
		}
		now = t
	}
	if *files == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, *files, wizard.RenewalStepID(*step), now); err != nil {
		fmt.Fprintln(os.Stderr, "renewal-demo:", err)
		os.Exit(1)
	}
}

func run(dir, files string, step wizard.RenewalStepID, now time.Time) error {
	now = now.UTC().Truncate(time.Second)
	mk := func(nb, na time.Time) (cert, error) {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return cert{}, err
		}
		der, err := samltest.NewCertificate(key, samltest.CertOptions{NotBefore: nb, NotAfter: na})
		return cert{key, der}, err
	}
	a, err := mk(now.AddDate(-3, 1, 0), now.AddDate(0, 0, 31))
	if err != nil {
		return err
	}
	b, err := mk(now.Add(-time.Hour), now.AddDate(3, 0, 0))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(files, 0o755); err != nil {
		return err
	}
	first, err := signed(a, a)
	if err != nil {
		return err
	}
	both, err := signed(a, a, b)
	if err != nil {
		return err
	}
	after, err := signed(b, a, b)
	if err != nil {
		return err
	}
	u, err := wizard.URLsFor("acme")
	if err != nil {
		return err
	}
	onboarded := now.AddDate(-2, -11, 0)
	ob, err := bundle.Build(bundle.Input{URLs: u, Metadata: first, Created: onboarded, ToolVersion: "demo"})
	if err != nil {
		return err
	}
	prevPath := filepath.Join(files, ob.FileName)
	for name, data := range map[string][]byte{prevPath: ob.Zip, filepath.Join(files, "FederationMetadata.xml"): both, filepath.Join(files, "FederationMetadata-after.xml"): after} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return err
		}
	}

	store, err := wizard.OpenStore(dir)
	if err != nil {
		return err
	}
	w := wizard.New(store, wizard.NewSession(), wizard.Options{})
	defer w.Close()
	w.SetCustomer("acme")
	w.SetMetadata("FederationMetadata.xml", first, samlcheck.Check(first, samlcheck.Options{Now: now}))
	w.SetBundle(prevPath)
	if err := w.GoTo(wizard.StepSendToSupport); err != nil {
		return err
	}
	if step == "offer" {
		return w.Close()
	}
	w.StartRenewal()
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(w.RenewalTick(wizard.RenewItemCreated, true))
	must(w.RenewalGoTo(step))
	if step == wizard.RenewCreate {
		must(w.RenewalTick(wizard.RenewItemCreated, false))
		return w.Close()
	}
	must(w.SetRenewalPrevious(prevPath, ob.Zip))
	must(w.SetRenewalMetadata("FederationMetadata.xml", both, samlcheck.Check(both, samlcheck.Options{Now: now}), "", time.Time{}))
	newTP := samltest.Thumbprint(b.der)
	must(w.SetRenewalThumbprint(newTP))
	in := bundle.RolloverInput{Previous: ob.Zip, PreviousName: prevPath, Metadata: both, Thumbprints: []string{newTP}, Created: now, ToolVersion: "demo"}
	p := bundle.PlanRollover(in)
	r := w.Renewal()
	must(w.SetRenewalPlan(wizard.RenewalPlan{MetadataSHA256: r.Metadata.SHA256, PreviousSHA256: r.Previous.SHA256, Thumbprint: newTP, OK: p.OK, Link: p.Link,
		NewThumbprint: p.New.SHA1Thumbprint, NewNotBefore: p.New.NotBefore, NewNotAfter: p.New.NotAfter, Signer: p.Signer.SHA1Thumbprint,
		Switch: p.Switch.Format(time.DateOnly), Findings: p.Findings}))
	if step == wizard.RenewCompare {
		return w.Close()
	}
	rb, err := bundle.BuildRollover(in)
	if err != nil {
		return err
	}
	rbPath := filepath.Join(files, rb.FileName)
	if err := bundle.WriteFile(rbPath, rb.Zip, true); err != nil {
		return err
	}
	must(w.SetRenewalBundle(rbPath))
	if step == wizard.RenewSend {
		return w.Close()
	}
	must(w.RenewalTick(wizard.RenewItemSent, true))
	must(w.RenewalTick(wizard.RenewItemConfirmed, true))
	must(w.RenewalTick(wizard.RenewItemActivated, true))
	must(w.SetRenewalActivated("FederationMetadata-after.xml", after, samlcheck.Check(after, samlcheck.Options{Now: now})))
	return w.Close()
}

// signed is Entra-shaped metadata listing certs, signed by signer.
func signed(signer cert, certs ...cert) ([]byte, error) {
	var ders [][]byte
	for _, c := range certs {
		ders = append(ders, c.der)
	}
	unsigned, err := samltest.UnsignedXML(samltest.Options{}, "_renewal-demo", ders...)
	if err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromString(unsigned); err != nil {
		return nil, err
	}
	el, err := samltest.Sign(doc.Root(), signer.key, signer.der, 0)
	if err != nil {
		return nil, err
	}
	out := etree.NewDocument()
	out.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	out.SetRoot(el)
	return out.WriteToBytes()
}
