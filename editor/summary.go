package editor

// Summary counts the editors' decisions in an overrides file and what they
// did to one batch, so that a report can show them apart from the engine.
type Summary struct {
	Pins              int `json:"pins"`               // pinned links in the file
	BlockedPairs      int `json:"blocked_pairs"`      // blocks of one pair (one or both directions)
	BlockedEverywhere int `json:"blocked_everywhere"` // blocks of an article everywhere
	Locks             int `json:"locks"`              // locked articles in the file (an id covers its cross-posts)

	ListsPinned  int `json:"lists_pinned"`  // lists written holding a pinned link
	ListsBlocked int `json:"lists_blocked"` // lists that lost one of the engine's top k to a block
	ListsLocked  int `json:"lists_locked"`  // lists left exactly as they are by a lock
}

// Summarize counts the decisions in ov and what they did to res, Apply's
// results for b with ov and opt. The engine's suggestions for an article
// are its first opt.K candidates in b; one lost to a block is a blocked
// target among them that the article does not pin (a pin wins over a
// block). Locked lists count only as locked. Inputs are not modified.
func Summarize(b Batch, ov *Overrides, res []Result, opt Options) Summary {
	var s Summary
	if ov != nil {
		for _, p := range ov.Pins {
			s.Pins += len(p.Links)
		}
		for _, bl := range ov.Blocks {
			if bl.From == "" {
				s.BlockedEverywhere++
			} else {
				s.BlockedPairs++
			}
		}
		s.Locks = len(ov.Locks)
	}
	r := newResolver(b.Articles)
	ru := resolve(r, ov)
	for a := range res {
		if res[a].Locked {
			s.ListsLocked++
			continue
		}
		for _, e := range res[a].Suggested {
			if e.Flags&FlagPinned != 0 {
				s.ListsPinned++
				break
			}
		}
		pinned := map[int]bool{}
		for _, p := range ru.pins[a] {
			pinned[r.one(p, a)] = true
		}
		if a < len(b.Candidates) {
			top := b.Candidates[a][:min(opt.K, len(b.Candidates[a]))]
			for _, h := range top {
				if h.Doc != a && ru.isBlocked(a, h.Doc) && !pinned[h.Doc] {
					s.ListsBlocked++
					break
				}
			}
		}
	}
	return s
}
