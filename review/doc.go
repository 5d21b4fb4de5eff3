// Package review builds the editors' review page: one self-contained HTML
// file showing, for every article, the links on the page today next to the
// ones the batch suggests, each with its score, the shared terms that
// explain it and its flags (new, dropped, pinned, blocked, broken, possible
// duplicate, other subject, low score), and the duplicate clusters: the
// articles that ask one question in other words, with a suggested
// canonical (clusters.go).
//
// The batch turns editor.Apply's results into a Page (FromResults) and
// saves it (Save), or, for a large corpus, saves the same bytes without
// building the page (Results.Save, a block of articles at a time); `recommend
// review` loads it (Load) and renders it (Write). The saved data is the
// page's JSON, gzipped as one member per block of 1,024 articles or items
// (made on every core, page.go): a gzip reader reads the members as one
// stream, so Load and any other reader of the file see one document. The page filters by
// subject and by flag or mark (locked, and held: Item.Held), searches the question
// text, sorts by how much a list changes, and pages 50 articles at a time,
// so that all 35,915 articles stay responsive. A summary on top shows the
// headline figures and three charts drawn as inline SVG (chart.go): the
// score distribution, the share of new links per subject and the agreement
// per subject.
//
// # Invariants
//
//   - The page fetches nothing: styles, script, data and charts are inline,
//     and it opens from disk.
//   - Article text reaches the page only as JSON data that the script sets
//     as text, never as markup.
//   - Write is deterministic: equal pages give equal bytes.
package review
