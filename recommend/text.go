package recommend

import (
	"strings"
	"unicode"

	"recommend/corpus"
)

// Field names one part of an article that the engine reads.
type Field int

// The fields, in the order of FieldWeights.
const (
	FieldQuestion    Field = iota // the question, as asked
	FieldTitle                    // the title (often the question again)
	FieldDescription              // seo.page_description: a one-sentence summary
	FieldKeywords                 // seo.page_keywords: comma-separated key phrases
	FieldAnswer                   // the answer: long markdown with LaTeX
	numFields
)

var fieldNames = [numFields]string{"question", "title", "description", "keywords", "answer"}

// String returns the field's name as used in messages.
func (f Field) String() string {
	if f < 0 || f >= numFields {
		return "field(?)"
	}
	return fieldNames[f]
}

// fieldText returns the raw text of field f of a.
func fieldText(a *corpus.Article, f Field) string {
	switch f {
	case FieldQuestion:
		return a.Question
	case FieldTitle:
		return a.Title
	case FieldDescription:
		return a.SEODescription
	case FieldKeywords:
		return a.SEOKeywords
	case FieldAnswer:
		return a.Answer
	}
	return ""
}

// QuestionKey is the identity of a question, the project's one "same
// question" key: two articles with equal keys are copies of one question
// (the corpus cross-posts questions to several subject folders). The
// engine leaves copies out of each other's lists (with equal ids, see
// Model.SameQuestion), the editors' rules do the same (editor.Apply), and
// the metrics drop them from the lists they score (eval).
//
// The key is the question with white space trimmed at both ends and lower-
// cased exactly as Python's question.strip().lower() does, the rule of the
// reference scorers (../shared/bench/related_eval.py and judged_eval.py),
// so that the metrics reproduce theirs: str.strip() also trims the
// separators U+001C..U+001F, which unicode.IsSpace leaves, and str.lower()
// maps U+0130 to "i̇" (two runes). Python's final-sigma rule is not
// reproduced: no question of the corpus holds a capital sigma.
//
// Questions differing in punctuation or inner spacing ("decision-making" and
// "decision making") are not copies by this key; the paraphrase detector
// (Model.SameQuestion) catches such pairs.
func QuestionKey(a *corpus.Article) string {
	q := strings.TrimFunc(a.Question, isPySpace)
	if strings.ContainsRune(q, 'İ') {
		q = strings.ReplaceAll(q, "İ", "i\u0307")
	}
	return strings.ToLower(q)
}

// isPySpace reports whether Python's str.strip() trims r: Unicode white
// space and the separators U+001C..U+001F.
func isPySpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }
