package samlcheck

import "encoding/json"

// DocumentSchemaVersion is the "schema_version" of `check --json`. Raise it
// when a key changes meaning or disappears; adding a key does not need it.
const DocumentSchemaVersion = 1

// Document is `check --json`: the Report with its schema version and every
// key always present, null when the check could not establish it (no
// verified entity ID, no tenant), so scripts need not guess whether a key
// was left out or is unknown. docs/json.md describes it.
type Document struct{ Report *Report }

// MarshalJSON writes the document.
func (d Document) MarshalJSON() ([]byte, error) {
	r := d.Report
	if r == nil {
		r = &Report{}
	}
	null := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	list := func(l []Endpoint) []Endpoint {
		if l == nil {
			return []Endpoint{}
		}
		return l
	}
	certs, findings := r.Certificates, r.Findings
	if certs == nil {
		certs = []Certificate{}
	}
	if findings == nil {
		findings = []Finding{}
	}
	return json.Marshal(struct {
		SchemaVersion int             `json:"schema_version"`
		OK            bool            `json:"ok"`
		Verdict       string          `json:"verdict"`
		Kind          Kind            `json:"kind"`
		Signature     SignatureResult `json:"signature"`
		EntityID      *string         `json:"entity_id"`
		TenantID      *string         `json:"tenant_id"`
		SSOURLs       []Endpoint      `json:"sso_urls"`
		LogoutURLs    []Endpoint      `json:"logout_urls"`
		Certificates  []Certificate   `json:"certificates"`
		Findings      []Finding       `json:"findings"`
	}{DocumentSchemaVersion, r.OK, r.Verdict(), r.Kind, r.Signature, null(r.EntityID), null(r.TenantID),
		list(r.SSOURLs), list(r.LogoutURLs), certs, findings})
}
