package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/internal/metadataurl"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// compareScreen is renewal step 2: the previous bundle, the new metadata
// (a file or its URL), the new thumbprint from the portal, and what the
// comparison found.
type compareScreen struct {
	*renewFrame
	j *renewJourney

	prev      *widget.Label
	useSaved  *widget.Button
	meta      *widget.Label
	url       *widget.Entry
	fetch     *widget.Button
	fetchMsg  *widget.Label
	thumb     *widget.Entry
	result    *fyne.Container
	comparing *widget.Label
}

func (j *renewJourney) newCompareScreen(st wizard.RenewalStep) *compareScreen {
	s := &compareScreen{j: j}
	s.prev = valueLabel("")
	s.useSaved = &widget.Button{Icon: theme.DocumentIcon(), OnTapped: s.onUseSaved}
	choosePrev := &widget.Button{Text: "Choose previous bundle…", Icon: theme.FolderOpenIcon(), OnTapped: s.onChoosePrevious}
	s.meta = valueLabel("")
	openMeta := &widget.Button{Text: "Open metadata file…", Icon: theme.FileIcon(), OnTapped: func() { j.openXML(j.useMetadataFile) }}
	s.url = &widget.Entry{PlaceHolder: "https://login.microsoftonline.com/…/federationmetadata.xml?appid=…", OnSubmitted: func(string) { s.onFetch() }}
	s.fetch = &widget.Button{Text: "Fetch", Icon: theme.DownloadIcon(), OnTapped: s.onFetch}
	s.fetchMsg = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance})
	s.thumb = &widget.Entry{PlaceHolder: "e.g. 1BC4 1154 75FA 18C8 9AEC FA8D 7138 5802 5076 9D21", OnChanged: s.onThumbprint}
	s.comparing = hidden(&widget.Label{Text: "Comparing…", TextStyle: fyne.TextStyle{Italic: true}})
	s.result = container.NewVBox()
	bold := func(t string) *widget.Label { return &widget.Label{Text: t, TextStyle: fyne.TextStyle{Bold: true}} }
	own := container.NewVBox(
		heading("The bundle you last sent to pymetrics support"),
		container.NewBorder(nil, nil, nil, choosePrev, s.prev),
		container.NewHBox(s.useSaved),
		heading("The new Federation Metadata XML"),
		container.NewBorder(nil, nil, nil, openMeta, s.meta),
		note("Or paste the App Federation Metadata Url from SAML Certificates; the assistant fetches it from Microsoft's sign-in host over https."),
		container.NewBorder(nil, nil, nil, s.fetch, s.url),
		s.fetchMsg,
		container.New(layout.NewFormLayout(), bold("New certificate's thumbprint"), s.thumb),
		note("Optional but recommended: copy the Thumbprint from the new (Inactive) certificate's row under SAML Certificates."),
		s.comparing,
		s.result,
	)
	s.renewFrame = j.newFrame(st, own)
	return s
}

func (s *compareScreen) refresh(r *wizard.Renewal) {
	s.renewFrame.refresh(r)
	if r.Previous != nil {
		s.prev.SetText(filepath.Base(r.Previous.Name))
	} else {
		s.prev.SetText("(none chosen yet)")
	}
	if path, label := s.savedPrevious(); path != "" && (r.Previous == nil || r.Previous.Name != path) {
		s.useSaved.SetText(label)
		s.useSaved.Show()
	} else {
		s.useSaved.Hide()
	}
	switch {
	case r.Metadata == nil:
		s.meta.SetText("(none added yet)")
	case r.SourceURL != "":
		s.meta.SetText(r.SourceURL + "\nfetched " + r.FetchedAt.Local().Format("2 January 2006 15:04"))
	default:
		s.meta.SetText(r.Metadata.Name)
	}
	if s.thumb.Text != r.Thumbprint {
		s.thumb.SetText(r.Thumbprint)
	}
	s.renderPlan(r)
	if r.Previous != nil && r.Metadata != nil && !r.PlanCurrent() && !s.comparing.Visible() {
		s.j.replan()
	}
}

