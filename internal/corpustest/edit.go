package corpustest

// The churn test's edit, shared by the tests that measure what a day of
// edits costs a night (editor's churn test, the incremental night's
// end-to-end test): a plain piece of another article's answer appended to
// the end of an article file's answer.

import (
	"bytes"
	"fmt"
	"strings"
)

// AppendToAnswer appends text to the answer of the article file src: at
// the end of the answer's last line, whether the answer is a folded block
// or a one-line scalar.
func AppendToAnswer(src []byte, text string) ([]byte, error) {
	i := bytes.Index(src, []byte("\nanswer:"))
	if i < 0 {
		return nil, fmt.Errorf("no answer")
	}
	end := i + 1 + bytes.IndexByte(src[i+1:], '\n') // end of the "answer:" line
	for end+1 < len(src) && src[end+1] == ' ' {     // indented continuation lines
		end += 1 + bytes.IndexByte(src[end+1:], '\n')
	}
	out := append([]byte{}, src[:end]...)
	out = append(out, " "+text...)
	return append(out, src[end:]...), nil
}

// Sentence takes a plain piece of another article's answer to append:
// letters, digits and simple punctuation only, so that no YAML scalar
// breaks, cut at about n bytes.
func Sentence(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= n {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ', r == '.', r == ',':
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
