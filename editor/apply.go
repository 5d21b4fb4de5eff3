package editor

// Apply turns the engine's ranked candidates into the links each article
// will carry, honouring the editors' decisions and damping churn.
//
// For each article, in this order:
//
//  1. Locked: the current links stay exactly as they are.
//  2. Pins come first, in the order the file gives them. A pin is the
//     editors' explicit choice, so it wins over a block of the same pair.
//  3. Candidates and current links that are blocked (pair or everywhere),
//     the article itself, or already pinned are set aside, and so are
//     current links to a copy of the article (same id or question) or a
//     near-duplicate of it (Batch.Duplicate), which the engine never
//     proposes.
//  4. Hysteresis fills the remaining K−len(pins) slots. A current link keeps
//     its place unless a candidate's score exceeds the link's by more than
//     Margin: each current link that the engine ranks among its candidates
//     competes with score+Margin, others with their score (a current link
//     the engine does not rank, such as the site's hand-made links on a
//     first run, gets no margin). No two links of a list ask the same
//     question (a copy, or Batch.Duplicate); the better one stays. Kept links stay where they were; newcomers take the freed
//     places, best first. With Margin < 0 the slots simply take the top
//     candidates by score, which is the engine's own ranking.
//
// Each written link carries its Reason (index.Reason): locked, pinned,
// held or ranked (markReasons). A link is held when it was on the page
// today, is neither pinned nor locked, and hysteresis keeps it where the
// engine's own ranking would not: the same decisions without the margin
// (Margin < 0) would not write it, or it stands above a better unpinned
// link, or below a worse newcomer that took a freed place. So every score
// out of order in a written list has a mark that explains it (pinned
// links come first whatever their scores; a locked list is as it was).
//
// Every link written is to an article of the batch: a pin naming no
// article is reported and left out. A current link to an article that
// could not be read this time (Batch.Unknown: a file that failed to parse)
// is unknown, not broken: it stays in its place, and the others fill the
// remaining slots.
//
// A current link outside the candidates needs the engine's score for the
// pair; Batch.Score supplies it (the batch passes recommend's Model.Score),
// so that a link that slipped below the candidates still competes with its
// real score. Without Score such a link counts as 0 and so survives only
// while there are too few candidates.
//
// An article's decision handles a few dozen links at most (its current
// links, some 15 candidates, K links), so its sets are short slices
// scanned in place, kept on a page that each worker reuses from one
// article to the next (page), rather than maps made for each article; a
// link is resolved by its URL once, and the batch is asked for a target's
// score or copy verdict once per article.

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"recommend/corpus"
	"recommend/index"
	"recommend/internal/par"
	"recommend/recommend"
)

// Flag marks why a link is worth an editor's look. Flags combine.
type Flag uint16

// The flags the review page filters on.
const (
	FlagNew          Flag = 1 << iota // suggested, not on the page today
	FlagDropped                       // on the page today, not suggested
	FlagPinned                        // pinned by an editor
	FlagBlocked                       // on the page today but blocked
	FlagBroken                        // current link to no article in the corpus
	FlagDuplicate                     // the article's own question or id (a cross-post)
	FlagOtherSubject                  // the target is in another subject
	FlagLowScore                      // score below Options.LowScore
	FlagRepeated                      // on the page today more than once: every copy after the first
)

var flagNames = []string{"new", "dropped", "pinned", "blocked", "broken", "duplicate", "other-subject", "low-score", "repeated"}

// FlagNames lists the flags' names in bit order: FlagNames()[i] names 1<<i.
func FlagNames() []string { return slices.Clone(flagNames) }

// String lists the set flags' names, comma-separated, in bit order.
func (f Flag) String() string {
	var out []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, ",")
}

// Options tune Apply.
type Options struct {
	K        int     // links per article (1–50)
	Margin   float64 // hysteresis margin in score units; < 0 turns it off
	LowScore float64 // suggestions scoring below it are flagged low-score
}