// renderPlan shows what the comparison found, in the portal's words.
func (s *compareScreen) renderPlan(r *wizard.Renewal) {
	if !r.PlanCurrent() {
		setObjects(s.result)
		return
	}
	p := r.Plan
	var objs []fyne.CanvasObject
	if p.NewThumbprint != "" {
		objs = append(objs, heading("What changed"),
			paragraph(fmt.Sprintf("New certificate: thumbprint %s, valid %s to %s.", p.NewThumbprint, p.NewNotBefore.UTC().Format("2 January 2006"), p.NewNotAfter.UTC().Format("2 January 2006"))))
	}
	if p.Signer != "" {
		objs = append(objs, paragraph("Signed by: "+p.Signer+"."))
	}
	switch p.Link {
	case bundle.LinkVouched:
		objs = append(objs, newBanner(levelOK, "Vouched for by the current certificate",
			"Same tenant, entity ID and endpoints as the previous bundle, and the file is signed by a certificate pymetrics already trusts: support needs no call to confirm the new one.").object())
	case bundle.LinkConfirmedByThumbprint:
		objs = append(objs, newBanner(levelWarning, "Confirmed by thumbprint only",
			"The file is signed by a certificate the previous bundle does not vouch for; you confirmed it with the portal's thumbprint. pymetrics support will confirm it with you before adding the new certificate.").object())
	}
	for _, f := range p.Findings {
		switch f.Severity {
		case samlcheck.SeverityError:
			objs = append(objs, newBanner(levelError, "Not usable for the rollover", f.Message+" "+f.Hint).object())
		case samlcheck.SeverityWarning:
			objs = append(objs, newBanner(levelWarning, "Warning", f.Message+" "+f.Hint).object())
		}
	}
	setObjects(s.result, objs...)
}

// savedPrevious is the bundle support has now, as far as the assistant
// knows: the rollover bundle of the last finished renewal, else the
// onboarding bundle saved by the setup journey.
func (s *compareScreen) savedPrevious() (path, label string) {
	sess := s.j.u.wiz.Session()
	if l := sess.LastRenewal; l != nil && l.BundlePath != "" {
		return l.BundlePath, "Use the rollover bundle saved on " + l.At.Local().Format("2 January 2006")
	}
	if b := sess.Bundle; b != nil && b.Path != "" {
		return b.Path, "Use the onboarding bundle saved on " + b.At.Local().Format("2 January 2006")
	}
	return "", ""
}

func (s *compareScreen) onUseSaved() {
	if path, _ := s.savedPrevious(); path != "" {
		s.j.readPrevious(path)
	}
}

func (s *compareScreen) onChoosePrevious() {
	u := s.j.u
	u.browseFile(func(p string) { s.j.readPrevious(p) })
}

func (s *compareScreen) onThumbprint(text string) {
	if err := s.j.u.wiz.SetRenewalThumbprint(strings.TrimSpace(text)); err != nil {
		s.j.u.showError("keeping the thumbprint", err)
	}
}

// onFetch fetches the metadata URL in the background.
func (s *compareScreen) onFetch() {
	raw := strings.TrimSpace(s.url.Text)
	if raw == "" {
		return
	}
	u := s.j.u
	s.fetch.Disable()
	s.fetchMsg.Hide()
	type fetched struct {
		report *samlcheck.Report
		res    *metadataurl.Result
		err    error
	}
	now := u.now()
	runInBackground(&u.bg, job[fetched]{
		what: "fetching the metadata URL",
		work: func() (fetched, error) {
			ctx, cancel := context.WithTimeout(context.Background(), metadataurl.DefaultTimeout)
			defer cancel()
			rep, res, err := metadataurl.Check(ctx, raw, samlcheck.Options{Now: now}, metadataurl.Options{Now: u.now})
			return fetched{rep, res, err}, nil
		},
		settle: func() { s.fetch.Enable() },
		apply: func(f fetched) {
			if f.err != nil || f.res == nil || f.res.Data == nil {
				s.fetchMsg.SetText(fetchFailure(f.report))
				s.fetchMsg.Show()
				return
			}
			if err := u.wiz.SetRenewalMetadata(f.res.URL, f.res.Data, f.report, f.res.URL, f.res.FetchedAt); err != nil {
				u.showError("keeping the metadata", err)
			}
		},
	})
}

// readPrevious reads the previous bundle in the background.
func (j *renewJourney) readPrevious(path string) {
	limit := bundle.MaxBundleSize(samlcheck.Options{})
	runInBackground(&j.u.bg, job[[]byte]{
		what: "reading the previous bundle",
		work: func() ([]byte, error) { return readLimited(path, limit) },
		apply: func(data []byte) {
			if err := j.u.wiz.SetRenewalPrevious(path, data); err != nil {
				j.u.showError("keeping the previous bundle", err)
			}
		},
	})
}

