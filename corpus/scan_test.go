package corpus

import (
	"testing"
	"unicode/utf8"
)

// textOKRef is textOK one rune at a time, without the word-wide shortcut.
func textOKRef(t []byte) bool {
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRune(t[i:])
		switch {
		case r < 0x20 || r == 0x7f:
			return false
		case r >= 0x80 && (!printableRune(r) || r == utf8.RuneError && n == 1):
			return false
		}
		i += n
	}
	return true
}

// TestTextOK puts every byte value at every place of a 17-byte ASCII line,
// beside a control character or not, and compares with textOKRef.
func TestTextOK(t *testing.T) {
	base := []byte("Plain ASCII text.")
	for pos := range base {
		for c := 0; c < 256; c++ {
			for _, other := range []byte{'x', 0x1f, 0x7f} {
				b := []byte(string(base))
				b[pos] = byte(c)
				b[(pos+9)%len(b)] = other
				if got, want := textOK(b), textOKRef(b); got != want {
					t.Fatalf("textOK(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
	for _, s := range []string{"café — naïve", "\u2028", "\ufeff", "\u0085", "tab\there", "ok", ""} {
		if got, want := textOK([]byte(s)), textOKRef([]byte(s)); got != want {
			t.Errorf("textOK(%q) = %v, want %v", s, got, want)
		}
	}
}