// DefaultOptions is what the batch uses unless told otherwise.
//
// Margin 0.05: on a copy of three subject folders (3,215 articles) with 1%
// of the answers edited, the next night rewrote 17 files instead of 631
// without hysteresis, while 96.2% of the links stayed the engine's own top
// 5 and 99.9% of their score was kept (TestChurn; BENCHMARKS.md, Churn).
// LowScore 0.2: on the full corpus the blend's suggested scores have a 1st
// percentile of 0.17, a 5th of 0.23 and a median of 0.40, so the flag marks
// the bottom 3%.
var DefaultOptions = Options{K: 5, Margin: 0.05, LowScore: 0.2}

// Validate reports the first out-of-range field.
func (o Options) Validate() error {
	if o.K < 1 || o.K > 50 {
		return fmt.Errorf("top_k: %d is not in 1–50", o.K)
	}
	if math.IsNaN(o.Margin) || o.Margin > 1 {
		return fmt.Errorf("margin: %v is not at most 1 (negative turns hysteresis off)", o.Margin)
	}
	return nil
}

// Hit is one candidate from the engine: the index of an article and its
// score, higher being more related (recommend.Hit has the same shape).
type Hit struct {
	Doc   int
	Score float64
}

// Batch is what Apply works on: the articles, the engine's candidates for
// each (best first; a few more than K lets hysteresis see current links'
// scores), and optionally the engine's score for any pair.
type Batch struct {
	Articles   []corpus.Article
	Candidates [][]Hit                // indexed like Articles
	Score      func(a, b int) float64 // optional; the score of b on a's page; called concurrently, once for a pair on a page
	Duplicate  func(a, b int) bool    // optional; the engine's near-duplicate questions, flagged; called concurrently, once for a pair on a page
	Unknown    map[string]bool        // optional; urls of articles that exist but could not be read: links to them stay
}

// Entry is one link as the review page shows it.
type Entry struct {
	Doc   int         // index of the target in Batch.Articles; -1 if it is not there
	Link  corpus.Link // as written (current) or as it will be written (suggested)
	Score float64     // the engine's score; NaN when unknown
	Flags Flag
	// Reason says why a suggested (or proposed) link is there: the index
	// keeps it and the lookup and the pages mark it. Always ReasonRanked
	// for the current links.
	Reason index.Reason
}

// Result is Apply's outcome for one article.
type Result struct {
	Links     []corpus.Link // what the related fields should hold
	Current   []Entry       // the links on the page today, flagged
	Suggested []Entry       // Links, scored and flagged
	Locked    bool          // the batch must not touch the file
	Changed   bool          // Links differ from the file's current links
	// Proposed is, for a locked article, what the batch would suggest were
	// it not locked (pins, blocks and hysteresis applied), flagged as
	// Suggested is; nil otherwise.
	Proposed []Entry
	// Plain is what the same decisions without hysteresis would do to an
	// unlocked article's list, when hysteresis is on (Options.Margin >= 0;
	// zero otherwise): the nightly churn figure, found in the same pass.
	Plain PlainChange
}

// PlainChange is what Apply with hysteresis off (Margin < 0) would give
// one article: whether its links would change (that Apply's
// Result.Changed) and how many of them would be new (its suggested
// entries flagged FlagNew).
type PlainChange struct {
	Changed bool
	New     uint8 // at most Options.K (50)
}

// resolver answers the overrides' Refs against the corpus. Its tables
// are built on first use (index): a Summarize of a batch without
// overrides never needs them.
type resolver struct {
	arts  []corpus.Article
	once  sync.Once
	byURL map[string]int
	// byID is the first article of each id and nextID the next article
	// with the same id (-1 after the last): the articles of an id, in
	// order, without a slice for each.
	byID   map[string]int
	nextID []int
	// canon is, for each article, byURL of its URL, when some articles
	// share a URL (the last of them answers); nil when none do, and the
	// article answers for itself.
	canon []int
}

func newResolver(arts []corpus.Article) *resolver { return &resolver{arts: arts} }

