package recommend

import "errors"

// Config holds every knob of the ranking. DefaultConfig is the measured best;
// Validate checks ranges before any work starts.
type Config struct {
	Ranking string // "blend" (default), "tfidf" or "lsa"
	TopK    int    // related articles per article (1–50)
	Seed    uint64 // every random draw comes from it
}

// DefaultConfig is the configuration the batch uses unless told otherwise.
var DefaultConfig = Config{Ranking: "blend", TopK: 5, Seed: 1}

// Validate reports the first out-of-range field.
func (c Config) Validate() error {
	if c.TopK < 1 || c.TopK > 50 {
		return errors.New("recommend: topk must be between 1 and 50")
	}
	return nil
}
