// Package serve is `recommend serve`: an HTTP server on the standard
// library that answers lookups for the site and gives editors a workspace
// where decisions are clicks.
//
// # Routes
//
//	GET  /                 the workspace (HTML; the per-start token in a meta tag)
//	GET  /healthz          status, article count, index generation
//	GET  /api/related      ?id=N or ?url=U (&n=5): exactly `recommend --id N --json`
//	GET  /api/items        the workspace's cards: ?q= (question words, an id or a url),
//	                       &subject=, &flag= (a flag, locked or held), &sort=change|stable|url, &page=
//	GET  /api/clusters     the duplicate clusters with a member matching ?q=, &subject=,
//	                       &flag=, largest first, &page= (clusters.go)
//	POST /api/decide       {"kind":"pin|block|lock","id":..,"url":..,"both":..,"remove":..,"at":url}
//	POST /api/undo         {"at":url}: takes back the last decision of this server
//
// The lookup answer is built by package lookup, the code the command line
// runs, and written with the same encoder settings, so the two agree byte
// for byte. A decision goes through editor.Decide, the code of the pin,
// block and lock commands: the overrides file is rewritten atomically with
// its comments, under the run lock that `batch --write` holds (a decision
// during a batch gets 409). The answer carries the article's card with the
// list the next batch will write, recomputed by editor.Apply from the saved
// index and vectors (preview.go).
//
// # Safety
//
// Every POST must carry the token (header X-Recommend-Token) that the
// workspace page embeds, a fresh random one at each start: a page of
// another site cannot read it, so it cannot make a decision through the
// editor's browser (403 without it). Bodies are limited to Options.MaxBody
// (413 beyond), decisions and refusals are logged, and Options.ReadOnly
// refuses every POST. Binding to loopback only is the command's business;
// on a loopback listener Serve also refuses a request whose Host header
// names anything but localhost or a loopback address (403), so a site that
// rebinds its DNS name to 127.0.0.1 cannot read the page and its token.
//
// # Reloading
//
// Watch polls the index's CURRENT file; when a batch replaces it, the new
// generation is loaded whole and swapped in, and requests in flight finish
// on the old one, which is closed a minute later.
package serve
