package main

import (
	"bytes"
	"os"
	"testing"
)

// The committed icon must be what the generator draws, so that a change to
// the drawing code cannot silently diverge from the shipped file.
func TestIconIsReproducible(t *testing.T) {
	committed, err := os.ReadFile("../icon.png")
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeIcon(drawIcon(512)); !bytes.Equal(got, committed) {
		t.Fatalf("assets/icon.png differs from what gen draws (%d vs %d bytes); run go generate in assets/ and commit", len(committed), len(got))
	}
	committed, err = os.ReadFile("../icon-128.png")
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeIcon(drawIcon(128)); !bytes.Equal(got, committed) {
		t.Fatalf("assets/icon-128.png differs from what gen draws (%d vs %d bytes); run go generate in assets/ and commit", len(committed), len(got))
	}
}

func TestIconGeometry(t *testing.T) {
	img := drawIcon(512)
	for _, c := range []struct {
		name     string
		x, y     int
		wantA    uint8
		wantTick bool
	}{
		{"corner outside the rounded square is transparent", 2, 2, 0, false},
		{"background is opaque", 60, 256, 0xff, false},
		{"tick is drawn in the shield", 238, 310, 0xff, true},
	} {
		got := img.NRGBAAt(c.x, c.y)
		if got.A != c.wantA {
			t.Errorf("%s: alpha %d, want %d", c.name, got.A, c.wantA)
		}
		if c.wantTick && got != tickColor {
			t.Errorf("%s: colour %v, want %v", c.name, got, tickColor)
		}
	}
}
