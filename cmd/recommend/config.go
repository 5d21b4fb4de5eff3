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
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"recommend/internal/yamldoc"
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

// durationType is time.Duration, which is set from a string such as 90s.
var durationType = reflect.TypeOf(time.Duration(0))

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

// fileSettings is everything recommend.yaml sets: the engine's settings
// (recommend.Config) and the editors' settings that batch and eval apply
// (editorOptions), all as top-level keys.
type fileSettings struct {
	recommend.Config
	editorOptions
}

// resolveConfig returns the configuration a command runs with: the
// defaults, overridden by the config file (path, or recommend.yaml in home
// when path is empty and it exists), overridden by the flags set on the
// command line (whose values flagCfg and ed hold). On return ed holds the
// editors' settings resolved the same way, the overrides file as a path:
// a flag's as given, the config file's relative to the file's folder, the
// default in home. Every error is a usageError of one line naming the
// flag, or the file, line and key, that set the bad value.
func resolveConfig(home, path string, flags *pflag.FlagSet, flagCfg *recommend.Config, ed *editorOptions) (recommend.Config, configSource, error) {
	set := fileSettings{Config: recommend.DefaultConfig, editorOptions: defaultEditorOptions}
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
		if err := decodeSettings(data, &set, lines); err != nil {
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
		if msg, ok := strings.CutPrefix(fmt.Sprint(editorValidate(set.editorOptions, cfg.TopK)), "margin: "); ok {
			return *cfg, src, bad("margin", msg)
		}
		*ed = set.editorOptions
	}
	return *cfg, src, nil
}

// fileExists reports whether path names an existing file or folder.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// decodeConfig sets the fields of cfg that the YAML document data names.
// Unknown keys, values of the wrong type and missing values are errors
// that start with the line number ("12: top_k: ...").
func decodeConfig(data []byte, cfg *recommend.Config) error {
	set := fileSettings{Config: *cfg, editorOptions: defaultEditorOptions}
	err := decodeSettings(data, &set, nil)
	*cfg = set.Config
	return err
}

// decodeSettings is decodeConfig for every key of recommend.yaml,
// recording in lines (when it is not nil) the line of each key the
// document sets ("fields.answer" → 7).
func decodeSettings(data []byte, set *fileSettings, lines map[string]int) error {
	doc, err := yamldoc.Decode(data)
	if err != nil {
		return fmt.Errorf(" %s", strings.TrimPrefix(oneLine(err.Error()), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // an empty file sets nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%d: the config file must be a mapping of keys to values", root.Line)
	}
	return decodeStruct(root, reflect.ValueOf(set).Elem(), "", lines)
}

// keyFields maps the keys of struct type t to their field index paths;
// the fields of an embedded struct are keys of t itself.
func keyFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Anonymous:
			for k, idx := range keyFields(f.Type) {
				out[k] = append([]int{i}, idx...)
			}
		case f.IsExported():
			out[recommend.KeyName(f)] = []int{i}
		}
	}
	return out
}

func decodeStruct(m *yaml.Node, v reflect.Value, prefix string, lines map[string]int) error {
	fields := keyFields(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, vn := m.Content[i], m.Content[i+1]
		key := kn.Value
		field, ok := fields[key]
		if !ok {
			return fmt.Errorf("%d: unknown key %q", kn.Line, prefix+key)
		}
		if seen[key] {
			return fmt.Errorf("%d: key %q given twice", kn.Line, prefix+key)
		}
		seen[key] = true
		if lines != nil {
			lines[prefix+key] = kn.Line
		}
		fv := v.FieldByIndex(field)
		if recommend.IsGroup(fv.Type()) {
			if vn.Kind != yaml.MappingNode {
				return fmt.Errorf("%d: %s: want a mapping of keys to values", vn.Line, prefix+key)
			}
			if err := decodeStruct(vn, fv, prefix+key+".", lines); err != nil {
				return err
			}
			continue
		}
		if vn.Kind != yaml.ScalarNode || vn.Tag == "!!null" {
			return fmt.Errorf("%d: %s: want %s", vn.Line, prefix+key, kindName(fv.Type()))
		}
		tmp := reflect.New(fv.Type())
		if err := vn.Decode(tmp.Interface()); err != nil || (fv.Kind() == reflect.String && vn.Tag != "!!str") || ((fv.CanInt() && fv.Type() != durationType || fv.CanUint()) && vn.Tag != "!!int") {
			return fmt.Errorf("%d: %s: %q is not %s", vn.Line, prefix+key, vn.Value, kindName(fv.Type()))
		}
		fv.Set(tmp.Elem())
	}
	return nil
}

func kindName(t reflect.Type) string {
	if t == durationType {
		return "a duration such as 90s"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	}
	return "a " + t.String()
}
