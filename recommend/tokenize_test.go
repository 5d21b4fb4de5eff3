package recommend

import (
	"slices"
	"testing"
)

func TestCleanMarkup(t *testing.T) {
	tests := []struct{ in, want string }{
		// text without a backslash is returned as is
		{"plain **bold** text", "plain **bold** text"},
		// literal \n sequences are breaks, even before a word
		{`one\ntwo\n\nThree`, "one two  Three"},
		// LaTeX commands go, their arguments stay
		{`\text{Revenue} \times \frac{a}{b}`, " {Revenue}    {a}{b}"},
		// LaTeX commands that begin with n are not line breaks
		{`a \neq b`, "a   b"},
		{`\nabla f`, "  f"},
		// a line break before a word that merely starts like a command
		{`x\nnotably`, "x notably"},
		// a backslash before a symbol, or at the end, is a break
		{`50\% off\`, "50 % off "},
	}
	for _, tt := range tests {
		if got := CleanMarkup(tt.in); got != tt.want {
			t.Errorf("CleanMarkup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		// markdown marks split words
		{"**Theory**: see #3|x-y", []string{"Theory", "see", "3", "x", "y"}},
		// digits and letters of any script belong to words
		{"CO2 naïve Ökonomie 3.14", []string{"CO2", "naïve", "Ökonomie", "3", "14"}},
		// apostrophes split, as in scikit-learn's token pattern
		{"Earth's plates", []string{"Earth", "s", "plates"}},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnalyzer(t *testing.T) {
	tests := []struct {
		stem bool
		in   string
		want []string
	}{
		// stop words and one-letter terms go; case is folded
		{false, "What are the Benefits of a B2B market?", []string{"benefits", "b2b", "market"}},
		{false, `Earth's plates\nshift`, []string{"earth", "plates", "shift"}},
		// stemming folds inflections together
		{true, "Running runners ran; markets marketing", []string{"run", "runner", "ran", "market", "market"}},
		{true, `\text{Theories} of evolution`, []string{"theori", "evolut"}},
	}
	for _, tt := range tests {
		if got := NewAnalyzer(tt.stem).Analyze(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("NewAnalyzer(%v).Analyze(%q) = %q, want %q", tt.stem, tt.in, got, tt.want)
		}
	}
}

func BenchmarkAnalyze(b *testing.B) {
	text := `Well-established scientific theories are foundational explanations in various fields of science, supported by extensive evidence.\n\n1. **Theory of Evolution by Natural Selection**: proposed by Charles Darwin, \text{explains} how species evolve.`
	for _, stem := range []bool{false, true} {
		name := "plain"
		if stem {
			name = "stem"
		}
		b.Run(name, func(b *testing.B) {
			an := NewAnalyzer(stem)
			b.ReportAllocs()
			for b.Loop() {
				if n := len(an.Analyze(text)); n != 21 {
					b.Fatalf("%d terms, want 21", n)
				}
			}
		})
	}
}

// wordsOf collects what appendWords yields.
func wordsOf(text string) []string {
	var out []string
	appendWords(text, nil, func(w []byte) { out = append(out, string(w)) })
	return out
}

// TestAppendWords checks the one-pass splitter against Words and Lower,
// which define it.
func TestAppendWords(t *testing.T) {
	for _, s := range []string{
		"", "a", "Hello, World!", "GDPR-compliant ÉCOLE naïve 3D", "x\xffy", "İstanbul ΣΑΣ straße", "½ ² ٣ 𝟘", "trailing word",
		`\frac{a}{b} **bold** | table |`,
	} {
		want := Lower(Words(s))
		if got := wordsOf(s); !slices.Equal(got, want) {
			t.Errorf("appendWords(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzAppendWords(f *testing.F) {
	f.Add("Hello, World! ÉCOLE x\xffy ½")
	f.Fuzz(func(t *testing.T, s string) {
		want := Lower(Words(s))
		if got := wordsOf(s); !slices.Equal(got, want) {
			t.Fatalf("appendWords(%q) = %q, want %q", s, got, want)
		}
	})
}

// fastTerms is what the fast path of a gives for text: the kept words of
// EachWord, as Term makes them, in order.
func fastTerms(a Analyzer, text string) []string {
	var out []string
	a.EachWord(a.Clean(text), nil, func(w []byte) {
		if term, kept := a.Term(string(w)); kept {
			out = append(out, term)
		}
	})
	return out
}

// TestAnalyzerFastPath holds NewAnalyzer's fast path (EachWord, Term) to
// Analyze, stemmed and not: the TF-IDF stage reads every article through it.
func TestAnalyzerFastPath(t *testing.T) {
	texts := []string{
		"", "a", "The cells, and THE Cells' running runs!", `\frac{Revenue}{Cost} \text{Profit} x\nLine \neq y`,
		"GDPR-compliant ÉCOLE naïve 3D", "İstanbul ΣΑΣ straße", "½ ² ٣ 𝟘 of it is", "x\xffy", "A I an be 42 7",
	}
	for _, stem := range []bool{false, true} {
		a := NewAnalyzer(stem)
		if !a.Fast() {
			t.Fatal("NewAnalyzer's analyzer has no fast path")
		}
		for _, s := range texts {
			if got, want := fastTerms(a, s), a.Analyze(s); !slices.Equal(got, want) {
				t.Errorf("stem=%v: fast path of %q = %q, Analyze = %q", stem, s, got, want)
			}
		}
	}
	if (Analyzer{}).Fast() {
		t.Error("a zero Analyzer claims the fast path")
	}
}

func FuzzAnalyzerFastPath(f *testing.F) {
	f.Add("The cells' running runs \\frac{a}{b} ÉCOLE x\\ny", true)
	f.Fuzz(func(t *testing.T, s string, stem bool) {
		a := NewAnalyzer(stem)
		if got, want := fastTerms(a, s), a.Analyze(s); !slices.Equal(got, want) {
			t.Fatalf("stem=%v: fast path of %q = %q, Analyze = %q", stem, s, got, want)
		}
	})
}
