package serve

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkRelated is one GET /api/related?id=N answered in process (no
// network): the server's share of a lookup's latency.
func BenchmarkRelated(b *testing.B) {
	s, err := New(Options{Index: seedIndex(b), Overrides: b.TempDir() + "/overrides.yaml"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := httptest.NewRequest("GET", "/api/related?id="+seedID, nil)
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Body)
		}
	}
}
