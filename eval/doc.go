// Package eval measures related lists: against the links the site shows
// today (agreement), against graded judgments (judged relevance), and by
// what they would do to the site (coverage, in-degree, own-subject share).
// It also reports the hygiene of the existing related_articleN fields and,
// for editors, the engine's duplicate clusters.
//
// # Tour
//
// NewIndex indexes the articles once; its methods score any lists (URL →
// related URLs, best first): Agreement, Judged (with LoadQrels), Beyond,
// plus Hygiene of the existing fields. Lists come from the
// engine (FromHits), from JSON-lines files (ReadJSONLFile), from the site
// (Existing) or from the chance baseline (RandomSameFolder).
//
// Run builds the default ranking and the baselines (random same folder,
// TF-IDF only, LSA only) and measures them all into one Report, written
// with WriteText (one table, rows = systems, columns = metrics) or
// WriteJSON. Sweep does the same for a grid of recommend.Config values, so
// that defaults are chosen by measurement. CheckFloors holds the default
// ranking to the best reference figures (FloorJudgedNDCG, FloorRecall), and
// CheckWritten holds the lists as the batch writes them (CandidateConfig,
// EditorBatch, editor.Apply, WrittenHits) to their measured figures,
// including the shares of slots graded 0 and labelled D (Judged.Zero,
// Judged.Dup, from dup_labels.json). The report also sums up the default
// model's duplicate clusters (Clusters).
// With Options.Editors the report gains an editors' section: the decisions
// of an overrides file, the lists they touched (editor.Summarize), and the
// figures of the lists as the batch writes them beside the engine's own.
// With Options.Model, Run scores a build it is given (the nightly run's,
// whose wider lists it cuts to TopK) instead of building the default
// ranking again; package nightly's Evaluate does so.
//
// # Definitions
//
// The agreement figures are exactly those of ../shared/bench/related_eval.py,
// and the judged figures exactly those of ../shared/bench/judged_eval.py; the
// tests run both scripts on the same lists and require the same figures to
// four decimals.
//
// Articles are keyed by URL. A question key is recommend.QuestionKey, the
// project's one "same question" key: the question with surrounding white
// space stripped and lowercased, as Python's str.strip().lower() does it.
//
// Agreement (Index.Agreement). A list is cleaned before scoring: unknown URLs,
// the article itself, articles whose question key equals the article's, and
// repeats are dropped, order kept, and the list is cut to k. Gold(A) is A's
// existing related URLs that resolve to an article, cleaned the same way (not
// cut). Only articles with a non-empty Gold are scored:
//
//	recall@k    = hits / min(|Gold|, k)
//	precision@k = hits / k
//	hit@k       = 1 if any hit
//	MRR@k       = 1 / rank of the first hit (0 if none)
//	nDCG@k      = DCG / IDCG, binary gains, gain/log2(rank+1), ideal = min(|Gold|, k) hits
//
// each averaged over the scored articles; coverage is the share of all
// articles that appear in at least one cleaned list.
//
// Judged relevance (Index.Judged). The list of each judged query is cleaned
// as above and also drops a second copy of a question already listed (the
// corpus cross-posts questions to several folders), then cut to k. Grades
// are 0, 1 or 2; an unjudged pair counts 0. nDCG@k uses the grades as gains
// and the ideal from all judged candidates of the query (an ideal of 0 counts
// as 1); P@k is the share of the k slots holding grade >= 1, strict P@k the
// share holding grade 2, and unjudged the share of slots whose pair has no
// judgment. Every figure is averaged over the queries.
//
// # Invariants
//
// Inputs are never modified. Every report is deterministic: the same
// articles, lists and options give byte-identical text and JSON, whatever
// GOMAXPROCS and map iteration order; random baselines take every draw from
// Options.Seed.
package eval
