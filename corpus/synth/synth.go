// Package synth writes synthetic content folders, in the corpus's own file
// format, for measuring the engine at sizes the real site has not reached.
//
// Method. Analyze reads a real corpus and keeps, per subject folder, its
// articles' questions, answer paragraphs and keywords, and, for the whole
// corpus, the subjects' shares, the cross-post rate (extra copies of an id
// per article), the share of articles with related links, and a Heaps'-law
// fit V(T) = K·T^β of the number of distinct words V after T words, fitted by
// least squares in log-log space over the upper nine tenths of the real
// articles' words in a seeded random
// order. Generate then writes articles one by one: a subject drawn by its
// share; a question made of the stem of one real question of that subject
// and the tail of another (split at a linking word such as "of" or "for"),
// or, at the rewording rate, an earlier synthetic question of the subject
// reworded by a changed opening; an answer with the paragraph count of a
// real answer of the subject, each paragraph after the first taken with
// even odds from a second real answer; keywords half from each. Recombined
// text reuses the real vocabulary only, so once the running count of
// distinct words falls below K·T^β, new rare terms are coined (pronounceable
// strings that are not real words) and put in place of words of the answer,
// and a share of the coined terms already made recur, so that the
// vocabulary keeps growing as a real corpus's does. At the real cross-post
// rate an article is a copy of an earlier one in another subject folder,
// with the same id and slug. All draws come from one PCG stream seeded by
// the seed and the articles are generated in order, so a seed gives a
// byte-identical tree.
package synth

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"recommend/corpus"
)

// Source is what Generate recombines: the real corpus's text by subject
// and its rates.
type Source struct {
	subjects []subject
	cum      []float64 // cumulative subject shares
	// HeapsK and HeapsBeta are the fitted V(T) = K·T^β.
	HeapsK, HeapsBeta float64
	// CrossRate is the share of articles that are an extra copy of an id.
	CrossRate float64
	// RelatedRate is the share of articles with related links.
	RelatedRate float64
	// RewordRate is the share of generated questions that reword an
	// earlier synthetic question of their subject (set by the caller; 0
	// by default).
	RewordRate float64
	real       map[string]bool // the real vocabulary, so coined terms avoid it
}

type subject struct {
	folder, name string
	base         []base
}

type base struct {
	question    string
	paras       []string
	keywords    []string
	description string
	date        string
}

// Analyze builds a Source from the articles of a real corpus (as
// corpus.Load returns them). It needs at least one article.
func Analyze(arts []corpus.Article, seed uint64) (*Source, error) {
	if len(arts) == 0 {
		return nil, errors.New("synth: no articles to learn from")
	}
	s := &Source{real: map[string]bool{}}
	byFolder := map[string]int{}
	ids := map[string]int{}
	related := 0
	for i := range arts {
		a := &arts[i]
		f := folderOf(a.URL)
		k, ok := byFolder[f]
		if !ok {
			k = len(s.subjects)
			byFolder[f] = k
			s.subjects = append(s.subjects, subject{folder: f, name: a.Subject})
		}
		ids[a.ID]++
		if len(a.Related) > 0 {
			related++
		}
		s.subjects[k].base = append(s.subjects[k].base, base{
			question:    oneLine(a.Question),
			paras:       splitParas(a.Answer),
			keywords:    splitKeywords(a.SEOKeywords),
			description: oneLine(a.SEODescription),
			date:        a.Date,
		})
	}
	slices.SortFunc(s.subjects, func(a, b subject) int { return cmp.Compare(a.folder, b.folder) })
	acc := 0.0
	for _, sub := range s.subjects {
		acc += float64(len(sub.base)) / float64(len(arts))
		s.cum = append(s.cum, acc)
	}
	extra := 0
	for _, c := range ids {
		extra += c - 1
	}
	s.CrossRate = float64(extra) / float64(len(arts))
	s.RelatedRate = float64(related) / float64(len(arts))
	// Heaps' law over the articles in a random order.
	order := rand.New(rand.NewPCG(seed, 0x5eed)).Perm(len(arts))
	var pts [][2]float64
	total := 0
	next := 1000
	for n, i := range order {
		for _, w := range Words(ArticleText(&arts[i])) {
			total++
			s.real[w] = true
		}
		if total >= next || n == len(order)-1 {
			pts = append(pts, [2]float64{math.Log(float64(total)), math.Log(float64(len(s.real)))})
			next = total * 5 / 4
		}
	}
	// Fit the upper part of the curve, which a larger corpus extends (the
	// log-log curve bends down, so a fit over all of it overshoots).
	cut := math.Log(float64(total) / 10)
	up := slices.DeleteFunc(slices.Clone(pts), func(p [2]float64) bool { return p[0] < cut })
	if len(up) < 2 {
		up = pts
	}
	s.HeapsK, s.HeapsBeta = fitLine(up)
	return s, nil
}

