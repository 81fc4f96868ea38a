package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileVersion(t *testing.T) {
	tests := []struct {
		name    string
		version string
		build   int
		want    [4]uint16
		wantErr bool
	}{
		{name: "three parts", version: "0.1.0", build: 1, want: [4]uint16{0, 1, 0, 1}},
		{name: "two parts", version: "2.5", build: 30, want: [4]uint16{2, 5, 0, 30}},
		{name: "one part", version: "7", build: 2, want: [4]uint16{7, 0, 0, 2}},
		{name: "pre-release dropped", version: "1.2.3-rc.1", build: 4, want: [4]uint16{1, 2, 3, 4}},
		{name: "build metadata dropped", version: "1.2.3+abc", build: 4, want: [4]uint16{1, 2, 3, 4}},
		{name: "largest", version: "65535.65535.65535", build: 65535, want: [4]uint16{65535, 65535, 65535, 65535}},
		{name: "four parts", version: "1.2.3.4", build: 1, wantErr: true},
		{name: "part too large", version: "1.65536.0", build: 1, wantErr: true},
		{name: "build too large", version: "1.0.0", build: 65536, wantErr: true},
		{name: "not a number", version: "1.x.0", build: 1, wantErr: true},
		{name: "empty part", version: "1..0", build: 1, wantErr: true},
		{name: "v prefix", version: "v1.0.0", build: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fileVersion(tt.version, tt.build)
			if (err != nil) != tt.wantErr {
				t.Fatalf("fileVersion(%q, %d) error = %v, want error %v", tt.version, tt.build, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("fileVersion(%q, %d) = %v, want %v", tt.version, tt.build, got, tt.want)
			}
		})
	}
}

const goodTOML = `Website = "https://example.com"

[Details]
  Icon = "art/icon.png"
  Name = "Test Äpp"
  ID = "com.example.test"
  Version = "2.3.4-rc.1"
  Build = 17

[LinuxAndBSD]
  Version = "9.9.9"
`

func TestLoadMetadata(t *testing.T) {
	tests := []struct {
		name    string
		toml    string
		wantErr string
	}{
		{name: "good", toml: goodTOML},
		{name: "no version", toml: strings.Replace(goodTOML, `Version = "2.3.4-rc.1"`, "", 1), wantErr: "needs Name, ID, Version and Icon"},
		{name: "no build", toml: strings.Replace(goodTOML, "Build = 17", "", 1), wantErr: "Build must be 1 or more"},
		{name: "build not a number", toml: strings.Replace(goodTOML, "Build = 17", `Build = "17"`, 1), wantErr: "is not a number"},
		{name: "version Windows cannot keep", toml: strings.Replace(goodTOML, "2.3.4-rc.1", "2.3.4.5", 1), wantErr: "Version must look like"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "FyneApp.toml")
			if err := os.WriteFile(path, []byte(tt.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			m, err := loadMetadata(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("loadMetadata error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := metadata{
				Name: "Test Äpp", ID: "com.example.test", Version: "2.3.4-rc.1", Build: 17,
				Icon:           filepath.Join(filepath.Dir(path), "art", "icon.png"),
				DisplayVersion: "2.3.4-rc.1 (build 17)",
				FileVersion:    [4]uint16{2, 3, 4, 17},
			}
			if m != want {
				t.Errorf("loadMetadata = %+v\nwant %+v", m, want)
			}
		})
	}
}

// testIcon is a transparent square with an opaque red disc in the middle.
func testIcon(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	c, r := size/2, size/4
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			if (x-c)*(x-c)+(y-c)*(y-c) <= r*r {
				img.SetNRGBA(x, y, color.NRGBA{R: 200, A: 255})
			}
		}
	}
	return img
}

func TestMakeICO(t *testing.T) {
	sizes := []int{16, 48, 256}
	ico, err := makeICO(testIcon(512), sizes)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(ico) != 0 || le.Uint16(ico[2:]) != 1 || int(le.Uint16(ico[4:])) != len(sizes) {
		t.Fatalf("bad ICONDIR % x", ico[:6])
	}
	for i, size := range sizes {
		e := ico[6+16*i:]
		dim := int(e[0])
		if dim == 0 {
			dim = 256
		}
		if dim != size || int(e[1]) != int(e[0]) || le.Uint16(e[4:]) != 1 || le.Uint16(e[6:]) != 32 {
			t.Errorf("entry %d: % x, want size %d, 1 plane, 32 bits", i, e[:8], size)
		}
		n, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		if int(off+n) > len(ico) {
			t.Fatalf("entry %d points past the end", i)
		}
		img, err := png.Decode(bytes.NewReader(ico[off : off+n]))
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("entry %d is %v, want %dx%d", i, b, size, size)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("size %d: corner alpha %d, want transparent", size, a)
		}
		if r, g, _, a := img.At(size/2, size/2).RGBA(); a != 0xffff || r>>8 != 200 || g != 0 {
			t.Errorf("size %d: centre %d,%d alpha %d, want opaque red 200", size, r>>8, g>>8, a)
		}
	}
}

// TestGenerateAndInspect compiles the generated resources with windres,
// links them into small Windows programs and reads them back: the round
// trip the packaging script relies on. It needs the mingw-w64 binutils.
func TestGenerateAndInspect(t *testing.T) {
	windres, err := exec.LookPath("x86_64-w64-mingw32-windres")
	if err != nil {
		t.Skip("x86_64-w64-mingw32-windres not installed (apt-get install binutils-mingw-w64-x86-64)")
	}
	dir := t.TempDir()
	var iconPNG bytes.Buffer
	if err := png.Encode(&iconPNG, testIcon(512)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "art", "icon.png"), iconPNG.Bytes())
	writeFile(t, filepath.Join(dir, "FyneApp.toml"), []byte(goodTOML))
	m, err := loadMetadata(filepath.Join(dir, "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	res := filepath.Join(dir, "res")
	if err := generate(m, res, "test-app.exe", "Example"); err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "prog")
	writeFile(t, filepath.Join(prog, "go.mod"), []byte("module prog\n\ngo 1.21\n"))
	writeFile(t, filepath.Join(prog, "main.go"), []byte("package main\n\nfunc main() {}\n"))
	cmd := exec.Command(windres, "-i", "app.rc", "-O", "coff", "-o", filepath.Join(prog, "rsrc_windows_amd64.syso"))
	cmd.Dir = res
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("windres: %v\n%s", err, out)
	}

	for _, tt := range []struct {
		name        string
		ldflags     string
		wantProblem string
	}{
		{name: "gui", ldflags: "-H=windowsgui"},
		{name: "console", ldflags: "", wantProblem: "subsystem 3, want 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			exe := filepath.Join(dir, tt.name+".exe")
			build := exec.Command("go", "build", "-ldflags="+tt.ldflags, "-o", exe, ".")
			build.Dir = prog
			build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			info, err := inspect(exe)
			if err != nil {
				t.Fatal(err)
			}
			wantStrings := map[string]string{
				"CompanyName":      "Example",
				"FileDescription":  "Test Äpp",
				"FileVersion":      "2.3.4-rc.1 (build 17)",
				"InternalName":     "test-app",
				"OriginalFilename": "test-app.exe",
				"ProductName":      "Test Äpp",
				"ProductVersion":   "2.3.4-rc.1 (build 17)",
			}
			for k, v := range wantStrings {
				if info.Strings[k] != v {
					t.Errorf("%s = %q, want %q", k, info.Strings[k], v)
				}
			}
			if info.FixedVersion != [4]uint16{2, 3, 4, 17} {
				t.Errorf("fixed file version %v, want 2.3.4.17", info.FixedVersion)
			}
			if len(info.IconGroups) != 1 || info.IconGroups[0] != "GLFW_ICON" || info.Icons != len(iconSizes) {
				t.Errorf("icon groups %v with %d images, want GLFW_ICON with %d", info.IconGroups, info.Icons, len(iconSizes))
			}
			if info.Signed {
				t.Error("an unsigned build reads as signed")
			}
			problems := info.Problems("2.3.4-rc.1 (build 17)")
			if tt.wantProblem == "" && len(problems) > 0 {
				t.Errorf("problems: %q", problems)
			}
			if tt.wantProblem != "" && (len(problems) != 1 || !strings.Contains(problems[0], tt.wantProblem)) {
				t.Errorf("problems %q, want exactly one containing %q", problems, tt.wantProblem)
			}
			if p := info.Problems("9.9.9"); len(p) != 2+len(problems) {
				t.Errorf("a wrong version gave problems %q, want the two version strings named", p)
			}
		})
	}
}

func TestGenerateRefusesUnsafeStrings(t *testing.T) {
	m := metadata{Name: `Evil" BEGIN`, ID: "x", Version: "1", Build: 1, Icon: "unused.png", DisplayVersion: "1 (build 1)"}
	if err := generate(m, t.TempDir(), "x.exe", "c"); err == nil || !strings.Contains(err.Error(), "quote") {
		t.Errorf("generate with a quote in Name: error %v, want a refusal", err)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
