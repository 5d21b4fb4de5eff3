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
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"recommend/nightly"
	"recommend/recommend"
)

// defaultConfigFile is read when --config is not given and it exists in
// the content folder's home (home.go).
const defaultConfigFile = "recommend.yaml"

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

// resolveConfig returns the configuration a command runs with: the
// defaults, overridden by the config file (path, or recommend.yaml in home
// when path is empty and it exists), overridden by the flags set on the
// command line (whose values flagCfg and ed hold). On return ed holds the
// editors' settings resolved the same way, the overrides file as a path:
// a flag's as given, the config file's relative to the file's folder, the
// default in home. Every error is a usageError of one line naming the
// flag, or the file, line and key, that set the bad value.
func resolveConfig(home, path string, flags *pflag.FlagSet, flagCfg *recommend.Config, ed *nightly.EditorSettings) (recommend.Config, configSource, error) {
	set := nightly.DefaultSettings()
	cfg := &set.Config
	var src configSource
	if path == "" {
		if p := filepath.Join(home, defaultConfigFile); home != "" && fileExists(p) {
			path = shortPath(p)
		}
	}
	lines := map[string]int{}
	base := home // the folder a relative overrides path is in
	if path != "" {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return *cfg, src, usageErrorf("config file %s does not exist", path)
		}
		if err != nil {
			return *cfg, src, usageErrorf("%v", fileError(path, err))
		}
		if err := nightly.DecodeSettings(data, &set, lines); err != nil {
			return *cfg, src, usageErrorf("%s:%v", path, err)
		}
		src.File = path
		if _, ok := lines["overrides"]; ok {
			base = filepath.Dir(path)
		}
	}
	fv, cv := reflect.ValueOf(flagCfg).Elem(), reflect.ValueOf(cfg).Elem()
	fromFlag := map[string]string{}
	for _, f := range configFields() {
		if fl := flags.Lookup(f.Flag); fl != nil && fl.Changed && fl.Annotations[configAnnotation] != nil {
			cv.FieldByIndex(f.Index).Set(fv.FieldByIndex(f.Index))
			fromFlag[f.Key] = f.Flag
		}
	}
	// bad names where a bad value came from: the flag, the file's line,
	// or (for a default that another value made invalid) the key alone.
	bad := func(key, msg string) error {
		if fl, ok := fromFlag[key]; ok {
			return usageErrorf("--%s: %s", fl, msg)
		}
		if line, ok := lines[key]; ok {
			return usageErrorf("%s:%d: %s: %s", path, line, key, msg)
		}
		return usageErrorf("%s: %s", key, msg)
	}
	if err := cfg.Validate(); err != nil {
		var ce *recommend.ConfigError
		if !errors.As(err, &ce) {
			return *cfg, src, usageErrorf("%v", err)
		}
		return *cfg, src, bad(ce.Key, ce.Message)
	}
	if ed != nil {
		if changed(flags, "margin") {
			set.Margin, fromFlag["margin"] = ed.Margin, "margin"
		}
		if changed(flags, "overrides") {
			set.Overrides = ed.Overrides
		} else if set.Overrides != "" && !filepath.IsAbs(set.Overrides) && base != "" {
			set.Overrides = shortPath(filepath.Join(base, set.Overrides))
		}
		if set.Overrides == "" {
			return *cfg, src, bad("overrides", "must name a file")
		}
		if _, err := set.EditorSettings.Options(cfg.TopK); err != nil {
			if msg, ok := strings.CutPrefix(err.Error(), "margin: "); ok {
				return *cfg, src, bad("margin", msg)
			}
		}
		*ed = set.EditorSettings
	}
	return *cfg, src, nil
}

// editorFlags binds the flags of the editors' settings to s, whose
// defaults they take.
func editorFlags(f *pflag.FlagSet, s *nightly.EditorSettings) {
	*s = nightly.DefaultEditorSettings
	f.StringVar(&s.Overrides, "overrides", s.Overrides, "the editors' decisions `file` (pins, blocks, locks); default overrides.yaml beside the content folder")
	f.Float64Var(&s.Margin, "margin", s.Margin,
		"hysteresis: a current link stays unless a candidate's score beats it by more than this (negative: off)")
}

// fileExists reports whether path names an existing file or folder.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
