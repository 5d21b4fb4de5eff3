package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionRun(t *testing.T) {
	code, stdout, _ := runArgs("version")
	if code != exitOK || !strings.HasPrefix(stdout, "recommend ") || !strings.HasSuffix(stdout, " "+runtime.Version()+"\n") {
		t.Errorf("recommend version: exit %d, %q; want \"recommend <version> … %s\"", code, stdout, runtime.Version())
	}
	code, stdout, _ = runArgs("version", "--json")
	var v versionInfo
	if err := json.Unmarshal([]byte(stdout), &v); code != exitOK || err != nil || v.Version == "" || v.Go != runtime.Version() {
		t.Errorf("recommend version --json: exit %d, %q (%v)", code, stdout, err)
	}
}

// TestVersionOf checks the line printed from the build information the Go
// toolchain stamps: module version and VCS revision when there are some.
func TestVersionOf(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "2764c06d650db143220d44a67f0ddfffbfb9e4df"}}
	tests := []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{nil, "recommend (devel) "},
		{&debug.BuildInfo{GoVersion: "go1.26.8"}, "recommend (devel) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207031147-2764c06d650d"}, Settings: vcs},
			"recommend v0.0.0-20261207031147-2764c06d650d (2764c06d650db143220d44a67f0ddfffbfb9e4df) go1.26.8"},
		{&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: append(vcs, debug.BuildSetting{Key: "vcs.modified", Value: "true"})},
			"recommend v1.2.0 (2764c06d650db143220d44a67f0ddfffbfb9e4df, modified) go1.26.8"},
	}
	for _, tt := range tests {
		if got := versionOf(tt.bi).String(); got != tt.want {
			t.Errorf("versionOf(%+v) = %q, want %q", tt.bi, got, tt.want)
		}
	}
}
