package samlcheck

import (
	"strings"

	"github.com/pymetrics/sso-assistant/internal/sentence"
)

// Audience is who reads a finding. The same finding asks different people
// for different things: the admin who downloaded the file can fix it in the
// Entra portal; pymetrics support, who only received it, can only ask the
// customer.
type Audience int

const (
	// AudienceAdmin is the customer's IT admin, in the window and `check`.
	// A finding's Hint is written for the admin where it is made, because
	// it names the exact portal field and the values it found.
	AudienceAdmin Audience = iota
	// AudienceSupport is pymetrics support, in `verify-bundle`.
	AudienceSupport
)

// What support asks the customer for most often.
const (
	supportNewBundle       = "Ask the customer to download Federation Metadata XML again from the pymetrics application's Single sign-on page in Entra (section \"SAML Certificates\") and make a new bundle with the SSO Assistant, without opening the file in an editor."
	supportSignInRecapture = "Ask the customer to capture the sign-in again from the pymetrics Sign on URL, with the SSO Assistant's Test sign-in step or the browser's developer tools, without editing the file."
	supportWrongFile       = "The customer sent the wrong file. Ask them to download Federation Metadata XML from the pymetrics enterprise application's Single sign-on page in Entra (not the tenant-wide metadata) and make a new bundle with the SSO Assistant."
)

