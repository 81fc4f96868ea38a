// Package assets holds the files the assistant ships inside its binary: the
// application icon and the sample metadata the demo mode walks through.
//
// Both are made by the generator in gen/ and committed, so a build needs no
// generator and the bytes a user runs are the bytes reviewed here.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// The icon is deterministic, so go generate may redraw it at any time. The
// demo file is re-signed only on purpose, because each run makes a new key:
//
//	go run ./gen -demo demo/FederationMetadata-demo.xml
//
//go:generate go run ./gen -icon icon.png -window-icon icon-128.png

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon (512x512 PNG) for packages and installers
// (FyneApp.toml names the same file).
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

//go:embed icon-128.png
var windowIconPNG []byte

// WindowIcon is the same drawing at 128x128, for the running window: title
// bar, task bar and window switcher show 16-128 pixels. The window hands its
// icon to the window system decoded, as 4 bytes per pixel, before it
// appears: sixteen times less at 128 pixels than at 512 (BENCHMARKS.md).
var WindowIcon fyne.Resource = fyne.NewStaticResource("icon-128.png", windowIconPNG)

// DemoMetadata is a Federation Metadata XML shaped exactly like an Entra
// download for an enterprise application, for the made-up tenant
// DemoTenantID, signed with a key made for the demo and then discarded. Its
// certificate is valid from 2026 to 2046 and its subject says it is a demo.
// Never reformat this file: one changed byte breaks its signature.
//
//go:embed demo/FederationMetadata-demo.xml
var DemoMetadata []byte

// DemoMetadataName is the file name the demo presents its metadata under.
const DemoMetadataName = "FederationMetadata-demo.xml"

// DemoTenantID is the demo file's tenant; visibly not a real one.
const DemoTenantID = "dec0de00-0000-4000-8000-000000000000"
