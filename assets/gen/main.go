// Command gen draws the application icon and signs the demo metadata that the
// assets package embeds. Run it from the assets directory with go generate;
// the outputs are committed so building the product needs no generator.
//
//	go run ./gen -icon icon.png            # deterministic: same bytes every run
//	go run ./gen -window-icon icon-128.png # the same drawing at 128x128
//	go run ./gen -demo demo/FederationMetadata-demo.xml
//
// The icon is drawn in code rather than in an editor so that anyone can
// change a colour or a proportion and reproduce it exactly. The demo file is
// signed with a key made for the purpose on each run and thrown away: it
// belongs to no organisation, and no one can sign anything else with it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func main() {
	icon := flag.String("icon", "", "write the 512x512 application icon (PNG) to this file")
	windowIcon := flag.String("window-icon", "", "write the 128x128 window icon (PNG) to this file")
	demo := flag.String("demo", "", "write a freshly signed demo metadata file to this path")
	flag.Parse()
	if *icon == "" && *windowIcon == "" && *demo == "" {
		fmt.Fprintln(os.Stderr, "gen: nothing to do; give -icon FILE, -window-icon FILE and/or -demo FILE")
		os.Exit(2)
	}
	if *icon != "" {
		if err := writeFile(*icon, encodeIcon(drawIcon(512))); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if *windowIcon != "" {
		if err := writeFile(*windowIcon, encodeIcon(drawIcon(128))); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if *demo != "" {
		xml, err := demoMetadata()
		if err == nil {
			err = writeFile(*demo, xml)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// DemoTenantID is visibly made up ("dec0de" and zeros) so that nobody takes
// the demo's tenant for a real one.
const DemoTenantID = "dec0de00-0000-4000-8000-000000000000"

// demoMetadata signs an Entra-shaped document for the demo tenant. The
// certificate is valid for twenty years from the start of 2026 so the demo
// shows the journey's happy path for the product's whole life, and its
// subject says what it is.
func demoMetadata() ([]byte, error) {
	m, err := samltest.Generate(samltest.Options{
		TenantID:  DemoTenantID,
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:  time.Date(2046, 1, 1, 0, 0, 0, 0, time.UTC),
		Subject:   "pymetrics SSO Assistant demo (not a real organisation)",
	})
	if err != nil {
		return nil, err
	}
	return m.XML, nil
}

// Palette: a deep violet gradient behind a white shield with a violet tick,
// "verified sign-in" at a glance, legible at 16 px.
var (
	topColor    = color.NRGBA{0x6a, 0x4c, 0xff, 0xff}
	bottomColor = color.NRGBA{0x2b, 0x17, 0x86, 0xff}
	tickColor   = color.NRGBA{0x4a, 0x2f, 0xd6, 0xff}
	white       = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// drawIcon renders the icon at size x size, supersampling each pixel 4x4 so
// the edges are smooth without a rasterisation library.
func drawIcon(size int) *image.NRGBA {
	const ss = 4
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size) / 512 // the geometry below is written for 512 px
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / s
					y := (float64(py) + (float64(sy)+0.5)/ss) / s
					c, ok := sample(x, y)
					if !ok {
						continue
					}
					// Accumulate premultiplied so transparent samples do not darken edges.
					fa := float64(c.A) / 255
					r += float64(c.R) * fa
					g += float64(c.G) * fa
					b += float64(c.B) * fa
					a += fa
				}
			}
			if a == 0 {
				continue
			}
			n := float64(ss * ss)
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)),
				G: uint8(math.Round(g / a)),
				B: uint8(math.Round(b / a)),
				A: uint8(math.Round(255 * a / n)),
			})
		}
	}
	return img
}

// sample returns the colour at (x, y) in 512-px coordinates, or false outside
// the rounded square.
func sample(x, y float64) (color.NRGBA, bool) {
	const margin, radius = 24.0, 100.0
	if !inRoundedRect(x, y, margin, margin, 512-margin, 512-margin, radius) {
		return color.NRGBA{}, false
	}
	if onTick(x, y) {
		return tickColor, true
	}
	if inShield(x, y) {
		return white, true
	}
	t := (x + y - 2*margin) / (2 * (512 - 2*margin)) // diagonal gradient
	return lerp(topColor, bottomColor, t), true
}

func inRoundedRect(x, y, x0, y0, x1, y1, r float64) bool {
	if x < x0 || x > x1 || y < y0 || y > y1 {
		return false
	}
	cx := math.Max(x0+r, math.Min(x, x1-r))
	cy := math.Max(y0+r, math.Min(y, y1-r))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// inShield is a heraldic shield: a gently arched top, straight sides down to
// just under half its height, then curving to a point.
func inShield(x, y float64) bool {
	const cx, top, bottom, half = 256.0, 104.0, 424.0, 138.0
	u := (x - cx) / half
	v := (y - top) / (bottom - top)
	if v < 0 || v > 1 || math.Abs(u) > 1 {
		return false
	}
	if v < 0.09*u*u { // the top arches: corners sit lower than the middle
		return false
	}
	const shoulder = 0.42
	if v <= shoulder {
		return true
	}
	w := 1 - math.Pow((v-shoulder)/(1-shoulder), 1.7)
	return math.Abs(u) <= w
}

// onTick is a check mark drawn as a thick polyline with round joins and caps.
func onTick(x, y float64) bool {
	const width = 19.0
	pts := [][2]float64{{190, 262}, {238, 310}, {324, 214}}
	for i := 0; i+1 < len(pts); i++ {
		if distToSegment(x, y, pts[i], pts[i+1]) <= width {
			return true
		}
	}
	return false
}

func distToSegment(x, y float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((x-a[0])*dx + (y-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	px, py := a[0]+t*dx, a[1]+t*dy
	return math.Hypot(x-px, y-py)
}

func lerp(a, b color.NRGBA, t float64) color.NRGBA {
	t = math.Max(0, math.Min(1, t))
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + (float64(q)-float64(p))*t)) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

func encodeIcon(img image.Image) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory NRGBA image cannot fail
	}
	return buf.Bytes()
}
