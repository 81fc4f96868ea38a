package ui

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/internal/metadataurl"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// urlDialog is "Open metadata URL…": paste the App Federation Metadata Url
// the portal shows instead of downloading the file. The fetch and its
// rules are metadataurl's; the result goes to the SAML signing certificate
// step like a dropped file.
type urlDialog struct {
	u     *UI
	dlg   *dialog.CustomDialog
	entry *widget.Entry
	fetch *widget.Button
	msg   *widget.Label
}

func (u *UI) openMetadataURLDialog() *urlDialog {
	d := &urlDialog{u: u}
	d.entry = &widget.Entry{PlaceHolder: "https://login.microsoftonline.com/…/federationmetadata.xml?appid=…", OnSubmitted: func(string) { d.onFetch() }}
	d.fetch = &widget.Button{Text: "Fetch and check", Icon: theme.DownloadIcon(), Importance: widget.HighImportance, OnTapped: d.onFetch}
	d.msg = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance})
	content := container.NewVBox(
		paragraph(`Copy "App Federation Metadata Url" from the pymetrics application's Single sign-on page (section "SAML Certificates") and paste it here. Only https URLs on Microsoft's sign-in hosts are fetched.`),
		d.entry, d.msg,
	)
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() { d.dlg.Hide() }}
	d.dlg = dialog.NewCustomWithoutButtons("Open metadata URL", content, u.win)
	d.dlg.SetButtons([]fyne.CanvasObject{cancel, d.fetch})
	d.dlg.Resize(fyne.NewSize(640, 0))
	d.dlg.Show()
	u.win.Canvas().Focus(d.entry)
	return d
}

type fetchedMetadata struct {
	report   *samlcheck.Report
	result   *metadataurl.Result
	err      error
	prepared wizard.PreparedMetadata
}

func (d *urlDialog) onFetch() {
	raw := strings.TrimSpace(d.entry.Text)
	if raw == "" {
		return
	}
	u := d.u
	opts := u.wiz.CheckOptions(u.now())
	d.fetch.Disable()
	d.msg.Hide()
	runInBackground(&u.bg, job[fetchedMetadata]{
		what: "fetching the metadata URL",
		work: func() (fetchedMetadata, error) {
			ctx, cancel := context.WithTimeout(context.Background(), metadataurl.DefaultTimeout)
			defer cancel()
			rep, res, err := metadataurl.Check(ctx, raw, opts, metadataurl.Options{Now: u.now})
			f := fetchedMetadata{report: rep, result: res, err: err}
			if err == nil && res.Data != nil {
				f.prepared = wizard.PrepareFetchedMetadata(res.URL, res.FetchedAt, res.Data, rep)
			}
			return f, nil
		},
		settle: func() { d.fetch.Enable() },
		apply: func(f fetchedMetadata) {
			if f.err != nil || f.result == nil || f.result.Data == nil {
				d.msg.SetText(fetchFailure(f.report))
				d.msg.Show()
				return
			}
			d.dlg.Hide()
			u.goTo(wizard.StepSigningCertificate)
			u.wiz.SetPrepared(f.prepared)
		},
	})
}

// openBundleForRenewal is "Open bundle to renew…": an onboarding (or
// rollover) bundle whose certificate expires within
// wizard.RenewalOfferWindow leads into the renewal journey with that bundle
// as the previous one; for a later expiry the admin is told when, and may
// renew anyway.
func (u *UI) openBundleForRenewal() {
	u.browseFile(func(p string) { u.checkBundleForRenewal(p) })
}

// openedBundle is a bundle read and verified in the background.
type openedBundle struct {
	data     []byte
	expires  time.Time
	verified bool
	why      string
}

func (u *UI) checkBundleForRenewal(path string) {
	now := u.now()
	runInBackground(&u.bg, job[openedBundle]{
		what: "opening " + filepath.Base(path),
		work: func() (openedBundle, error) {
			data, err := readLimited(path, bundle.MaxBundleSize(samlcheck.Options{}))
			if err != nil {
				return openedBundle{}, err
			}
			res, _ := bundle.VerifyPreviousBundle(data, samlcheck.Options{}, now)
			ob := openedBundle{data: data, verified: res.OK}
			if res.Report != nil {
				if s := res.Report.SignerCertificate(); s != nil {
					ob.expires = s.NotAfter
				}
			}
			if res.Rollover != nil {
				ob.expires = res.Rollover.NewCertificate.NotAfter // the one in use after that rollover
			}
			if !res.OK && len(res.Problems) > 0 {
				ob.why = res.Problems[0].Message
			}
			return ob, nil
		},
		apply: func(ob openedBundle) {
			renew := func() {
				u.openRenewal()
				if err := u.wiz.SetRenewalPrevious(path, ob.data); err != nil {
					u.showError("keeping the previous bundle", err)
				}
			}
			switch {
			case !ob.verified:
				u.showError("opening "+filepath.Base(path), errNotReady("This is not a bundle the assistant can renew from: "+ob.why+". Choose the .zip you sent to pymetrics support, exactly as it was saved."))
			case ob.expires.Sub(now) <= wizard.RenewalOfferWindow:
				u.confirm("Renew the signing certificate", "The certificate in this bundle expires on "+ob.expires.UTC().Format("2 January 2006")+". Renew it now, with this bundle as the one pymetrics support has?", "Renew", renew)
			default:
				u.confirm("Renew the signing certificate", "The certificate in this bundle is valid until "+ob.expires.UTC().Format("2 January 2006")+"; Entra's reminders start 60 days before. Renew it now anyway?", "Renew", renew)
			}
		},
	})
}

// fetchFailure is what the window says when the metadata URL gave no file:
// the report's first finding (a refused URL, a time-out, a wrong tenant),
// which metadataurl words with what to do, or a plain sentence without one.
func fetchFailure(rep *samlcheck.Report) string {
	if rep == nil || len(rep.Findings) == 0 {
		return "The metadata could not be fetched."
	}
	return rep.Findings[0].Message + " " + rep.Findings[0].Hint
}
