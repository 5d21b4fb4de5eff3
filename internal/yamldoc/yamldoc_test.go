package yamldoc

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		kind    yaml.Kind
		wantErr string // substring; "" for no error
	}{
		{"empty", "", 0, ""},
		{"only comments", "# nothing yet\n", 0, ""},
		{"one mapping", "top_k: 5\n", yaml.DocumentNode, ""},
		{"explicit start", "---\ntop_k: 5\n", yaml.DocumentNode, ""},
		{"explicit end", "top_k: 5\n...\n", yaml.DocumentNode, ""},
		// The case yaml.Unmarshal gets wrong: the second document is dropped.
		{"second document", "locks: []\n---\nlocks: [/learn/a]\n", 0, "line 2: a second YAML document"},
		{"empty second document", "top_k: 5\n---\n", 0, "a second YAML document"},
		{"syntax error", "top_k: [5\n", 0, "yaml:"},
		{"syntax error in second document", "a: 1\n---\nb: [\n", 0, "yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Decode([]byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Decode(%q) error = %v, want one containing %q", tt.src, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%q) error = %v", tt.src, err)
			}
			if doc.Kind != tt.kind {
				t.Fatalf("Decode(%q) kind = %v, want %v", tt.src, doc.Kind, tt.kind)
			}
		})
	}
}

func TestDecodeMatchesUnmarshalOnOneDocument(t *testing.T) {
	src := []byte("# head\npins:\n  /learn/a: [/learn/b] # why\n")
	got, err := Decode(src)
	if err != nil {
		t.Fatal(err)
	}
	var want yaml.Node
	if err := yaml.Unmarshal(src, &want); err != nil {
		t.Fatal(err)
	}
	g, _ := yaml.Marshal(&got)
	w, _ := yaml.Marshal(&want)
	if string(g) != string(w) {
		t.Fatalf("Decode = %q, yaml.Unmarshal = %q", g, w)
	}
}
