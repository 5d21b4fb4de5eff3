package main

// `recommend version` prints the module version, the VCS revision and the
// Go version the binary was built with (package internal/version reads
// them from runtime/debug's build info), as a line or as JSON.

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"recommend/internal/version"
)

type versionOptions struct {
	G *globalOptions
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
	v := version.Read()
	if opts.G.JSON {
		return json.NewEncoder(opts.G.IO.Out).Encode(v)
	}
	_, err := fmt.Fprintln(opts.G.IO.Out, v.String())
	return err
}