// index builds r's tables once and returns r.
func (r *resolver) index() *resolver {
	r.once.Do(func() {
		arts := r.arts
		r.byURL = make(map[string]int, len(arts))
		for i := range arts {
			r.byURL[arts[i].URL] = i
		}
		r.byID = make(map[string]int, len(arts))
		r.nextID = make([]int, len(arts))
		for i := len(arts) - 1; i >= 0; i-- {
			next, ok := r.byID[arts[i].ID]
			if !ok {
				next = -1
			}
			r.nextID[i] = next
			r.byID[arts[i].ID] = i
		}
		if len(r.byURL) < len(arts) {
			r.canon = make([]int, len(arts))
			for i := range arts {
				r.canon[i] = r.byURL[arts[i].URL]
			}
		}
	})
	return r
}

// doc returns the article a link to article t resolves to by its URL
// (byURL[arts[t].URL]) without hashing the URL: t itself unless another
// article shares t's URL. r must be indexed.
func (r *resolver) doc(t int) int {
	if r.canon == nil {
		return t
	}
	return r.canon[t]
}

// all returns every article ref names, in order.
func (r *resolver) all(ref string) []int {
	r.index()
	if strings.HasPrefix(ref, "/") {
		if i, ok := r.byURL[ref]; ok {
			return []int{i}
		}
		return nil
	}
	i, ok := r.byID[ref]
	if !ok {
		return nil
	}
	var out []int
	for ; i >= 0; i = r.nextID[i] {
		out = append(out, i)
	}
	return out
}

// one returns the article ref names as a link target on page a: for an id
// shared by cross-posts, the copy in a's subject, else the first by order.
func (r *resolver) one(ref string, a int) int {
	c := r.all(ref)
	if len(c) == 0 {
		return -1
	}
	for _, i := range c {
		if r.arts[i].SubjectKey == r.arts[a].SubjectKey {
			return i
		}
	}
	return c[0]
}

type pair struct{ from, to int }

// rules are the overrides resolved to article indices.
type rules struct {
	pins     map[int][]string // article → pinned Refs, in order
	locked   map[int]bool
	blocked  map[pair]bool
	nowhere  map[int]bool
	problems []error
}

func resolve(r *resolver, ov *Overrides) *rules {
	ru := &rules{pins: map[int][]string{}, locked: map[int]bool{}, blocked: map[pair]bool{}, nowhere: map[int]bool{}}
	if ov == nil {
		return ru
	}
	missing := func(what, ref string) {
		ru.problems = append(ru.problems, fmt.Errorf("%s: %s: %s names no article", ov.where(what+"s", ref), what, ref))
	}
	for _, p := range ov.Pins {
		as := r.all(p.Article)
		if len(as) == 0 {
			missing("pin", p.Article)
		}
		for _, l := range p.Links {
			ts := r.all(l)
			if len(ts) == 0 {
				missing("pin target of "+p.Article, l)
			}
			if len(as) > 0 && slices.ContainsFunc(ts, func(t int) bool { return slices.Contains(as, t) }) {
				ru.problems = append(ru.problems, fmt.Errorf("editor: %s: pin of %s to %s: an article cannot be pinned to itself", ov.path, p.Article, l))
			}
		}
		for _, a := range as {
			ru.pins[a] = append(ru.pins[a], p.Links...)
		}
	}
	for _, l := range ov.Locks {
		as := r.all(l)
		if len(as) == 0 {
			missing("lock", l)
		}
		for _, a := range as {
			ru.locked[a] = true
		}
	}
	for _, b := range ov.Blocks {
		tos := r.all(b.To)
		if len(tos) == 0 {
			missing("block", b.To)
		}
		if b.From == "" {
			for _, t := range tos {
				ru.nowhere[t] = true
			}
			continue
		}
		froms := r.all(b.From)
		if len(froms) == 0 {
			missing("block", b.From)
		}
		for _, f := range froms {
			for _, t := range tos {
				ru.blocked[pair{f, t}] = true
				if b.Both {
					ru.blocked[pair{t, f}] = true
				}
			}
		}
	}
	return ru
}