// errTooLarge: a chosen file is larger than any bundle or metadata file.
var errTooLarge = errNotReady("That file is larger than any bundle or Federation Metadata XML the assistant reads. Choose the .zip bundle you sent to pymetrics support, or the metadata file downloaded from Entra.")

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, samlcheck.ErrIsDirectory
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

// openXML is "Open metadata file…" for the renewal steps.
func (j *renewJourney) openXML(use func(path string)) {
	u := j.u
	u.browseFile(func(p string) { use(p) })
}

// checkedFile is a metadata file read and checked in the background.
type checkedFile struct {
	data   []byte
	report *samlcheck.Report
}

func (j *renewJourney) checkFile(path string, apply func(name string, c checkedFile)) {
	now := j.u.now()
	runInBackground(&j.u.bg, job[checkedFile]{
		what: "checking " + filepath.Base(path),
		work: func() (checkedFile, error) {
			rep, data, err := samlcheck.CheckFile(path, samlcheck.Options{Now: now})
			return checkedFile{data, rep}, err
		},
		apply: func(c checkedFile) {
			j.u.lastDir = filepath.Dir(path)
			apply(filepath.Base(path), c)
		},
	})
}

// useMetadataFile makes a file the new metadata of step 2.
func (j *renewJourney) useMetadataFile(path string) {
	j.checkFile(path, func(name string, c checkedFile) {
		if c.data == nil {
			j.u.showError("checking "+name, errTooLarge)
			return
		}
		if err := j.u.wiz.SetRenewalMetadata(name, c.data, c.report, "", time.Time{}); err != nil {
			j.u.showError("keeping the metadata", err)
		}
	})
}

// useActivatedFile makes a file the metadata downloaded after the switch.
func (j *renewJourney) useActivatedFile(path string) {
	j.checkFile(path, func(name string, c checkedFile) {
		if c.data == nil {
			j.u.showError("checking "+name, errTooLarge)
			return
		}
		if err := j.u.wiz.SetRenewalActivated(name, c.data, c.report); err != nil {
			j.u.showError("keeping the metadata", err)
		}
	})
}

// onDropped takes a dropped file for the step on screen: a bundle or the
// new metadata on step 2, the metadata after the switch on step 4.
func (j *renewJourney) onDropped(uris []fyne.URI) {
	if len(uris) != 1 || uris[0].Scheme() != "file" {
		j.u.showError("adding a dropped file", errNotReady("Drop one file: the Federation Metadata XML downloaded from Entra, or on step 2 the previous bundle (.zip)."))
		return
	}
	p := uris[0].Path()
	switch {
	case j.current == wizard.RenewActivate:
		j.useActivatedFile(p)
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		j.goTo(wizard.RenewCompare)
		j.readPrevious(p)
	default:
		j.goTo(wizard.RenewCompare)
		j.useMetadataFile(p)
	}
}

// rolloverInput is what the rollover is planned and built from.
func (j *renewJourney) rolloverInput(r *wizard.Renewal, created time.Time) bundle.RolloverInput {
	in := bundle.RolloverInput{Previous: r.Previous.Data, PreviousName: r.Previous.Name, Metadata: r.Metadata.Data, MetadataName: r.Metadata.Name,
		Created: created, ToolVersion: j.u.opts.Version}
	if r.Thumbprint != "" {
		in.Thumbprints = []string{r.Thumbprint}
	}
	if t, err := time.Parse(time.DateOnly, r.SwitchDate); err == nil {
		in.Switch = t
	}
	if r.SourceURL != "" {
		in.Source = &bundle.MetadataSource{URL: r.SourceURL, FetchedAt: r.FetchedAt}
	}
	return in
}

