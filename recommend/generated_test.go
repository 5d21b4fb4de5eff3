package recommend

import (
	"bytes"
	"go/format"
	"os"
	"testing"
)

// CheckGenerated is the end of a test that fits constants and writes them
// as Go source (TestFitParaphrase, TestFitRerank): src is formatted and
// logged; with update it is written to file, otherwise the test fails
// unless file holds it already, naming the command (rerun) that rewrites
// it. Exported for the external tests of this folder.
func CheckGenerated(t *testing.T, file, src string, update bool, rerun string) {
	t.Helper()
	formatted, err := format.Source([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + string(formatted))
	if update {
		if err := os.WriteFile(file, formatted, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, formatted) {
		t.Errorf("%s does not hold this fit: run %s", file, rerun)
	}
}
