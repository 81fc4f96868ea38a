package samltest

import (
	"bytes"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// AggregateOptions shape a generated federation metadata aggregate.
type AggregateOptions struct {
	// Size is the size in bytes the document must at least reach; entities
	// are added until it does. Zero means one entity of each kind.
	Size int
	// Now anchors the signing certificate's validity (an hour before Now,
	// for three years); zero means time.Now().
	Now time.Time
	// Key signs the aggregate; nil means the cached 2048-bit key.
	Key *rsa.PrivateKey
	// SignatureLast places the Signature after the last EntityDescriptor
	// instead of first. Both are legal; a signature last is what makes a
	// verifier that stops searching early miss it.
	SignatureLast bool
	// ExtraNamespaces declares that many more namespace prefixes on the
	// root, as national feeds and eduGAIN do for every extension they carry.
	ExtraNamespaces int
}

// Aggregate is one generated, signed federation aggregate.
type Aggregate struct {
	XML      []byte // the signed document, as a file would hold it
	CertDER  []byte // the signing certificate (also in the signature's KeyInfo)
	ID       string // the root's ID attribute the signature references
	Entities int    // EntityDescriptors in the aggregate
}

// Aggregate namespace declarations, all on the root as federation operators
// write them; exclusive canonicalisation then moves each to where it is used,
// which is part of what a verifier's cost depends on.
const aggregateRoot = `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"` +
	` xmlns:ds="http://www.w3.org/2000/09/xmldsig#"` +
	` xmlns:mdrpi="urn:oasis:names:tc:SAML:metadata:rpi"` +
	` xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui"` +
	` xmlns:shibmd="urn:mace:shibboleth:metadata:1.0"` +
	` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`

// GenerateAggregate builds a signed SAML metadata aggregate (an
// EntitiesDescriptor) shaped like a research-federation feed: pretty-printed,
// one identity provider for every eight service providers, each entity with
// UI information, a logo, a certificate and contacts, about 160 bytes per
// element as in real feeds. The aggregate is signed over the root with a
// fresh certificate, exclusive canonicalisation and RSA-SHA256, the signer's
// certificate in KeyInfo. It is the input for benchmarks of large files,
// which real data cannot provide at every size.
func GenerateAggregate(opts AggregateOptions) (*Aggregate, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	key := opts.Key
	if key == nil {
		var err error
		if key, err = Key(2048); err != nil {
			return nil, err
		}
	}
	signer, err := NewCertificate(key, CertOptions{Subject: "Federation Metadata Signer", NotBefore: opts.Now.Add(-time.Hour)})
	if err != nil {
		return nil, err
	}
	// Entity certificates only need to be well-formed; a few, reused, keep
	// generation fast.
	var entityCerts []string
	for i := range 4 {
		der, err := NewCertificate(key, CertOptions{Subject: fmt.Sprintf("entity-%d.example.org", i), NotBefore: opts.Now.Add(-time.Hour)})
		if err != nil {
			return nil, err
		}
		entityCerts = append(entityCerts, wrap64(base64.StdEncoding.EncodeToString(der), "\n\t\t\t\t\t\t"))
	}

	id := "_" + newGUID()
	var b strings.Builder
	b.Grow(opts.Size + opts.Size/8)
	b.WriteString(aggregateRoot)
	for i := range opts.ExtraNamespaces {
		fmt.Fprintf(&b, ` xmlns:ext%d="urn:example:federation:extension:%d"`, i, i)
	}
	b.WriteString(` ID="` + id + `" Name="urn:example:federation" validUntil="` + opts.Now.Add(5*24*time.Hour).UTC().Format(time.RFC3339) + `">`)
	b.WriteString("\n\t<Extensions>\n\t\t<mdrpi:PublicationInfo creationInstant=\"" + opts.Now.UTC().Format(time.RFC3339) + "\" publisher=\"https://federation.example.org\"/>\n\t</Extensions>")
	n := 0
	for n < 2 || b.Len() < opts.Size {
		cert := entityCerts[n%len(entityCerts)]
		if n%9 == 0 {
			writeIdP(&b, n, cert)
		} else {
			writeSP(&b, n, cert)
		}
		n++
	}
	b.WriteString("\n</EntitiesDescriptor>")

	doc := etree.NewDocument()
	if err := doc.ReadFromString(b.String()); err != nil {
		return nil, fmt.Errorf("samltest: aggregate template does not parse: %w", err)
	}
	root := doc.Root()
	ctx, err := dsig.NewSigningContext(key, [][]byte{signer})
	if err != nil {
		return nil, fmt.Errorf("samltest: %w", err)
	}
	ctx.Prefix = "ds"
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	// Canonicalisation rewrites the tree it is given; sign a copy and put
	// the signature into the original layout.
	sig, err := ctx.ConstructSignature(root.Copy(), true)
	if err != nil {
		return nil, fmt.Errorf("samltest: sign aggregate: %w", err)
	}
	if opts.SignatureLast {
		root.InsertChildAt(len(root.Child)-1, sig)
	} else {
		root.InsertChildAt(0, sig)
	}
	signed := etree.NewDocument()
	signed.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	signed.CreateText("\n")
	signed.SetRoot(root)
	var out bytes.Buffer
	out.Grow(b.Len() + 4096)
	if _, err := signed.WriteTo(&out); err != nil {
		return nil, fmt.Errorf("samltest: serialise aggregate: %w", err)
	}
	if out.Len() < opts.Size {
		return nil, errors.New("samltest: aggregate came out short")
	}
	return &Aggregate{XML: out.Bytes(), CertDER: signer, ID: id, Entities: n}, nil
}

func writeIdP(b *strings.Builder, n int, cert string) {
	host := fmt.Sprintf("idp%06d.example.org", n)
	fmt.Fprintf(b, "\n\t<EntityDescriptor entityID=\"https://%s/idp/shibboleth\">", host)
	writeEntityExtensions(b, "http://refeds.org/category/research-and-scholarship")
	b.WriteString("\n\t\t<IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol urn:oasis:names:tc:SAML:1.1:protocol urn:mace:shibboleth:1.0\">")
	b.WriteString("\n\t\t\t<Extensions>")
	fmt.Fprintf(b, "\n\t\t\t\t<shibmd:Scope regexp=\"false\">%s</shibmd:Scope>", host)
	writeUIInfo(b, fmt.Sprintf("Example University %d", n))
	b.WriteString("\n\t\t\t</Extensions>")
	writeKeyDescriptor(b, cert)
	b.WriteString("\n\t\t\t<NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</NameIDFormat>")
	b.WriteString("\n\t\t\t<NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</NameIDFormat>")
	for _, binding := range []string{"HTTP-Redirect", "HTTP-POST", "HTTP-POST-SimpleSign"} {
		fmt.Fprintf(b, "\n\t\t\t<SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:%s\" Location=\"https://%s/idp/profile/SAML2/%s/SSO\"/>", binding, host, strings.TrimPrefix(binding, "HTTP-"))
	}
	b.WriteString("\n\t\t</IDPSSODescriptor>")
	writeOrganisation(b, n, host)
	b.WriteString("\n\t</EntityDescriptor>")
}

func writeSP(b *strings.Builder, n int, cert string) {
	host := fmt.Sprintf("sp%06d.example.org", n)
	fmt.Fprintf(b, "\n\t<EntityDescriptor entityID=\"https://%s/shibboleth\">", host)
	writeEntityExtensions(b, "http://www.geant.net/uri/dataprotection-code-of-conduct/v1")
	b.WriteString("\n\t\t<SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">")
	b.WriteString("\n\t\t\t<Extensions>")
	writeUIInfo(b, fmt.Sprintf("Example Service %d", n))
	b.WriteString("\n\t\t\t</Extensions>")
	writeKeyDescriptor(b, cert)
	fmt.Fprintf(b, "\n\t\t\t<SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://%s/Shibboleth.sso/SLO/Redirect\"/>", host)
	for i, binding := range []string{"HTTP-POST", "HTTP-Artifact", "PAOS"} {
		fmt.Fprintf(b, "\n\t\t\t<AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:%s\" Location=\"https://%s/Shibboleth.sso/SAML2/%s\" index=\"%d\"/>", binding, host, binding, i+1)
	}
	b.WriteString("\n\t\t\t<AttributeConsumingService index=\"1\">")
	b.WriteString("\n\t\t\t\t<ServiceName xml:lang=\"en\">Example Service</ServiceName>")
	for _, a := range [][2]string{
		{"eduPersonPrincipalName", "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"},
		{"mail", "urn:oid:0.9.2342.19200300.100.1.3"},
		{"displayName", "urn:oid:2.16.840.1.113730.3.1.241"},
		{"eduPersonScopedAffiliation", "urn:oid:1.3.6.1.4.1.5923.1.1.1.9"},
	} {
		fmt.Fprintf(b, "\n\t\t\t\t<RequestedAttribute FriendlyName=\"%s\" Name=\"%s\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\" isRequired=\"true\"/>", a[0], a[1])
	}
	b.WriteString("\n\t\t\t</AttributeConsumingService>")
	b.WriteString("\n\t\t</SPSSODescriptor>")
	writeOrganisation(b, n, host)
	b.WriteString("\n\t</EntityDescriptor>")
}

func writeEntityExtensions(b *strings.Builder, category string) {
	b.WriteString("\n\t\t<Extensions>")
	b.WriteString("\n\t\t\t<mdrpi:RegistrationInfo registrationAuthority=\"https://federation.example.org\" registrationInstant=\"2014-03-01T12:00:00Z\">")
	b.WriteString("\n\t\t\t\t<mdrpi:RegistrationPolicy xml:lang=\"en\">https://federation.example.org/policy.html</mdrpi:RegistrationPolicy>")
	b.WriteString("\n\t\t\t</mdrpi:RegistrationInfo>")
	b.WriteString("\n\t\t\t<mdattr:EntityAttributes xmlns:mdattr=\"urn:oasis:names:tc:SAML:metadata:attribute\">")
	b.WriteString("\n\t\t\t\t<saml:Attribute xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" Name=\"http://macedir.org/entity-category\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\">")
	b.WriteString("\n\t\t\t\t\t<saml:AttributeValue>" + category + "</saml:AttributeValue>")
	b.WriteString("\n\t\t\t\t</saml:Attribute>")
	b.WriteString("\n\t\t\t</mdattr:EntityAttributes>")
	b.WriteString("\n\t\t</Extensions>")
}

// logo is a small PNG as a data URI, the way feeds inline logos.
var logo = "data:image/png;base64," + strings.Repeat("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAAXNSR0IArs4c6QAAAJ9JREFUeJxi", 16) + "AAAAAElFTkSuQmCC"

func writeUIInfo(b *strings.Builder, name string) {
	b.WriteString("\n\t\t\t\t<mdui:UIInfo>")
	for _, lang := range []string{"en", "de"} {
		fmt.Fprintf(b, "\n\t\t\t\t\t<mdui:DisplayName xml:lang=\"%s\">%s</mdui:DisplayName>", lang, name)
	}
	for _, lang := range []string{"en", "de"} {
		fmt.Fprintf(b, "\n\t\t\t\t\t<mdui:Description xml:lang=\"%s\">%s, a member of the example federation, offers its services to students, teachers and staff of the participating institutions.</mdui:Description>", lang, name)
	}
	b.WriteString("\n\t\t\t\t\t<mdui:InformationURL xml:lang=\"en\">https://www.example.org/about</mdui:InformationURL>")
	b.WriteString("\n\t\t\t\t\t<mdui:Logo height=\"16\" width=\"16\">" + logo + "</mdui:Logo>")
	b.WriteString("\n\t\t\t\t</mdui:UIInfo>")
}

func writeKeyDescriptor(b *strings.Builder, cert string) {
	b.WriteString("\n\t\t\t<KeyDescriptor>\n\t\t\t\t<ds:KeyInfo>\n\t\t\t\t\t<ds:X509Data>\n\t\t\t\t\t\t<ds:X509Certificate>\n\t\t\t\t\t\t")
	b.WriteString(cert)
	b.WriteString("\n\t\t\t\t\t\t</ds:X509Certificate>\n\t\t\t\t\t</ds:X509Data>\n\t\t\t\t</ds:KeyInfo>\n\t\t\t</KeyDescriptor>")
}

func writeOrganisation(b *strings.Builder, n int, host string) {
	b.WriteString("\n\t\t<Organization>")
	fmt.Fprintf(b, "\n\t\t\t<OrganizationName xml:lang=\"en\">Example Organisation %d</OrganizationName>", n)
	fmt.Fprintf(b, "\n\t\t\t<OrganizationDisplayName xml:lang=\"en\">Example Organisation %d</OrganizationDisplayName>", n)
	fmt.Fprintf(b, "\n\t\t\t<OrganizationURL xml:lang=\"en\">https://%s/</OrganizationURL>", host)
	b.WriteString("\n\t\t</Organization>")
	for _, kind := range []string{"technical", "support"} {
		fmt.Fprintf(b, "\n\t\t<ContactPerson contactType=\"%s\">\n\t\t\t<GivenName>Service Desk</GivenName>\n\t\t\t<EmailAddress>mailto:%s@%s</EmailAddress>\n\t\t</ContactPerson>", kind, kind, host)
	}
}

// wrap64 breaks base64 into 64-character lines joined by sep.
func wrap64(s, sep string) string {
	var b strings.Builder
	for len(s) > 64 {
		b.WriteString(s[:64])
		b.WriteString(sep)
		s = s[64:]
	}
	b.WriteString(s)
	return b.String()
}
