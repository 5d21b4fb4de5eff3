// Package corpus reads the site's content folder and writes related links
// back into it, touching nothing else.
//
// # The file format
//
// Each article is one markdown file, <folder>/<subject>/<slug>.md, as the
// site's CMS stores it: YAML front matter between two "---" lines, then a
// body that is always "&nbsp;":
//
//	---
//	_schema: default
//	id: 126061
//	date: 2024-12-14
//	title: >-
//	    Are leaders naturally born, or can leadership skills be developed?
//	seo:
//	  title: QuickTakes | Business and Management
//	  page_description: >-
//	    ...
//	  page_keywords: >-
//	    ...
//	question: >-
//	    Are leaders naturally born, or can leadership skills be developed?
//	answer: >-
//	    The question of whether ...\n\n1. **Born-Leader Perspective**: ...
//	subject: Business and Management
//	url: /learn/business-and-management/questions/are-leaders-naturally-born
//	related_article1:
//	    id: 126064
//	    title: >-
//	        Can you recommend some essential literature on leadership?
//	    subject: Business and Management
//	    url: /learn/business-and-management/questions/can-you-recommend-...
//	---
//
//	&nbsp;
//
// The url is the key: it is unique, while ids repeat across the copies of
// a question cross-posted to several subjects. The subject is spelt
// inconsistently ("Education Studies", "Education studies"), so Article
// carries a normalised SubjectKey. The answer holds markdown with literal
// `\n` sequences, which Article.Answer turns into line breaks.
//
// # Reading
//
// Load walks a folder and parses every *.md file in parallel. Almost every
// file (35,913 of the 35,915 of the real corpus) is in the layout the CMS
// writes, which a hand-written scanner reads directly; anything else (quotes,
// comments, blank lines, flow collections) is parsed by yaml.v3. Where the
// scanner accepts a file it reads exactly what yaml.v3 reads: FuzzParse and
// the full-corpus test check it.
//
// A file is refused, with a *FileError naming it, the line where known and
// the reason (one of the Err* values), when it is empty, over 1 MiB, starts
// with a byte order mark, is not UTF-8, has CRLF line endings, has no or
// unterminated front matter, is not valid YAML, repeats a key, lacks a url
// or a question, has a related_articleN that is not a mapping or has no url,
// has a field that other files' links copy in a form they cannot use (an id
// that is not an integer, a url not of the form
// /learn/<folder>/questions/<slug>, no title: ErrBadField, ErrMissingField),
// or repeats a url another file has (the first in path order keeps it).
// Symbolic links are reported and not followed; other files are ignored.
//
// LoadKnown takes what an earlier run knew: a file whose bytes it knows
// (by fingerprint) is not parsed, and one whose stat identity (size,
// times, inode, device) is the one that run recorded (Stats) is not even
// read, unless the identity is too recent to be trusted (stat.go has the
// rule, git's racy case); the files a run wrote are recorded by the next
// load.
//
// # Writing
//
// SetRelated replaces the related_articleN blocks of a file's bytes with new
// ones, in the style of 97% of the corpus (title folded with ">-", four and
// eight space indents, keys id, title, subject, url), falling back to a
// double-quoted scalar for a value folding cannot carry exactly.
// WriteRelated writes the result through a temporary file and a rename.
// Article.WouldRewrite tells a dry run what WriteRelated would do, from
// what the load kept (the links, and whether the related blocks' layout
// is one SetRelated handles: Article.Unrewritable), without reading the
// file again.
//
// # Invariants
//
//   - Load returns articles sorted by url and errors sorted by path; the
//     result does not depend on GOMAXPROCS or file system order.
//   - SetRelated(src, links) differs from src only inside the related
//     blocks; every byte before, between and after them is kept. Parsing
//     the result gives exactly links, in order, and every other value as
//     before. Rewriting with the current links returns src itself.
//   - A file that does not parse is never rewritten, nor one whose bytes on
//     disk are no longer those loaded, checked again right before the
//     rename (see write.go), nor one without write permission.
//   - A file on disk is at every moment either entirely old or entirely new.
//   - Article.Src is never modified; WriteRelated replaces it with the new
//     bytes. Load keeps only the bytes' fingerprint (Article.Sum), and the
//     file is read again, and must match it, when it is rewritten.
package corpus
