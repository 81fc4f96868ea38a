package samlcheck

import "fmt"

// Cost budgets for what signature verification does with the parsed tree.
// The signature library canonicalises the whole signed document, and three
// of its steps cost more than the element count alone suggests. Each is
// bounded in proportion to the element limit, far above real metadata (the
// figures are measured on the test data, federation aggregates included),
// so a hostile file is refused in the scan, in milliseconds, instead of
// costing seconds or gigabytes later.
const (
	// nodesPerElement: every element, text section, comment and processing
	// instruction becomes a node that is parsed, copied and canonicalised.
	// Real metadata has 1.5 to 2.8 nodes per element; a million processing
	// instructions in 5 MB took 500 MB.
	nodesPerElement = 3
	// commentWorkPerElement bounds, summed over elements, comments times
	// children: canonicalisation without comments removes each comment
	// from its parent one at a time, moving every later sibling. A million
	// comments in one element ran for more than ten minutes. The largest
	// real aggregate in the test data scores 400,000 against a budget of
	// 16 million.
	commentWorkPerElement = 160
	// scopeWorkPerElement bounds the namespace declarations in scope,
	// summed over elements: canonicalisation copies them for every
	// element. Real metadata has 3.5 to 6.4 per element; 120 in scope over
	// 100,000 elements took 6 seconds and a gigabyte of allocations.
	scopeWorkPerElement = 10
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
		Message: fmt.Sprintf("The file keeps too many XML namespace declarations in scope over too many elements (%d in scope at <%s>); real metadata declares a handful.", inScope, element),
		Hint:    downloadHint}
}