func (ru *rules) isBlocked(a, b int) bool { return ru.nowhere[b] || ru.blocked[pair{a, b}] }

// Apply decides every article's links; see the top of this file for the
// rules. It returns one Result per article, in the order of b.Articles,
// plus one error per override naming no article (the rest still apply).
// Inputs are not modified.
func Apply(b Batch, ov *Overrides, opt Options) ([]Result, []error) {
	if len(b.Candidates) != len(b.Articles) {
		panic("editor: Batch.Candidates and Batch.Articles differ in length")
	}
	r := newResolver(b.Articles).index()
	ru := resolve(r, ov)
	qs := questions(r)
	// Each article's decision only reads the rules and the batch (and
	// Batch.Score and Batch.Duplicate must allow concurrent calls), so the
	// articles are decided on all cores, each range of them with its own
	// page.
	out := make([]Result, len(b.Articles))
	par.Ranges(len(b.Articles), 0, func(lo, hi int) {
		p := page{b: &b, r: r, ru: ru, qs: qs}
		for a := lo; a < hi; a++ {
			p.reset(a)
			out[a] = p.apply(opt)
		}
	})
	return out, ru.problems
}

// question numbers an article's question key (recommend.QuestionKey) and
// its id: each is the index of the first article with the same one, -1
// when it is empty. Two articles compare on two numbers, in a table small
// enough to stay in the caches, rather than on strings in the articles.
type question struct{ key, id int32 }

// questions returns the questions of r's articles; r must be indexed.
func questions(r *resolver) []question {
	keys := make([]string, len(r.arts))
	par.For(len(r.arts), 0, func(i int) { keys[i] = recommend.QuestionKey(&r.arts[i]) })
	first := make(map[string]int32, len(keys))
	qs := make([]question, len(r.arts))
	for i := range r.arts {
		q := question{key: -1, id: -1}
		if k := keys[i]; k != "" {
			f, ok := first[k]
			if !ok {
				f = int32(i)
				first[k] = f
			}
			q.key = f
		}
		if id := r.arts[i].ID; id != "" {
			q.id = int32(r.byID[id])
		}
		qs[i] = q
	}
	return qs
}

// sameQuestion reports whether articles i and j are copies of one question:
// the same id (a cross-post) or the same question key (recommend.QuestionKey,
// the engine's and the metrics' rule). It is what Apply uses on its own;
// Batch.Duplicate adds the engine's near-duplicates.
func sameQuestion(qs []question, i, j int) bool {
	return qs[i].key >= 0 && qs[i].key == qs[j].key || qs[i].id >= 0 && qs[i].id == qs[j].id
}

type cand struct {
	doc       int
	score     float64
	incumbent bool
	pos       int // place in the current list (incumbents)
}

// page is the decision of one article, a: what it reads (the batch, the
// rules) and the small sets it keeps on the way. A list holds at most 50
// links and an article some 15 candidates, so those sets are slices
// scanned in place, not maps, and their arrays are kept from one article
// to the next (reset): only what the Result keeps is allocated for it.
type page struct {
	b  *Batch
	r  *resolver
	ru *rules
	qs []question
	a  int

	asked  []asked   // the targets Batch.Score or the copy rule was asked about
	pairs  []dupPair // the pairs of targets Batch.Duplicate was asked about
	curDoc []int     // the current links' articles, by URL (r.byURL); -1 for none
	pins   []int     // the pinned targets (r.one) that name an article
	keep   []int     // places of the current links to unknown articles kept (keepUnknown)
	taken  []int     // the pinned targets chooseLinks wrote
	docs   []int     // the articles of chooseLinks' links, as r.byURL resolves them (-1 for a kept unknown link)
	plain  []int     // the articles the slots take without hysteresis
	fresh  []int     // newcomers, best first
	pool   []cand
	bare   []cand
	links  []corpus.Link // the links without hysteresis (keepUnknown)
}

