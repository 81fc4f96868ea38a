package samlcheck

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// codeConstants reads every Code constant from codes.go, so a new code
// cannot be forgotten in the tables below.
func codeConstants(t *testing.T) []Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []Code
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				s, err := strconv.Unquote(v.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, Code(s))
			}
		}
	}
	if len(out) < 40 {
		t.Fatalf("read only %d codes from codes.go", len(out))
	}
	return out
}

func TestSupportWordingCoversEveryCode(t *testing.T) {
	for _, code := range codeConstants(t) {
		hint, ok := supportWording[code]
		if !ok {
			t.Errorf("%s has no row in supportWording", code)
			continue
		}
		// Support has no access to the customer's portal: the advice
		// must not send them there as if they were the admin.
		for _, adminWords := range []string{"your tenant", "contact pymetrics support", "In the Microsoft Entra admin center", "Download \"Federation"} {
			if strings.Contains(hint, adminWords) {
				t.Errorf("%s: support wording says %q: %s", code, adminWords, hint)
			}
		}
	}
}

func TestFindingFor(t *testing.T) {
	f := Finding{Code: CodeMetadataTenantWide, Severity: SeverityError,
		Message: "This is your tenant's general (tenant-wide) Entra ID federation metadata.",
		Hint:    downloadHint}
	tests := []struct {
		name     string
		audience Audience
		message  string
		hint     string
	}{
		{"admin", AudienceAdmin, f.Message, downloadHint},
		{"support", AudienceSupport, "This is the customer's tenant's general (tenant-wide) Entra ID federation metadata.", supportWrongFile},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := f.For(tc.audience)
			if got.Message != tc.message || got.Hint != tc.hint || got.Code != f.Code || got.Severity != f.Severity {
				t.Errorf("For(%v) = %+v", tc.audience, got)
			}
		})
	}
	r := &Report{Findings: []Finding{f}}
	if s := r.For(AudienceSupport); s.Findings[0].Hint != supportWrongFile || r.Findings[0].Hint != downloadHint {
		t.Errorf("Report.For changed the original or did not reword the copy")
	}
}

func TestDocumentKeys(t *testing.T) {
	keys := []string{"schema_version", "ok", "verdict", "kind", "signature", "entity_id", "tenant_id", "sso_urls", "logout_urls", "certificates", "findings"}
	for name, data := range map[string][]byte{"empty": nil, "not XML": []byte("hello")} {
		out, err := json.Marshal(Document{Check(data, Options{})})
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
		if len(m) != len(keys) {
			t.Errorf("%s: %d keys, want %d: %s", name, len(m), len(keys), out)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: no %q key", name, k)
			}
		}
		if m["entity_id"] != nil || m["schema_version"] != float64(DocumentSchemaVersion) {
			t.Errorf("%s: entity_id %v, schema_version %v", name, m["entity_id"], m["schema_version"])
		}
	}
}
