package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedsIndex builds an index of a copy of seeds/ and returns the copy, the
// index folder and its current generation's folder.
func seedsIndex(t *testing.T) (content, index, gen string) {
	t.Helper()
	content = seedsCopy(t)
	index = filepath.Join(t.TempDir(), "index")
	if r := run(t, nil, "batch", "--corpus", content, "--quiet", "--index", index); r.Code != 0 {
		t.Fatalf("batch over seeds/: %s", r)
	}
	cur := strings.TrimSpace(string(readFile(t, filepath.Join(index, "CURRENT"))))
	gen = filepath.Join(index, cur)
	if _, err := os.Stat(filepath.Join(gen, "lookup.bin")); err != nil {
		t.Fatalf("index layout: %v", err)
	}
	return content, index, gen
}

// A damaged index gives one clear line on stderr and a non-zero exit,
// never a panic, a stack trace or a wrong answer.
func TestCorruptIndex(t *testing.T) {
	_, pristine, _ := seedsIndex(t)
	good := run(t, nil, "--id", "14219", "--index", pristine)
	if good.Code != 0 {
		t.Fatalf("lookup on a good index: %s", good)
	}
	truncate := func(name string, keep func(n int) int) func(t *testing.T, index, gen string) {
		return func(t *testing.T, index, gen string) {
			p := filepath.Join(gen, name)
			b := readFile(t, p)
			if err := os.WriteFile(p, b[:keep(len(b))], 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	flip := func(name string, at func(n int) int) func(t *testing.T, index, gen string) {
		return func(t *testing.T, index, gen string) {
			p := filepath.Join(gen, name)
			b := readFile(t, p)
			b[at(len(b))] ^= 0x5a
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(name, content string) func(t *testing.T, index, gen string) {
		return func(t *testing.T, index, gen string) {
			p := filepath.Join(gen, name)
			if name == "CURRENT" {
				p = filepath.Join(index, name)
			}
			if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	remove := func(name string) func(t *testing.T, index, gen string) {
		return func(t *testing.T, index, gen string) {
			if err := os.RemoveAll(filepath.Join(gen, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, index, gen string)
	}{
		// lookup.bin cut short
		{"lookup.bin truncated to half", truncate("lookup.bin", func(n int) int { return n / 2 })},
		{"lookup.bin truncated inside the header", truncate("lookup.bin", func(int) int { return 10 })},
		{"lookup.bin truncated by one byte", truncate("lookup.bin", func(n int) int { return n - 1 })},
		{"lookup.bin empty", truncate("lookup.bin", func(int) int { return 0 })},
		// lookup.bin with a wrong byte
		{"lookup.bin magic", flip("lookup.bin", func(int) int { return 0 })},
		{"lookup.bin version", flip("lookup.bin", func(int) int { return 8 })},
		{"lookup.bin article count", flip("lookup.bin", func(int) int { return 12 })},
		{"lookup.bin offset table", flip("lookup.bin", func(int) int { return 40 })},
		{"lookup.bin missing", remove("lookup.bin")},
		// the manifest and the pointer
		{"manifest.json garbage", write("manifest.json", "{not json")},
		{"manifest.json truncated", truncate("manifest.json", func(n int) int { return n / 2 })},
		{"manifest.json with another format", write("manifest.json", `{"format": 999}`)},
		{"manifest.json missing", remove("manifest.json")},
		{"CURRENT names no generation", write("CURRENT", "gen-0000000000000000\n")},
		{"CURRENT empty", write("CURRENT", "")},
		{"CURRENT points outside", write("CURRENT", "../../etc\n")},
		{"generation folder missing", func(t *testing.T, index, gen string) { os.RemoveAll(gen) }},
		{"index folder empty", func(t *testing.T, index, gen string) {
			os.RemoveAll(index)
			os.Mkdir(index, 0o755)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			index := filepath.Join(t.TempDir(), "index")
			copyTree(t, pristine, index)
			cur := strings.TrimSpace(string(readFile(t, filepath.Join(index, "CURRENT"))))
			tt.damage(t, index, filepath.Join(index, cur))
			for _, args := range [][]string{
				{"--id", "14219", "--index", index},
				{"--id", "14219", "--json", "--index", index},
			} {
				r := run(t, nil, args...)
				if r.Code == 0 {
					// Damage a lookup never reads may go unnoticed, but the
					// answer must then be the right one.
					if strings.Contains(strings.Join(args, " "), "--json") {
						continue
					}
					if string(r.Stdout) != string(good.Stdout) {
						t.Errorf("%s\nexit 0 with a different answer than the good index gives:\n%s", r, tail(r.Stdout, 400))
					}
					continue
				}
				checkOneLineError(t, r)
			}
		})
	}
}

// A config file with a wrong type, an out-of-range value, an unknown key or
// broken YAML stops the batch before it does anything: one line naming the
// file, exit 2, nothing written.
func TestBadConfig(t *testing.T) {
	tests := []struct {
		name, yaml string
	}{
		// wrong type
		{"top_k a word", "top_k: five\n"},
		{"top_k a fraction", "top_k: 5.5\n"},
		{"top_k a list", "top_k: [5]\n"},
		{"seed negative", "seed: -1\n"},
		{"top_k too large for an int", "top_k: 99999999999999999999999\n"},
		{"fields a number", "fields: 3\n"},
		// out of range
		{"top_k zero", "top_k: 0\n"},
		{"top_k huge", "top_k: 100000\n"},
		{"ranking unknown", "ranking: magic\n"},
		{"max_df above one", "max_df: 7\n"},
		{"min_df negative", "min_df: -3\n"},
		// not a config
		{"unknown key", "top_kk: 5\n"},
		{"broken YAML", "top_k: [5\n"},
		{"a list, not a mapping", "- top_k\n- 5\n"},
		{"tabs", "top_k:\t\t5\n\tseed: 1\n"},
		{"binary", "\x00\x01\x02\xff\xfe"},
	}
	content := seedsCopy(t)
	before := snapshot(t, content)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "recommend.yaml")
			if err := os.WriteFile(cfg, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			index := filepath.Join(t.TempDir(), "index")
			r := run(t, nil, "batch", "--corpus", content, "--write", "--config", cfg, "--index", index)
			checkOneLineError(t, r)
			if r.Code != 2 {
				t.Errorf("%s\nwant exit 2 (usage: bad config)", r)
			}
			if !strings.Contains(string(r.Stderr), cfg) {
				t.Errorf("error %q does not name the config file %s", strings.TrimSpace(string(r.Stderr)), cfg)
			}
			if _, err := os.Stat(index); err == nil {
				t.Errorf("an index was written despite the bad config")
			}
		})
	}
	if d := compare(before, snapshot(t, content)); !d.Empty() {
		t.Errorf("bad configs changed the content folder: %s", d)
	}
}

// An overrides file (the editors' pins, blocks and locks) with a wrong type
// or shape stops the batch the same way: one line naming the file, exit 2,
// nothing written.
func TestBadOverrides(t *testing.T) {
	tests := []struct {
		name, yaml string
	}{
		// wrong type
		{"pins a mapping", "pins:\n  article: 14219\n"},
		{"pin links a string", "pins:\n  - article: 14219\n    links: /learn/biology/questions/x\n"},
		{"locks a number", "locks: 7\n"},
		{"block both a word", "blocks:\n  - to: /learn/biology/questions/x\n    both: maybe\n"},
		{"pin article a list", "pins:\n  - article: [1, 2]\n    links: [/learn/a/questions/b]\n"},
		// shape
		{"unknown section", "pinz:\n  - article: 14219\n"},
		{"unknown key in a pin", "pins:\n  - article: 14219\n    linkz: [/learn/a/questions/b]\n"},
		{"block with no target", "blocks:\n  - from: 14219\n"},
		{"broken YAML", "pins: [\n"},
		{"binary", "\x00\x01\x02\xff\xfe"},
	}
	content := seedsCopy(t)
	before := snapshot(t, content)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "overrides.yaml")
			if err := os.WriteFile(file, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			r := run(t, nil, "batch", "--corpus", content, "--write", "--overrides", file, "--index", filepath.Join(t.TempDir(), "index"))
			checkOneLineError(t, r)
			if r.Code != 2 {
				t.Errorf("%s\nwant exit 2 (usage: bad overrides file)", r)
			}
			if !strings.Contains(string(r.Stderr), file) {
				t.Errorf("error %q does not name the overrides file %s", strings.TrimSpace(string(r.Stderr)), file)
			}
		})
	}
	if d := compare(before, snapshot(t, content)); !d.Empty() {
		t.Errorf("bad overrides files changed the content folder: %s", d)
	}
}
