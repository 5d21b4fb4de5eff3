package eval

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"recommend/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// smallSite is twelve articles in three folders, with existing links, one
// unresolved and one repeated link, and a reworded copy.
func smallSite() []corpus.Article {
	f := func(folder, slug string) string { return "/learn/" + folder + "/questions/" + slug }
	mk := func(folder, slug, id, q string, rel ...string) corpus.Article {
		a := art(folder, slug, q)
		a.ID, a.Title = id, q
		for _, r := range rel {
			a.Related = append(a.Related, corpus.Link{URL: r, Subject: folder, ID: r})
		}
		return a
	}
	arts := []corpus.Article{
		mk("bio", "cells", "1", "What do cells need to divide?", f("bio", "mitosis"), f("bio", "dna")),
		mk("bio", "mitosis", "2", "What happens in mitosis?", f("bio", "cells"), f("bio", "meiosis")),
		mk("bio", "meiosis", "3", "How does meiosis differ from mitosis?", f("bio", "mitosis"), f("bio", "gone")),
		mk("bio", "dna", "4", "How is DNA copied before cells divide?", f("bio", "cells")),
		mk("bio", "dna-copy", "5", "How is DNA copied before a cell divides?"),
		mk("econ", "prices", "6", "How do markets set prices?", f("econ", "demand"), f("econ", "demand")),
		mk("econ", "demand", "7", "What shifts the demand curve?", f("econ", "prices")),
		mk("econ", "supply", "8", "What shifts the supply curve?", f("econ", "demand")),
		mk("econ", "tax", "9", "Who pays a sales tax?"),
		mk("art", "colour", "10", "Why do painters mix colours?", f("art", "light")),
		mk("art", "light", "11", "How did painters show light?"),
		mk("art", "perspective", "12", "Who invented linear perspective?"),
	}
	// Links carry their target's id and title, but for one stale title.
	byURL := map[string]*corpus.Article{}
	for i := range arts {
		byURL[arts[i].URL] = &arts[i]
	}
	for i := range arts {
		for n, l := range arts[i].Related {
			if t := byURL[l.URL]; t != nil {
				arts[i].Related[n].ID, arts[i].Related[n].Title = t.ID, t.Title
			}
		}
	}
	arts[1].Related[1].Title = "How does meiosis differ from mitosis"
	return arts
}

func smallReport(t *testing.T) *Report {
	t.Helper()
	arts := smallSite()
	ix := NewIndex(arts)
	f := func(folder, slug string) string { return "/learn/" + folder + "/questions/" + slug }
	system := Lists{
		Related: map[string][]string{
			f("bio", "cells"):   {f("bio", "dna"), f("bio", "mitosis"), f("bio", "meiosis")},
			f("bio", "mitosis"): {f("bio", "meiosis"), f("bio", "cells")},
			f("bio", "meiosis"): {f("bio", "mitosis"), f("bio", "dna")},
			f("econ", "prices"): {f("econ", "supply"), f("econ", "demand"), f("econ", "tax")},
			f("econ", "demand"): {f("econ", "supply"), f("econ", "prices")},
			f("art", "colour"):  {f("art", "light"), f("bio", "cells")},
		},
		Scores: map[string][]float64{
			f("bio", "cells"):   {0.61, 0.44, 0.32},
			f("bio", "mitosis"): {0.72, 0.44},
			f("econ", "prices"): {0.35, 0.3, 0.05},
		},
	}
	q := &Qrels{
		Queries: []string{f("bio", "cells"), f("econ", "prices")},
		Grades: map[string]map[string]int{
			f("bio", "cells"):   {f("bio", "dna"): 2, f("bio", "mitosis"): 2, f("bio", "dna-copy"): 2},
			f("econ", "prices"): {f("econ", "demand"): 2, f("econ", "supply"): 1, f("econ", "tax"): 0},
		},
	}
	return ix.Report([]System{
		{Name: SystemExisting, Lists: Existing(arts)},
		{Name: SystemRandom, Lists: ix.RandomSameFolder(3, 1)},
		{Name: "system", Lists: system},
	}, Options{K: 3, Qrels: q})
}

// TestReportText compares the text form with testdata/report.golden
// (go test ./eval -run TestReportText -update rewrites it).
func TestReportText(t *testing.T) {
	var got bytes.Buffer
	if err := smallReport(t).WriteText(&got); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("WriteText =\n%s\nwant (%s)\n%s", got.Bytes(), golden, want)
	}
}

func TestReportJSON(t *testing.T) {
	var a, b bytes.Buffer
	if err := smallReport(t).WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	if err := smallReport(t).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two WriteJSON of the same report differ")
	}
	var r Report
	if err := json.Unmarshal(a.Bytes(), &r); err != nil {
		t.Fatalf("WriteJSON wrote invalid JSON: %v", err)
	}
	if len(r.Systems) != 3 || r.Systems[2].Name != "system" || r.Systems[2].Judged == nil {
		t.Fatalf("WriteJSON systems = %+v", r.Systems)
	}
	// cells: Gold {mitosis, dna}; listed dna, mitosis, meiosis: 2 hits of 2.
	if got := r.Systems[2].BySubject[0]; got.Scored != 4 {
		t.Errorf("bio folder scored %d, want 4 (cells, mitosis, meiosis, dna)", got.Scored)
	}
	if r.Hygiene.Unresolved != 1 || r.Hygiene.Repeated != 1 || r.Hygiene.NoLinks != 4 {
		t.Errorf("hygiene = %+v", r.Hygiene)
	}
}
