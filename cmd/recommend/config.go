package main

// The engine's configuration reaches the commands three ways, each
// overriding the one before: recommend.DefaultConfig, a YAML config file
// (recommend.yaml), and flags, one per key (nightly.ConfigFlags and
// nightly.EditorFlags bind them; nightly.ResolveFlags resolves the
// three). This file makes a bad value a usage error.

import (
	"github.com/spf13/pflag"

	"recommend/nightly"
	"recommend/recommend"
)

// resolveConfig is nightly.ResolveFlags, its errors usage errors: the
// configuration a command runs with, and the config file read ("" for
// none).
func resolveConfig(home, path string, flags *pflag.FlagSet, flagCfg *recommend.Config, ed *nightly.EditorSettings) (recommend.Config, string, error) {
	cfg, file, err := nightly.ResolveFlags(home, path, flags, flagCfg, ed)
	if err != nil {
		return cfg, file, usageErrorf("%v", err)
	}
	return cfg, file, nil
}
