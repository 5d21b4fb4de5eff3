package version

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestOf checks the line printed from the build information the Go
// toolchain stamps: module version and VCS revision when there are some.
func TestOf(t *testing.T) {
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
		if got := Of(tt.bi).String(); got != tt.want {
			t.Errorf("Of(%+v) = %q, want %q", tt.bi, got, tt.want)
		}
	}
}

// TestRead reads this test binary's own build information.
func TestRead(t *testing.T) {
	if v := Read(); v.Go != runtime.Version() || !strings.HasSuffix(v.String(), " "+runtime.Version()) {
		t.Errorf("Read() = %+v, want Go %s", v, runtime.Version())
	}
}
