package main

// --memprofile: a heap profile taken at the command's peak rather than at
// its end (by then most of a batch's memory is free). A watcher reads the
// live heap the collector measured at the end of its last cycle every
// 50 ms, and each time it passes its highest value so far by 5% writes a
// heap profile over the file (to a temporary name, then renamed), so the
// file left holds the in-use bytes of the largest live heap, within 5%.
// Read it with `go tool pprof -sample_index=inuse_space FILE`.

import (
	"fmt"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// peakProfile is a running --memprofile watcher.
type peakProfile struct {
	path string
	stop chan struct{}
	done chan error
}

// startPeakProfile starts watching the live heap and writing a heap
// profile to path at each new peak. It fails at once if path cannot be
// written.
func startPeakProfile(path string) (*peakProfile, error) {
	p := &peakProfile{path: path, stop: make(chan struct{}), done: make(chan error, 1)}
	if err := p.write(); err != nil {
		return nil, err
	}
	go p.watch()
	return p, nil
}

// liveHeap returns the live heap bytes as of the last collection.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

func (p *peakProfile) watch() {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var peak uint64
	for {
		select {
		case <-p.stop:
			p.done <- nil
			return
		case <-tick.C:
		}
		if live := liveHeap(); live > peak+peak/20 {
			peak = live
			if err := p.write(); err != nil {
				p.done <- err
				return
			}
		}
	}
}

// write writes the heap profile to a temporary file beside path and
// renames it over path, so that path always holds a whole profile.
func (p *peakProfile) write() error {
	tmp := p.path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("--memprofile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	if err := os.Rename(tmp, p.path); err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	return nil
}

// Stop ends the watcher and returns the error that stopped it early, if any.
func (p *peakProfile) Stop() error {
	close(p.stop)
	return <-p.done
}