// supportWording is the one table of what each finding asks of pymetrics
// support. Every finding code has a row (a test enforces it), so a new code
// cannot reach support with the admin's "open the portal" advice.
var supportWording = map[Code]string{
	CodeInputEmpty:              supportNewBundle,
	CodeInputTooLarge:           supportWrongFile,
	CodeInputEncoding:           supportNewBundle,
	CodeInputBinary:             supportWrongFile,
	CodeInputInvalidUTF8:        supportNewBundle,
	CodeInputDoctype:            supportNewBundle,
	CodeInputDuplicateAttribute: supportNewBundle,
	CodeInputMalformed:          supportNewBundle,
	CodeInputTooDeep:            supportWrongFile,
	CodeInputTooManyElements:    supportWrongFile,
	CodeInputTooManyNamespaces:  supportWrongFile,
	CodeInputNamespace:          supportNewBundle,
	CodeInputReformatted:        supportNewBundle,
	CodeInputCertificate:        "The customer sent a certificate, not the metadata. " + supportWrongFile,
	CodeInputSPMetadata:         "This is pymetrics' own SP metadata, not the customer's. " + supportWrongFile,
	CodeInputNotMetadata:        supportWrongFile,

	CodeSignatureMissing:         supportNewBundle,
	CodeSignatureMisplaced:       supportNewBundle,
	CodeSignatureMultiple:        supportNewBundle,
	CodeSignatureMalformed:       supportNewBundle,
	CodeSignatureReference:       supportNewBundle,
	CodeSignatureTransform:       supportNewBundle,
	CodeSignatureAlgorithm:       supportNewBundle,
	CodeSignatureCertificate:     supportNewBundle,
	CodeSignatureUnverifiable:    supportNewBundle,
	CodeSignatureInvalid:         "The metadata was changed after Entra signed it. Do not configure from it. " + supportNewBundle,
	CodeSignatureUntrustedSigner: "Do not configure from this bundle. Check the thumbprint you were given with the customer; if it is right, the metadata comes from another application or tenant: ask the customer for a new bundle.",
	CodeSignaturePinnedSigner:    "Nothing to do: the signer is the certificate you confirmed.",
	CodeSignatureSelfSignedOnly:  "Confirm this thumbprint with the customer by phone or another channel than the e-mail that brought the bundle (Entra shows it under \"SAML Certificates\"), then run verify-bundle again with --thumbprint.",
	CodeSignatureWeakAlgorithm:   "Ask the customer to set the pymetrics application's signing algorithm to SHA-256 in Entra (\"SAML Certificates\") and send a new bundle.",
	CodePinInvalid:               "Check the thumbprint you typed: 40 hexadecimal digits, as the customer reads it under \"SAML Certificates\" in Entra.",

	CodeCertExpired:         "Ask the customer to create a new SAML signing certificate for the pymetrics application, make it Active, and send a new bundle.",
	CodeCertExpiringSoon:    "Configure from this bundle, and agree the certificate rollover with the customer now: they add a new certificate before this date and send a new bundle, and pymetrics adds it before they make it Active.",
	CodeCertNotYetValid:     "Ask the customer which certificate is Active in Entra. If the dates are right, wait until it is valid, or ask for a bundle made with the Active certificate.",
	CodeCertInactiveExpired: "Nothing to do: the expired certificate is listed but does not sign, and is not configured.",
	CodeCertWeakKey:         "Ask the customer to create a new signing certificate with a key of at least 2048 bits, make it Active and send a new bundle.",
	CodeCertUnparseable:     "Nothing to do: the thumbprints are exact.",
	CodeCertMultiple:        "Configure every signing certificate listed under \"Configure pymetrics\": the one that is announced but not active is the customer's next certificate. Ask the customer when they will make it Active.",

	CodeMetadataTenantWide:       supportWrongFile,
	CodeMetadataCommon:           supportWrongFile,
	CodeMetadataNotEntra:         "The metadata is not from Entra ID. Ask the customer which identity provider they use; the SSO Assistant handles Entra ID only.",
	CodeMetadataAggregate:        supportWrongFile,
	CodeMetadataEntityID:         supportNewBundle,
	CodeMetadataEndpointMismatch: supportNewBundle,
	CodeMetadataEndpointHost:     "If the customer's tenant is in a national cloud (US Government, China), these addresses can be right: confirm with the customer. Otherwise " + sentence.LowerFirst(supportNewBundle),
	CodeMetadataNoSSO:            supportNewBundle,
	CodeMetadataNoSigningCert:    supportNewBundle,
	CodeMetadataSignerNotListed:  supportNewBundle,
	CodeMetadataDemo:             "This is the SSO Assistant's built-in demo file, which belongs to no tenant. Ask the customer to make the bundle from the Federation Metadata XML of their own pymetrics application in Entra.",

	CodeInternalError: "This is a defect in the SSO Assistant, not in the bundle: report it to the assistant's maintainers with the bundle attached.",

	// The sign-in check: support runs it on a capture the customer sent
	// (check-signin --bundle), so each row says what to ask the customer.
	CodeSignInNotResponse:              "This is not a sign-in. " + supportSignInRecapture,
	CodeSignInNoMessage:                "The capture holds no SAML message. " + supportSignInRecapture,
	CodeSignInStructure:                "Do not trust anything in this response: its shape could hide content. " + supportSignInRecapture,
	CodeSignInStatusFailed:             "Entra refused the sign-in. Send the customer the explanation of the AADSTS code above and ask them to fix the field it names.",
	CodeSignInUnsigned:                 "Ask the customer to set \"Signing Option\" to \"Sign SAML assertion\" (or both) under \"SAML Certificates\" in Entra and capture a new sign-in.",
	CodeSignInSignatureInvalid:         "The response was changed after Entra signed it. " + supportSignInRecapture,
	CodeSignInUntrustedSigner:          "The response was signed by a certificate the bundle does not list. Ask the customer whether they made a new certificate active; if so, they must first send a rollover bundle made with the SSO Assistant (Renew the signing certificate).",
	CodeSignInSigningOption:            "Ask the customer to set \"Signing Option\" under \"SAML Certificates\" in Entra to what pymetrics expects.",
	CodeSignInWrongIssuer:              "The response comes from another tenant or application than the bundle's. Ask the customer to sign in through the pymetrics application the bundle was made from.",
	CodeSignInAudienceMismatch:         "Ask the customer to set \"Identifier (Entity ID)\" in Basic SAML Configuration to exactly the value in the bundle.",
	CodeSignInRecipientMismatch:        "Ask the customer to set \"Reply URL (Assertion Consumer Service URL)\" in Basic SAML Configuration to exactly the value in the bundle.",
	CodeSignInClaimNamespaced:          "Ask the customer to clear the claim's Namespace under \"Attributes & Claims\" in Entra.",
	CodeSignInClaimCase:                "Ask the customer to rename the claim under \"Attributes & Claims\" to exactly UserFirstName, UserLastName or UserEmail.",
	CodeSignInClaimMissing:             "Ask the customer to add the missing claim under \"Attributes & Claims\" in Entra (UserFirstName ← user.givenname, UserLastName ← user.surname, UserEmail ← user.userprincipalname).",
	CodeSignInClaimEmpty:               "Ask the customer to fill in the user's first name, last name or e-mail in Entra, or to point the claim at an attribute that has it.",
	CodeSignInEmailInvalid:             "Ask the customer to point the UserEmail claim at an attribute that holds an e-mail address.",
	CodeSignInOnMicrosoftUPN:           "The user's e-mail is an onmicrosoft.com name. Ask the customer whether that is the address pymetrics should know the user by.",
	CodeSignInEncrypted:                "Ask the customer to switch off token encryption for the pymetrics application in Entra (\"Token encryption\").",
	CodeSignInWeakAlgorithm:            "Ask the customer to set the signing algorithm to SHA-256 under \"SAML Certificates\" in Entra.",
	CodeSignInIdPInitiated:             "The sign-in started in Entra, which pymetrics does not support. Ask the customer to start from the pymetrics Sign on URL in the bundle.",
	CodeSignInInResponseToMismatch:     "The response answers another request than the one captured. " + supportSignInRecapture,
	CodeSignInRequestIssuerMismatch:    "pymetrics sent another Identifier than the customer entered in Entra. Check the customer name configured at pymetrics against the bundle.",
	CodeSignInRequestACSMismatch:       "pymetrics asked for another Reply URL than the customer entered in Entra. Check the customer name configured at pymetrics against the bundle.",
	CodeSignInRequestMalformed:         "The captured request cannot be read. " + supportSignInRecapture,
	CodeSignInRequestAuthnContext:      "Check pymetrics' requested authentication context for this customer; Entra may refuse it.",
	CodeSignInExpired:                  "The response had expired when it was captured. Ask the customer to check the clock of the computer they signed in from, and capture again.",
	CodeSignInNotYetValid:              "The response was not yet valid when it was captured: a clock is wrong. Ask the customer to check the clock of the computer they signed in from.",
	CodeSignInNoCaptureTime:            "Run check-signin again with --at and the time the customer captured the sign-in.",
	CodeSignInSignerCertificateExpired: "The certificate that signed the sign-in has expired. Ask the customer to renew it and send a rollover bundle made with the SSO Assistant (Renew the signing certificate).",
}

