// Package docs holds the project's documentation; its test keeps json.md
// and the code's finding codes in step.
package docs

import (
	"bufio"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// codeTypes are the string types whose constants are codes a user or a
// script sees in the JSON output.
var codeTypes = map[string]bool{"Code": true, "ProblemCode": true, "NameCode": true, "DeviationCode": true, "DiffCode": true}

// codePackages are the folders that declare them.
var codePackages = []string{"../samlcheck", "../wizard", "../wizard/bundle"}

// sourceCodes reads the code constants from the packages' source, so that
// a new constant without documentation fails here.
func sourceCodes(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, dir := range codePackages {
		names, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if !strings.HasSuffix(name.Name(), ".go") || strings.HasSuffix(name.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name.Name()), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					id, ok := vs.Type.(*ast.Ident)
					if !ok || !codeTypes[id.Name] {
						continue
					}
					for i, v := range vs.Values {
						lit, ok := v.(*ast.BasicLit)
						if !ok {
							t.Fatalf("%s: %s is not a string literal", dir, vs.Names[i].Name)
						}
						s, err := strconv.Unquote(lit.Value)
						if err != nil {
							t.Fatal(err)
						}
						out[s] = dir + " " + vs.Names[i].Name
					}
				}
			}
		}
	}
	return out
}

var codeRow = regexp.MustCompile("^\\| `([^`]+)` \\|")

// documentedCodes reads the first column of the tables under "## Finding
// codes" in json.md.
func documentedCodes(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("json.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	inCodes := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			inCodes = line == "## Finding codes"
		}
		if m := codeRow.FindStringSubmatch(line); inCodes && m != nil {
			out = append(out, m[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSONDocListsEveryCode(t *testing.T) {
	src := sourceCodes(t)
	doc := documentedCodes(t)
	if len(src) < 100 {
		t.Fatalf("read only %d codes from the source", len(src))
	}
	seen := map[string]bool{}
	for _, c := range doc {
		if seen[c] {
			t.Errorf("json.md lists %s twice", c)
		}
		seen[c] = true
		if _, ok := src[c]; !ok {
			t.Errorf("json.md lists %s, which no code constant declares", c)
		}
	}
	var missing []string
	for c, where := range src {
		if !seen[c] {
			missing = append(missing, c+" ("+where+")")
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("json.md does not list %s", m)
	}
}

// documentedKeys reads the first column of the first table under heading.
func documentedKeys(t *testing.T, heading string) []string {
	t.Helper()
	data, err := os.ReadFile("json.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("json.md has no %q", heading)
	}
	var keys []string
	started := false
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			if started {
				break
			}
			continue
		}
		started = true
		first := strings.Split(line, "|")[1]
		for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(first, -1) {
			keys = append(keys, m[1])
		}
	}
	slices.Sort(keys)
	return keys
}

func jsonKeys(t *testing.T, v any) []string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestJSONDocListsEveryKey(t *testing.T) {
	tests := []struct {
		heading string
		value   any
	}{
		{"## `check --json`", samlcheck.Document{Report: samlcheck.Check(nil, samlcheck.Options{})}},
		{"## `verify-bundle --json`", bundle.Verify(strings.NewReader("x"), 1, samlcheck.Options{})},
		{"`configure`, read from the verified metadata (and the customer's URLs from `onboarding.json`, which\nwas compared with the customer's pattern):", &bundle.Configure{}},
		{"`configure.rollover`, from the verified metadata and `rollover.json`. A rollover bundle verified alone\nhas it too, but only `verify-bundle --previous` shows that the previous bundle vouches for the new\ncertificate:", &bundle.ConfigureRollover{}},
		{"## `verify-bundle --previous --json`", withNote(bundle.VerifyChain([]byte("x"), []byte("y"), samlcheck.Options{}))},
	}
	for _, tc := range tests {
		if got, doc := jsonKeys(t, tc.value), documentedKeys(t, tc.heading); !slices.Equal(got, doc) {
			t.Errorf("%s:\n the JSON has %q\n json.md lists %q", tc.heading, got, doc)
		}
	}
}

// withNote gives a chain result the note it carries when the previous
// bundle was judged as of its own creation, so that its key is compared too.
func withNote(c *bundle.ChainResult) *bundle.ChainResult {
	c.Notes = []samlcheck.Finding{{Code: bundle.CodeRolloverPreviousExpired}}
	return c
}
