package editor

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"recommend/corpus"
	"recommend/index"
)

// testArts: five biology articles a..e and one chemistry article f; c and
// g share id 3; g asks a's question, cross-posted with other case and
// spacing around it (the same recommend.QuestionKey).
func testArts() []corpus.Article {
	mk := func(id, slug, subject, q string) corpus.Article {
		return corpus.Article{ID: id, URL: "/learn/" + subject + "/questions/" + slug, Subject: subject,
			SubjectKey: subject, Title: q, Question: q}
	}
	return []corpus.Article{
		mk("1", "a", "biology", "What is a cell?"),
		mk("2", "b", "biology", "What is DNA?"),
		mk("3", "c", "biology", "What is RNA?"),
		mk("4", "d", "biology", "What is a gene?"),
		mk("5", "e", "biology", "What is an enzyme?"),
		mk("6", "f", "chemistry", "What is a bond?"),
		mk("3", "g", "chemistry", " what is a CELL?\n"),
	}
}

// names renders links as their slugs, e.g. "b c", so tables read easily.
func names(ls []corpus.Link) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.URL[strings.LastIndex(l.URL, "/")+1:])
	}
	return strings.Join(out, " ")
}

// fixture returns, for arts, the index of each slug, a parser of
// candidates ("b:.6 d:.5" into hits), the link to a slug (to a gone
// article for a slug arts lack), and a batch over a fresh testArts where
// article a has the current links and candidates given, and, when score
// is not empty, Batch.Score for a's page from it.
func fixture(arts []corpus.Article) (map[string]int, func(string) []Hit, func(string) corpus.Link, func(current, cands, score string) Batch) {
	idx := map[string]int{}
	for i, a := range arts {
		idx[names([]corpus.Link{{URL: a.URL}})] = i
	}
	// cands parses "b:.6 d:.5" into hits.
	cands := func(s string) []Hit {
		var hs []Hit
		for _, f := range strings.Fields(s) {
			var slug string
			var sc float64
			name, num, _ := strings.Cut(f, ":")
			slug = name
			fmt.Sscan(num, &sc)
			hs = append(hs, Hit{Doc: idx[slug], Score: sc})
		}
		return hs
	}
	link := func(slug string) corpus.Link {
		if i, ok := idx[slug]; ok {
			return corpus.LinkTo(&arts[i])
		}
		return corpus.Link{URL: "/learn/gone/questions/" + slug, Title: "Gone"}
	}
	batch := func(current, cs, score string) Batch {
		as := testArts()
		for _, s := range strings.Fields(current) {
			as[0].Related = append(as[0].Related, link(s))
		}
		b := Batch{Articles: as, Candidates: make([][]Hit, len(as))}
		b.Candidates[0] = cands(cs)
		if score != "" {
			scored := map[int]float64{}
			for _, h := range cands(score) {
				scored[h.Doc] = h.Score
			}
			b.Score = func(a, t int) float64 {
				if a != 0 {
					return 0
				}
				return scored[t]
			}
		}
		return b
	}
	return idx, cands, link, batch
}

