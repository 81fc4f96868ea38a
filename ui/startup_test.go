package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// Every text style the screens use is warmed before the window is built; a
// style missing from textStyles would have its fonts parsed on the UI
// goroutine while the first screen is built, which is what warmFonts is for.
func TestWarmFontsCoversEveryTextStyle(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	warmed := map[fyne.TextStyle]bool{}
	for _, st := range textStyles {
		warmed[st] = true
	}
	found := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			sel, ok := lit.Type.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "TextStyle" {
				return true
			}
			found++
			var st fyne.TextStyle
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					t.Errorf("%s: a TextStyle literal without field names", fset.Position(lit.Pos()))
					continue
				}
				on := false
				if id, ok := kv.Value.(*ast.Ident); ok && id.Name == "true" {
					on = true
				}
				switch kv.Key.(*ast.Ident).Name {
				case "Bold":
					st.Bold = on
				case "Italic":
					st.Italic = on
				case "Monospace":
					st.Monospace = on
				case "Symbol":
					st.Symbol = on
				case "TabWidth":
				default:
					t.Errorf("%s: TextStyle field %s: teach this test about it", fset.Position(kv.Pos()), kv.Key)
				}
			}
			st.TabWidth = 0
			if !warmed[st] {
				t.Errorf("%s: text style %+v is not in textStyles", fset.Position(lit.Pos()), st)
			}
			return true
		})
	}
	if found < 4 {
		t.Fatalf("found %d TextStyle literals; the search is broken", found)
	}
}

// warmFonts runs while the UI goroutine measures text too (the window is
// created meanwhile); with -race this checks Fyne's caches take it.
func TestWarmFontsAlongsideMeasuring(t *testing.T) {
	newHarness(t, Options{})
	wait := warmFonts()
	for _, st := range textStyles {
		if s := fyne.MeasureText("Next", 14, st); s.Width <= 0 || s.Height <= 0 {
			t.Errorf("style %+v measures %v", st, s)
		}
	}
	wait()
}

// gcTestSink makes the test's allocations real heap allocations.
var gcTestSink []byte

func TestGCHoldNestsAndRestores(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(73))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	percent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	limit := func() int64 { return debug.SetMemoryLimit(-1) } // a negative limit only reads it
	var g gcHolder
	first := g.hold()
	second := g.hold()
	if percent() != -1 || limit() != gcHoldMemoryLimit {
		t.Fatalf("held: GC percent %d, memory limit %d; want off and %d", percent(), limit(), gcHoldMemoryLimit)
	}
	first()
	first() // a second release of the same hold counts once
	if percent() != -1 {
		t.Errorf("GC percent %d while the second hold is still on", percent())
	}
	second()
	if percent() != 73 || limit() != math.MaxInt64 {
		t.Errorf("after the last release: GC percent %d, memory limit %d; want 73 and none", percent(), limit())
	}
	third := g.hold() // holds start over from the restored settings
	third()
	if percent() != 73 {
		t.Errorf("GC percent %d after a later hold", percent())
	}

	// Background work's hold collects when it is the last one released,
	// before the release returns, and not while another hold is on.
	numGC := func() uint32 { var m runtime.MemStats; runtime.ReadMemStats(&m); return m.NumGC }
	start := g.hold()
	job := g.holdCollect()
	before := numGC()
	job()
	if numGC() != before {
		t.Error("a job's release collected while the start-up hold was still on")
	}
	start()
	job = g.holdCollect()
	before = numGC()
	job()
	if numGC() != before {
		t.Error("a job that allocated nothing collected on release")
	}
	job = g.holdCollect()
	for range 64 {
		gcTestSink = make([]byte, 1<<20) // 64 MB in all, past gcCollectAfter
	}
	gcTestSink = nil
	before = numGC()
	job()
	if numGC() == before {
		t.Error("the last job's release did not collect after 64 MB of allocations")
	}
	if percent() != 73 {
		t.Errorf("GC percent %d after the job", percent())
	}
}
