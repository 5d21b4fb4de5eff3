package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

// python is the interpreter the reference scripts are written for (Debian's,
// with python3-yaml).
const python = "/usr/bin/python3"

// needPython skips (fails under CI=true) when the reference scripts cannot run.
func needPython(t *testing.T) {
	t.Helper()
	if err := exec.Command(python, "-c", "import yaml").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s with yaml is needed to cross-check against the reference scripts: %v", python, err)
		}
		t.Skipf("%s with yaml not available (%v): skipping the cross-check", python, err)
	}
}

// loadCorpus loads the real corpus, or skips where it is absent.
func loadCorpus(t *testing.T) []corpus.Article {
	t.Helper()
	dir := corpustest.Dir(t)
	arts, bad, err := corpus.Load(dir)
	if err != nil {
		t.Fatalf("corpus.Load(%s): %v", dir, err)
	}
	for _, e := range bad {
		t.Errorf("corpus.Load: %v (the reference scripts load every file)", e)
	}
	return arts
}

// judgedDev is the project's copy of the judgments, or the shared one.
func judgedDev() string {
	if _, err := os.Stat(filepath.Join("testdata", "judged-dev", "qrels.json")); err == nil {
		abs, _ := filepath.Abs(filepath.Join("testdata", "judged-dev"))
		return abs
	}
	return corpustest.Shared("judged-dev")
}

// runReference runs the reference script (related_eval.py or judged_eval.py)
// once per lists file, in one Python process: the script's own main() runs
// for each file, with its corpus load done once. It returns the printed
// figures by file.
func runReference(t *testing.T, script, dir string, files []string, env ...string) map[string]map[string]float64 {
	t.Helper()
	prog := `
import contextlib, functools, io, json, sys
bench, script, corpus, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sys.path.insert(0, bench)
m = __import__(script)
m.load = functools.lru_cache(None)(m.load)
out = {}
for f in files:
    sys.argv = [m.__file__, corpus, f]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        m.main()
    out[f] = json.loads(buf.getvalue())
print(json.dumps(out))
`
	args := append([]string{"-c", prog, corpustest.Shared("bench"), strings.TrimSuffix(script, ".py"), dir}, files...)
	cmd := exec.Command(python, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	var res map[string]map[string]float64
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%s printed %q: %v", script, out, err)
	}
	return res
}

// crossCheckSystems are the lists both implementations score: a seeded
// random same-folder baseline, the existing links, the existing links made
// messy (shuffled, with the article itself, unknown urls, repeats and copies
// of its question mixed in, so that every cleaning rule is exercised), and
// any lists files named in $EVAL_CROSSCHECK_LISTS (comma-separated), e.g.
// the output of sklearn_related.py.
func crossCheckSystems(t *testing.T, ix *Index) map[string]Lists {
	sys := map[string]Lists{
		"random":   ix.RandomSameFolder(5, 1),
		"existing": Existing(ix.Articles()),
		"messy":    messy(ix, 2),
	}
	for _, f := range strings.Split(os.Getenv("EVAL_CROSSCHECK_LISTS"), ",") {
		if f == "" {
			continue
		}
		l, err := ReadJSONLFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sys[filepath.Base(f)] = l
	}
	return sys
}

// messy returns the existing links shuffled, with noise that cleaning must drop.
func messy(ix *Index, seed uint64) Lists {
	rng := rand.New(rand.NewPCG(seed, seed))
	// a copy of each question key, so that some lists hold a same-question copy
	byKey := map[string][]int{}
	for i := range ix.arts {
		byKey[ix.qkey[i]] = append(byKey[ix.qkey[i]], i)
	}
	l := Lists{Related: map[string][]string{}}
	for i := range ix.arts {
		var rel []string
		for _, r := range ix.arts[i].Related {
			rel = append(rel, pyStrip(r.URL))
		}
		rel = append(rel, ix.url[i], "/learn/nowhere/questions/x", ix.url[rng.IntN(len(ix.arts))])
		for _, j := range byKey[ix.qkey[i]] {
			rel = append(rel, ix.url[j])
		}
		if len(rel) > 0 {
			rel = append(rel, rel[rng.IntN(len(rel))])
		}
		rng.Shuffle(len(rel), func(a, b int) { rel[a], rel[b] = rel[b], rel[a] })
		l.Related[ix.url[i]] = rel
	}
	return l
}

// TestCrossCheck requires the agreement and judged figures of this package
// to equal those of related_eval.py and judged_eval.py to four decimals on
// the full corpus.
func TestCrossCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("full-corpus cross-check")
	}
	needPython(t)
	dir := corpustest.Dir(t)
	ix := NewIndex(loadCorpus(t))
	q, err := LoadQrels(judgedDev())
	if err != nil {
		t.Fatal(err)
	}
	systems := crossCheckSystems(t, ix)
	tmp := t.TempDir()
	var files []string
	names := map[string]string{}
	for name, l := range systems {
		f := filepath.Join(tmp, name+".jsonl")
		var buf bytes.Buffer
		if err := WriteJSONL(&buf, ix.Articles(), l); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		names[f] = name
	}
	agree := runReference(t, "related_eval.py", dir, files)
	judged := runReference(t, "judged_eval.py", dir, files, "JUDGED_DEV="+judgedDev())
	for _, f := range files {
		name := names[f]
		a := ix.Agreement(systems[name].Related, 5)
		j := ix.Judged(systems[name].Related, q, 5)
		check := func(metric string, got, want float64) {
			t.Helper()
			if g, w := fmt.Sprintf("%.4f", got), fmt.Sprintf("%.4f", want); g != w {
				t.Errorf("%s %s = %s (%v), reference %s", name, metric, g, got, w)
			}
		}
		ra, rj := agree[f], judged[f]
		check("scored", float64(a.Scored), ra["scored"])
		check("recall@5", a.Recall, ra["recall@5"])
		check("precision@5", a.Precision, ra["precision@5"])
		check("hit@5", a.Hit, ra["hit@5"])
		check("mrr@5", a.MRR, ra["mrr@5"])
		check("ndcg@5", a.NDCG, ra["ndcg@5"])
		check("coverage", a.Coverage, ra["coverage"])
		check("queries", float64(j.Queries), rj["queries"])
		check("judged ndcg@5", j.NDCG, rj["ndcg@5"])
		check("p@5", j.P, rj["p@5"])
		check("p@5_strict", j.PStrict, rj["p@5_strict"])
		check("unjudged", j.Unjudged, rj["unjudged"])
		t.Logf("%-10s recall@5 %.4f precision@5 %.4f hit@5 %.4f mrr@5 %.4f ndcg@5 %.4f coverage %.4f | judged ndcg@5 %.4f p@5 %.4f strict %.4f unjudged %.4f",
			name, a.Recall, a.Precision, a.Hit, a.MRR, a.NDCG, a.Coverage, j.NDCG, j.P, j.PStrict, j.Unjudged)
	}
}
