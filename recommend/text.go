package recommend

import (
	"strings"

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

// QuestionKey is the identity of a question for duplicate exclusion: the
// question trimmed and lower-cased. Two articles with the same key are
// copies of one question (the corpus cross-posts questions to several
// subject folders).
func QuestionKey(a *corpus.Article) string {
	return strings.ToLower(strings.TrimSpace(a.Question))
}
