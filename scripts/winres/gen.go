package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// iconSizes are the sizes Windows asks for: 16 to 48 in lists, menus and
// the task bar at 100 to 300% scaling, 256 for large Explorer views.
var iconSizes = []int{16, 20, 24, 32, 40, 48, 64, 128, 256}

func generate(m metadata, dir, exe, company string) error {
	for name, s := range map[string]string{"Name": m.Name, "ID": m.ID, "version": m.DisplayVersion, "exe": exe, "company": company} {
		if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == '"' || r == '\\' }) {
			return fmt.Errorf("winres: %s %q holds a quote, backslash or control character", name, s)
		}
	}
	f, err := os.Open(m.Icon)
	if err != nil {
		return err
	}
	src, err := png.Decode(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("winres: icon %s: %w", m.Icon, err)
	}
	ico, err := makeICO(src, iconSizes)
	if err != nil {
		return err
	}
	var manifest, rc bytes.Buffer
	if err := manifestTemplate.Execute(&manifest, m); err != nil {
		return err
	}
	data := struct {
		metadata
		Exe, Company, Internal string
	}{m, exe, company, strings.TrimSuffix(exe, filepath.Ext(exe))}
	if err := rcTemplate.Execute(&rc, data); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"app.ico": ico, "app.manifest": manifest.Bytes(), "app.rc": rc.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// makeICO writes an .ico holding src scaled to each size, each image stored
// as PNG (read by every Windows since Vista; far smaller than bitmaps).
func makeICO(src image.Image, sizes []int) ([]byte, error) {
	var images [][]byte
	for _, size := range sizes {
		var b bytes.Buffer
		if err := png.Encode(&b, scale(src, size)); err != nil {
			return nil, err
		}
		images = append(images, b.Bytes())
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write(le.AppendUint16(nil, 0))                   // reserved
	out.Write(le.AppendUint16(nil, 1))                   // type: icon
	out.Write(le.AppendUint16(nil, uint16(len(images)))) // count
	offset := 6 + 16*len(images)
	for i, size := range sizes {
		dim := byte(size)
		if size >= 256 {
			dim = 0 // 0 means 256
		}
		out.Write([]byte{dim, dim, 0, 0})   // width, height, palette size, reserved
		out.Write(le.AppendUint16(nil, 1))  // colour planes
		out.Write(le.AppendUint16(nil, 32)) // bits per pixel
		out.Write(le.AppendUint32(nil, uint32(len(images[i]))))
		out.Write(le.AppendUint32(nil, uint32(offset)))
		offset += len(images[i])
	}
	for _, img := range images {
		out.Write(img)
	}
	return out.Bytes(), nil
}

// scale shrinks src to size×size by averaging, in premultiplied alpha, the
// source pixels whose centres fall in each target pixel: a box filter,
// which is what downscaling a flat-coloured icon by 2× to 32× needs.
func scale(src image.Image, size int) *image.NRGBA {
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		y0, y1 := b.Min.Y+y*b.Dy()/size, b.Min.Y+(y+1)*b.Dy()/size
		for x := 0; x < size; x++ {
			x0, x1 := b.Min.X+x*b.Dx()/size, b.Min.X+(x+1)*b.Dx()/size
			var r, g, bl, a, n uint64
			for sy := y0; sy < max(y1, y0+1); sy++ {
				for sx := x0; sx < max(x1, x0+1); sx++ {
					cr, cg, cb, ca := src.At(sx, sy).RGBA() // premultiplied, 16 bits
					r, g, bl, a, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), n+1
				}
			}
			c := color.RGBA64{R: uint16(r / n), G: uint16(g / n), B: uint16(bl / n), A: uint16(a / n)}
			dst.Set(x, y, c)
		}
	}
	return dst
}

// The manifest runs the program with the user's own rights (no elevation
// prompt, no installer-detection heuristics) and declares the Windows
// versions it was made for, so Windows does not apply compatibility shims.
// DPI awareness is left to GLFW, which sets it when Fyne opens a window, as
// in Fyne's own packaging.
var manifestTemplate = template.Must(template.New("manifest").Funcs(template.FuncMap{"xml": html.EscapeString}).Parse(
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="{{xml .ID}}" version="{{index .FileVersion 0}}.{{index .FileVersion 1}}.{{index .FileVersion 2}}.{{index .FileVersion 3}}" processorArchitecture="amd64"/>
  <description>{{xml .Name}}</description>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security>
      <requestedPrivileges>
        <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
      </requestedPrivileges>
    </security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/><!-- Windows 10 and 11 -->
      <supportedOS Id="{1f676c76-80e1-4239-95bb-83d0f6d0da78}"/><!-- Windows 8.1 -->
    </application>
  </compatibility>
</assembly>
`))

// The icon group is named GLFW_ICON because GLFW gives windows whose class
// it registers that icon; Explorer shows the first icon group, which is
// this one. Strings are UTF-8 (code_page 65001), so a Name outside ASCII is
// kept.
var rcTemplate = template.Must(template.New("rc").Parse(
	`#pragma code_page(65001)
GLFW_ICON ICON "app.ico"
1 24 "app.manifest"
1 VERSIONINFO
FILEVERSION {{index .FileVersion 0}},{{index .FileVersion 1}},{{index .FileVersion 2}},{{index .FileVersion 3}}
PRODUCTVERSION {{index .FileVersion 0}},{{index .FileVersion 1}},{{index .FileVersion 2}},{{index .FileVersion 3}}
FILEFLAGSMASK 0x3f
FILEFLAGS 0x0
FILEOS 0x40004
FILETYPE 0x1
FILESUBTYPE 0x0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "CompanyName", "{{.Company}}"
      VALUE "FileDescription", "{{.Name}}"
      VALUE "FileVersion", "{{.DisplayVersion}}"
      VALUE "InternalName", "{{.Internal}}"
      VALUE "OriginalFilename", "{{.Exe}}"
      VALUE "ProductName", "{{.Name}}"
      VALUE "ProductVersion", "{{.DisplayVersion}}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
`))
