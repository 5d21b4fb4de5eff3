package serve

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"recommend/internal/browsertest"
	"recommend/internal/corpustest"
)

// TestBrowser serves the seeds index, opens the workspace in headless
// chromium, searches the seed article by id, pins its third suggestion
// with a click, checks the overrides file and that the next batch's list
// shows the pin first, undoes it, and checks that a decision sent without
// the token is refused. Then it opens a reworded question's card, sees
// its duplicate cluster, blocks a member everywhere from it and undoes
// that, and opens a member's card from the clusters view.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	f := newFixture(t, false, "")
	ts := httptest.NewServer(f.s)
	defer ts.Close()
	seed := f.related(t)[0]
	target := seed.Related[2].URL

	ctx, problems := browsertest.Start(t)

	poll := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("waiting for %s (%s): %v", what, expr, err)
		}
	}
	eval := func(expr string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		return v
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready]`)),
	); err != nil {
		t.Fatalf("opening the workspace: %v", err)
	}
	// Search by id, typed key by key.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), seedID)); err != nil {
		t.Fatal(err)
	}
	poll("the search by id", `document.getElementById("count").dataset.count === "1" && document.querySelector("#list .item").dataset.id === "`+seedID+`"`)
	sugg := fmt.Sprintf(`#list .item .suggested li[data-url="%s"] button.pin`, target)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sugg))); err != nil {
		t.Fatalf("clicking pin: %v", err)
	}
	poll("the next batch's list", `document.querySelector("#list .item .next li") !== null`)
	first := eval(`document.querySelector("#list .item .next li").dataset.url`)
	mark := eval(`document.querySelector("#list .item .next li .mark").textContent`)
	afterPin := string(readFile(t, f.file))
	status := eval(`document.getElementById("status").textContent`)

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("undo"))); err != nil {
		t.Fatalf("clicking undo: %v", err)
	}
	poll("the undo", `document.getElementById("status").textContent.startsWith("undid")`)
	afterUndo := readFile(t, f.file)
	// A decision from the page's origin without the token.
	code := eval(`fetch("/api/decide", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({kind: "lock", id: "` + seedID + `"})}).then(r => r.status)`)

	// A reworded question's card shows its cluster; blocking a member
	// everywhere from there marks it; undo takes it back.
	rw := corpustest.RewordedURLs
	eval(fmt.Sprintf(`(() => { const q = document.getElementById("q"); q.value = %q; q.dispatchEvent(new Event("input")); })()`, rw[0]))
	poll("the reworded article's card", fmt.Sprintf(`document.querySelectorAll("#list .item").length === 1 && document.querySelector("#list .item").dataset.url === %q && document.querySelector("#list .item .cluster") !== null`, rw[0]))
	members := eval(`Array.from(document.querySelectorAll("#list .item .cluster li")).map(e => e.dataset.url + (e.querySelector(".f-canonical") ? " canonical" : "")).join(",")`)
	member := fmt.Sprintf(`#list .item .cluster li[data-url=%q]`, rw[2])
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(member+" button.block-member"))); err != nil {
		t.Fatalf("clicking block everywhere: %v", err)
	}
	poll("the member marked blocked", `document.querySelector('`+member+` .f-blocked') !== null`)
	afterBlock := string(readFile(t, f.file))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("undo"))); err != nil {
		t.Fatalf("clicking undo: %v", err)
	}
	poll("the undo of the block", `document.getElementById("status").textContent.startsWith("undid: blocked")`)
	// The clusters view, then a member's card from it.
	eval(`(() => { const s = document.getElementById("show"); s.value = "clusters"; s.dispatchEvent(new Event("change")); })()`)
	poll("the clusters view", `document.querySelector("#list .cluster-card") !== null`)
	cards := eval(`Array.from(document.querySelectorAll("#list .cluster-card")).map(e => e.dataset.size + " " + e.dataset.canonical).join(",")`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#list .cluster-card li[data-url=%q] a.open`, rw[1])))); err != nil {
		t.Fatalf("clicking a member's card link: %v", err)
	}
	poll("the member's card", fmt.Sprintf(`document.querySelector("#list .item:not(.cluster-card)") !== null && document.querySelector("#list .item").dataset.url === %q`, rw[1]))

	if want := rw[1] + " canonical," + rw[2]; members != want {
		t.Errorf("cluster on %s's card: %v, want %q", rw[0], members, want)
	}
	if !strings.Contains(afterBlock, rw[2]) {
		t.Errorf("overrides file after block everywhere:\n%s", afterBlock)
	}
	if want := "3 " + rw[1]; cards != want {
		t.Errorf("clusters view: %v, want one card %q", cards, want)
	}
	// Back to the articles.
	eval(`(() => { const s = document.getElementById("show"); s.value = ""; s.dispatchEvent(new Event("change")); })()`)
	// An article with a link hysteresis held: its card marks that link.
	heldIn, heldTo := heldLink(t, f.ix)
	eval(fmt.Sprintf(`(() => { const q = document.getElementById("q"); q.value = %q; q.dispatchEvent(new Event("input")); })()`, heldIn))
	poll("the search by url", `document.querySelector("#list .item") !== null && document.querySelector("#list .item").dataset.url === "`+heldIn+`"`)
	heldMarks := eval(`Array.from(document.querySelectorAll("#list .item li")).filter(li => li.querySelector(".mark.f-held")).map(li => li.dataset.url).join(" ")`)
	logged := problems()

	if heldMarks != heldTo {
		t.Errorf("held marks on %s's card: on %q, want on %q", heldIn, heldMarks, heldTo)
	}
	if first != target || mark != "pinned" {
		t.Errorf("next batch's first link %v (%v), want the pinned %s", first, mark, target)
	}
	if !strings.Contains(afterPin, "article: "+seedID) || !strings.Contains(afterPin, target) {
		t.Errorf("overrides file after the click:\n%s", afterPin)
	}
	if s, _ := status.(string); !strings.HasPrefix(s, "pinned "+target) {
		t.Errorf("status after the click: %q", status)
	}
	if afterUndo != nil {
		t.Errorf("after undo the overrides file holds %q, want no file as before", afterUndo)
	}
	if code != float64(403) {
		t.Errorf("a decision without the token got %v, want 403", code)
	}
	if readFile(t, f.file) != nil {
		t.Errorf("the refused decision wrote the file")
	}
	// The refused fetch logs a 403 in the console: that one is expected.
	var rest []string
	for _, p := range logged {
		if !strings.Contains(p, "403") {
			rest = append(rest, p)
		}
	}
	if len(rest) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(rest, "\n"))
	}
}
