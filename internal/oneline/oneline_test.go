package oneline

import "testing"

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain message", "plain message"},
		{"two\nlines\t and  tabs ", "two lines and tabs"},
		{"escape \x1b[31mred", `escape \x1b[31mred`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`},
		{"bad \xff byte", `bad \xff byte`},
		{"kept \uFFFD replacement", "kept \uFFFD replacement"},
		{"line\u2028separator", "line separator"},
		{"nul\x00byte", `nul\x00byte`},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
