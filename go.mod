module github.com/pymetrics/sso-assistant

go 1.26

require (
	fyne.io/fyne/v2 v2.7.1
	github.com/beevik/etree v1.8.1
	github.com/russellhaering/goxmldsig v1.6.1
)
