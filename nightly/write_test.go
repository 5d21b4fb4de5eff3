package nightly

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestGate: a nil gate lets every write through; a signal waits for the
// write in flight, keeps every later one out, removes the run's temporary
// files, and ends with 128+signal.
func TestGate(t *testing.T) {
	var none *Gate
	if !none.Enter() {
		t.Fatal("a nil gate refused a write")
	}
	none.Leave()
	none.Stop()

	root := t.TempDir()
	tmp := filepath.Join(root, ".a.md.tmp-123")
	if err := os.WriteFile(tmp, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &Gate{root: root, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if !g.Enter() {
		t.Fatal("an open gate refused a write")
	}
	code := make(chan int)
	go func() { code <- g.interrupt(syscall.SIGTERM) }()
	select {
	case c := <-code:
		t.Fatalf("interrupt returned %d with a write in flight", c)
	case <-time.After(50 * time.Millisecond):
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Error("the temporary file was removed while a write was in flight")
	}
	g.Leave()
	if c := <-code; c != 128+int(syscall.SIGTERM) {
		t.Errorf("exit code %d, want %d", c, 128+int(syscall.SIGTERM))
	}
	// Enter now blocks until the process exits (the handler holds the
	// gate): it is closed for good.
	if !g.closed.Load() || g.mu.TryRLock() {
		t.Error("the gate is open after the signal")
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the temporary file is still there: %v", err)
	}
}
