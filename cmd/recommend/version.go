package main

// `recommend version` prints the module version, the VCS revision and the
// Go version the binary was built with, from runtime/debug's build info.

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

type versionOptions struct {
	G *globalOptions
}

type versionInfo struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

func newVersionCmd(g *globalOptions, runF func(*versionOptions) error) *cobra.Command {
	opts := &versionOptions{G: g}
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of recommend and how it was built",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
}

func versionRun(opts *versionOptions) error {
	bi, _ := debug.ReadBuildInfo()
	v := versionOf(bi)
	if opts.G.JSON {
		return json.NewEncoder(opts.G.IO.Out).Encode(v)
	}
	_, err := fmt.Fprintln(opts.G.IO.Out, v.String())
	return err
}

// versionOf reads the module version and the VCS revision that the Go
// toolchain stamps into the binary (a build from a git checkout has both;
// `go run` and a build without VCS information have neither).
func versionOf(bi *debug.BuildInfo) versionInfo {
	v := versionInfo{Version: "(devel)"}
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
func (v versionInfo) String() string {
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
