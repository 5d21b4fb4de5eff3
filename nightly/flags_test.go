package nightly

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"recommend/internal/goldenfile"
	"recommend/internal/oneline"
	"recommend/recommend"
)

// repoFile is the path of a file at the repository root.
func repoFile(name string) string { return filepath.Join("..", name) }

// fieldDocs reads the doc comments of the fields of recommend.Config (and
// of the struct types it nests) from the package source, keyed by config
// key, with the package's string constants replaced by their quoted values
// (RankTFIDF → "tfidf"), so that the comments read right in YAML.
func fieldDocs(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	// The editors' settings (nightly.EditorSettings) are documented in nightly/.
	var files []*ast.File
	for _, dir := range []string{"recommend", "nightly"} {
		paths, err := filepath.Glob(filepath.Join(repoFile(dir), "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
			if err != nil {
				t.Fatalf("parsing %s: %v", p, err)
			}
			files = append(files, f)
		}
	}
	structs := map[string]*ast.StructType{}
	consts := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				if st, ok := n.Type.(*ast.StructType); ok {
					structs[n.Name.Name] = st
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) && name.IsExported() {
						if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name] = lit.Value
						}
					}
				}
			}
			return true
		})
	}
	names := make([]string, 0, len(consts))
	for n := range consts {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	// Other fields named in a comment are named by their keys: help and
	// recommend.yaml never name code.
	var fieldNames []string
	goToKey := map[string]string{}
	for _, k := range recommend.ConfigKeys() {
		top, _, _ := strings.Cut(k.Field, ".")
		topKey, _, _ := strings.Cut(k.Key, ".")
		goToKey[top] = topKey
	}
	for f := range reflect.TypeFor[EditorSettings]().Fields() {
		goToKey[f.Name] = recommend.KeyName(f)
	}
	for f := range goToKey {
		fieldNames = append(fieldNames, f)
	}
	sort.Strings(fieldNames)
	fieldRef := regexp.MustCompile(`\b(` + strings.Join(fieldNames, "|") + `)\b`)
	docs := map[string]string{}
	var walk func(st *ast.StructType, prefix string)
	walk = func(st *ast.StructType, prefix string) {
		for _, f := range st.Fields.List {
			text := f.Doc.Text()
			if text == "" {
				text = f.Comment.Text()
			}
			for _, n := range names {
				text = strings.ReplaceAll(text, n, consts[n])
			}
			for _, name := range f.Names {
				if !name.IsExported() {
					continue // not a setting (recommend.ConfigKeys skips it too)
				}
				key := prefix + recommend.Snake(name.Name)
				text := strings.TrimSpace(text)
				text = fieldRef.ReplaceAllStringFunc(text, func(f string) string { return goToKey[f] })
				docs[key] = text
				if id, ok := f.Type.(*ast.Ident); ok && structs[id.Name] != nil {
					walk(structs[id.Name], key+".")
				}
			}
		}
	}
	cfg, ok := structs["Config"]
	if !ok {
		t.Fatal("recommend.Config not found in recommend/")
	}
	walk(cfg, "")
	ed, ok := structs["EditorSettings"]
	if !ok {
		t.Fatal("EditorSettings not found in nightly/")
	}
	walk(ed, "")
	return docs
}

// renderConfigFile renders recommend.yaml: every field of recommend.Config
// with its comment, its flag and its default.
func renderConfigFile(t *testing.T, docs map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString(`# recommend.yaml: the engine's configuration, read by ` + "`recommend batch`" + ` and
# ` + "`recommend eval`" + ` beside the content folder (or --config FILE). Every value
# below is the default; delete a line to keep the default, or change it.
# Flags override this file: each key has a flag of the same name in kebab
# case (top_k: --top-k; fields.question: --fields-question).
# A value of the wrong type, an unknown key or a value out of range is an
# error (exit code 2) naming the line.
#
# Generated from the doc comments of recommend.Config by
# ` + "`make golden`" + ` (go test ./nightly -update).
`)
	def := reflect.ValueOf(recommend.DefaultConfig)
	var walk func(t reflect.Type, v reflect.Value, prefix, indent string)
	walk = func(rt reflect.Type, v reflect.Value, prefix, indent string) {
		for i := range rt.NumField() {
			f := rt.Field(i)
			if !f.IsExported() {
				continue
			}
			key := recommend.KeyName(f)
			flagName := FlagName(prefix + key)
			if indent != "" && docs[prefix+key] == "" {
				val, _ := yaml.Marshal(v.Field(i).Interface())
				fmt.Fprintf(&b, "%s%s: %s  # --%s\n", indent, key, bytes.TrimSpace(val), flagName)
				continue
			}
			b.WriteString("\n")
			for _, line := range strings.Split(docs[prefix+key], "\n") {
				if line != "" {
					b.WriteString(indent + "# " + line + "\n")
				}
			}
			if recommend.IsGroup(f.Type) {
				fmt.Fprintf(&b, "%s%s:\n", indent, key)
				walk(f.Type, v.Field(i), prefix+key+".", indent+"  ")
				continue
			}
			fmt.Fprintf(&b, "%s# Flag: --%s.\n", indent, flagName)
			val, err := yaml.Marshal(v.Field(i).Interface())
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s%s: %s", indent, key, val)
		}
	}
	walk(def.Type(), def, "", "")
	b.WriteString("\n# The editors' settings, which batch and eval apply to the engine's lists.\n")
	ed := reflect.ValueOf(DefaultEditorSettings)
	walk(ed.Type(), ed, "", "")
	return b.Bytes()
}

