package wizard

import (
	"bytes"
	"strings"
)

// SAML 2.0 names used in the SP metadata (saml-metadata-2.0-os, section 2).
const (
	mdNamespace      = "urn:oasis:names:tc:SAML:2.0:metadata"
	protocolSAML20   = "urn:oasis:names:tc:SAML:2.0:protocol"
	bindingHTTPPost  = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
	SPMetadataSuffix = "-pymetrics-sp-metadata.xml"
)

// SPMetadata returns a SAML 2.0 metadata document describing pymetrics as a
// service provider for these values, for Entra's "Upload metadata file"
// button in Basic SAML Configuration: an EntityDescriptor (section 2.3.2)
// whose entityID is the Identifier, with one SPSSODescriptor (section 2.4.4)
// holding one AssertionConsumerService with the HTTP-POST binding, index 0,
// the default, at the Reply URL. It carries no keys and no other endpoints:
// the assistant cannot know them. The Sign-on URL is not part of SP
// metadata; the admin pastes it separately.
//
// The output is deterministic: the same values give the same bytes.
func SPMetadata(u URLs) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<md:EntityDescriptor xmlns:md="` + mdNamespace + `" entityID="` + attrEscape(u.Identifier) + `">` + "\n")
	b.WriteString(`  <md:SPSSODescriptor protocolSupportEnumeration="` + protocolSAML20 + `">` + "\n")
	b.WriteString(`    <md:AssertionConsumerService Binding="` + bindingHTTPPost + `" Location="` + attrEscape(u.ReplyURL) + `" index="0" isDefault="true"/>` + "\n")
	b.WriteString(`  </md:SPSSODescriptor>` + "\n")
	b.WriteString(`</md:EntityDescriptor>` + "\n")
	return b.Bytes()
}

// SPMetadataFileName is the file name offered when saving SP metadata.
func SPMetadataFileName(customer string) string {
	if !plainName(customer) {
		customer = "customer"
	}
	return customer + SPMetadataSuffix
}

// attrEscape escapes a value for a double-quoted XML attribute, including
// white space characters that attribute-value normalisation would otherwise
// turn into spaces (XML 1.0 section 3.3.3).
var attrEscape = strings.NewReplacer(
	"&", "&amp;",
	"<", "&lt;",
	">", "&gt;",
	`"`, "&quot;",
	"\t", "&#x9;",
	"\n", "&#xA;",
	"\r", "&#xD;",
).Replace
