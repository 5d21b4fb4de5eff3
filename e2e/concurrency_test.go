package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestConcurrentRuns starts a nightly `batch --write` and, while it runs,
// (1) starts a second one on the same folder and a third on a subject
// folder inside it, which must be refused at once with one line naming the
// folder and the first run's pid, and (2) looks
// an article up again and again from the index the run is replacing: every
// lookup must succeed and print what the old index or the new one says.
func TestConcurrentRuns(t *testing.T) {
	ref := getReference(t)
	work := filepath.Join(workDir(t), "content")
	copyTree(t, ref.Src, work)
	index := filepath.Join(workDir(t), "index")

	// The old index: lists of 3, so that old and new lookups differ.
	if r := run(t, nil, "batch", "--corpus", work, "--quiet", "--top-k", "3", "--index", index); r.Code != ref.Run.Code {
		t.Fatalf("building the old index: %s", r)
	}
	lookup := []string{"--id", "14219", "--json", "--index", index}
	oldOut := run(t, nil, lookup...)
	if oldOut.Code != 0 {
		t.Fatalf("lookup on the old index: %s", oldOut)
	}

	pid, wait := start(t, nil, "batch", "--corpus", work, "--write", "--json", "--quiet", "--index", index)
	waitForLock(t, pid)

	second := run(t, nil, "batch", "--corpus", work, "--write", "--json", "--quiet", "--index", filepath.Join(workDir(t), "index"))
	checkOneLineError(t, second)
	if msg := string(second.Stderr); !strings.Contains(msg, work) || !strings.Contains(msg, fmt.Sprintf("pid %d", pid)) {
		t.Errorf("second batch: %q should name the folder %s and the running batch's pid %d", strings.TrimSpace(msg), work, pid)
	}
	if second.Took > 10*time.Second {
		t.Errorf("second batch took %s to be refused; it should not wait for the first", second.Took)
	}
	// A run on a folder inside the first one's is refused too: it would
	// write some of the same files.
	var subs []string
	ents, _ := os.ReadDir(work)
	for _, e := range ents {
		if e.IsDir() {
			subs = append(subs, filepath.Join(work, e.Name()))
		}
	}
	if len(subs) == 0 {
		t.Fatalf("no subject folder in %s", work)
	}
	inner := run(t, nil, "batch", "--corpus", subs[0], "--write", "--json", "--quiet", "--index", filepath.Join(workDir(t), "index"))
	checkOneLineError(t, inner)
	if msg := string(inner.Stderr); !strings.Contains(msg, work) || !strings.Contains(msg, fmt.Sprintf("pid %d", pid)) || inner.Took > 10*time.Second {
		t.Errorf("batch on %s inside the running one's folder: %s\nwant a prompt refusal naming %s and pid %d", subs[0], inner, work, pid)
	}

	// Look up until the batch ends.
	type answer struct {
		r  result
		at time.Duration
	}
	var answers []answer
	finished := make(chan result, 1)
	go func() { finished <- wait() }()
	begin := time.Now()
	var first result
loop:
	for {
		select {
		case first = <-finished:
			break loop
		default:
		}
		answers = append(answers, answer{r: run(t, nil, lookup...), at: time.Since(begin)})
		time.Sleep(20 * time.Millisecond) // leave the batch most of the CPU
	}
	if first.Code != ref.Run.Code {
		t.Fatalf("the batch that held the lock: %s", first)
	}
	newOut := run(t, nil, lookup...)
	if newOut.Code != 0 || bytes.Equal(newOut.Stdout, oldOut.Stdout) {
		t.Fatalf("lookup after the batch: %s\nwant a different list than the old index gave", newOut)
	}
	var sawOld, sawNew int
	for _, a := range answers {
		switch {
		case a.r.Code == 0 && bytes.Equal(a.r.Stdout, oldOut.Stdout):
			sawOld++
		case a.r.Code == 0 && bytes.Equal(a.r.Stdout, newOut.Stdout):
			sawNew++
		default:
			t.Errorf("lookup %s into the batch: neither the old nor the new answer: %s\nstdout: %s", a.at.Round(time.Millisecond), a.r, tail(a.r.Stdout, 300))
		}
	}
	t.Logf("%d lookups while the batch ran: %d old answers, %d new", len(answers), sawOld, sawNew)
	if sawOld == 0 || sawNew == 0 {
		t.Errorf("the lookups saw %d old and %d new answers; want both, or the test did not watch the index change", sawOld, sawNew)
	}

	if d := compare(ref.New, snapshot(t, work)); !d.Empty() {
		t.Errorf("after the batch the folder differs from the reference run: %s", d)
	}
}

// waitForLock waits until the process pid holds an exclusive flock, as
// /proc/locks lists it: the batch's lock on its content folder.
func waitForLock(t testing.TB, pid int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		b, err := os.ReadFile("/proc/locks")
		if err != nil {
			t.Skipf("cannot tell when the batch holds its lock: %v", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) > 4 && f[1] == "FLOCK" && f[3] == "WRITE" && f[4] == strconv.Itoa(pid) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the batch (pid %d) took no lock within a minute", pid)
		}
	}
}
