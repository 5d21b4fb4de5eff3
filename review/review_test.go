package review

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/editor"
	"recommend/index"
)

// handPage: four articles in two subjects (one spelled two ways). Article 0
// keeps one link and swaps another; 1 is unchanged; 2 is locked with a
// broken link; 3 has no links either way.
func handPage() *Page {
	p := &Page{Title: "t", LowScore: 0.1, Articles: []Article{
		{URL: "/learn/bio/questions/a", Title: "What is a cell?", Subject: "Biology", Key: "biology", Question: "What is a cell?"},
		{URL: "/learn/bio/questions/b", Title: "What is DNA?", Subject: "biology", Key: "biology", Question: "What is DNA, really?"},
		{URL: "/learn/law/questions/c", Title: "What is a tort?", Subject: "Law", Key: "law", Question: "What is a tort?"},
		{URL: "/learn/law/questions/d", Title: "What is a <b>contract</b>?", Subject: "Law", Key: "law", Question: "What is a <b>contract</b>?"},
	}}
	p.Items = []Item{
		{Doc: 0, Current: []Link{{Doc: 1, Score: .5, Scored: true}, {Doc: 2, Score: .2, Scored: true, Flags: editor.FlagDropped | editor.FlagOtherSubject}},
			Suggested: []Link{{Doc: 1, Score: .5, Scored: true, Terms: []string{"cell", "dna"}, Reason: index.ReasonHeld}, {Doc: 3, Score: .05, Scored: true, Flags: editor.FlagNew | editor.FlagLowScore | editor.FlagOtherSubject}}},
		{Doc: 1, Current: []Link{{Doc: 0, Score: .5, Scored: true}}, Suggested: []Link{{Doc: 0, Score: .5, Scored: true}}},
		{Doc: 2, Locked: true, Current: []Link{{Doc: -1, URL: "/learn/gone", Title: "Gone", Flags: editor.FlagBroken}},
			Suggested: []Link{{Doc: -1, URL: "/learn/gone", Title: "Gone", Flags: editor.FlagBroken, Reason: index.ReasonLocked}}},
		{Doc: 3},
	}
	return p
}

func TestSummarize(t *testing.T) {
	s := handPage().Summarize()
	got := []int{s.Articles, s.Changed, s.Locked, s.Current, s.Suggested, s.New, s.Dropped, s.Pinned, s.Blocked, s.Broken, s.LowScore, len(s.Scores)}
	want := []int{4, 1, 1, 4, 4, 1, 1, 0, 0, 1, 1, 3}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarize counts = %v, want %v", got, want)
	}
	// biology: 2 articles, 1 changed, 3 links today, 2 kept; law: 1 link, kept.
	wantSub := []SubjectStat{
		{Key: "biology", Label: "Biology", Articles: 2, Changed: 1, Current: 3, Kept: 2, Suggested: 3, New: 1},
		{Key: "law", Label: "Law", Articles: 2, Changed: 0, Current: 1, Kept: 1, Suggested: 1, New: 0},
	}
	if !reflect.DeepEqual(s.Subjects, wantSub) {
		t.Errorf("Subjects = %+v, want %+v", s.Subjects, wantSub)
	}
	if a := s.Subjects[0].Agreement(); math.Abs(a-2.0/3) > 1e-12 {
		t.Errorf("biology Agreement = %v, want 2/3", a)
	}
	if a := (SubjectStat{}).Agreement(); !math.IsNaN(a) {
		t.Errorf("Agreement with no links = %v, want NaN", a)
	}
}

func TestWriteSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := handPage().Write(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// Nothing may be fetched: no src attributes, stylesheets, imports or
	// url() references, and no absolute http(s) address outside the SVG
	// namespace declarations.
	for _, re := range []string{`\ssrc=`, `<link[^>]+stylesheet`, `@import`, `url\(`, `https?://(?:[^"]*)"`} {
		for _, m := range regexp.MustCompile(re).FindAllString(out, -1) {
			if strings.HasPrefix(m, "http://www.w3.org/") {
				continue
			}
			t.Errorf("page refers to an outside resource: %q", m)
		}
	}
	if n := strings.Count(out, "<svg"); n != 3 {
		t.Errorf("page has %d inline charts, want 3", n)
	}
	// Article text is data, never markup.
	if strings.Contains(out, "<b>contract") {
		t.Error("a title's markup reached the page unescaped")
	}
	var again bytes.Buffer
	if err := handPage().Write(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("Write is not deterministic")
	}
}

func TestSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "review.json.gz")
	p := handPage()
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("Load(Save(p)) = %+v, want %+v", back, p)
	}
	p.Items[0].Suggested[0].Doc = 9
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("Load of a page linking outside its articles: err = %v", err)
	}
	os.WriteFile(path, []byte("not gzip"), 0o644)
	if _, err := Load(path); err == nil {
		t.Error("Load of a non-gzip file: no error")
	}
}

// TestWireLinkMarks checks how a link's mark reaches the page's script:
// after the URL and title (empty inside the corpus), and only when there
// is one, so that plain links cost no more than before.
func TestWireLinkMarks(t *testing.T) {
	tests := []struct {
		name string
		l    Link
		want []any
	}{
		{"ranked", Link{Doc: 2, Score: .5, Scored: true, Terms: []string{"a", "b"}}, []any{2, .5, "a, b", 0}},
		{"held", Link{Doc: 2, Score: .5, Scored: true, Reason: index.ReasonHeld}, []any{2, .5, "", 0, "", "", "held"}},
		{"pinned", Link{Doc: 3, Flags: editor.FlagPinned, Reason: index.ReasonPinned}, []any{3, nil, "", int(editor.FlagPinned), "", "", "pinned"}},
		{"broken", Link{Doc: -1, URL: "/x", Title: "X", Flags: editor.FlagBroken}, []any{-1, nil, "", int(editor.FlagBroken), "/x", "X"}},
		{"broken, locked", Link{Doc: -1, URL: "/x", Title: "X", Reason: index.ReasonLocked}, []any{-1, nil, "", 0, "/x", "X", "locked"}},
	}
	for _, tt := range tests {
		if got := wireLink(tt.l); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: wireLink = %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

// TestLegendHasEveryMark checks that each mark a link can carry is
// explained by the legend of the page and of the workspace.
func TestLegendHasEveryMark(t *testing.T) {
	explained := map[string]bool{}
	for _, e := range Legend() {
		if e.Text == "" {
			t.Errorf("legend entry %q has no text", e.Name)
		}
		explained[e.Name] = true
	}
	for _, r := range []index.Reason{index.ReasonHeld, index.ReasonPinned, index.ReasonLocked} {
		if !explained[r.Mark()] {
			t.Errorf("mark %q is not in the legend", r.Mark())
		}
	}
}

func TestFromResults(t *testing.T) {
	arts := []corpus.Article{
		{URL: "/learn/b/questions/a", ID: "1", Subject: "B", SubjectKey: "b", Title: "A", Question: "A?"},
		{URL: "/learn/b/questions/b", ID: "2", Subject: "B", SubjectKey: "b", Title: "B", Question: "B?"},
	}
	arts[0].Related = []corpus.Link{{URL: "/learn/gone", Title: "Gone"}}
	b := editor.Batch{Articles: arts, Candidates: [][]editor.Hit{{{Doc: 1, Score: .7}}, {{Doc: 0, Score: .7}}}}
	res, _ := editor.Apply(b, nil, editor.DefaultOptions)
	terms := func(a, b, n int) []string { return []string{"t" + arts[a].ID + arts[b].ID} }
	p := FromResults("x", arts, res, terms, editor.DefaultOptions)
	it := p.Items[0]
	if len(it.Current) != 1 || it.Current[0].Doc != -1 || it.Current[0].URL != "/learn/gone" || it.Current[0].Scored {
		t.Errorf("current = %+v, want the broken link, unscored", it.Current)
	}
	if len(it.Suggested) != 1 || it.Suggested[0].Doc != 1 || it.Suggested[0].Score != .7 ||
		!reflect.DeepEqual(it.Suggested[0].Terms, []string{"t12"}) || it.Suggested[0].Flags != editor.FlagNew {
		t.Errorf("suggested = %+v, want b at 0.7 explained by t12, flagged new", it.Suggested)
	}
	if it.Change() != 2 {
		t.Errorf("Change = %d, want 2 (one dropped, one new)", it.Change())
	}
}

// TestFromResultsMany checks, on enough articles to be split over the
// cores, that every link gets its own pair's terms.
func TestFromResultsMany(t *testing.T) {
	const n = 1000
	arts := make([]corpus.Article, n)
	for i := range arts {
		arts[i] = corpus.Article{URL: "/learn/s/questions/" + strconv.Itoa(i), ID: strconv.Itoa(i), Subject: "S", SubjectKey: "s", Title: "T", Question: "Q" + strconv.Itoa(i)}
	}
	b := editor.Batch{Articles: arts, Candidates: make([][]editor.Hit, n)}
	for i := range arts {
		b.Candidates[i] = []editor.Hit{{Doc: (i + 1) % n, Score: .5}, {Doc: (i + 7) % n, Score: .4}}
	}
	res, _ := editor.Apply(b, nil, editor.DefaultOptions)
	terms := func(a, b, n int) []string { return []string{strconv.Itoa(a) + "-" + strconv.Itoa(b)} }
	p := FromResults("x", arts, res, terms, editor.DefaultOptions)
	for i, it := range p.Items {
		if it.Doc != i || len(it.Suggested) != 2 {
			t.Fatalf("item %d = %+v", i, it)
		}
		for _, l := range it.Suggested {
			if want := strconv.Itoa(i) + "-" + strconv.Itoa(l.Doc); len(l.Terms) != 1 || l.Terms[0] != want {
				t.Fatalf("item %d link %d terms = %q, want [%s]", i, l.Doc, l.Terms, want)
			}
		}
	}
}

// TestWriteEmpty renders a page with no articles: charts without data,
// no error.
func TestWriteEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := (&Page{Title: "empty"}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<b>0</b>articles") || strings.Count(buf.String(), "<svg") != 3 {
		t.Errorf("empty page lacks its summary or charts")
	}
}

// TestSummaryFirstRun checks the figures that inform on a first run: the
// share of new links per subject (where every list changes), the block
// rules in force, repeated current links, and a locked article's
// proposal on the page.
func TestSummaryFirstRun(t *testing.T) {
	p := handPage()
	p.Blocks = 2
	p.Items[1].Current = append(p.Items[1].Current, Link{Doc: 0, Score: .5, Scored: true, Flags: editor.FlagRepeated | editor.FlagDropped})
	p.Items[2].Proposed = []Link{{Doc: 3, Score: .4, Scored: true, Flags: editor.FlagNew}}
	s := p.Summarize()
	if s.Blocks != 2 || s.Repeated != 1 {
		t.Errorf("Blocks, Repeated = %d, %d; want 2, 1", s.Blocks, s.Repeated)
	}
	if got := []float64{s.Subjects[0].NewShare(), s.Subjects[1].NewShare()}; !reflect.DeepEqual(got, []float64{1.0 / 3, 0}) {
		t.Errorf("NewShare per subject = %v, want [1/3 0]", got)
	}
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<b>2</b>blocks in force", "<b>1</b>repeated current links", "New links per subject", "The engine would now suggest"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The locked item carries its proposal in the page's data.
	if it := p.payload().Items[2]; it[6] == nil {
		t.Errorf("locked item's proposal missing from the payload: %v", it)
	}
}

// TestResultsSave writes the page from its results, item by item, and
// holds the file to the one Page.Save writes of the built page, byte for
// byte, with clusters and blocks or none, a locked article's proposed
// links and broken links among them; Load reads it back as that page.
func TestResultsSave(t *testing.T) {
	const n = 60
	arts := make([]corpus.Article, n)
	for i := range arts {
		arts[i] = corpus.Article{URL: "/learn/s/questions/" + strconv.Itoa(i), ID: strconv.Itoa(i / 2), Subject: "S & <T>", SubjectKey: "s", Title: "T \"" + strconv.Itoa(i) + "\"", Question: "Q" + strconv.Itoa(i) + "?"}
	}
	arts[3].Related = []corpus.Link{{URL: "/learn/gone", Title: "Gone"}}
	arts[5].Related = []corpus.Link{{URL: arts[9].URL}}
	b := editor.Batch{Articles: arts, Candidates: make([][]editor.Hit, n)}
	for i := range arts {
		b.Candidates[i] = []editor.Hit{{Doc: (i + 1) % n, Score: .5}, {Doc: (i + 7) % n, Score: .4}}
	}
	ov := &editor.Overrides{Locks: []string{arts[5].URL}}
	res, _ := editor.Apply(b, ov, editor.DefaultOptions)
	if !res[5].Locked || len(res[5].Proposed) == 0 {
		t.Fatalf("article 5 = %+v, want it locked with proposed links", res[5])
	}
	terms := func(a, b, n int) []string { return []string{strconv.Itoa(a) + "-" + strconv.Itoa(b)} }
	for _, r := range []Results{
		{Title: "x", Articles: arts, Decisions: res, Terms: terms, Options: editor.DefaultOptions,
			Blocks: 2, Clusters: []Cluster{{Members: []int{0, 1}, Canonical: 1, Reason: "longer answer"}}},
		{Title: "no terms, no clusters", Articles: arts, Decisions: res, Options: editor.DefaultOptions},
		{Title: "empty", Articles: []corpus.Article{}, Decisions: []editor.Result{}, Options: editor.DefaultOptions},
	} {
		dir := t.TempDir()
		want, got := filepath.Join(dir, "built.json.gz"), filepath.Join(dir, "streamed.json.gz")
		page := r.Page()
		if err := page.Save(want); err != nil {
			t.Fatal(err)
		}
		if err := r.Save(got); err != nil {
			t.Fatalf("%s: Results.Save: %v", r.Title, err)
		}
		wb, _ := os.ReadFile(want)
		gb, _ := os.ReadFile(got)
		if !bytes.Equal(gb, wb) {
			t.Errorf("%s: Results.Save wrote %d bytes, Page.Save %d, not the same", r.Title, len(gb), len(wb))
		}
		back, err := Load(got)
		if err != nil || !reflect.DeepEqual(back, page) {
			t.Errorf("%s: Load(Results.Save) = %+v, %v, want %+v", r.Title, back, err, page)
		}
	}
}

// TestPayloadFilterBits checks the data the flag filter reads: each
// choice (the payload's flags) matches exactly the articles it names, as
// the script tests them (the item's locked member for "locked", its bit
// for the rest). "held" is an article with a suggested link marked held,
// whatever else its links are; a locked article's proposed links do not
// count, as they are not what the batch writes.
func TestPayloadFilterBits(t *testing.T) {
	link := func(doc int, f editor.Flag, r index.Reason) Link {
		return Link{Doc: doc, Score: .3, Scored: true, Flags: f, Reason: r}
	}
	tests := []struct {
		name string
		it   Item
		want []string // the filter's choices that show it
	}{
		{"plain", Item{Current: []Link{link(1, 0, 0)}, Suggested: []Link{link(1, 0, 0)}}, nil},
		{"held", Item{Current: []Link{link(1, 0, 0)}, Suggested: []Link{link(1, 0, index.ReasonHeld)}}, []string{"held"}},
		{"held below a new link", Item{
			Current:   []Link{link(1, 0, 0), link(2, editor.FlagDropped, 0)},
			Suggested: []Link{link(3, editor.FlagNew, 0), link(1, editor.FlagLowScore, index.ReasonHeld)}},
			[]string{"new", "dropped", "low-score", "held"}},
		{"pinned", Item{Suggested: []Link{link(1, editor.FlagPinned|editor.FlagNew, index.ReasonPinned)}}, []string{"new", "pinned"}},
		{"locked, a held link proposed", Item{Locked: true,
			Current:   []Link{link(1, 0, 0)},
			Suggested: []Link{link(1, 0, index.ReasonLocked)},
			Proposed:  []Link{link(1, 0, index.ReasonHeld)}}, []string{"locked"}},
	}
	p := &Page{}
	for i, tt := range tests {
		p.Articles = append(p.Articles, Article{URL: "/learn/s/questions/" + strconv.Itoa(i), Title: tt.name, Subject: "S", Key: "s"})
		tt.it.Doc = i
		p.Items = append(p.Items, tt.it)
	}
	pl := p.payload()
	if want := append(editor.FlagNames(), "locked", "held"); !reflect.DeepEqual(pl.Flags, want) {
		t.Fatalf("the filter's choices = %q, want %q", pl.Flags, want)
	}
	for i, tt := range tests {
		var got []string
		for fi, name := range pl.Flags {
			shown := pl.Items[i][5].(int)&(1<<fi) != 0
			if name == "locked" {
				shown = pl.Items[i][1].(int) == 1
			}
			if shown {
				got = append(got, name)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: shown by %q, want %q", tt.name, got, tt.want)
		}
		if held := slices.Contains(tt.want, "held"); p.Items[i].Held() != held {
			t.Errorf("%s: Held() = %v, want %v", tt.name, !held, held)
		}
	}
}
