package main

// The engine's configuration reaches the commands three ways, each
// overriding the one before: recommend.DefaultConfig, a YAML config file
// (recommend.yaml), and flags. Keys and flags are derived from the fields
// of recommend.Config by reflection (recommend.ConfigKeys, the one place
// the names are made), so a new field is configurable as soon as it
// exists: a field TopK is the key top_k and the flag --top-k; a nested
// struct field Fields.Question is the key question inside fields and the
// flag --fields-question. TestConfigFileInSync keeps recommend.yaml
// listing every field with its default and meaning.

import (
	"reflect"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"recommend/nightly"
	"recommend/recommend"
)

// cfgField is one leaf setting of recommend.Config (its key, derived in
// recommend.ConfigKeys) and the flag that sets it.
type cfgField struct {
	recommend.ConfigKey
	Flag string // flag name: "fields-question"
}

// configFields lists every leaf setting of recommend.Config, in field order.
func configFields() []cfgField {
	var out []cfgField
	for _, k := range recommend.ConfigKeys() {
		out = append(out, cfgField{ConfigKey: k, Flag: flagName(k.Key)})
	}
	return out
}

// flagName is the flag of a config key: top_k → top-k, fields.question →
// fields-question.
func flagName(key string) string {
	return strings.NewReplacer(".", "-", "_", "-").Replace(key)
}

// configFlags binds one flag per config field into cfg, whose current
// values are the flags' defaults. A command's own flag of the same name,
// defined before, wins: that field is then set from the config file only.
func configFlags(fs *pflag.FlagSet, cfg *recommend.Config) {
	v := reflect.ValueOf(cfg).Elem()
	for _, f := range configFields() {
		if fs.Lookup(f.Flag) != nil {
			continue
		}
		usage := configDocs[f.Key]
		if parent, leaf, ok := strings.Cut(f.Key, "."); usage == "" && ok {
			usage = strings.TrimSuffix(configDocs[parent], ".") + ": " + leaf
		}
		// "top_k is the number of …" reads "the number of …" in help.
		short := f.Key[strings.LastIndex(f.Key, ".")+1:]
		usage = strings.TrimPrefix(strings.TrimPrefix(usage, short+" is "), short+" ")
		p := v.FieldByIndex(f.Index).Addr().Interface()
		switch p := p.(type) {
		case *string:
			fs.StringVar(p, f.Flag, *p, usage)
		case *bool:
			fs.BoolVar(p, f.Flag, *p, usage)
		case *int:
			fs.IntVar(p, f.Flag, *p, usage)
		case *int64:
			fs.Int64Var(p, f.Flag, *p, usage)
		case *uint64:
			fs.Uint64Var(p, f.Flag, *p, usage)
		case *uint:
			fs.UintVar(p, f.Flag, *p, usage)
		case *float64:
			fs.Float64Var(p, f.Flag, *p, usage)
		case *time.Duration:
			fs.DurationVar(p, f.Flag, *p, usage)
		}
		// Other kinds are set from the config file only.
		if fs.Lookup(f.Flag) != nil {
			fs.SetAnnotation(f.Flag, configAnnotation, []string{f.Key})
		}
	}
}

// configAnnotation marks the flags configFlags bound to a config field.
const configAnnotation = "recommend/config-key"

// configSource says where the configuration came from, for errors and logs.
type configSource struct {
	File string // the config file read, "" for none
}

// resolveConfig returns the configuration a command runs with
// (nightly.Resolve): the defaults, overridden by the config file (path, or
// recommend.yaml in home when path is empty and it exists), overridden by
// the flags set on the command line (whose values flagCfg and ed hold). On
// return ed, when not nil, holds the editors' settings resolved the same
// way. Every error is a usageError of one line naming the flag, or the
// file, line and key, that set the bad value.
func resolveConfig(home, path string, flags *pflag.FlagSet, flagCfg *recommend.Config, ed *nightly.EditorSettings) (recommend.Config, configSource, error) {
	given := nightly.Given{Values: nightly.Settings{Config: *flagCfg}, Flags: map[string]string{}, Editors: ed != nil}
	for _, f := range configFields() {
		if fl := flags.Lookup(f.Flag); fl != nil && fl.Changed && fl.Annotations[configAnnotation] != nil {
			given.Flags[f.Key] = f.Flag
		}
	}
	if ed != nil {
		given.Values.EditorSettings = *ed
		for _, k := range []string{"margin", "overrides"} {
			if changed(flags, k) {
				given.Flags[k] = k
			}
		}
	}
	set, file, err := nightly.Resolve(home, path, given)
	if err != nil {
		return set.Config, configSource{file}, usageErrorf("%v", err)
	}
	if ed != nil {
		*ed = set.EditorSettings
	}
	return set.Config, configSource{File: file}, nil
}

// editorFlags binds the flags of the editors' settings to s, whose
// defaults they take.
func editorFlags(f *pflag.FlagSet, s *nightly.EditorSettings) {
	*s = nightly.DefaultEditorSettings
	f.StringVar(&s.Overrides, "overrides", s.Overrides, "the editors' decisions `file` (pins, blocks, locks); default overrides.yaml beside the content folder")
	f.Float64Var(&s.Margin, "margin", s.Margin,
		"hysteresis: a current link stays unless a candidate's score beats it by more than this (negative: off)")
}
