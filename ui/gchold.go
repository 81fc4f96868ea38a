package ui

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// gcHold keeps the garbage collector off while anyone holds it: the window
// while it starts, and every background job while it runs. Holds nest and
// overlap (a check still running when the window has started, a drop that
// supersedes another); the collector's settings come back when the last one
// is released.
//
// Why, measured on two cores (BENCHMARKS.md):
//   - start-up: parsing fonts allocates about 50 MB in the first 100 ms, and
//     the collector ran six times meanwhile, a fifth of the CPU: 30-40 ms
//     later to the window;
//   - checking a large file builds its whole tree (6.4 MB of allocations
//     per MB of XML), and every collection meanwhile marks that tree while
//     the check keeps the other core busy: the UI goroutine's 1 ms timer
//     then waited up to 25-136 ms (5-20 ms now, as long as with no work at
//     all on this machine). Collected after the job (holdCollect), the tree
//     is garbage and marking is quick.
//
// The memory limit bounds the heap while the collector is off: past it the
// runtime collects anyway. Checking a 10 MB aggregate, the largest file the
// product checks, as its own process peaks at 86 MB this way instead of
// 56 MB, and takes 0.31 s instead of 0.40 s; start-up's heap peaks at 56 MB.
var gcHold gcHolder

// gcHoldMemoryLimit is the heap bound while the collector is held off.
const gcHoldMemoryLimit = 512 << 20

type gcHolder struct {
	mu      sync.Mutex
	holders int
	// the settings to restore, saved by the first hold
	percent int
	limit   int64
	// allocated is the heap allocation count when the first hold began
	allocated uint64
}

// gcCollectAfter is how much a hold's work must have allocated for its
// release to collect at once: a 14 KB check allocates 0.2 MB and leaves
// nothing worth a full collection; a 10 MB one allocates about 64 MB.
const gcCollectAfter = 16 << 20

// heapAllocated is the bytes allocated on the heap since the program began.
func heapAllocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// hold turns the collector off (if no one else has) and returns the
// function that releases this hold; releasing twice counts once.
func (g *gcHolder) hold() (release func()) {
	g.acquire()
	var once sync.Once
	return func() { once.Do(func() { g.release(false) }) }
}

// holdCollect is hold for background work: when its release is the last
// and the work allocated more than gcCollectAfter, it also collects, on the
// releasing goroutine and before returning, so the garbage the work left
// is gone before its result reaches the UI goroutine. Otherwise the
// collection would start as the result is drawn, with the heap far past its
// goal, and the runtime would have the UI goroutine's allocations pay for
// the marking.
func (g *gcHolder) holdCollect() (release func()) {
	g.acquire()
	var once sync.Once
	return func() { once.Do(func() { g.release(true) }) }
}

func (g *gcHolder) acquire() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.holders == 0 {
		g.percent = debug.SetGCPercent(-1)
		g.limit = debug.SetMemoryLimit(gcHoldMemoryLimit)
		g.allocated = heapAllocated()
	}
	g.holders++
}

func (g *gcHolder) release(collect bool) {
	g.mu.Lock()
	g.holders--
	last := g.holders == 0
	if last {
		debug.SetGCPercent(g.percent)
		debug.SetMemoryLimit(g.limit)
		collect = collect && heapAllocated()-g.allocated > gcCollectAfter
	}
	g.mu.Unlock()
	if last && collect {
		runtime.GC()
	}
}
