package review

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"recommend/corpus"
	"recommend/editor"
	"recommend/index"
	"recommend/internal/browsertest"
	"recommend/internal/corpustest"
	"recommend/recommend"
)

// seedPage runs the batch's pipeline on seeds/ with one question reworded
// three times (corpustest.Reworded) (load, build, apply the editors'
// rules, the duplicate clusters) and returns the articles and the review
// page. The seed article 14219 gets one pin and one block so that those
// flags show.
func seedPage(t *testing.T) ([]corpus.Article, *Page) {
	t.Helper()
	arts, bad, err := corpus.Load(corpustest.Reworded(t))
	if err != nil || len(arts) == 0 {
		t.Fatalf("loading seeds: %d articles, %v", len(arts), err)
	}
	for _, fe := range bad {
		t.Logf("seeds: skipped %v", fe)
	}
	cfg := recommend.DefaultConfig
	if cfg.Dims >= len(arts) {
		cfg.Dims = len(arts) / 2
	}
	m, err := recommend.Build(arts, cfg)
	if err != nil {
		t.Fatalf("building on seeds: %v", err)
	}
	b := editor.Batch{Articles: arts, Candidates: make([][]editor.Hit, len(arts))}
	for i, hs := range m.Lists() {
		for _, h := range hs {
			b.Candidates[i] = append(b.Candidates[i], editor.Hit{Doc: h.Doc, Score: h.Score})
		}
	}
	var biology string
	for _, a := range arts {
		if a.SubjectKey == arts[0].SubjectKey {
			continue
		}
		biology = a.URL
		break
	}
	ov, err := editor.Parse("overrides.yaml", []byte("pins:\n  - {article: 14219, links: ["+biology+"]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, probs := editor.Apply(b, ov, editor.DefaultOptions)
	if len(probs) > 0 {
		t.Fatalf("overrides: %v", probs)
	}
	page := FromResults("Related links: review", arts, res, m.SharedTerms, editor.DefaultOptions)
	for _, c := range m.Clusters() {
		page.Clusters = append(page.Clusters, Cluster{Members: c.Members, Canonical: c.Canonical, Reason: c.Reason})
	}
	return arts, page
}

// TestBrowser opens the page built from seeds/ in headless chromium, uses
// the subject filter and the search box, and checks what is shown and that
// the console stays free of errors.
func TestBrowser(t *testing.T) {
	arts, page := seedPage(t)
	page.Site = "https://www.example.org" // links only: nothing is fetched
	dir := t.TempDir()
	html := filepath.Join(dir, "review.html")
	f, err := os.Create(html)
	if err != nil {
		t.Fatal(err)
	}
	if err := page.Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	ctx, problems := browsertest.Start(t)

	// What the page should show, computed here from the articles.
	// The seed article's subject, and the articles about data privacy in it.
	var subject, seedURL string
	for _, a := range arts {
		if a.ID == "14219" {
			subject, seedURL = a.SubjectKey, a.URL
		}
	}
	var inSubject, found []string
	for _, a := range arts {
		if a.SubjectKey != subject {
			continue
		}
		inSubject = append(inSubject, a.URL)
		if q := strings.ToLower(a.Question); strings.Contains(q, "privacy") && strings.Contains(q, "data") {
			found = append(found, a.URL)
		}
	}
	if len(inSubject) == 0 || len(found) == 0 || len(found) == len(inSubject) {
		t.Fatalf("seeds changed: %d articles in %s, %d about data privacy", len(inSubject), subject, len(found))
	}

	shown := `Array.from(document.querySelectorAll("#list .item")).map(e => e.dataset.url)`
	count := func() string {
		r, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("count"), "data-count"))
		if err != nil {
			t.Fatalf("reading the count: %v", err)
		}
		return r.Value
	}
	// waitCount waits until the shown count is no longer was.
	waitCount := func(was int) {
		expr := fmt.Sprintf(`document.getElementById("count").dataset.count !== "%d"`, was)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("waiting for the list to change from %d articles: %v", was, err)
		}
	}
	eval := func(expr string) any {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		return v
	}
	urls := func() []string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](shown))
		if err != nil {
			t.Fatalf("reading the shown articles: %v", err)
		}
		return v
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+html),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready="1"]`)),
	); err != nil {
		t.Fatalf("opening the page: %v", err)
	}
	total := count()

	// The subject filter, as a user would change it.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("subject"), subject)); err != nil {
		t.Fatal(err)
	}
	eval(`document.getElementById("subject").dispatchEvent(new Event("change"))`)
	waitCount(len(arts))
	afterSubject, shownSubject := count(), urls()
	changes := func() []int {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](
			`Array.from(document.querySelectorAll("#list .item .chg")).map(e => parseInt(e.textContent.slice(1), 10))`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	byChange := changes() // the default order: most changed first
	eval(`(() => { const s = document.getElementById("sort"); s.value = "stable"; s.dispatchEvent(new Event("change")); })()`)
	byStable := changes()
	eval(`(() => { const s = document.getElementById("sort"); s.value = "change"; s.dispatchEvent(new Event("change")); })()`)

	// The search box, typed into key by key.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), "data privacy")); err != nil {
		t.Fatal(err)
	}
	// Keys typed slowly on a busy machine may each end the search box's
	// pause: wait for the search of the whole text.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash.includes("q=data+privacy")`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("waiting for the search: %v", err)
	}
	afterSearch, shownSearch := count(), urls()
	hash, _ := eval(`location.hash`).(string)
	// The flag filter: only the seed article has a pinned link.
	eval(`(() => { const s = document.getElementById("flag"); s.value = "pinned"; s.dispatchEvent(new Event("change")); })()`)
	shownPinned := urls()
	firstCard, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#list .item h3 a`)))
	if err != nil {
		t.Fatal(err)
	}
	href, _ := eval(`document.querySelector("#list .item li a").href`).(string)
	// Search by id, then by the full address: the filters cleared first.
	eval(`(() => { for (const id of ["subject", "flag"]) { const s = document.getElementById(id); s.value = ""; s.dispatchEvent(new Event("change")); } })()`)
	search := func(q string) []string {
		eval(fmt.Sprintf(`(() => { const q = document.getElementById("q"); q.value = %q; q.dispatchEvent(new Event("input")); })()`, q))
		expr := fmt.Sprintf(`location.hash.includes(%q)`, url.QueryEscape(q))
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("waiting for the search %q: %v", q, err)
		}
		return urls()
	}
	byID := search("14219")
	shownID, _ := eval(`document.querySelector("#list .item").dataset.id + " " + document.querySelector("#list .item .id").textContent`).(string)
	pinMark, _ := eval(`Array.from(document.querySelectorAll("#list .item .mark")).map(e => e.textContent).join(",")`).(string)
	byAddress := search("https://www.example.org" + seedURL + "/")
	// An article with a link hysteresis held: the card marks that link.
	heldIn, heldTo := "", ""
	for _, it := range page.Items {
		for _, l := range it.Suggested {
			if l.Reason == index.ReasonHeld && heldIn == "" {
				heldIn, heldTo = arts[it.Doc].URL, page.Site+arts[l.Doc].URL
			}
		}
	}
	if heldIn == "" {
		t.Fatal("no link of seeds/ is held: the test needs one")
	}
	search(heldIn)
	heldMarks, _ := eval(`Array.from(document.querySelectorAll("#list .item .mark.f-held")).map(e => e.parentElement.querySelector("a").href).join(" ")`).(string)
	legend, _ := eval(`document.querySelectorAll("details.legend dt").length`).(float64)
	// The flag filter's "held", the search cleared: every article with a
	// held link, and no other.
	var heldArts []string
	for _, it := range page.Items {
		if slices.ContainsFunc(it.Suggested, func(l Link) bool { return l.Reason == index.ReasonHeld }) {
			heldArts = append(heldArts, arts[it.Doc].URL)
		}
	}
	eval(`(() => { const q = document.getElementById("q"); q.value = ""; q.dispatchEvent(new Event("input")); const s = document.getElementById("flag"); s.value = "held"; s.dispatchEvent(new Event("change")); })()`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash === "#flag=held"`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("waiting for the held filter: %v", err)
	}
	heldCount, shownHeld := count(), urls()
	eval(`(() => { const s = document.getElementById("flag"); s.value = ""; s.dispatchEvent(new Event("change")); })()`)

	// The first rewording's card shows the other two and the canonical.
	rw := corpustest.RewordedURLs
	search(rw[0])
	members, _ := eval(`Array.from(document.querySelectorAll("#list .item .cluster li")).map(e => e.dataset.url + (e.querySelector(".f-canonical") ? " canonical" : "")).join(",")`).(string)
	// The clusters view, chosen as a user would: the search for a member
	// keeps its cluster.
	eval(`(() => { const s = document.getElementById("show"); s.value = "clusters"; s.dispatchEvent(new Event("change")); })()`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.hash.includes("show=clusters")`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("waiting for the clusters view: %v", err)
	}
	clusterCards, _ := eval(`Array.from(document.querySelectorAll("#list .cluster-card")).map(e => e.dataset.size + " " + e.dataset.canonical).join(",")`).(string)
	clusterCount := count()
	stat, _ := eval(`document.getElementById("dup-stat").textContent`).(string)
	sizes, _ := eval(`document.getElementById("cluster-sizes").textContent`).(string)
	// A member's "show its card" opens that article in the articles view.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#list .cluster-card li[data-url=%q] a.open`, rw[2])))); err != nil {
		t.Fatalf("clicking a member's card link: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!location.hash.includes("show=") && document.getElementById("count").dataset.count === "1"`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("waiting for the member's card: %v", err)
	}
	opened := urls()
	logged := problems()

	if want := rw[1] + " canonical," + rw[2]; members != want {
		t.Errorf("cluster on %s's card: %q, want %q", rw[0], members, want)
	}
	if want := "3 " + rw[1]; clusterCards != want || clusterCount != "1" {
		t.Errorf("clusters view: %q (count %s), want one card %q", clusterCards, clusterCount, want)
	}
	if !strings.Contains(stat, "1duplicate clusters (3 articles; largest 3)") {
		t.Errorf("summary's clusters: %q", stat)
	}
	if sizes != "Sizes: 3 articles (1 cluster)" {
		t.Errorf("clusters view's sizes: %q, want one cluster of 3", sizes)
	}
	if len(opened) != 1 || opened[0] != rw[2] {
		t.Errorf("after clicking the member's card link: shown %q, want %s", opened, rw[2])
	}

	if total != fmt.Sprint(len(arts)) {
		t.Errorf("unfiltered count = %s, want %d", total, len(arts))
	}
	if afterSubject != fmt.Sprint(len(inSubject)) || !sameSet(shownSubject, inSubject) {
		t.Errorf("subject %s: count %s, shown %q; want %d: %q", subject, afterSubject, shownSubject, len(inSubject), inSubject)
	}
	if afterSearch != fmt.Sprint(len(found)) || !sameSet(shownSearch, found) {
		t.Errorf("search \"data privacy\": count %s, shown %q; want %d: %q", afterSearch, shownSearch, len(found), found)
	}
	if h, err := url.ParseQuery(strings.TrimPrefix(hash, "#")); err != nil || h.Get("subject") != subject || h.Get("q") != "data privacy" {
		t.Errorf("location.hash = %q, want the subject and the search in it", hash)
	}
	if !strings.Contains(strings.ToLower(firstCard), "privacy") {
		t.Errorf("first card = %q, want a question about privacy", firstCard)
	}
	if !slices.IsSortedFunc(byChange, func(a, b int) int { return b - a }) || !slices.IsSorted(byStable) ||
		len(byChange) != len(inSubject) || byChange[0] == byChange[len(byChange)-1] {
		t.Errorf("sorted by change: %v; least changed first: %v", byChange, byStable)
	}
	if len(shownPinned) != 1 || shownPinned[0] != seedURL {
		t.Errorf("flag pinned with the search on: shown %q, want only %s", shownPinned, seedURL)
	}
	if !strings.HasPrefix(href, page.Site+"/learn/") {
		t.Errorf("a link's href = %q, want it under %s", href, page.Site)
	}
	var copies []string
	for _, a := range arts {
		if a.ID == "14219" {
			copies = append(copies, a.URL)
		}
	}
	if !sameSet(byID, copies) || shownID != "14219 id 14219" {
		t.Errorf("search by id 14219: shown %q (%q), want %q", byID, shownID, copies)
	}
	if pinMark != "pinned" {
		t.Errorf("marks on the seed article's card: %q, want its one pin marked", pinMark)
	}
	if len(byAddress) != 1 || byAddress[0] != seedURL {
		t.Errorf("search by address: shown %q, want %s", byAddress, seedURL)
	}
	if heldMarks != heldTo {
		t.Errorf("held marks on %s's card: on %q, want on %q", heldIn, heldMarks, heldTo)
	}
	if heldCount != fmt.Sprint(len(heldArts)) || !sameSet(shownHeld, heldArts) || len(heldArts) == len(arts) {
		t.Errorf("flag held: count %s, shown %q; want %d of %d: %q", heldCount, shownHeld, len(heldArts), len(arts), heldArts)
	}
	if int(legend) != len(Legend()) {
		t.Errorf("legend lists %v entries, want %d", legend, len(Legend()))
	}
	if len(logged) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(logged, "\n"))
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
