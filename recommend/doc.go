// Package recommend finds, for every article of a corpus, the articles most
// related to it, from their text alone.
//
// # Stages
//
// Build runs the stages in order:
//
//  1. Text (tokenize.go, text.go): each field of an article (question, title,
//     seo description, seo keywords, answer) is cleaned of literal `\n`
//     sequences and LaTeX commands, split into runs of letters and digits,
//     lower-cased, stripped of one-letter terms and English stop words, and
//     optionally stemmed (English Snowball).
//  2. TF-IDF (tfidf.go): sublinear tf, smoothed idf ln((1+N)/(1+df)) + 1,
//     min_df/max_df pruning, fields weighted and L2-normalised rows; the exact
//     formulas are in tfidf.go.
//  3. LSA (internal/linalg/svd.go), for the "lsa" and "blend" rankings: a
//     randomized truncated SVD of the TF-IDF matrix; the articles'
//     coordinates U·Σ, normalised, give the LSA cosine. Its random test
//     matrix is drawn by a hash of each term (Config.DrawByTerm, the
//     default), so that the basis moves only with the data, or else by
//     the terms' row numbers.
//  4. Paraphrases (paraphrase.go): two articles ask the same question in
//     other words when their question vectors' cosine reaches
//     Config.DupThreshold and a small logistic model over the question and
//     article cosines, shared rare question terms and the Jaccard overlap
//     of the question terms gives a probability of at least
//     Config.Paraphrase. The development
//     judgments grade such a reworded copy 0, so finishing a list drops
//     paraphrases of the article and of a listed article
//     (Model.SameQuestion is the rule); Model.Duplicates and
//     Model.Clusters report them (an incremental night searches again
//     only around the changed articles' questions, dupnight.go).
//  5. Ranking (model.go, topk_ivf.go; the searches in internal/linalg):
//     exact cosine top-k. "tfidf" ranks by the TF-IDF cosine, "lsa" by the
//     LSA cosine, and "blend" takes the Config.Candidates best by TF-IDF
//     (and the Config.LSACandidates best by LSA, none by default) and
//     re-ranks them by Blend·cos_LSA + (1−Blend)·cos_TFIDF (where the
//     rewordings of an article leave fewer than TopK of its candidates,
//     they do not count: its candidates are widened until Candidates are
//     not rewordings, widen.go), plus
//     Config.RerankSubject when both articles are filed under one subject,
//     Config.RerankQuestion times their question cosine, and
//     Config.RerankHub·(1 − (h_a + h_b)/2), where h is an article's
//     neighbourhood density, the mean TF-IDF cosine of its 10 nearest (the
//     re-ranking terms, fitted on the judgments by TestFitRerank,
//     rerank_fit.go). Those
//     candidates hold the "tfidf" lists too, which Model.ListsFor returns
//     without another build (and the "lsa" lists, by one exact search over
//     the LSA vectors).
//
// Vectors holds what a free-text query needs (vocabulary, idf, settings, the
// TF-IDF rows); it is written and read in a versioned binary format
// (vectors.go), so that a query runs from a saved index.
//
// # Invariants
//
//   - Articles are identified by their index in the slice given to Build;
//     ties are broken by URL, so lists do not depend on map order, on the
//     number of workers or on GOMAXPROCS: two builds of one corpus under one
//     Config are identical, byte for byte once written.
//   - A list never holds the article itself, an article with its id or its
//     question (trimmed, lower-cased: the corpus's cross-posted copies), a
//     near-duplicate of it, or two articles with one question or that are
//     near-duplicates of each other.
//   - Lists are ordered by score descending, then URL ascending, and hold at
//     most Config.TopK hits, all scoring above 0 and none under
//     Config.MinScore, so a list can be shorter than TopK. Under the "tfidf"
//     ranking, an article that shares no term with another is never listed
//     for it; the blend may list it on its LSA cosine alone.
//   - Every listed score is exactly Model.Score of the pair (the top-k
//     kernels only choose the candidates; their scores are recomputed), so
//     a pair no list holds can be weighed against listed ones.
//   - TF-IDF rows and normalised LSA rows have unit length, or are zero for an
//     article without a kept term.
//   - Inputs are never modified. Data errors (an empty corpus, more LSA
//     dimensions than articles, a corrupt vectors file) are returned as
//     errors: no corpus and no file content makes the package panic.
package recommend