// replan compares the new metadata with the previous bundle in the
// background; the newest comparison wins.
func (j *renewJourney) replan() {
	r := j.u.wiz.Renewal()
	if r == nil || r.Previous == nil || r.Metadata == nil {
		return
	}
	j.planGen++
	gen := j.planGen
	in := j.rolloverInput(r, j.u.now())
	cmp, _ := j.screen(wizard.RenewCompare).(*compareScreen)
	if cmp != nil {
		cmp.comparing.Show()
	}
	runInBackground(&j.u.bg, job[wizard.RenewalPlan]{
		what:  "comparing the new metadata with the previous bundle",
		stale: func() bool { return gen != j.planGen },
		work: func() (wizard.RenewalPlan, error) {
			p := bundle.PlanRollover(in)
			out := wizard.RenewalPlan{MetadataSHA256: r.Metadata.SHA256, PreviousSHA256: r.Previous.SHA256, Thumbprint: r.Thumbprint,
				OK: p.OK, Link: p.Link, Findings: p.Findings}
			if p.New != nil {
				out.NewThumbprint, out.NewNotBefore, out.NewNotAfter = p.New.SHA1Thumbprint, p.New.NotBefore, p.New.NotAfter
			}
			if p.Signer != nil {
				out.Signer = p.Signer.SHA1Thumbprint
			}
			if p.Previous != nil {
				out.CurrentNotAfter = p.Previous.Signer.NotAfter
			}
			if !p.Switch.IsZero() {
				out.Switch = day(p.Switch)
			}
			if p.Report != nil {
				// The check's own errors say why no rollover can be made.
				out.Findings = append(p.Report.Errors(), out.Findings...)
			}
			return out, nil
		},
		settle: func() {
			if cmp != nil {
				cmp.comparing.Hide()
			}
		},
		apply: func(p wizard.RenewalPlan) {
			if err := j.u.wiz.SetRenewalPlan(p); err != nil {
				j.u.showError("keeping the comparison", err)
			}
		},
	})
}

// sendScreenRenew is renewal step 3: the switch day, save the rollover
// bundle, the e-mail.
type sendScreenRenew struct {
	*renewFrame
	j *renewJourney

	switchDay *widget.Entry
	switchMsg *widget.Label
	save      *widget.Button
	saved     *fyne.Container
	path      *widget.Label
	email     *widget.Button
	copyMail  *widget.Button
}

func (j *renewJourney) newSendScreen(st wizard.RenewalStep) *sendScreenRenew {
	s := &sendScreenRenew{j: j}
	s.switchDay = &widget.Entry{PlaceHolder: "YYYY-MM-DD", OnChanged: s.onSwitch}
	s.switchMsg = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	s.save = &widget.Button{Text: "Save rollover bundle…", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.onSave}
	s.path = valueLabel("")
	s.email = &widget.Button{Text: "Open e-mail draft", Icon: theme.MailComposeIcon(), OnTapped: func() {
		s.withEmail("opening the e-mail draft", func(e bundle.Email) { j.u.open(e.Mailto()) })
	}}
	s.copyMail = &widget.Button{Text: copyMailText, Icon: theme.ContentCopyIcon(), OnTapped: func() {
		s.withEmail("copying the e-mail text", func(e bundle.Email) { j.u.copyAndConfirm(s.copyMail, copyMailText, e.Text()) })
	}}
	folder := &widget.Button{Text: "Open folder", Icon: theme.FolderOpenIcon(), OnTapped: func() {
		if r := j.u.wiz.Renewal(); r != nil && r.Bundle != nil {
			j.u.openFolder(filepath.Dir(r.Bundle.Path))
		}
	}}
	s.saved = container.NewVBox(heading("Saved rollover bundle"), s.path, container.NewHBox(folder, s.email, s.copyMail),
		note("Attach the bundle to the e-mail yourself: mail programs do not let other programs attach files."))
	own := container.NewVBox(
		container.New(layout.NewFormLayout(), &widget.Label{Text: "Planned switch day", TextStyle: fyne.TextStyle{Bold: true}}, s.switchDay),
		s.switchMsg,
		container.NewHBox(s.save),
		s.saved,
	)
	s.renewFrame = j.newFrame(st, own)
	return s
}

func (s *sendScreenRenew) refresh(r *wizard.Renewal) {
	s.renewFrame.refresh(r)
	ready := r.StepComplete(wizard.RenewCompare)
	if ready {
		s.save.Enable()
	} else {
		s.save.Disable()
	}
	if s.switchDay.Text != r.SwitchDate {
		s.switchDay.SetText(r.SwitchDate)
	}
	msg := wizard.SupportLeadText
	if r.PlanCurrent() && r.Plan.Switch != "" {
		msg = "Switch planned for " + r.Plan.Switch + ". " + msg
	}
	if !ready {
		msg = "Finish step 2 first: the comparison must pass. " + msg
	}
	s.switchMsg.SetText(msg)
	if r.Bundle != nil && r.Metadata != nil && r.Bundle.MetadataSHA256 == r.Metadata.SHA256 {
		s.path.SetText(r.Bundle.Path)
		s.saved.Show()
	} else {
		s.saved.Hide()
	}
}