// asked is what the batch said of one target on the page, asked once:
// its score when scored, whether it is a copy of the article when copied.
type asked struct {
	doc            int
	score          float64
	copy           bool
	scored, copied bool
}

// reset makes p the page of article a.
func (p *page) reset(a int) {
	p.a = a
	p.asked = p.asked[:0]
	p.pairs = p.pairs[:0]
	p.curDoc = p.curDoc[:0]
	p.pins = p.pins[:0]
	p.keep = p.keep[:0]
	p.taken = p.taken[:0]
	p.docs = p.docs[:0]
	p.plain = p.plain[:0]
	p.fresh = p.fresh[:0]
	p.pool = p.pool[:0]
	p.bare = p.bare[:0]
	p.links = p.links[:0]
}

// ranked returns the score of t among a's candidates (its first, when the
// engine lists it twice).
func (p *page) ranked(t int) (float64, bool) {
	for _, h := range p.b.Candidates[p.a] {
		if h.Doc == t {
			return h.Score, true
		}
	}
	return 0, false
}

// ask returns the record of what the batch said of t on the page.
func (p *page) ask(t int) *asked {
	for i := range p.asked {
		if p.asked[i].doc == t {
			return &p.asked[i]
		}
	}
	p.asked = append(p.asked, asked{doc: t})
	return &p.asked[len(p.asked)-1]
}

// score is the engine's score of t on a's page: its candidate score, else
// Batch.Score's, else NaN.
func (p *page) score(t int) float64 {
	if s, ok := p.ranked(t); ok {
		return s
	}
	if p.b.Score == nil {
		return math.NaN()
	}
	k := p.ask(t)
	if !k.scored {
		k.score, k.scored = p.b.Score(p.a, t), true
	}
	return k.score
}

// copyOf reports whether t asks a's question: a copy (sameQuestion) or a
// near-duplicate (Batch.Duplicate).
func (p *page) copyOf(t int) bool {
	k := p.ask(t)
	if !k.copied {
		k.copy = sameQuestion(p.qs, p.a, t) || p.b.Duplicate != nil && p.b.Duplicate(p.a, t)
		k.copied = true
	}
	return k.copy
}

// same reports whether x and y ask one question (pick's rule). It asks
// Batch.Duplicate about a pair once on the page: the picks with and
// without hysteresis meet most pairs twice.
func (p *page) same(x, y int) bool {
	if sameQuestion(p.qs, x, y) {
		return true
	}
	if p.b.Duplicate == nil {
		return false
	}
	for _, d := range p.pairs {
		if d.x == x && d.y == y {
			return d.same
		}
	}
	same := p.b.Duplicate(x, y)
	p.pairs = append(p.pairs, dupPair{x, y, same})
	return same
}

// dupPair is what Batch.Duplicate said of x and y.
type dupPair struct {
	x, y int
	same bool
}

// flags are the flags a link to t scoring s carries on a's page whatever
// side it is on.
func (p *page) flags(t int, s float64, opt Options) Flag {
	if t < 0 {
		return FlagBroken
	}
	arts := p.b.Articles
	var f Flag
	if arts[t].SubjectKey != arts[p.a].SubjectKey {
		f |= FlagOtherSubject
	}
	if t != p.a && p.copyOf(t) {
		f |= FlagDuplicate
	}
	if !math.IsNaN(s) && s < opt.LowScore {
		f |= FlagLowScore
	}
	return f
}

// holds reports whether links, whose articles are docs (as r.byURL
// resolves them), hold a link to url, which resolves to t.
func holds(links []corpus.Link, docs []int, t int, url string) bool {
	if t >= 0 {
		// Articles resolved by URL are one article per URL.
		return slices.Contains(docs, t)
	}
	return slices.ContainsFunc(links, func(l corpus.Link) bool { return l.URL == url })
}

