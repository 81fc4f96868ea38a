package samlcheck

// Finding codes. They are stable: the UI, the bundle summary and scripts match
// on them. Grouped by what they judge: the input bytes, the signature, the
// certificates, and what the metadata says.
const (
	// The input itself.
	CodeInputEmpty              Code = "input.empty"
	CodeInputTooLarge           Code = "input.too-large"
	CodeInputEncoding           Code = "input.encoding"     // UTF-16/32, an undeclared or unsupported character set
	CodeInputBinary             Code = "input.binary"       // NUL bytes: not a text file
	CodeInputInvalidUTF8        Code = "input.invalid-utf8" // bytes that are not UTF-8
	CodeInputDoctype            Code = "input.doctype"      // DTDs and entities are refused outright
	CodeInputDuplicateAttribute Code = "input.duplicate-attribute"
	CodeInputMalformed          Code = "input.malformed-xml" // not well-formed (truncated, two roots, ...)
	CodeInputTooDeep            Code = "input.too-deep"
	CodeInputTooManyElements    Code = "input.too-many-elements"
	CodeInputTooManyNamespaces  Code = "input.too-many-namespaces"
	CodeInputNamespace          Code = "input.namespace" // metadata element names in the wrong namespace
	CodeInputReformatted        Code = "input.reformatted"
	CodeInputCertificate        Code = "input.certificate"
	CodeInputSPMetadata         Code = "input.sp-metadata"
	CodeInputNotMetadata        Code = "input.not-metadata"

	// The XML signature.
	CodeSignatureMissing         Code = "signature.missing"
	CodeSignatureMisplaced       Code = "signature.misplaced" // not a direct child of the root
	CodeSignatureMultiple        Code = "signature.multiple"
	CodeSignatureMalformed       Code = "signature.malformed"
	CodeSignatureReference       Code = "signature.reference" // Reference does not point at the root
	CodeSignatureTransform       Code = "signature.transform" // transform outside the allow-list
	CodeSignatureAlgorithm       Code = "signature.algorithm" // signature, digest or c14n method outside the allow-list
	CodeSignatureCertificate     Code = "signature.certificate"
	CodeSignatureUnverifiable    Code = "signature.unverifiable" // no usable key to check it with
	CodeSignatureInvalid         Code = "signature.invalid"
	CodeSignatureUntrustedSigner Code = "signature.untrusted-signer"
	CodeSignaturePinnedSigner    Code = "signature.pinned-signer"
	CodeSignatureSelfSignedOnly  Code = "signature.self-signed-only"
	CodeSignatureWeakAlgorithm   Code = "signature.weak-algorithm"
	CodePinInvalid               Code = "pin.invalid"

	// Certificates.
	CodeCertExpired         Code = "cert.expired"
	CodeCertExpiringSoon    Code = "cert.expiring-soon"
	CodeCertNotYetValid     Code = "cert.not-yet-valid"
	CodeCertInactiveExpired Code = "cert.inactive-expired"
	CodeCertWeakKey         Code = "cert.weak-key"
	CodeCertUnparseable     Code = "cert.unparseable"
	CodeCertMultiple        Code = "cert.multiple-signing"

	// What the metadata says.
	CodeMetadataTenantWide       Code = "metadata.tenant-wide"
	CodeMetadataCommon           Code = "metadata.common"
	CodeMetadataNotEntra         Code = "metadata.not-entra"
	CodeMetadataAggregate        Code = "metadata.aggregate"
	CodeMetadataEntityID         Code = "metadata.entity-id"
	CodeMetadataEndpointMismatch Code = "metadata.endpoint-mismatch"
	CodeMetadataEndpointHost     Code = "metadata.endpoint-host"
	CodeMetadataNoSSO            Code = "metadata.no-sso"
	CodeMetadataNoSigningCert    Code = "metadata.no-signing-certificate"
	CodeMetadataSignerNotListed  Code = "metadata.signer-not-listed"
	CodeMetadataDemo             Code = "metadata.demo" // the assistant's built-in demo file, not a tenant's

	// A sign-in capture (CheckResponse, ReadAuthnRequest and the wizard's
	// judgement of them against the customer's values).
	CodeSignInNotResponse              Code = "signin.not-response"
	CodeSignInNoMessage                Code = "signin.no-saml-message"
	CodeSignInStructure                Code = "signin.structure" // a shape that could hide content (wrapping)
	CodeSignInStatusFailed             Code = "signin.status-failed"
	CodeSignInUnsigned                 Code = "signin.unsigned"
	CodeSignInSignatureInvalid         Code = "signin.signature-invalid"
	CodeSignInUntrustedSigner          Code = "signin.untrusted-signer"
	CodeSignInSigningOption            Code = "signin.signing-option"
	CodeSignInWrongIssuer              Code = "signin.wrong-issuer"
	CodeSignInAudienceMismatch         Code = "signin.audience-mismatch"
	CodeSignInRecipientMismatch        Code = "signin.recipient-mismatch"
	CodeSignInClaimNamespaced          Code = "signin.claim-namespaced"
	CodeSignInClaimCase                Code = "signin.claim-case"
	CodeSignInClaimMissing             Code = "signin.claim-missing"
	CodeSignInClaimEmpty               Code = "signin.claim-empty"
	CodeSignInEmailInvalid             Code = "signin.email-invalid"
	CodeSignInOnMicrosoftUPN           Code = "signin.onmicrosoft-upn"
	CodeSignInEncrypted                Code = "signin.encrypted"
	CodeSignInWeakAlgorithm            Code = "signin.weak-algorithm"
	CodeSignInIdPInitiated             Code = "signin.idp-initiated"
	CodeSignInInResponseToMismatch     Code = "signin.in-response-to-mismatch"
	CodeSignInRequestIssuerMismatch    Code = "signin.request-issuer-mismatch"
	CodeSignInRequestACSMismatch       Code = "signin.request-acs-mismatch"
	CodeSignInRequestMalformed         Code = "signin.request-malformed"
	CodeSignInRequestAuthnContext      Code = "signin.request-authn-context"
	CodeSignInExpired                  Code = "signin.expired"
	CodeSignInNotYetValid              Code = "signin.not-yet-valid"
	CodeSignInNoCaptureTime            Code = "signin.no-capture-time"
	CodeSignInSignerCertificateExpired Code = "signin.signer-certificate-expired"

	// The engine itself failed; never expected, always a bug.
	CodeInternalError Code = "internal.error"
)

// downloadHint names, in the portal's own words, the file the assistant needs.
const downloadHint = `In the Microsoft Entra admin center, open Enterprise applications, select the pymetrics application and open "Single sign-on". Under "SAML Certificates", download "Federation Metadata XML" and use that file exactly as downloaded.`

// notAsEntraHint is the hint for a file whose structure Entra never
// writes: edited after download, or forged.
const notAsEntraHint = "This file is not as Entra produced it. " + downloadHint

// otherSignerHint is the hint for the same findings on a file that is not
// Entra's: its signer may be right by its own rules, but the assistant
// accepts only what Entra writes.
const otherSignerHint = "The assistant accepts only signatures made the way Entra makes them, and this file is not Entra's anyway. " + downloadHint

// untouchedHint is added wherever the bytes were changed after download.
const untouchedHint = `Download "Federation Metadata XML" again from the pymetrics application's Single sign-on page (section "SAML Certificates") and use the downloaded file without opening it in an editor: any change, even added line breaks, breaks the signature.`