func (s *sendScreenRenew) onSwitch(text string) {
	text = strings.TrimSpace(text)
	if text != "" {
		if _, err := time.Parse(time.DateOnly, text); err != nil {
			s.switchMsg.SetText("Type the day as YYYY-MM-DD, for example " + day(s.j.u.now().AddDate(0, 0, 14)) + ".")
			return
		}
	}
	if err := s.j.u.wiz.SetRenewalSwitch(text); err != nil {
		s.j.u.showError("keeping the switch day", err)
		return
	}
	s.j.replan()
}

func (s *sendScreenRenew) onSave() {
	j := s.j
	r := j.u.wiz.Renewal()
	if r == nil || !r.StepComplete(wizard.RenewCompare) {
		j.u.showError("saving the rollover bundle", errNotReady("Finish step 2 first: choose the previous bundle and add the new metadata; the comparison must pass."))
		return
	}
	now := j.u.now()
	in := j.rolloverInput(r, now)
	customer := j.u.wiz.Customer()
	j.u.askSavePath(saveRequest{
		title:       "Save rollover bundle",
		what:        "rollover bundle",
		defaultName: bundle.DefaultRolloverFileName(customer, now),
		write: func(path string, force bool) error {
			in.FileName = filepath.Base(path)
			b, err := bundle.BuildRollover(in)
			if err != nil {
				return err
			}
			return bundle.WriteFile(path, b.Zip, force)
		},
		saved: func(path string) {
			if err := j.u.wiz.SetRenewalBundle(path); err != nil {
				j.u.showError("keeping the saved bundle", err)
			}
		},
	})
}

// withEmail makes the saved rollover bundle's e-mail again from the same
// inputs, time and file name, so it quotes exactly what was saved.
func (s *sendScreenRenew) withEmail(what string, use func(bundle.Email)) {
	r := s.j.u.wiz.Renewal()
	if r == nil || r.Bundle == nil || r.Previous == nil || r.Metadata == nil {
		return
	}
	in := s.j.rolloverInput(r, r.Bundle.At)
	in.FileName = filepath.Base(r.Bundle.Path)
	runInBackground(&s.j.u.bg, job[bundle.Email]{
		what: what,
		work: func() (bundle.Email, error) {
			b, err := bundle.BuildRollover(in)
			if err != nil {
				return bundle.Email{}, err
			}
			return b.Email, nil
		},
		apply: use,
	})
}

// activateScreen is renewal step 4: after the switch, the metadata must be
// signed by the new certificate.
type activateScreen struct {
	*renewFrame
	j      *renewJourney
	result *banner
	name   *widget.Label
}

func (j *renewJourney) newActivateScreen(st wizard.RenewalStep) *activateScreen {
	s := &activateScreen{j: j}
	s.name = valueLabel("")
	s.result = newBanner(levelInfo, "", "")
	open := &widget.Button{Text: "Open metadata file…", Icon: theme.FileIcon(), OnTapped: func() { j.openXML(j.useActivatedFile) }}
	own := container.NewVBox(heading("Metadata downloaded after the switch"), s.name, container.NewHBox(open), s.result.object(),
		note("The sign-in check on the setup journey's Test sign-in step shows which certificate signed a sign-in: it must be the new one."))
	s.renewFrame = j.newFrame(st, own)
	return s
}

func (s *activateScreen) refresh(r *wizard.Renewal) {
	s.renewFrame.refresh(r)
	if r.Activated == nil {
		s.name.SetText("(none added yet)")
		s.result.object().Hide()
		return
	}
	s.name.SetText(r.Activated.Name)
	s.result.object().Show()
	newTP := ""
	if r.Plan != nil {
		newTP = r.Plan.NewThumbprint
	}
	var signer string
	if r.Activated.Report != nil {
		if c := r.Activated.Report.SignerCertificate(); c != nil {
			signer = c.SHA1Thumbprint
		}
	}
	switch {
	case r.ActivatedOK():
		s.result.set(levelOK, "Signed by the new certificate", "Entra now signs with "+newTP+". Test sign-in to finish.")
	case !r.Activated.Passed():
		s.result.set(levelError, "The file did not pass the check", "Download Federation Metadata XML again from the pymetrics application and use it unchanged.")
	case newTP == "":
		s.result.set(levelWarning, "No new certificate to compare with", "Finish step 2 first, so the assistant knows which certificate is the new one.")
	default:
		s.result.set(levelError, "Still signed by another certificate", "The file is signed by "+signer+", not by the new certificate "+newTP+". Make the new certificate active under SAML Certificates, Save, and download the metadata again.")
	}
}