// secondPerson turns the admin's "your tenant" into words about the
// customer, for messages that are otherwise right for both readers.
var secondPerson = strings.NewReplacer(
	"your Entra ID tenant", "the customer's Entra ID tenant",
	"your tenant's", "the customer's tenant's",
	"your tenant", "the customer's tenant",
	"Your tenant", "The customer's tenant",
	"your organisation", "the customer's organisation",
	"your file", "the customer's file",
	"your computer's clock", "your clock",
)

// For returns the finding as its reader should see it: unchanged for the
// admin; for support, the message about the customer instead of "you" and
// the hint from supportWording.
func (f Finding) For(a Audience) Finding {
	if a != AudienceSupport {
		return f
	}
	f.Message = secondPerson.Replace(f.Message)
	if hint, ok := supportWording[f.Code]; ok {
		f.Hint = hint
	} else if f.Hint != "" {
		f.Hint = secondPerson.Replace(f.Hint)
	}
	return f
}

// For returns a copy of the report with every finding worded for a; the
// rest of the report is shared, not copied.
func (r *Report) For(a Audience) *Report {
	if r == nil || a == AudienceAdmin {
		return r
	}
	out := *r
	out.Findings = make([]Finding, len(r.Findings))
	for i, f := range r.Findings {
		out.Findings[i] = f.For(a)
	}
	return &out
}