// renderConfigDocs renders keydoc.go: the comments as flag help.
func renderConfigDocs(docs map[string]string) []byte {
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("// Code generated by TestConfigFileInSync -update from recommend/config.go; DO NOT EDIT.\n\n")
	b.WriteString("package nightly\n\n")
	b.WriteString("// keyDocs is the meaning of each settings key, from the doc comment of\n")
	b.WriteString("// its field; flags use it as their help text.\n")
	b.WriteString("var keyDocs = map[string]string{\n")
	for _, k := range keys {
		if docs[k] != "" {
			fmt.Fprintf(&b, "\t%q: %s,\n", k, strconv.Quote(oneline.Line(docs[k])))
		}
	}
	b.WriteString("}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		panic(err) // the template above is wrong
	}
	return out
}

// TestConfigFileInSync fails when recommend.yaml or the flag help does not
// cover every field of recommend.Config with its current default and doc
// comment. Run with -update to regenerate both.
func TestConfigFileInSync(t *testing.T) {
	docs := fieldDocs(t)
	for _, f := range recommend.ConfigKeys() {
		top, _, _ := strings.Cut(f.Key, ".")
		if docs[f.Key] == "" && docs[top] == "" {
			t.Errorf("recommend.Config field %s has no doc comment to document it in recommend.yaml", f.Key)
		}
	}
	for _, g := range []struct {
		path string
		want []byte
	}{
		{repoFile("recommend.yaml"), renderConfigFile(t, docs)},
		{"keydoc.go", renderConfigDocs(docs)},
	} {
		if goldenfile.Update() {
			if err := os.WriteFile(g.path, g.want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(g.path)
		if err != nil || !bytes.Equal(got, g.want) {
			t.Errorf("%s is out of date with recommend.Config: run go test ./nightly -run TestConfigFileInSync -update", g.path)
		}
	}
	// The file, read back, is exactly the defaults, and names every field.
	data, err := os.ReadFile(repoFile("recommend.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var set Settings
	if err := DecodeSettings(data, &set, nil); err != nil {
		t.Fatalf("decoding recommend.yaml: %v", err)
	}
	if !reflect.DeepEqual(set, DefaultSettings()) {
		t.Errorf("recommend.yaml decodes to %+v, want the defaults %+v", set, DefaultSettings())
	}
	var m map[string]any
	yaml.Unmarshal(data, &m)
	for _, k := range []string{"margin", "overrides"} {
		if m[k] == nil {
			t.Errorf("recommend.yaml has no key %s", k)
		}
	}
	for _, f := range recommend.ConfigKeys() {
		var v any = m
		for _, k := range strings.Split(f.Key, ".") {
			mm, _ := v.(map[string]any)
			v = mm[k]
		}
		if v == nil {
			t.Errorf("recommend.yaml has no key %s", f.Key)
		}
	}
}

// TestCommandFlagWins checks that a command's own flag named like a config
// key shadows the config flag without overriding the config file's value.
func TestCommandFlagWins(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.yaml")
	os.WriteFile(p, []byte("seed: 7\ntop_k: 4\n"), 0o644)
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	own := fs.Uint64("seed", 0, "the command's own seed")
	flagCfg := recommend.DefaultConfig
	ConfigFlags(fs, &flagCfg)
	if err := fs.Parse([]string{"--seed", "99", "--top-k", "3"}); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := ResolveFlags("", p, fs, &flagCfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if *own != 99 || cfg.Seed != 7 || cfg.TopK != 3 {
		t.Errorf("own --seed = %d, cfg.Seed = %d, cfg.TopK = %d; want 99, 7 (from the file), 3 (from the flag)", *own, cfg.Seed, cfg.TopK)
	}
}
