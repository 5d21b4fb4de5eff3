package recommend_test

// The ranking's tuning harness: opt-in (-tune), on the real corpus. It builds
// models under several configurations, scores each on the judged
// development set and on agreement with the existing links (package eval,
// which follows ../shared/bench/judged_eval.py and related_eval.py), and
// writes the lists of each as JSON lines for the reference scorers:
//
//	go test ./recommend -run TestTune -tune -v -tune.out /tmp/lists.jsonl -timeout 60m
//	JUDGED_DEV=eval/testdata/judged-dev /usr/bin/python3 ../shared/bench/judged_eval.py \
//	    ../shared/quicktakes/content/learn /tmp/lists.jsonl
//
// (JUDGED_DEV points the scorer at the project's judgments, which include
// the rounds judged since ../shared/judged-dev was published.)

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/corpustest"
	"recommend/recommend"
)

var (
	tune     = flag.Bool("tune", false, "run the ranking's tuning harness on the real corpus")
	tuneOut  = flag.String("tune.out", "", "write each configuration's lists here (JSON lines; a %d in the name is the configuration's number)")
	tuneSpec = flag.String("tune.configs", "", "JSON list of Config overrides to measure (default: the default configuration)")
)

// loadForTune loads the corpus through corpus.Load.
func loadForTune(t *testing.T) []corpus.Article {
	dir := corpustest.Dir(t)
	arts, bad, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Logf("%d files not loaded, first: %v", len(bad), bad[0])
	}
	return arts
}

func TestTune(t *testing.T) {
	if !*tune {
		t.Skip("tuning harness: run with -tune")
	}
	arts := loadForTune(t)
	ix := eval.NewIndex(arts)
	q, err := eval.LoadQrels(filepath.Join(corpustest.Root(), "eval", "testdata", "judged-dev"))
	if err != nil {
		t.Fatal(err)
	}
	cfgs := []recommend.Config{recommend.DefaultConfig}
	if *tuneSpec != "" {
		cfgs = nil
		var raws []json.RawMessage
		if err := json.Unmarshal([]byte(*tuneSpec), &raws); err != nil {
			t.Fatal(err)
		}
		for _, r := range raws {
			c := recommend.DefaultConfig
			if err := json.Unmarshal(r, &c); err != nil {
				t.Fatal(err)
			}
			cfgs = append(cfgs, c)
		}
	}
	for n, cfg := range cfgs {
		start := time.Now()
		m, err := recommend.Build(arts, cfg)
		if err != nil {
			t.Fatal(err)
		}
		lists := urlLists(m, arts)
		j := ix.Judged(lists, q, 5)
		a := ix.Agreement(lists, 5)
		spec, _ := json.Marshal(cfg)
		fmt.Printf("judged %s agreement recall@5 %.4f hit@5 %.4f | dups %d explained %.3f | %.1fs | %s\n",
			jsonString(j), a.Recall, a.Hit, len(m.Duplicates()), m.Explained(), time.Since(start).Seconds(), spec)
		if *tuneOut != "" {
			name := *tuneOut
			if strings.Contains(name, "%d") {
				name = fmt.Sprintf(name, n)
			}
			writeLists(t, name, m, arts)
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func urlLists(m *recommend.Model, arts []corpus.Article) map[string][]string {
	out := make(map[string][]string, len(arts))
	for i, hs := range m.Lists() {
		us := make([]string, len(hs))
		for k, h := range hs {
			us[k] = arts[h.Doc].URL
		}
		out[strings.TrimSpace(arts[i].URL)] = us
	}
	return out
}

func writeLists(t *testing.T, path string, m *recommend.Model, arts []corpus.Article) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i, hs := range m.Lists() {
		line := struct {
			URL     string    `json:"url"`
			Related []string  `json:"related"`
			Scores  []float64 `json:"scores"`
		}{URL: arts[i].URL, Related: []string{}, Scores: []float64{}}
		for _, h := range hs {
			line.Related = append(line.Related, arts[h.Doc].URL)
			line.Scores = append(line.Scores, h.Score)
		}
		b, _ := json.Marshal(line)
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
