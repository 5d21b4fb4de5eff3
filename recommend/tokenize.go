package recommend

// Text analysis: an article's fields become streams of terms.
//
// Cleaning comes first and works on the raw text of a field: a literal `\n`
// (backslash, n: how the corpus's folded YAML scalars store line breaks)
// becomes a space, and LaTeX commands (`\frac`, `\text`, `\times`, a
// backslash followed by letters) are dropped, keeping their arguments
// (`\text{Revenue}` leaves "Revenue"). Markdown needs no rule of its own:
// its marks (`**`, `#`, `|`, `-`) are not letters or digits, so the splitter
// treats them as breaks.
//
// Splitting yields maximal runs of Unicode letters and digits. The filters
// then run in order: lower case, minimum length 2 (as scikit-learn's default
// token pattern), English stop words (scikit-learn's list), and, when the
// configuration asks for it, English Snowball stemming.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Filter transforms a stream of terms, typically compacting it in place
// (out := in[:0]).
type Filter func([]string) []string

// Analyzer turns a text into terms: Clean, then Split, then each filter in
// order. A zero Analyzer only splits.
//
// The analyzer of NewAnalyzer also has a fast path for code that meets
// each word many times (the batch's TF-IDF stage): EachWord streams the
// words of a cleaned text, split and lower-cased, without allocating, and
// Term decides once per distinct word what the remaining filters make of
// it. Keeping Term's kept words, as their terms, in EachWord's order gives
// Analyze's result exactly (TestAnalyzerFastPath).
type Analyzer struct {
	Clean   func(string) string
	Split   func(string) []string
	Filters []Filter
	engine  bool // made by NewAnalyzer: EachWord and Term apply
	stem    bool // NewAnalyzer's stem
}

// Analyze returns the terms of text.
func (a Analyzer) Analyze(text string) []string {
	if a.Clean != nil {
		text = a.Clean(text)
	}
	split := a.Split
	if split == nil {
		split = Words
	}
	toks := split(text)
	for _, f := range a.Filters {
		toks = f(toks)
	}
	return toks
}

// NewAnalyzer returns the analyzer the engine uses: CleanMarkup, Words,
// Lower, MinLen(2), DropStop, and Stem when stem is true.
func NewAnalyzer(stem bool) Analyzer {
	fs := []Filter{Lower, MinLen(minTermLen), DropStop}
	if stem {
		fs = append(fs, NewStemmer())
	}
	return Analyzer{Clean: CleanMarkup, Split: Words, Filters: fs, engine: true, stem: stem}
}

// Fast reports whether a has the fast path (EachWord, Term): whether it
// came from NewAnalyzer.
func (a Analyzer) Fast() bool { return a.engine }

// EachWord calls f with each word of text, which a.Clean has already
// cleaned, as Split then Lower yield them, in one pass and without
// allocating: the word is in a scratch buffer, valid only during the call.
// buf is that buffer, returned for reuse. Only for a Fast analyzer.
func (a Analyzer) EachWord(text string, buf []byte, f func(word []byte)) []byte {
	return appendWords(text, buf, f)
}

// Term returns what the filters after Lower make of one lower-cased word:
// its term (the word, or its stem when a stems) and whether the analyzer
// keeps it (MinLen(2), then DropStop). The term is given even for a
// dropped word, whose stem may still be a kept term's. Only for a Fast
// analyzer; stemming allocates, so callers decide once per distinct word.
func (a Analyzer) Term(word string) (term string, kept bool) {
	term = word
	if a.stem {
		term = english.Stem(word, true)
	}
	return term, keptWord(word)
}

// minTermLen is the shortest term NewAnalyzer keeps, in characters
// (scikit-learn's default token pattern).
const minTermLen = 2

// keptWord reports whether a lower-cased word passes NewAnalyzer's
// filters after Lower (MinLen(minTermLen), then DropStop), for code that
// decides once per distinct word what the analyzer decides per token.
func keptWord(w string) bool {
	_, stop := englishStop()[w]
	return !stop && utf8.RuneCountInString(w) >= minTermLen
}

// CleanMarkup replaces literal `\n` sequences by spaces and drops LaTeX
// commands (a backslash followed by ASCII letters), keeping everything else.
func CleanMarkup(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(s) && s[i+1] == 'n' && !(i+2 < len(s) && isASCIILower(s[i+2]) && latexN(s[i+1:])) {
			// A literal line break.
			b.WriteByte(' ')
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		b.WriteByte(' ')
		if j == i+1 {
			continue // a lone backslash or an escaped symbol: a break
		}
		i = j - 1
	}
	return b.String()
}

// latexN reports whether s (starting at the 'n' after a backslash) begins
// with a LaTeX command that starts with n, such as \neq or \nabla, rather
// than a line break followed by a word.
func latexN(s string) bool {
	for _, cmd := range [...]string{"neq", "nabla", "nu", "neg", "ne", "not", "ni", "nless", "ngtr", "nleq", "ngeq", "nmid", "nparallel", "notin", "newline", "nolimits"} {
		if strings.HasPrefix(s, cmd) && (len(s) == len(cmd) || !isASCIILetter(s[len(cmd)])) {
			return true
		}
	}
	return false
}

func isASCIILower(c byte) bool  { return 'a' <= c && c <= 'z' }
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// Words splits s into maximal runs of Unicode letters and digits.
func Words(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		word := r < utf8.RuneSelf && (isASCIILetter(byte(r)) || '0' <= r && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Lower lower-cases every term.
func Lower(toks []string) []string {
	for i, t := range toks {
		toks[i] = strings.ToLower(t)
	}
	return toks
}

// MinLen returns a filter that drops terms shorter than n characters.
func MinLen(n int) Filter {
	return func(toks []string) []string {
		out := toks[:0]
		for _, t := range toks {
			if utf8.RuneCountInString(t) >= n {
				out = append(out, t)
			}
		}
		return out
	}
}

// DropStop drops English stop words (scikit-learn's list of 318).
func DropStop(toks []string) []string {
	out, stopWords := toks[:0], englishStop()
	for _, t := range toks {
		if _, stop := stopWords[t]; !stop {
			out = append(out, t)
		}
	}
	return out
}

// NewStemmer returns a filter that replaces each term by its English
// Snowball stem. It memoises stems, so one stemmer must not be shared by
// goroutines; stems are pure, so separate stemmers agree.
func NewStemmer() Filter {
	memo := make(map[string]string)
	return func(toks []string) []string {
		for i, t := range toks {
			s, ok := memo[t]
			if !ok {
				s = english.Stem(t, true)
				memo[t] = s
			}
			toks[i] = s
		}
		return toks
	}
}

// appendWords calls f with each word of text as Words followed by Lower
// splits and lower-cases it (text already cleaned), in one pass and
// without allocating: the word is in a scratch buffer, valid only during
// the call. buf is that buffer, returned for reuse. The batch reads every
// article's fields this way; TestAppendWords and FuzzAppendWords hold it
// to the Analyzer's result.
func appendWords(text string, buf []byte, f func(word []byte)) []byte {
	buf = buf[:0]
	in := false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				buf = append(buf, c)
				in = true
				continue
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
				in = true
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			i += size
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
				in = true
				continue
			}
		}
		if in {
			f(buf)
			buf, in = buf[:0], false
		}
	}
	if in {
		f(buf)
	}
	return buf
}
