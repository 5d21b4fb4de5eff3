package recommend

import (
	"testing"

	"recommend/corpus"
)

// TestQuestionKey: the key is Python's question.strip().lower(), the rule
// of the reference scorers, byte for byte.
func TestQuestionKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  What Is X?\n", "what is x?"},
		{"\x1c\u00a0Tab\tinside\u3000", "tab\tinside"}, // str.strip() trims U+001C and U+3000
		{"\x1fA\x1d", "a"},
		{"İstanbul", "i\u0307stanbul"}, // str.lower() maps U+0130 to two runes
		{"ÉTÉ", "été"},
		{"decision-making", "decision-making"}, // punctuation is kept
		{"decision  making", "decision  making"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := QuestionKey(&corpus.Article{Question: tt.in}); got != tt.want {
			t.Errorf("QuestionKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
