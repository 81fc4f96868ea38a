package samlcheck

import (
	"regexp"
	"strings"

	"github.com/beevik/etree"
)

// XML namespaces the check needs to tell documents apart.
const (
	nsMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsDSig      = "http://www.w3.org/2000/09/xmldsig#"
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsSAML11    = "urn:oasis:names:tc:SAML:1.0:assertion"
	nsSAML11P   = "urn:oasis:names:tc:SAML:1.0:protocol"
	nsWSTrust13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
	nsWSTrust05 = "http://schemas.xmlsoap.org/ws/2005/02/trust"
	nsXHTML     = "http://www.w3.org/1999/xhtml"
)

var (
	// entraEntityID is the Entra ID issuer of a tenant (SAML 2.0 metadata).
	entraEntityID = regexp.MustCompile(`^https://sts\.windows\.net/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})/$`)
	// entraCommonEntityID is the placeholder the tenant-independent (/common)
	// metadata carries instead of a tenant ID.
	entraCommonEntityID = regexp.MustCompile(`(?i)^https://sts\.windows\.net/(\{tenantid\}|%7Btenantid%7D)/?$`)
)

// Subjects of the certificates Entra ID signs tenant-wide tokens and
// tenant-wide metadata with. An application's own SAML signing certificate is
// "Microsoft Azure Federated SSO Certificate" (or one the customer imported),
// never one of these; the document structure is otherwise identical, so this
// is the discriminator between app and tenant-wide metadata.
var entraTenantKeySubjects = []string{"CN=accounts.accesscontrol.windows.net", "CN=login.microsoftonline.us", "CN=login.chinacloudapi.cn"}

// isEntra reports whether kind is one of Entra ID's own metadata files, the
// only ones whose messages may speak of what Entra wrote or signed.
func isEntra(kind Kind) bool {
	return kind == KindEntraApp || kind == KindEntraTenant || kind == KindEntraCommon
}

// alteredHint is the hint for a file whose signature or structure is not
// what its kind's signer writes.
func alteredHint(kind Kind) string {
	if isEntra(kind) {
		return notAsEntraHint
	}
	return otherSignerHint
}

// classify names what a parsed document is. It may look at unverified
// content: the kind only decides which explanation the admin gets, never a
// value the report vouches for.
func classify(root *etree.Element, certs *certCache) Kind {
	ns := root.NamespaceURI()
	switch root.Tag {
	case "EntitiesDescriptor":
		if ns == nsMetadata {
			return KindAggregate
		}
	case "EntityDescriptor":
		if ns == nsMetadata {
			return classifyEntity(root, certs)
		}
	case "AuthnRequest", "LogoutRequest":
		if ns == nsProtocol {
			return KindRequest
		}
	case "Response", "Assertion", "LogoutResponse":
		if ns == nsProtocol || ns == nsAssertion || ns == nsSAML11 || ns == nsSAML11P {
			return KindResponse
		}
	case "RequestSecurityTokenResponse", "RequestSecurityTokenResponseCollection":
		if ns == nsWSTrust13 || ns == nsWSTrust05 {
			return KindResponse
		}
	}
	if strings.EqualFold(root.Tag, "html") && (ns == "" || ns == nsXHTML) {
		return KindHTML
	}
	return KindUnknownXML
}

func classifyEntity(ed *etree.Element, certs *certCache) Kind {
	var idp, sp, wsfed bool
	for _, c := range ed.ChildElements() {
		if c.NamespaceURI() != nsMetadata {
			continue
		}
		switch c.Tag {
		case "IDPSSODescriptor":
			idp = true
		case "SPSSODescriptor":
			sp = true
		case "RoleDescriptor":
			wsfed = true
		}
	}
	entityID := attr(ed, "entityID")
	switch {
	case entraCommonEntityID.MatchString(entityID):
		return KindEntraCommon
	case entraEntityID.MatchString(entityID):
		if usesTenantKeys(ed, certs) {
			return KindEntraTenant
		}
		return KindEntraApp
	case idp && (strings.Contains(strings.ToLower(entityID), "/adfs/") || sp && wsfed):
		// AD FS publishes one EntityDescriptor with WS-Federation roles and
		// both SAML roles; its entity ID ends in /adfs/services/trust.
		return KindADFS
	case idp || wsfed && !sp:
		// A WS-Federation security token service (RoleDescriptor) is an
		// identity provider too (Okta publishes such files).
		return KindIdP
	case sp:
		return KindSP
	}
	return KindUnknownXML
}

// usesTenantKeys reports whether any signing certificate listed in the
// document is one of Entra's tenant-wide keys.
func usesTenantKeys(ed *etree.Element, certs *certCache) bool {
	for _, kd := range keyDescriptors(ed, certs) {
		if kd.use == "encryption" {
			continue
		}
		pc := certs.describe(kd.der, kd.use, "metadata")
		for _, s := range entraTenantKeySubjects {
			if pc.info.Subject == s {
				return true
			}
		}
	}
	return false
}

// keyDescriptor is one certificate listed in a role of an EntityDescriptor.
type keyDescriptor struct {
	use  string
	der  []byte
	role string
	bad  string // set when the certificate text is not base64
}

// keyDescriptors lists the certificates of every role (RoleDescriptor,
// IDPSSODescriptor, SPSSODescriptor, ...) of one EntityDescriptor, in
// document order. Every KeyDescriptor whose use is empty or "signing" is a
// signing certificate (SAML metadata, section 2.4.1.1).
func keyDescriptors(ed *etree.Element, certs *certCache) []keyDescriptor {
	var out []keyDescriptor
	for _, role := range ed.ChildElements() {
		if role.NamespaceURI() != nsMetadata {
			continue
		}
		for _, kd := range role.ChildElements() {
			if kd.Tag != "KeyDescriptor" || kd.NamespaceURI() != nsMetadata {
				continue
			}
			use := attr(kd, "use")
			for _, ki := range childrenNS(kd, nsDSig, "KeyInfo") {
				for _, xd := range childrenNS(ki, nsDSig, "X509Data") {
					for _, xc := range childrenNS(xd, nsDSig, "X509Certificate") {
						der, ok := certs.decode(xc.Text())
						k := keyDescriptor{use: use, der: der, role: role.Tag}
						if !ok || len(der) == 0 {
							k.bad = "the certificate text is not valid base64"
							k.der = nil
						}
						out = append(out, k)
					}
				}
			}
		}
	}
	return out
}

// childrenNS returns the child elements of el with the given namespace and
// local name.
func childrenNS(el *etree.Element, ns, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == ns {
			out = append(out, c)
		}
	}
	return out
}
