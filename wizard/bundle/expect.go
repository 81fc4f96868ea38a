package bundle

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// ErrPinsDisagree: the pins given to verify a bundle name more than one
// certificate, so at most one of them can be right. It is a usage error,
// not a finding about the bundle.
var ErrPinsDisagree = errors.New("bundle: the expected signers disagree")

// ErrTenantID: an expected tenant that is not a tenant ID.
var ErrTenantID = errors.New("bundle: not a tenant ID")

// CheckPins refuses pins that cannot all name the same signer: two
// different thumbprints, or a certificate whose thumbprint is not the
// thumbprint given. samlcheck accepts a signer that matches any pin; a
// support engineer who gives two means both, so they must agree. The
// thumbprints are normalised as samlcheck does.
func CheckPins(opts samlcheck.Options) error {
	var names []string
	for _, t := range opts.Thumbprints {
		n, err := samlcheck.NormalizeThumbprint(t)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrPinsDisagree, err)
		}
		names = append(names, n)
	}
	for _, der := range opts.Certificates {
		names = append(names, thumbprintOf(der))
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) > 1 {
		return fmt.Errorf("%w: %s name different certificates", ErrPinsDisagree, strings.Join(names, " and "))
	}
	return nil
}

// NormalizeTenantID returns a tenant ID in the lower-case form Entra's
// metadata uses, accepting surrounding braces and upper case as people copy
// it.
func NormalizeTenantID(s string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimPrefix(t, "{"), "}")
	if !tenantPattern.MatchString(t) {
		return "", fmt.Errorf("%w: %q is not like 8a3c2f4e-0b1d-4c5e-9f6a-7b8c9d0e1f2a (the Tenant ID on the customer's Entra overview page)", ErrTenantID, s)
	}
	return t, nil
}

var tenantPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// checkEveryPin insists that every pin names the signer. samlcheck already
// fails the check when none does; this catches the pin that does not when
// another one does, by checking the metadata once per pin with exactly
// samlcheck's rules (a thumbprint of any listed certificate with the
// signer's key, or a certificate with the signer's key).
func checkEveryPin(res *VerifyResult, meta []byte, opts samlcheck.Options) {
	if len(opts.Thumbprints)+len(opts.Certificates) < 2 || res.Report == nil || !res.Report.Signature.Pinned {
		return
	}
	one := func(o samlcheck.Options, what string) {
		if !samlcheck.Check(meta, o).Signature.Pinned {
			res.add(ProblemPinMismatch, EntryMetadata, "the metadata was not signed by %s you gave (it was signed by %s); every expected signer must match",
				what, res.Report.Signature.SignerSHA1Thumbprint)
		}
	}
	base := opts
	base.Thumbprints, base.Certificates = nil, nil
	for _, t := range opts.Thumbprints {
		o := base
		o.Thumbprints = []string{t}
		one(o, "the thumbprint "+quote(t))
	}
	for _, der := range opts.Certificates {
		o := base
		o.Certificates = [][]byte{der}
		one(o, "the certificate "+thumbprintOf(der))
	}
}

// defaultNamePattern reads the customer out of DefaultFileName's shape,
// allowing the " (1)" or "-1" a browser or mail program adds to a second
// download of the same name.
var defaultNamePattern = regexp.MustCompile(`^pymetrics-sso-(.+)-[0-9]{8}(?: ?\([0-9]+\)|-[0-9]+)?\.zip$`)

// checkExpected compares the bundle, onboarding or rollover, with what
// support said to expect.
func checkExpected(res *VerifyResult, opts VerifyOptions, signer *samlcheck.Certificate) {
	customer, entry, named := "", "", false
	switch {
	case res.Onboarding != nil:
		customer, entry, named = res.Onboarding.Customer, EntryOnboarding, true
	case res.Rollover != nil:
		customer, entry, named = res.Rollover.Customer, EntryRollover, true
	}
	if opts.Customer != "" && named && customer != opts.Customer {
		res.add(ProblemCustomerMismatch, entry, "the bundle is for customer %s, not %s as expected; do not configure %s from it",
			quote(customer), quote(opts.Customer), quote(opts.Customer))
	}
	if opts.TenantID != "" && res.Report != nil {
		want, err := NormalizeTenantID(opts.TenantID)
		switch {
		case err != nil:
			res.add(ProblemTenantChanged, EntryMetadata, "the expected tenant %s is not a tenant ID", quote(opts.TenantID))
		case signer == nil:
			// Nothing verified to compare with: the failed check is the
			// problem already reported.
		case strings.ToLower(res.Report.TenantID) != want:
			res.add(ProblemTenantChanged, EntryMetadata, "the metadata is from tenant %s, not %s as expected: the customer set up SSO in another Entra tenant (or another organisation's metadata was sent)",
				quote(res.Report.TenantID), want)
		}
	}
	if m := defaultNamePattern.FindStringSubmatch(opts.FileName); m != nil && customer != "" {
		name := m[1]
		if res.Rollover != nil {
			// DefaultRolloverFileName puts "-rollover" after the customer.
			name = strings.TrimSuffix(name, "-rollover")
		}
		if name != fileSafe(customer) {
			res.warn(ProblemFileNameCustomer, "", "the file name %s names customer %s, but the bundle is for %s; check that this is the bundle you meant to open",
				quote(opts.FileName), quote(name), quote(customer))
		}
	}
}

// thumbprintOf is a certificate's SHA-1 thumbprint as the Entra portal shows
// it: a name for the certificate, not a security check.
func thumbprintOf(der []byte) string {
	sum := sha1.Sum(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}
