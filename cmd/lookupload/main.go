// Command lookupload measures the lookup API of `recommend serve` under a
// steady load: it sends GET /api/related?id=N at a fixed rate (open loop:
// each request starts on its schedule whether or not earlier ones have
// answered, so a slow answer cannot hide the queue behind it) for a fixed
// time, and prints the latency percentiles, counted from each request's
// scheduled start, and the errors. The ids cycle through every article of
// the index, shuffled with a fixed seed, so runs are comparable.
//
//	go run ./cmd/lookupload -index .recommend/full -rate 1000 -duration 30s
//
// It is bounded in count and time: -rate × -duration requests at most, at
// most -inflight in flight, and it gives up after -duration plus -timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"

	"recommend/index"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "lookupload:", err)
		os.Exit(1)
	}
}

func run() error {
	base := flag.String("url", "http://127.0.0.1:8080", "the server's base `URL`")
	dir := flag.String("index", ".recommend", "the index `folder` the server serves (for the ids)")
	rate := flag.Int("rate", 1000, "requests per second")
	dur := flag.Duration("duration", 30*time.Second, "how long to send")
	inflight := flag.Int("inflight", 256, "the most requests in flight")
	timeout := flag.Duration("timeout", 5*time.Second, "a request's time limit")
	flag.Parse()
	if *rate < 1 || *rate > 100000 || *dur <= 0 || *dur > 10*time.Minute || *inflight < 1 {
		return errors.New("-rate must be 1–100000, -duration at most 10m, -inflight at least 1")
	}
	ids, err := articleIDs(*dir)
	if err != nil {
		return err
	}
	client := &http.Client{
		Timeout:   *timeout,
		Transport: &http.Transport{MaxIdleConnsPerHost: *inflight, MaxConnsPerHost: *inflight, DisableCompression: true},
	}
	// Warm the connections and the server's caches.
	for i := range min(len(ids), 200) {
		if _, err := get(client, *base, ids[i]); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	n := int(int64(*rate) * int64(*dur) / int64(time.Second))
	lat := make([]time.Duration, n)
	errs := make([]error, n)
	sem := make(chan struct{}, *inflight)
	interval := time.Second / time.Duration(*rate)
	ctx, cancel := context.WithTimeout(context.Background(), *dur+*timeout+time.Second)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	late := 0 // requests that could not start on time: every slot was busy
	for i := range n {
		at := start.Add(time.Duration(i) * interval)
		if d := time.Until(at); d > 0 {
			time.Sleep(d)
		}
		select {
		case sem <- struct{}{}:
		default:
			late++
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return fmt.Errorf("gave up: %d requests still in flight", len(sem))
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			code, err := get(client, *base, ids[i%len(ids)])
			lat[i] = time.Since(at)
			if err == nil && code != http.StatusOK {
				err = fmt.Errorf("status %d", code)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	failed := 0
	var first error
	for _, err := range errs {
		if err != nil {
			failed++
			if first == nil {
				first = err
			}
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("requests %d in %.1fs (%.0f/s), errors %d, started late %d\n", n, elapsed.Seconds(), float64(n)/elapsed.Seconds(), failed, late)
	fmt.Printf("latency p50 %s  p90 %s  p99 %s  p99.9 %s  max %s\n", ms(pct(0.50)), ms(pct(0.90)), ms(pct(0.99)), ms(pct(0.999)), ms(lat[len(lat)-1]))
	if failed > 0 {
		return fmt.Errorf("%d requests failed, the first: %v", failed, first)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/1e6) }

// get sends one lookup and reads the whole answer.
func get(c *http.Client, base, id string) (int, error) {
	resp, err := c.Get(base + "/api/related?id=" + url.QueryEscape(id))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// articleIDs returns the ids of the index's articles, each once, shuffled
// with a fixed seed.
func articleIDs(dir string) ([]string, error) {
	ix, err := index.Open(dir)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	seen := map[string]bool{}
	var ids []string
	for i := range ix.Len() {
		a, err := ix.Article(i)
		if err != nil {
			return nil, err
		}
		if !seen[a.ID] {
			seen[a.ID] = true
			ids = append(ids, a.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no articles in the index %s", dir)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return ids, nil
}