// apply decides p's article (see the top of this file).
func (p *page) apply(opt Options) Result {
	b, r, ru, a := p.b, p.r, p.ru, p.a
	art := &b.Articles[a]
	res := Result{Locked: ru.locked[a]}

	// The current links, resolved by URL.
	for _, l := range art.Related {
		t := -1
		if i, ok := r.byURL[l.URL]; ok {
			t = i
		}
		p.curDoc = append(p.curDoc, t)
	}
	curDoc := p.curDoc

	// plain holds the articles the same decisions give without
	// hysteresis: a link kept that it lacks is held (markReasons). docs
	// are the chosen links' articles.
	var proposed, plainLinks []corpus.Link
	var docs []int
	if res.Locked {
		res.Links = slices.Clone(art.Related)
		proposed, _ = p.chooseLinks(opt)
		docs = curDoc
	} else {
		res.Links, plainLinks = p.keepUnknown(opt)
		docs = p.docs
		res.Changed = !slices.Equal(res.Links, art.Related)
		if opt.Margin >= 0 {
			res.Plain = plainChange(art, plainLinks)
		}
	}

	// Flag both sides for the review page.
	for _, ref := range ru.pins[a] { // the article's pinned targets
		if t := r.one(ref, a); t >= 0 {
			p.pins = append(p.pins, t)
		}
	}
	pinned := p.pins // in force unless the article is locked
	if res.Locked {
		pinned = nil
	}
	// The entries live until the run ends: each list's array is made to
	// its length, not grown by doubling (nil stays nil).
	if len(art.Related) > 0 {
		res.Current = make([]Entry, 0, len(art.Related))
	}
	for i, l := range art.Related {
		t := curDoc[i]
		e := Entry{Doc: t, Link: l, Score: math.NaN()}
		if holds(art.Related[:i], curDoc[:i], t, l.URL) {
			e.Flags |= FlagRepeated
		}
		if t >= 0 {
			e.Score = p.score(t)
		}
		e.Flags |= p.flags(t, e.Score, opt)
		if !holds(res.Links, docs, t, l.URL) {
			e.Flags |= FlagDropped
		}
		if t >= 0 && ru.isBlocked(a, t) {
			e.Flags |= FlagBlocked
		}
		if t >= 0 && slices.Contains(pinned, t) {
			e.Flags |= FlagPinned
		}
		res.Current = append(res.Current, e)
	}
	suggest := func(links []corpus.Link, docs []int, pinned []int) []Entry {
		var out []Entry
		if len(links) > 0 {
			out = make([]Entry, 0, len(links))
		}
		for k, l := range links {
			t := docs[k]
			e := Entry{Doc: t, Link: l, Score: math.NaN()}
			if t >= 0 {
				e.Score = p.score(t)
			}
			e.Flags = p.flags(t, e.Score, opt)
			if !holds(art.Related, curDoc, t, l.URL) {
				e.Flags |= FlagNew
			}
			if t >= 0 && slices.Contains(pinned, t) || t < 0 && slices.Contains(ru.pins[a], l.URL) {
				e.Flags |= FlagPinned
			}
			out = append(out, e)
		}
		return out
	}
	res.Suggested = suggest(res.Links, docs, pinned)
	if res.Locked {
		res.Proposed = suggest(proposed, p.docs, p.pins)
		markReasons(res.Proposed, p.plain, false, opt.Margin >= 0)
	}
	markReasons(res.Suggested, p.plain, res.Locked, opt.Margin >= 0)
	return res
}

