package ui

import (
	"time"

	"github.com/pymetrics/sso-assistant/assets"
	"github.com/pymetrics/sso-assistant/wizard"
)

// demoCustomer is the demo's sample customer name.
const demoCustomer = "contoso"

// newDemoWizard is the demo session: a sample customer, the first steps
// ticked and the embedded sample metadata, in a memory store so the real
// saved session is never read or overwritten. The metadata's report is
// filled in by the check that runs at start, like a restored session's.
func newDemoWizard(now func() time.Time) *wizard.Wizard {
	s := wizard.NewSession()
	s.Customer = demoCustomer
	s.Ticks = map[string]bool{
		"prerequisites.role":         true,
		"prerequisites.subscription": true,
		"add-from-gallery.added":     true,
		"basic-saml.entered":         true,
		"attributes.reviewed":        true,
	}
	w := wizard.New(wizard.NewMemoryStore(), s, wizard.Options{Now: func() time.Time { return now() }, Demo: true})
	w.SetMetadata(assets.DemoMetadataName, assets.DemoMetadata, nil)
	return w
}
