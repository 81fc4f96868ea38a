package samlcheck

import "fmt"

// Cost budgets for what signature verification does with the parsed tree.
// The signature library canonicalises the whole signed document, and three
// of its steps cost more than the element count alone suggests. Each is
// bounded in proportion to the element limit, far above real metadata
// (federation aggregates in the test data included), so a hostile file is
// refused in the scan instead of costing far more during verification; the
// bounds tests (bounds_test.go) hold each family to a memory bound.
const (
	// nodesPerElement: every element, text section, comment and processing
	// instruction becomes a node that is parsed, copied and canonicalised.
	// Real metadata has 1.5 to 2.8 nodes per element; a file of nothing but
	// processing instructions has one per five bytes.
	nodesPerElement = 3
	// commentWorkPerElement bounds, summed over elements, comments times
	// children: canonicalisation without comments removes each comment
	// from its parent one at a time, moving every later sibling, which is
	// quadratic in the comments of one element. Real aggregates in the
	// test data score a small fraction of the budget.
	commentWorkPerElement = 160
	// scopeWorkPerElement bounds the namespace declarations in scope,
	// summed over elements: canonicalisation copies them for every
	// element. Entity metadata has a few per element; an aggregate that
	// declares forty on its root keeps forty in scope everywhere, and must
	// still be recognised at the size cap.
	scopeWorkPerElement = 48
)

// tooManyNodes is the finding for a document with more nodes than
// nodesPerElement allows.
func tooManyNodes(limit int) Finding {
	return Finding{Code: CodeInputTooManyElements, Severity: SeverityError,
		Message: fmt.Sprintf("The file has more than %d XML nodes (elements, text sections, comments and processing instructions); real metadata has a few hundred (federation aggregates a few ten thousand).", limit),
		Hint:    downloadHint}
}

// tooManyComments is the finding for comments beyond commentWorkPerElement.
func tooManyComments(element string, comments, children int) Finding {
	return Finding{Code: CodeInputTooManyElements, Severity: SeverityError,
		Message: fmt.Sprintf("The file has an unusual number of XML comments (%d among %d items in <%s>); real metadata has none or a few, and this many would make checking the signature take minutes.", comments, children, element),
		Hint:    downloadHint}
}

// tooMuchScope is the finding for namespace declarations beyond
// scopeWorkPerElement.
func tooMuchScope(element string, inScope int) Finding {
	return Finding{Code: CodeInputTooManyNamespaces, Severity: SeverityError,
		Message: fmt.Sprintf("The file keeps too many XML namespace declarations in scope over too many elements (%d in scope at <%s>); real metadata declares a few dozen at most.", inScope, element),
		Hint:    downloadHint}
}