func TestApply(t *testing.T) {
	arts := testArts()
	idx, _, _, batch := fixture(arts)
	tests := []struct {
		name    string
		current string // slugs of a's current links
		cands   string // a's candidates
		ov      string // overrides file
		opt     Options
		want    string // slugs of a's new links
		changed bool
		score   string // Batch.Score for a's page ("c:.46"); empty: no Score
		dup     string // slug of a near-duplicate of a (Batch.Duplicate)
	}{
		// without hysteresis the engine's ranking wins
		{"plain top-k", "", "b:.6 c:.5 d:.4", "", Options{K: 2, Margin: -1}, "b c", true, "", ""},
		{"self skipped", "", "a:1 b:.6 c:.5", "", Options{K: 2, Margin: -1}, "b c", true, "", ""},
		{"one copy of a question", "", "c:.6 g:.5 b:.4", "", Options{K: 2, Margin: -1}, "c b", true, "", ""},
		{"order by score", "c b", "b:.6 d:.5 c:.48", "", Options{K: 2, Margin: -1}, "b d", true, "", ""},
		// hysteresis keeps current links within the margin, in place
		{"kept within margin", "c b", "b:.6 d:.5 c:.48", "", Options{K: 2, Margin: .05}, "c b", false, "", ""},
		{"beaten beyond margin", "c b", "b:.6 d:.6 c:.48", "", Options{K: 2, Margin: .05}, "d b", true, "", ""},
		{"newcomer fills a free slot", "c", "b:.6 d:.5 c:.48", "", Options{K: 2, Margin: .05}, "c b", true, "", ""},
		{"broken link replaced in place", "zz b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "d b", true, "", ""},
		{"repeated current link once", "b b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "b d", true, "", ""},
		// current links outside the candidates compete with Batch.Score,
		// without the margin (the engine does not rank them)
		{"outside candidates get no margin", "c b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "d b", true,
			"c:.46", ""},
		{"outside candidates kept on their score", "c b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "c b", false,
			"c:.55", ""},
		{"outside candidates without Score count 0", "c b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "d b", true,
			"", ""},
		{"outside candidates without hysteresis", "c b", "b:.6 d:.5", "", Options{K: 2, Margin: -1}, "b d", true,
			"c:.9", ""},
		// excluded current links go, however well they score
		{"scored self goes", "a b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "d b", true, "a:1", ""},
		{"scored copy goes", "g b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "d b", true, "g:.9", ""},
		{"scored near-duplicate goes", "e b", "b:.6 d:.5", "", Options{K: 2, Margin: .05}, "d b", true, "e:.9", "e"},
		{"scored blocked link goes", "c b", "b:.6 d:.5", "blocks:\n- {from: 1, to: /learn/biology/questions/c}\n",
			Options{K: 2, Margin: .05}, "d b", true, "c:.9", ""},
		// pins come first, in the file's order, and count towards k
		{"pins first", "b c", "b:.6 c:.5 d:.4", "pins:\n- {article: 1, links: [/learn/biology/questions/e, /learn/biology/questions/d]}\n",
			Options{K: 3, Margin: .05}, "e d b", true, "", ""},
		{"pin by id picks own subject copy", "", "b:.6", "pins:\n- {article: /learn/biology/questions/a, links: [3]}\n",
			Options{K: 2, Margin: -1}, "c b", true, "", ""},
		// blocks
		{"pin wins over block", "", "b:.6 c:.5", "pins:\n- {article: 1, links: [/learn/biology/questions/d]}\nblocks:\n- {to: 4}\n",
			Options{K: 2, Margin: -1}, "d b", true, "", ""},
		{"pair blocked", "b", "b:.6 c:.5 d:.4", "blocks:\n- {from: 1, to: /learn/biology/questions/b}\n",
			Options{K: 2, Margin: .05}, "c d", true, "", ""},
		{"reverse block only with both", "", "b:.6 c:.5 d:.4", "blocks:\n- {from: /learn/biology/questions/b, to: 1}\n",
			Options{K: 2, Margin: -1}, "b c", true, "", ""},
		{"both directions", "", "b:.6 c:.5 d:.4", "blocks:\n- {from: /learn/biology/questions/b, to: 1, both: true}\n",
			Options{K: 2, Margin: -1}, "c d", true, "", ""},
		{"blocked everywhere by id", "", "b:.6 c:.5 d:.4", "blocks:\n- {to: 3}\n", Options{K: 2, Margin: -1}, "b d", true, "", ""},
		// locks leave the page alone
		{"locked", "zz c", "b:.6 d:.5", "locks: [1]\n", Options{K: 2, Margin: -1}, "zz c", false, "", ""},
	}
	for _, tt := range tests {
		b := batch(tt.current, tt.cands, tt.score)
		as := b.Articles
		if tt.dup != "" {
			d := idx[tt.dup]
			b.Duplicate = func(a, t int) bool { return a == 0 && t == d || a == d && t == 0 }
		}
		ov, err := Parse("o.yaml", []byte(tt.ov))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		res, probs := Apply(b, ov, tt.opt)
		if len(probs) != 0 {
			t.Errorf("%s: problems %v", tt.name, probs)
		}
		if got := names(res[0].Links); got != tt.want || res[0].Changed != tt.changed {
			t.Errorf("%s: Apply links = %q changed=%v, want %q changed=%v", tt.name, got, res[0].Changed, tt.want, tt.changed)
		}
		if len(as[0].Related) != len(strings.Fields(tt.current)) {
			t.Errorf("%s: Apply modified its input", tt.name)
		}
	}
}

// TestApplyReasons checks the reason Apply gives each written link (and,
// for a locked article, each proposed one): the cases of TestApply that
// keep, pin, lock or rank, and the two ways a kept link ends out of score
// order.
func TestApplyReasons(t *testing.T) {
	_, _, _, batch := fixture(testArts())
	on, off := Options{K: 2, Margin: .05}, Options{K: 2, Margin: -1}
	tests := []struct {
		name     string
		current  string  // slugs of a's current links
		cands    string  // a's candidates
		score    string  // Batch.Score for a's page ("c:.55"); empty: no Score
		ov       string  // overrides file
		opt      Options //
		want     string  // slugs of a's new links
		why      string  // their reasons
		proposed string  // a locked article's proposed links' reasons
	}{
		{"engine's ranking", "", "b:.6 c:.5", "", "", on, "b c", "ranked ranked", ""},
		{"still ranked, kept in order", "b c", "b:.6 c:.5 d:.4", "", "", on, "b c", "ranked ranked", ""},
		{"kept within the margin: dropped without it", "c b", "b:.6 d:.5 c:.48", "", "", on, "c b", "held ranked", ""},
		{"kept beside a newcomer", "c", "b:.6 d:.5 c:.48", "", "", on, "c b", "held ranked", ""},
		{"kept above a better link", "c b", "b:.6 c:.5 d:.4", "", "", on, "c b", "held ranked", ""},
		{"kept below a worse newcomer", "zz b", "b:.6 d:.5", "", "", on, "d b", "ranked held", ""},
		{"beaten beyond the margin, equal scores in order", "c b", "b:.6 d:.6 c:.48", "", "", on, "d b", "ranked ranked", ""},
		{"outside the candidates, kept on its score", "c b", "b:.6 d:.5", "c:.55", "", on, "c b", "held ranked", ""},
		{"hysteresis off: nothing held", "c b", "b:.6 d:.5 c:.48", "", "", off, "b d", "ranked ranked", ""},
		{"hysteresis off, current link still first", "b", "b:.6 c:.5", "", "", off, "b c", "ranked ranked", ""},
		{"pins first whatever their scores", "b c", "b:.6 c:.5 d:.4", "",
			"pins:\n- {article: 1, links: [/learn/biology/questions/e, /learn/biology/questions/d]}\n",
			Options{K: 3, Margin: .05}, "e d b", "pinned pinned ranked", ""},
		{"locked, what it would get held", "c b", "b:.6 d:.5 c:.48", "", "locks: [1]\n", on, "c b", "locked locked", "held ranked"},
		{"locked, proposed pinned", "c b", "b:.6 d:.5", "", "locks: [1]\npins:\n- {article: 1, links: [4]}\n", off, "c b", "locked locked", "pinned ranked"},
	}
	reasons := func(es []Entry) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Reason.String())
		}
		return strings.Join(out, " ")
	}
	for _, tt := range tests {
		b := batch(tt.current, tt.cands, tt.score)
		ov, err := Parse("o.yaml", []byte(tt.ov))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		res, _ := Apply(b, ov, tt.opt)
		r := res[0]
		if got := names(r.Links); got != tt.want {
			t.Errorf("%s: links %q, want %q", tt.name, got, tt.want)
		}
		if got := reasons(r.Suggested); got != tt.why {
			t.Errorf("%s: reasons %q, want %q", tt.name, got, tt.why)
		}
		if got := reasons(r.Proposed); got != tt.proposed {
			t.Errorf("%s: proposed reasons %q, want %q", tt.name, got, tt.proposed)
		}
		for _, e := range r.Current {
			if e.Reason != index.ReasonRanked {
				t.Errorf("%s: current link %s has reason %v", tt.name, e.Link.URL, e.Reason)
			}
		}
	}
}

// TestApplyOneQuestionPerList checks that two candidates that ask one
// question (Batch.Duplicate) never share a list, held links included: the
// better one stays and the next candidate takes the slot.
func TestApplyOneQuestionPerList(t *testing.T) {
	for _, tt := range []struct {
		name    string
		current []int
		margin  float64
		want    string
	}{
		{"fresh", nil, -1, "b d"},
		{"held", []int{2, 1}, .05, "d b"}, // b, the better, held in place; c, its paraphrase, gives way to d
	} {
		as := testArts()
		for _, c := range tt.current {
			as[0].Related = append(as[0].Related, corpus.LinkTo(&as[c]))
		}
		b := Batch{Articles: as, Candidates: make([][]Hit, len(as)),
			Duplicate: func(x, y int) bool { return x == 1 && y == 2 || x == 2 && y == 1 }}
		b.Candidates[0] = []Hit{{1, .6}, {2, .58}, {3, .4}}
		res, _ := Apply(b, nil, Options{K: 2, Margin: tt.margin})
		if got := names(res[0].Links); got != tt.want {
			t.Errorf("%s: links = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestApplyFlags(t *testing.T) {
	as := testArts()
	as[0].Related = []corpus.Link{corpus.LinkTo(&as[1]), {URL: "/learn/gone/questions/x"}, corpus.LinkTo(&as[4])}
	b := Batch{Articles: as, Candidates: make([][]Hit, len(as)),
		Score:     func(a, t int) float64 { return 0.01 * float64(t) },
		Duplicate: func(a, t int) bool { return a == 0 && t == 5 }}
	b.Candidates[0] = []Hit{{6, .9}, {5, .5}, {1, .45}, {3, .05}}
	ov, _ := Parse("o.yaml", []byte("pins:\n- {article: 1, links: [/learn/biology/questions/d]}\nblocks:\n- {to: /learn/biology/questions/b}\n"))
	res, _ := Apply(b, ov, Options{K: 3, Margin: .05, LowScore: .1})
	r := res[0]
	// b is blocked everywhere; e (score .04 from Score, +.05) loses to g and f.
	if got := names(r.Links); got != "d g f" {
		t.Fatalf("links = %q, want \"d g f\"", got)
	}
	var got []string
	for _, e := range r.Current {
		got = append(got, fmt.Sprintf("%s=%s", names([]corpus.Link{e.Link}), e.Flags))
	}
	for _, e := range r.Suggested {
		got = append(got, fmt.Sprintf("+%s=%s", names([]corpus.Link{e.Link}), e.Flags))
	}
	want := "b=dropped,blocked x=dropped,broken e=dropped,low-score " +
		"+d=new,pinned,low-score +g=new,duplicate,other-subject +f=new,duplicate,other-subject"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("flags:\n got %s\nwant %s", g, want)
	}
	if !math.IsNaN(r.Current[1].Score) || r.Current[2].Score != .04 || r.Suggested[1].Score != .9 {
		t.Errorf("scores = %v %v %v, want NaN .04 .9", r.Current[1].Score, r.Current[2].Score, r.Suggested[1].Score)
	}
}

func TestApplyProblems(t *testing.T) {
	as := testArts()
	ov, _ := Parse("o.yaml", []byte("pins:\n- {article: 99, links: [1]}\nlocks: [/learn/none]\nblocks:\n- {from: 1, to: 98}\n"))
	res, probs := Apply(Batch{Articles: as, Candidates: make([][]Hit, len(as))}, ov, DefaultOptions)
	if len(res) != len(as) || len(probs) != 3 {
		t.Fatalf("Apply = %d results, problems %v; want %d results, 3 problems", len(res), probs, len(as))
	}
	for i, w := range []string{"pin: 99", "lock: /learn/none", "block: 98"} {
		if !strings.Contains(probs[i].Error(), w) {
			t.Errorf("problem %d = %v, want it to mention %q", i, probs[i], w)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, tt := range []struct {
		opt Options
		ok  bool
	}{
		{DefaultOptions, true},
		{Options{K: 5, Margin: -1}, true},
		{Options{K: 0}, false},
		{Options{K: 51}, false},
		{Options{K: 5, Margin: math.NaN()}, false},
		{Options{K: 5, Margin: 2}, false},
	} {
		if err := tt.opt.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tt.opt, err, tt.ok)
		}
	}
}

// TestApplyLinksOnlyLoadedArticles: a pin to a page that is not in the
// batch, or of an article to itself, is reported and writes no link
// (issue 12, case 5); a current link to an article that could not be read
// stays where it is, and the others fill the remaining slots (case 6).
func TestApplyLinksOnlyLoadedArticles(t *testing.T) {
	arts := testArts()
	cands := []Hit{{Doc: 1, Score: .6}, {Doc: 2, Score: .5}, {Doc: 3, Score: .4}, {Doc: 4, Score: .3}}
	gone := corpus.Link{ID: "9", Title: "Broken today", Subject: "biology", URL: "/learn/biology/questions/broken"}
	missing := corpus.Link{ID: "8", Title: "Deleted", Subject: "biology", URL: "/learn/biology/questions/deleted"}
	for _, c := range []struct {
		name, ov string
		current  []corpus.Link
		unknown  bool
		margin   float64
		want     string
		problems []string
	}{
		{"pin to a url not in the batch", "pins:\n- {article: 1, links: [/learn/x/questions/new]}\n", nil, false, -1, "b c d",
			[]string{"/learn/x/questions/new names no article"}},
		{"pin to an id not in the batch", "pins:\n- {article: 1, links: [99]}\n", nil, false, -1, "b c d", []string{"99 names no article"}},
		{"pin to itself", "pins:\n- {article: 1, links: [/learn/biology/questions/a]}\n", nil, false, -1, "b c d",
			[]string{"cannot be pinned to itself"}},
		{"pin to an unreadable article", "pins:\n- {article: 1, links: [/learn/biology/questions/broken]}\n", nil, true, -1, "b c d",
			[]string{"broken names no article"}},
		{"unknown link kept in place", "", []corpus.Link{corpus.LinkTo(&arts[1]), gone, corpus.LinkTo(&arts[2])}, true, .05, "b broken c", nil},
		{"unknown link kept without hysteresis", "", []corpus.Link{corpus.LinkTo(&arts[3]), gone}, true, -1, "b broken c", nil},
		{"unknown link first", "", []corpus.Link{gone}, true, -1, "broken b c", nil},
		{"a link to no article still goes", "", []corpus.Link{missing, corpus.LinkTo(&arts[1])}, true, .05, "c b d", nil},
		{"without Unknown the link goes", "", []corpus.Link{gone}, false, -1, "b c d", nil},
	} {
		as := testArts()
		as[0].Related = c.current
		b := Batch{Articles: as, Candidates: make([][]Hit, len(as))}
		b.Candidates[0] = cands
		if c.unknown {
			b.Unknown = map[string]bool{gone.URL: true}
		}
		ov, err := Parse("o.yaml", []byte(c.ov))
		if err != nil {
			t.Fatal(err)
		}
		res, probs := Apply(b, ov, Options{K: 3, Margin: c.margin})
		if got := names(res[0].Links); got != c.want {
			t.Errorf("%s: links %q, want %q", c.name, got, c.want)
		}
		for _, l := range res[0].Links {
			if l.ID == "" || l.Title == "" {
				t.Errorf("%s: link %+v lacks an id or a title", c.name, l)
			}
		}
		if len(probs) != len(c.problems) {
			t.Errorf("%s: problems %v, want %d", c.name, probs, len(c.problems))
		}
		for i := range min(len(probs), len(c.problems)) {
			if !strings.Contains(probs[i].Error(), c.problems[i]) {
				t.Errorf("%s: problem %q, want it to say %q", c.name, probs[i], c.problems[i])
			}
		}
	}
}

// TestApplyRepeatedAndProposed checks two things the review page shows: a
// current list naming one article several times is flagged on every copy
// after the first, and a locked article carries what the engine would
// now propose beside its current list.
func TestApplyRepeatedAndProposed(t *testing.T) {
	arts := []corpus.Article{
		{URL: "/learn/a/questions/x", ID: "1", SubjectKey: "a", Question: "x"},
		{URL: "/learn/a/questions/y", ID: "2", SubjectKey: "a", Question: "y"},
		{URL: "/learn/a/questions/z", ID: "3", SubjectKey: "a", Question: "z"},
	}
	y := corpus.LinkTo(&arts[1])
	arts[0].Related = []corpus.Link{y, y, y}
	b := Batch{Articles: arts, Candidates: [][]Hit{{{Doc: 2, Score: 0.9}, {Doc: 1, Score: 0.5}}, {{Doc: 0, Score: 0.5}}, {{Doc: 0, Score: 0.9}}}}
	opt := DefaultOptions
	opt.K = 2
	res, _ := Apply(b, nil, opt)
	var flags []Flag
	for _, e := range res[0].Current {
		flags = append(flags, e.Flags&FlagRepeated)
	}
	if want := []Flag{0, FlagRepeated, FlagRepeated}; !slices.Equal(flags, want) {
		t.Errorf("current flags (repeated bit) = %v, want %v", flags, want)
	}
	if res[0].Proposed != nil {
		t.Errorf("unlocked article has Proposed = %v", res[0].Proposed)
	}

	ov := New("overrides.yaml")
	if _, err := ov.AddLock("1"); err != nil {
		t.Fatal(err)
	}
	res, _ = Apply(b, ov, opt)
	if !res[0].Locked || !slices.Equal(res[0].Links, arts[0].Related) {
		t.Fatalf("locked article: %+v", res[0])
	}
	var proposed []string
	for _, e := range res[0].Proposed {
		proposed = append(proposed, e.Link.URL)
	}
	slices.Sort(proposed)
	if want := []string{"/learn/a/questions/y", "/learn/a/questions/z"}; !slices.Equal(proposed, want) {
		t.Errorf("locked article's Proposed = %q, want %q (in any order)", proposed, want)
	}
}

// TestApplySharedURL: a link is resolved by its URL, and where two
// articles share one (which corpus.Load refuses, but a Batch may hold)
// the later article answers, whichever of the two the engine ranked.
func TestApplySharedURL(t *testing.T) {
	mk := func(id, slug, q string) corpus.Article {
		return corpus.Article{ID: id, URL: "/learn/biology/questions/" + slug, Subject: "biology", SubjectKey: "biology", Title: q, Question: q}
	}
	for _, c := range []struct {
		name      string
		cands     []Hit
		wantLinks string // ids of the written links
		wantDocs  []int  // Suggested[i].Doc
		wantCur   Entry  // Current[0]'s Doc, Score and Flags
		changed   bool
	}{
		{"the later article ranked", []Hit{{Doc: 2, Score: .6}, {Doc: 3, Score: .5}}, "7 4", []int{2, 3},
			Entry{Doc: 2, Score: .6}, true},
		{"the earlier article ranked", []Hit{{Doc: 1, Score: .6}, {Doc: 3, Score: .5}}, "2 4", []int{2, 3},
			Entry{Doc: 2, Score: math.NaN()}, true},
	} {
		arts := []corpus.Article{mk("1", "a", "What is a cell?"), mk("2", "b", "What is DNA?"), mk("7", "b", "What is DNA made of?"), mk("4", "d", "What is a gene?")}
		arts[0].Related = []corpus.Link{corpus.LinkTo(&arts[1])}
		b := Batch{Articles: arts, Candidates: make([][]Hit, len(arts))}
		b.Candidates[0] = c.cands
		res, _ := Apply(b, nil, Options{K: 2, Margin: 0.05})
		r := res[0]
		var ids, docs []string
		for _, l := range r.Links {
			ids = append(ids, l.ID)
		}
		for _, e := range r.Suggested {
			docs = append(docs, fmt.Sprint(e.Doc))
		}
		if got := strings.Join(ids, " "); got != c.wantLinks {
			t.Errorf("%s: links %q, want %q", c.name, got, c.wantLinks)
		}
		if got, want := strings.Join(docs, " "), strings.Trim(fmt.Sprint(c.wantDocs), "[]"); got != want {
			t.Errorf("%s: suggested docs %q, want %q", c.name, got, want)
		}
		cur := r.Current[0]
		if cur.Doc != c.wantCur.Doc || cur.Flags != c.wantCur.Flags || !(cur.Score == c.wantCur.Score || math.IsNaN(cur.Score) && math.IsNaN(c.wantCur.Score)) {
			t.Errorf("%s: current entry %+v, want doc %d, score %v, flags %v", c.name, cur, c.wantCur.Doc, c.wantCur.Score, c.wantCur.Flags)
		}
		if r.Changed != c.changed || r.Suggested[0].Flags&FlagNew != 0 || r.Suggested[1].Flags&FlagNew == 0 {
			t.Errorf("%s: changed %v (want %v), suggested flags %v %v", c.name, r.Changed, c.changed, r.Suggested[0].Flags, r.Suggested[1].Flags)
		}
	}
}

// TestApplyAsksOnce: Apply asks Batch.Score and Batch.Duplicate about a
// pair at most once on an article's page, and still flags and ranks by
// their answers.
func TestApplyAsksOnce(t *testing.T) {
	arts := testArts()
	// Current links: b, f and c (not candidates: Score rates them), and b
	// again.
	arts[0].Related = []corpus.Link{corpus.LinkTo(&arts[1]), corpus.LinkTo(&arts[5]), corpus.LinkTo(&arts[1]), corpus.LinkTo(&arts[2])}
	b := Batch{Articles: arts, Candidates: make([][]Hit, len(arts))}
	b.Candidates[0] = []Hit{{Doc: 1, Score: .6}, {Doc: 3, Score: .5}, {Doc: 4, Score: .3}}
	var mu sync.Mutex
	scores, dups := map[[2]int]int{}, map[[2]int]int{}
	b.Score = func(x, y int) float64 {
		mu.Lock()
		defer mu.Unlock()
		scores[[2]int{x, y}]++
		return 0.15
	}
	b.Duplicate = func(x, y int) bool {
		mu.Lock()
		defer mu.Unlock()
		dups[[2]int{x, y}]++
		return x == 0 && y == 2 || x == 3 && y == 4 // c copies a's question; e paraphrases d
	}
	res, _ := Apply(b, nil, Options{K: 3, Margin: 0.05, LowScore: 0.2})
	for what, asked := range map[string]map[[2]int]int{"Score": scores, "Duplicate": dups} {
		for p, n := range asked {
			if n > 1 {
				t.Errorf("%s asked about %v %d times", what, p, n)
			}
		}
	}
	if scores[[2]int{0, 5}] != 1 || scores[[2]int{0, 2}] != 1 || dups[[2]int{0, 2}] != 1 || dups[[2]int{3, 4}] != 1 {
		t.Errorf("Score asked %v, Duplicate asked %v: want f and c scored, c and the pair d, e checked", scores, dups)
	}
	if got, want := names(res[0].Links), "b f d"; got != want {
		t.Errorf("links %q, want %q", got, want)
	}
	var flags []Flag
	for _, e := range res[0].Current {
		flags = append(flags, e.Flags)
	}
	if want := []Flag{0, FlagOtherSubject | FlagLowScore, FlagRepeated, FlagDuplicate | FlagLowScore | FlagDropped}; !slices.Equal(flags, want) {
		t.Errorf("current flags %v, want %v", flags, want)
	}
}

// TestResolver: an id names every article that carries it, in order, and
// a URL the later of two articles sharing it; questions number copies of
// one question (same id or question key) alike.
func TestResolver(t *testing.T) {
	arts := testArts() // c and g share id 3; g asks a's question
	arts = append(arts, corpus.Article{ID: "3", URL: arts[1].URL}, corpus.Article{URL: "/learn/x/questions/empty"})
	r := newResolver(arts)
	for _, c := range []struct {
		ref  string
		want []int
	}{
		{"1", []int{0}}, {"3", []int{2, 6, 7}}, {"9", nil}, {"", []int{8}},
		{arts[3].URL, []int{3}}, {arts[1].URL, []int{7}}, {"/learn/x/questions/none", nil},
	} {
		if got := r.all(c.ref); !slices.Equal(got, c.want) {
			t.Errorf("all(%q) = %v, want %v", c.ref, got, c.want)
		}
	}
	if r.doc(1) != 7 || r.doc(7) != 7 || r.doc(3) != 3 {
		t.Errorf("doc(1), doc(7), doc(3) = %d, %d, %d, want 7, 7, 3", r.doc(1), r.doc(7), r.doc(3))
	}
	qs := questions(r)
	for _, c := range []struct {
		i, j int
		want bool
	}{
		{0, 6, true}, {6, 0, true}, {2, 6, true}, {2, 7, true}, {0, 2, false}, {1, 7, false}, {8, 8, false}, {0, 1, false},
	} {
		if got := sameQuestion(qs, c.i, c.j); got != c.want {
			t.Errorf("sameQuestion(%d, %d) = %v, want %v", c.i, c.j, got, c.want)
		}
	}
}
