package e2e

// The import layers of ARCHITECTURE.md, held to the code: `go list` gives
// every package's imports, and a package may import only packages of a
// lower layer. A new package must be given its layer here (and in
// ARCHITECTURE.md's table) before the test passes.

import (
	"os/exec"
	"strings"
	"testing"

	"recommend/internal/corpustest"
)

// layers is ARCHITECTURE.md's table: package (without the module's name)
// to layer.
var layers = map[string]int{
	"internal/par": 0, "internal/atomicfile": 0, "internal/regular": 0,
	"internal/runlock": 0, "internal/yamldoc": 0, "internal/corpustest": 0,
	"internal/memlimit": 0, "internal/version": 0, "internal/goldenfile": 0,
	"internal/browsertest": 0, "internal/oneline": 0, "home": 0,
	"internal/linalg": 1, "internal/logistic": 1, "internal/termlog": 1,
	"corpus": 2, "index": 2,
	"recommend": 3, "corpus/synth": 3,
	"editor": 4,
	"eval":   5, "review": 5, "lookup": 5,
	"nightly": 6, "serve": 6,
	"cmd/recommend": 7, "cmd/recommend-lookup": 7, "cmd/synthcorpus": 7, "cmd/lookupload": 7,
	"e2e": 8,
}

func TestImportLayers(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	cmd.Dir = corpustest.Root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "recommend/"
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], mod)
		from, ok := layers[pkg]
		if !ok {
			t.Errorf("package %s has no layer: add it to ARCHITECTURE.md and to layers", pkg)
			continue
		}
		for _, imp := range f[1:] {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			to, ok := layers[strings.TrimPrefix(imp, mod)]
			if ok && to >= from {
				t.Errorf("%s (layer %d) imports %s (layer %d): a package imports only lower layers", pkg, from, imp, to)
			}
		}
	}
}
