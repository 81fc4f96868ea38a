package samlcheck_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// BenchmarkCheck measures the whole check, bytes in and report out, on the
// files admins drop (Entra application and tenant metadata, AD FS metadata)
// and on signed federation aggregates: the real 2.4 MB one and generated
// ones of 5 and 20 MB, to show how cost grows with size. Every input must
// verify, so that no benchmark measures an early refusal instead.
// scripts/bench.sh compares the same engine, as a whole process, with
// xmlsec1.
func BenchmarkCheck(b *testing.B) {
	raised := samlcheck.Options{Now: fixedNow, MaxSize: 32 << 20}
	inputs := []struct {
		name string
		data func(testing.TB) []byte
		opts samlcheck.Options
	}{
		{"generated-entra-app", func(tb testing.TB) []byte { return samltest.New(tb, samltest.Options{Now: fixedNow}).XML }, samlcheck.Options{}},
		{"entra-app-14KB", realFile("entra-app-2025-esecdj.xml"), samlcheck.Options{}},
		{"entra-tenant-28KB", realFile("entra-tenant-2025-diegonorman.xml"), samlcheck.Options{}},
		{"adfs-72KB", realFile("adfs-dtu-2025.xml"), samlcheck.Options{}},
		{"aggregate-real-2.4MB", realFile("aggregate-switchaai-test-2014-pysaml2.xml"), samlcheck.Options{}},
		{"aggregate-5MB", generatedAggregate(5_000_000), samlcheck.Options{}},
		{"aggregate-20MB", generatedAggregate(20_000_000), raised},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			data := in.data(b)
			opts := in.opts
			if opts.Now.IsZero() {
				opts.Now = fixedNow
			}
			benchCheck(b, data, opts)
		})
	}
}

// reportCPU adds the process CPU time per operation since start as
// cpu-ns/op (see processCPU).
func reportCPU(b *testing.B, start time.Duration) {
	if used := processCPU() - start; start > 0 && b.N > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func realFile(name string) func(testing.TB) []byte {
	return func(tb testing.TB) []byte { return readReal(tb, name) }
}

// Generated aggregates are kept for the life of the test binary: signing
// 20 MB takes seconds, and -count or several -bench patterns would
// otherwise make them again.
var (
	aggregatesMu sync.Mutex
	aggregates   = map[int][]byte{}
)

func generatedAggregate(size int) func(testing.TB) []byte {
	return func(tb testing.TB) []byte {
		tb.Helper()
		aggregatesMu.Lock()
		defer aggregatesMu.Unlock()
		if data, ok := aggregates[size]; ok {
			return data
		}
		a, err := samltest.GenerateAggregate(samltest.AggregateOptions{Size: size, Now: fixedNow})
		if err != nil {
			tb.Fatal(err)
		}
		aggregates[size] = a.XML
		return a.XML
	}
}

// BenchmarkCheckAggregateGrowth checks generated aggregates from 1 to 20 MB,
// so that time and memory per byte can be compared across sizes: a linear
// engine shows the same ns/B and B/op per byte at every size.
func BenchmarkCheckAggregateGrowth(b *testing.B) {
	for _, mb := range []int{1, 2, 5, 10, 20} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			benchCheck(b, generatedAggregate(mb*1_000_000)(b), samlcheck.Options{Now: fixedNow, MaxSize: 32 << 20})
		})
	}
}

// benchCheck times samlcheck.Check on data, which must verify (a refusal
// stops early and would time something else), with bytes, allocations and
// the process's CPU time per operation.
func benchCheck(b *testing.B, data []byte, opts samlcheck.Options) {
	if r := samlcheck.Check(data, opts); !r.Signature.Valid {
		b.Fatalf("the input does not verify, so this would time a refusal: %s %v", r.Signature.Reason, codes(r))
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		samlcheck.Check(data, opts)
	}
	reportCPU(b, cpu)
}
