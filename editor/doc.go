// Package editor holds the editors' decisions and applies them to the
// engine's suggestions before the batch writes anything.
//
// # The overrides file
//
// Pins (links always shown, first, in order), blocks (a pair never
// suggested, in one or both directions, or an article never suggested
// anywhere) and locks (articles the batch leaves alone) live in one YAML
// file kept in git beside the content. Load, the Add/Remove methods and Save
// work on the yaml.v3 node tree, so editors' comments survive the CLI
// helpers; Save writes atomically.
//
// # Hysteresis
//
// Apply keeps a link that is on the page today unless a candidate beats its
// score by more than Options.Margin, so that nightly runs do not rewrite
// lists whose order moved on noise. Kept links stay where they were;
// newcomers take the freed places. Each written link carries its reason
// (Entry.Reason: ranked, held, pinned, locked); a link is held when
// hysteresis keeps it where the engine's own ranking would not, so that a
// list whose scores are out of order has a mark that explains it.
//
// # Invariants
//
//   - Apply never modifies its inputs and is deterministic: equal inputs
//     give equal results, whatever the map iteration order.
//   - A locked article's Links are exactly its current links.
//   - Links never hold the article itself, a blocked target, or one URL twice,
//     and never more than Options.K entries.
//   - Overrides naming no article are reported, and the rest still apply.
package editor
