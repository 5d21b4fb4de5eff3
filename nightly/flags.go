package nightly

// Every setting is a command-line flag too, named from its key
// (recommend.ConfigKeys, the one place key names are made): the key top_k
// is the flag --top-k, fields.question is --fields-question, and the
// editors' margin and overrides are --margin and --overrides. ConfigFlags
// and EditorFlags bind them on a command's flag set, by reflection over
// the fields, so that a new field is a flag as soon as it exists, with
// its key's meaning (keyDocs, generated from the fields' doc comments by
// TestConfigFileInSync) as its help. ResolveFlags hands Resolve the flags
// that were set, so that the order of precedence (the defaults, the
// settings file, the flags) and the wording of every error are Resolve's.

import (
	"reflect"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"recommend/recommend"
)

// FlagName is the flag of a settings key: top_k → top-k, fields.question
// → fields-question.
func FlagName(key string) string {
	return strings.NewReplacer(".", "-", "_", "-").Replace(key)
}

// ConfigFlags binds one flag per config field into cfg, whose current
// values are the flags' defaults. A command's own flag of the same name,
// defined before, wins: that field is then set from the config file only.
func ConfigFlags(fs *pflag.FlagSet, cfg *recommend.Config) {
	v := reflect.ValueOf(cfg).Elem()
	for _, k := range recommend.ConfigKeys() {
		name := FlagName(k.Key)
		if fs.Lookup(name) != nil {
			continue
		}
		usage := keyDocs[k.Key]
		if parent, leaf, ok := strings.Cut(k.Key, "."); usage == "" && ok {
			usage = strings.TrimSuffix(keyDocs[parent], ".") + ": " + leaf
		}
		// "top_k is the number of …" reads "the number of …" in help.
		short := k.Key[strings.LastIndex(k.Key, ".")+1:]
		usage = strings.TrimPrefix(strings.TrimPrefix(usage, short+" is "), short+" ")
		p := v.FieldByIndex(k.Index).Addr().Interface()
		switch p := p.(type) {
		case *string:
			fs.StringVar(p, name, *p, usage)
		case *bool:
			fs.BoolVar(p, name, *p, usage)
		case *int:
			fs.IntVar(p, name, *p, usage)
		case *int64:
			fs.Int64Var(p, name, *p, usage)
		case *uint64:
			fs.Uint64Var(p, name, *p, usage)
		case *uint:
			fs.UintVar(p, name, *p, usage)
		case *float64:
			fs.Float64Var(p, name, *p, usage)
		case *time.Duration:
			fs.DurationVar(p, name, *p, usage)
		}
		// Other kinds are set from the config file only.
		if fs.Lookup(name) != nil {
			fs.SetAnnotation(name, configAnnotation, []string{k.Key})
		}
	}
}

// configAnnotation marks the flags ConfigFlags bound to a config field.
const configAnnotation = "recommend/config-key"

// EditorFlags binds the flags of the editors' settings to s, whose
// defaults they take.
func EditorFlags(fs *pflag.FlagSet, s *EditorSettings) {
	*s = DefaultEditorSettings
	fs.StringVar(&s.Overrides, "overrides", s.Overrides, "the editors' decisions `file` (pins, blocks, locks); default overrides.yaml beside the content folder")
	fs.Float64Var(&s.Margin, "margin", s.Margin,
		"hysteresis: a current link stays unless a candidate's score beats it by more than this (negative: off)")
}

// ResolveFlags returns the configuration a command runs with (Resolve):
// the defaults, overridden by the settings file (path, or SettingsFile in
// home when path is empty and it exists), overridden by the flags of fs
// set on the command line, whose values flagCfg (ConfigFlags) and ed
// (EditorFlags) hold. On return ed, when not nil, holds the editors'
// settings resolved the same way; file is the settings file read, "" for
// none. Every error is one line naming the flag, or the file, line and
// key, that set the bad value.
func ResolveFlags(home, path string, fs *pflag.FlagSet, flagCfg *recommend.Config, ed *EditorSettings) (cfg recommend.Config, file string, err error) {
	given := Given{Values: Settings{Config: *flagCfg}, Flags: map[string]string{}, Editors: ed != nil}
	for _, k := range recommend.ConfigKeys() {
		name := FlagName(k.Key)
		if fl := fs.Lookup(name); fl != nil && fl.Changed && fl.Annotations[configAnnotation] != nil {
			given.Flags[k.Key] = name
		}
	}
	if ed != nil {
		given.Values.EditorSettings = *ed
		for _, k := range []string{"margin", "overrides"} {
			if fl := fs.Lookup(k); fl != nil && fl.Changed {
				given.Flags[k] = k
			}
		}
	}
	set, file, err := Resolve(home, path, given)
	if err == nil && ed != nil {
		*ed = set.EditorSettings
	}
	return set.Config, file, err
}
