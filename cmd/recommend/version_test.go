package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"recommend/internal/version"
)

func TestVersionRun(t *testing.T) {
	code, stdout, _ := runArgs("version")
	if code != exitOK || !strings.HasPrefix(stdout, "recommend ") || !strings.HasSuffix(stdout, " "+runtime.Version()+"\n") {
		t.Errorf("recommend version: exit %d, %q; want \"recommend <version> … %s\"", code, stdout, runtime.Version())
	}
	code, stdout, _ = runArgs("version", "--json")
	var v version.Info
	if err := json.Unmarshal([]byte(stdout), &v); code != exitOK || err != nil || v.Version == "" || v.Go != runtime.Version() {
		t.Errorf("recommend version --json: exit %d, %q (%v)", code, stdout, err)
	}
}
