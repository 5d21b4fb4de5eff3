// Package version says which build of recommend is running: the module
// version and the VCS revision that the Go toolchain stamps into the
// binary (runtime/debug's build information), and the Go version it was
// built with. A build from a git checkout has both; `go run` and a build
// without VCS information have neither, and say "(devel)".
package version

import "runtime/debug"

// Info is a binary's version, as `recommend version` prints it.
type Info struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

// Read returns the running binary's Info.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return Of(bi)
}

// Of reads the module version and the VCS revision from bi (nil: none).
func Of(bi *debug.BuildInfo) Info {
	v := Info{Version: "(devel)"}
	if bi == nil {
		return v
	}
	v.Go = bi.GoVersion
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the line `recommend version` prints:
// "recommend v0.0.0-… (2764c06…, modified) go1.26.8".
func (v Info) String() string {
	s := "recommend " + v.Version
	if v.Revision != "" {
		s += " (" + v.Revision
		if v.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + v.Go
}