// markReasons sets the Reason of each suggested entry (see Apply): every
// link of a locked list is locked; a pinned one is pinned; with hysteresis
// on, a link from today's page is held when plain (the list the same
// decisions give without the margin) lacks it, when it stands above a
// better unpinned link, or when it stands below a worse newcomer (one that
// took a freed place); any other link is ranked. So in every pair of
// unpinned links out of score order one link is held: the upper one when
// it is from today's page, else the lower one (newcomers come best
// first).
func markReasons(es []Entry, plain []int, locked, hysteresis bool) {
	scored := func(e *Entry) bool { return e.Flags&FlagPinned == 0 && !math.IsNaN(e.Score) }
	outOfOrder := func(i int) bool {
		for j := range es {
			o := &es[j]
			if j == i || !scored(o) {
				continue
			}
			if j > i && o.Score > es[i].Score || j < i && o.Score < es[i].Score && o.Flags&FlagNew != 0 {
				return true
			}
		}
		return false
	}
	for i := range es {
		e := &es[i]
		switch {
		case locked:
			e.Reason = index.ReasonLocked
		case e.Flags&FlagPinned != 0:
			e.Reason = index.ReasonPinned
		case hysteresis && e.Doc >= 0 && e.Flags&FlagNew == 0 && (!slices.Contains(plain, e.Doc) || scored(e) && outOfOrder(i)):
			e.Reason = index.ReasonHeld
		default:
			e.Reason = index.ReasonRanked
		}
	}
}

// keepUnknown returns the links chooseLinks picks for the slots that
// current links to unknown articles (Batch.Unknown) leave free, with those
// links put back in their places (p.docs follows them, -1 for each put
// back). With hysteresis on it also returns the links the same decisions
// give without it: the pinned links (the first pins of chooseLinks'), then
// p.plain's, with the same unknown links put back, which is what a pass
// with Margin < 0 writes; that list is p's, valid until the next reset.
func (p *page) keepUnknown(opt Options) (links, plainLinks []corpus.Link) {
	art := &p.b.Articles[p.a]
	for i, t := range p.curDoc {
		if t < 0 && p.b.Unknown[art.Related[i].URL] && len(p.keep) < opt.K {
			p.keep = append(p.keep, i)
		}
	}
	opt.K -= len(p.keep)
	links, pins := p.chooseLinks(opt)
	if opt.Margin >= 0 {
		plainLinks = append(p.links, links[:pins]...)
		for _, t := range p.plain {
			plainLinks = append(plainLinks, corpus.LinkTo(&p.b.Articles[t]))
		}
	}
	for _, i := range p.keep {
		at := min(i, len(links))
		links = slices.Insert(links, at, art.Related[i])
		p.docs = slices.Insert(p.docs, at, -1)
		if opt.Margin >= 0 {
			plainLinks = slices.Insert(plainLinks, min(i, len(plainLinks)), art.Related[i])
		}
	}
	p.links = plainLinks[:0]
	return links, plainLinks
}

// plainChange compares links, the list the decisions give without
// hysteresis, with art's current links, as that pass's Result.Changed and
// FlagNew do.
func plainChange(art *corpus.Article, links []corpus.Link) PlainChange {
	if slices.Equal(links, art.Related) {
		return PlainChange{}
	}
	c := PlainChange{Changed: true}
	for _, l := range links {
		if !slices.ContainsFunc(art.Related, func(cur corpus.Link) bool { return cur.URL == l.URL }) {
			c.New++
		}
	}
	return c
}

