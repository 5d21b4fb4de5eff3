package main

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
	v := versionInfo{Version: "(devel)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
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
	}
	out := opts.G.IO.Out
	if opts.G.JSON {
		return json.NewEncoder(out).Encode(v)
	}
	fmt.Fprintf(out, "recommend %s", v.Version)
	if v.Revision != "" {
		fmt.Fprintf(out, " (%s", v.Revision)
		if v.Modified {
			fmt.Fprint(out, ", modified")
		}
		fmt.Fprint(out, ")")
	}
	fmt.Fprintf(out, " %s\n", v.Go)
	return nil
}
