package samlcheck

import "github.com/beevik/etree"

// attr returns the value of el's unprefixed attribute key. etree's
// SelectAttr also matches a prefixed attribute (x:key) and returns whichever
// comes first, which would let a foreign attribute stand in for the real one.
func attr(el *etree.Element, key string) string {
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == key {
			return a.Value
		}
	}
	return ""
}

// sigAttr reads an attribute of an element inside the Signature. Another
// attribute with the same local name under a prefix makes its meaning
// ambiguous: encoding/xml, which goxmldsig uses to read the signature, lets
// the last one win, while this check would read the unprefixed one.
func sigAttr(el *etree.Element, key string) (value string, present, ambiguous bool) {
	n := 0
	for _, a := range el.Attr {
		if a.Key != key {
			continue
		}
		n++
		if a.Space == "" {
			value, present = a.Value, true
		}
	}
	return value, present, n > 1
}
