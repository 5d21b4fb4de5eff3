// Package browsertest starts Debian's chromium, headless, for the tests
// that drive the review page and the workspace in a real browser, and
// collects what the page logs as errors.
//
// The browser is found on the PATH; without it a test skips, or fails
// under CI=true, where .ci/install installs it. Under -short every browser
// test skips.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the browser's path, or skips t (fails it under CI=true).
// Under -short it skips: a browser takes seconds to start, and the short
// loop is for the code, not the pages.
func Chromium(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("a real browser under -short: skipped")
	}
	for _, name := range []string{"chromium", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: CI installs it with .ci/install (apt-get install chromium)")
	}
	t.Skip("chromium not found: install Debian's chromium (apt-get install chromium) to run the browser test")
	return ""
}

// Start starts a headless chromium with a fresh profile in a temporary
// folder and returns a tab's context, bounded to two minutes (CI machines
// are shared), and a function that stops collecting the console and
// returns every error, warning and exception the tab logged. The browser
// stops when the test ends.
func Start(t testing.TB) (ctx context.Context, problems func() []string) {
	t.Helper()
	exe := Chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })

	cctx, stop := context.WithCancel(ctx)
	msgs := chromedp.Console(cctx)
	var seen []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			switch m.Type {
			case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
				seen = append(seen, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
			}
		}
	}()
	return ctx, func() []string {
		stop()
		<-done
		return seen
	}
}