// fitLine fits y = log K + β x by least squares and returns K and β.
func fitLine(pts [][2]float64) (float64, float64) {
	if len(pts) < 2 {
		return 1, 1
	}
	var sx, sy, sxx, sxy float64
	for _, p := range pts {
		sx += p[0]
		sy += p[1]
		sxx += p[0] * p[0]
		sxy += p[0] * p[1]
	}
	n := float64(len(pts))
	b := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	return math.Exp((sy - b*sx) / n), b
}

// ArticleText is the text whose words the vocabulary statistics count:
// question, answer and keywords.
func ArticleText(a *corpus.Article) string {
	return a.Question + "\n" + a.Answer + "\n" + a.SEOKeywords
}

// Words splits text into lower-case runs of ASCII letters and digits, the
// plain tokenization the statistics use (independent of the engine's
// analyzer, so that the comparison does not move with it).
func Words(text string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(text); i++ {
		alnum := i < len(text) && isAlnum(text[i])
		if alnum && start < 0 {
			start = i
		} else if !alnum && start >= 0 {
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	return out
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func folderOf(url string) string {
	parts := strings.Split(strings.Trim(url, "/"), "/")
	if len(parts) >= 2 {
		return parts[1]
	}
	return "misc"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func splitParas(answer string) []string {
	var out []string
	for _, p := range strings.Split(answer, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []string{"No answer yet."}
	}
	return out
}

func splitKeywords(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// pivots are the linking words at which a question is split into a stem
// and a tail.
var pivots = []string{" of ", " for ", " in ", " to ", " on ", " between ", " about "}

// splitQuestion returns q's stem (up to and including its first pivot) and
// tail; ok is false when q has no pivot.
func splitQuestion(q string) (stem, tail string, ok bool) {
	best := -1
	var pv string
	for _, p := range pivots {
		if i := strings.Index(q, p); i > 0 && (best < 0 || i < best) {
			best, pv = i, p
		}
	}
	if best < 0 {
		return q, "", false
	}
	return q[:best+len(pv)], q[best+len(pv):], true
}

// openings replace a question's first word to reword it.
var openings = []string{"Can you explain", "Could you describe", "In simple terms,", "Briefly,", "Explain:"}

// Options are Generate's settings.
type Options struct {
	Articles int    // how many articles to write
	Seed     uint64 // the draws' seed: the same seed writes the same tree
}

// article is one generated article before it is written.
type article struct {
	id, folder, subject, slug, question, answer, keywords, description, date string
	related                                                                  []int
}

// Generate writes opt.Articles articles under out (which must not exist or
// be empty), as <folder>/<slug>.md files.
func (s *Source) Generate(out string, opt Options) error {
	if opt.Articles <= 0 {
		return fmt.Errorf("synth: %d articles: need at least one", opt.Articles)
	}
	if ents, err := os.ReadDir(out); err == nil && len(ents) > 0 {
		return fmt.Errorf("synth: %s is not empty", out)
	}
	g := &gen{s: s, rng: rand.New(rand.NewPCG(opt.Seed, 0xc0ffee)), seen: map[string]bool{},
		slugs: map[string]bool{}, byFolder: make([][]int, len(s.subjects)), questions: map[string]bool{}}
	made := map[string]bool{}
	write := func(a article) error {
		dir := filepath.Join(out, a.folder)
		if !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("synth: %w", err)
			}
			made[dir] = true
		}
		if err := os.WriteFile(filepath.Join(dir, a.slug+".md"), g.render(a), 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
		return nil
	}
	for len(g.arts) < opt.Articles {
		a := g.next()
		if err := write(a); err != nil {
			return err
		}
		// Copies are drawn when their original is made, while its text is
		// at hand; the rate is per article written.
		if len(g.arts) < opt.Articles && g.rng.Float64() < g.s.CrossRate/(1-g.s.CrossRate) {
			if c, ok := g.crossPost(a); ok {
				if err := write(c); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// gen is the state of one Generate run.
type gen struct {
	s         *Source
	rng       *rand.Rand
	seen      map[string]bool // distinct words written so far
	tokens    int
	coined    []string
	slugs     map[string]bool // folder/slug taken
	questions map[string]bool // lower-cased questions written
	byFolder  [][]int         // generated non-copy articles per subject
	arts      []article       // compact record of earlier articles (no answer)
	nextID    int
}

func (g *gen) pickSubject() int {
	u := g.rng.Float64()
	k, _ := slices.BinarySearch(g.s.cum, u)
	return min(k, len(g.s.subjects)-1)
}

// next makes a new article (not a copy).
func (g *gen) next() article {
	i := len(g.arts)
	k := g.pickSubject()
	sub := &g.s.subjects[k]
	b1 := &sub.base[g.rng.IntN(len(sub.base))]
	b2 := &sub.base[g.rng.IntN(len(sub.base))]
	q := g.question(k, b1, b2)
	paras := slices.Clone(b1.paras)
	for p := 1; p < len(paras); p++ {
		if g.rng.IntN(2) == 0 {
			paras[p] = b2.paras[g.rng.IntN(len(b2.paras))]
		}
	}
	answer := strings.Join(paras, "\n\n")
	var kws []string
	kws = append(kws, b1.keywords[:len(b1.keywords)/2]...)
	kws = append(kws, b2.keywords[len(b2.keywords)/2:]...)
	keywords := strings.Join(kws, ", ")
	answer = g.growVocabulary(q+"\n"+keywords, answer)
	g.nextID++
	a := article{id: strconv.Itoa(g.nextID), folder: sub.folder, subject: sub.name, question: q,
		answer: answer, keywords: keywords, description: b1.description, date: b1.date}
	a.slug = g.slug(sub.folder, q)
	if g.rng.Float64() < g.s.RelatedRate && len(g.byFolder[k]) > 0 {
		n := min(len(g.byFolder[k]), 2+g.rng.IntN(4))
		for range n {
			t := g.byFolder[k][g.rng.IntN(len(g.byFolder[k]))]
			if !slices.Contains(a.related, t) {
				a.related = append(a.related, t)
			}
		}
	}
	g.byFolder[k] = append(g.byFolder[k], i)
	rec := a
	rec.answer = "" // only links need earlier articles: keep memory per article small
	g.arts = append(g.arts, rec)
	return a
}

// question recombines a question of subject k from two real ones, or
// rewords an earlier synthetic one, never repeating a question.
func (g *gen) question(k int, b1, b2 *base) string {
	for try := 0; ; try++ {
		var q string
		switch {
		case try == 0 && g.rng.Float64() < g.s.RewordRate && len(g.byFolder[k]) > 0:
			prev := g.arts[g.byFolder[k][g.rng.IntN(len(g.byFolder[k]))]].question
			rest := prev
			if sp := strings.IndexByte(prev, ' '); sp > 0 {
				rest = prev[sp+1:]
			}
			q = openings[g.rng.IntN(len(openings))] + " " + rest
		case try < 3:
			stem, _, ok1 := splitQuestion(b1.question)
			_, tail, ok2 := splitQuestion(b2.question)
			if ok1 && ok2 && try > 0 || ok1 && ok2 && g.questions[strings.ToLower(b1.question)] {
				q = stem + tail
			} else {
				q = b1.question
			}
			b2 = &g.s.subjects[k].base[g.rng.IntN(len(g.s.subjects[k].base))]
		default:
			q = strings.TrimSuffix(b1.question, "?") + " (" + strconv.Itoa(try) + ")?"
		}
		if !g.questions[strings.ToLower(q)] {
			g.questions[strings.ToLower(q)] = true
			return q
		}
	}
}

// growVocabulary counts the article's words and, while the distinct words
// so far are below the Heaps' law target, puts coined terms in place of
// answer words; about as many earlier coined terms recur.
func (g *gen) growVocabulary(other, answer string) string {
	ws := Words(other + "\n" + answer)
	g.tokens += len(ws)
	for _, w := range ws {
		g.seen[w] = true
	}
	target := int(g.s.HeapsK * math.Pow(float64(g.tokens), g.s.HeapsBeta))
	need := target - len(g.seen)
	var put []string
	for range max(0, need) {
		w := g.coin()
		put = append(put, w)
		g.seen[w] = true
	}
	if len(g.coined) > 0 && need > 0 {
		for range need / 4 {
			put = append(put, g.coined[g.rng.IntN(len(g.coined))])
		}
	}
	if len(put) == 0 {
		return answer
	}
	g.coined = append(g.coined, put[:max(0, need)]...)
	// Replace words of four letters or more, at random places.
	b := []byte(answer)
	var spots [][2]int
	start := -1
	for i := 0; i <= len(b); i++ {
		lower := i < len(b) && b[i] >= 'a' && b[i] <= 'z'
		if lower && start < 0 {
			start = i
		} else if !lower && start >= 0 {
			if i-start >= 4 && (start == 0 || !isAlnum(b[start-1])) && (i == len(b) || !isAlnum(b[i])) {
				spots = append(spots, [2]int{start, i})
			}
			start = -1
		}
	}
	if len(spots) == 0 {
		return answer + " " + strings.Join(put, " ")
	}
	repl := map[int]string{}
	for _, w := range put {
		repl[g.rng.IntN(len(spots))] = w
	}
	var sb strings.Builder
	last := 0
	for si, sp := range spots {
		if w, ok := repl[si]; ok {
			sb.Write(b[last:sp[0]])
			sb.WriteString(w)
			last = sp[1]
		}
	}
	sb.Write(b[last:])
	return sb.String()
}

var consonants, vowels = "bdfgklmnprstvz", "aeiou"

// coin returns a new pronounceable term that is neither a real word nor
// coined before.
func (g *gen) coin() string {
	for {
		n := 2 + g.rng.IntN(3)
		var sb strings.Builder
		for range n {
			sb.WriteByte(consonants[g.rng.IntN(len(consonants))])
			sb.WriteByte(vowels[g.rng.IntN(len(vowels))])
		}
		if g.rng.IntN(2) == 0 {
			sb.WriteByte(consonants[g.rng.IntN(len(consonants))])
		}
		w := sb.String()
		if !g.s.real[w] && !g.seen[w] {
			return w
		}
	}
}

// crossPost returns a copy of a in another subject folder, with its id,
// slug and text, as the site cross-posts a question; ok is false when the
// drawn folder is a's own or already has the slug.
func (g *gen) crossPost(a article) (article, bool) {
	sub := &g.s.subjects[g.pickSubject()]
	for try := 0; sub.folder == a.folder || g.slugs[sub.folder+"/"+a.slug]; try++ {
		if try == 3 {
			return article{}, false
		}
		sub = &g.s.subjects[g.pickSubject()]
	}
	g.slugs[sub.folder+"/"+a.slug] = true
	c := a
	c.folder, c.subject = sub.folder, sub.name
	rec := c
	rec.answer = ""
	g.arts = append(g.arts, rec)
	return c, true
}

// slug makes the article's unique file name in folder from its question,
// as the site does (lower case, runs of other characters as one hyphen).
func (g *gen) slug(folder, q string) string {
	var sb strings.Builder
	dash := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			sb.WriteByte(c)
			dash = false
		case c >= 'A' && c <= 'Z':
			sb.WriteByte(c + 'a' - 'A')
			dash = false
		default:
			if !dash && sb.Len() > 0 {
				sb.WriteByte('-')
				dash = true
			}
		}
	}
	s := strings.TrimRight(sb.String(), "-")
	if len(s) > 120 {
		s = strings.TrimRight(s[:120], "-")
	}
	if s == "" {
		s = "question"
	}
	out := s
	for n := 2; g.slugs[folder+"/"+out]; n++ {
		out = s + "-" + strconv.Itoa(n)
	}
	g.slugs[folder+"/"+out] = true
	return out
}

// render writes the article as the site's CMS lays a file out.
func (g *gen) render(a article) []byte {
	var sb strings.Builder
	// The CMS indents a folded value four spaces past the top level, and
	// four more inside a related block.
	block := func(key, indent, v string) {
		sb.WriteString(indent + key + ": >-\n" + strings.Repeat(" ", 4+len(indent)/4*4) + v + "\n")
	}
	sb.WriteString("---\n_schema: default\nid: " + a.id + "\ndate: " + a.date + "\n")
	block("title", "", a.question)
	block("article_title", "", a.question)
	sb.WriteString("date_format: MMM DD, YYYY\npost_on_text: Posted on\nseo:\n  title: QuickTakes | " + a.subject + "\n")
	block("page_description", "  ", a.description)
	block("page_keywords", "  ", a.keywords)
	sb.WriteString("author: QuickTakes\n")
	block("question", "", a.question)
	block("answer", "", strings.ReplaceAll(a.answer, "\n", `\n`))
	sb.WriteString("subject: " + a.subject + "\nfile_name: " + a.slug + ".md\nurl: /learn/" + a.folder + "/questions/" + a.slug + "\n")
	if len(a.related) > 0 {
		sb.WriteString("score: -1.0\n")
		for n, t := range a.related {
			r := g.arts[t]
			sb.WriteString("related_article" + strconv.Itoa(n+1) + ":\n    id: " + r.id + "\n")
			block("title", "    ", r.question)
			sb.WriteString("    subject: " + r.subject + "\n    url: /learn/" + r.folder + "/questions/" + r.slug + "\n")
		}
	}
	sb.WriteString("---\n\n&nbsp;\n")
	return []byte(sb.String())
}

// DefaultRewordRate is the share of generated questions that reword an
// earlier one of their subject: about the share of the real corpus's
// articles that the batch finds to have a near-duplicate question.
const DefaultRewordRate = 0.02