// chooseLinks applies pins, blocks and hysteresis to p's article, and
// sets p.docs to the links' articles. With hysteresis on it also sets
// p.plain to the articles the same decisions would give the slots without
// it (the engine's own ranking: the candidates at their scores), for
// markReasons. The first pins links are the pinned ones.
func (p *page) chooseLinks(opt Options) (links []corpus.Link, pins int) {
	b, r, ru, a := p.b, p.r, p.ru, p.a
	arts := b.Articles
	// links is kept as the article's list: grown once, to K.
	grow := func(t int) {
		if links == nil {
			links = make([]corpus.Link, 0, max(opt.K, 1))
		}
		links = append(links, corpus.LinkTo(&arts[t]))
		p.docs = append(p.docs, r.doc(t))
	}
	for _, ref := range ru.pins[a] {
		if len(links) == opt.K {
			break
		}
		t := r.one(ref, a)
		if t < 0 || t == a {
			continue // a pin naming no article of the batch (reported) has nothing to link to
		}
		u := arts[t].URL
		if u == arts[a].URL || slices.ContainsFunc(p.taken, func(o int) bool { return arts[o].URL == u }) {
			continue
		}
		grow(t)
		p.taken = append(p.taken, t)
	}
	pins = len(links)
	slots := opt.K - pins
	if slots <= 0 {
		return links, pins
	}
	eligible := func(t int) bool { return t >= 0 && t != a && !slices.Contains(p.taken, t) && !ru.isBlocked(a, t) }
	pooled := func(t int) bool { return slices.ContainsFunc(p.pool, func(c cand) bool { return c.doc == t }) }

	// The engine never proposes a copy or a near-duplicate of the article;
	// a current link to one goes, however well Batch.Score rates the pair.
	if opt.Margin >= 0 {
		for i, t := range p.curDoc {
			if !eligible(t) || p.copyOf(t) || pooled(t) {
				continue
			}
			s := p.score(t)
			if math.IsNaN(s) {
				s = 0
			}
			// Only a link the engine ranks among its candidates is held by
			// the margin; one it does not (the site's hand-made links on a
			// first run, most of them weak) competes at its score.
			bonus := 0.0
			if _, ok := p.ranked(t); ok {
				bonus = opt.Margin
			}
			p.pool = append(p.pool, cand{doc: t, score: s + bonus, incumbent: true, pos: i})
		}
	}
	for _, h := range b.Candidates[a] {
		if !eligible(h.Doc) || pooled(h.Doc) {
			continue
		}
		p.pool = append(p.pool, cand{doc: h.Doc, score: h.Score})
	}
	pinDocs := p.docs[:pins]
	// Without hysteresis the pool would hold the candidates alone, current
	// links among them at their own scores (the same articles: a current
	// link set aside above is not eligible as a candidate either).
	if opt.Margin >= 0 {
		for _, c := range p.pool {
			if s, ok := p.ranked(c.doc); ok {
				c.score, c.incumbent = s, false
				p.bare = append(p.bare, c)
			}
		}
		for _, c := range p.pick(pinDocs, p.bare, slots) {
			p.plain = append(p.plain, c.doc)
		}
	}
	chosen := p.pick(pinDocs, p.pool, slots)
	if opt.Margin < 0 {
		for _, c := range chosen {
			grow(c.doc)
		}
		return links, pins
	}
	// Kept links hold their places; newcomers fill the gaps, best first.
	// An incumbent's place is its link's first in the current list, so
	// each place holds the incumbent kept there or the next newcomer.
	for _, c := range chosen {
		if !c.incumbent {
			p.fresh = append(p.fresh, c.doc)
		}
	}
	fresh := p.fresh
	for i := range p.curDoc {
		if k := slices.IndexFunc(chosen, func(c cand) bool { return c.incumbent && c.pos == i }); k >= 0 {
			grow(chosen[k].doc)
		} else if len(fresh) > 0 {
			grow(fresh[0])
			fresh = fresh[1:]
		}
	}
	for _, t := range fresh {
		grow(t)
	}
	return links, pins
}

// pick sorts pool best first (on equal scores a current link wins, then
// the URL decides) and takes up to slots of it, greedily: one article per
// question in a list (copies and, with Batch.Duplicate, paraphrases of
// each other), the pinned links' articles (pinned) included. It reuses
// pool's array.
func (p *page) pick(pinned []int, pool []cand, slots int) []cand {
	arts := p.b.Articles
	slices.SortStableFunc(pool, func(x, y cand) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		if x.incumbent != y.incumbent {
			if x.incumbent {
				return -1
			}
			return 1
		}
		return strings.Compare(arts[x.doc].URL, arts[y.doc].URL)
	})
	chosen := pool[:0]
	for _, c := range pool {
		if len(chosen) == slots {
			break
		}
		if !slices.ContainsFunc(chosen, func(o cand) bool { return p.same(o.doc, c.doc) }) &&
			!slices.ContainsFunc(pinned, func(t int) bool { return p.same(t, c.doc) }) {
			chosen = append(chosen, c)
		}
	}
	return chosen
}
