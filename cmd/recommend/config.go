package main

// The engine's configuration reaches the commands three ways, each
// overriding the one before: recommend.DefaultConfig, a YAML config file
// (recommend.yaml), and flags. Keys and flags are derived from the fields
// of recommend.Config by reflection, so a new field is configurable as soon
// as it exists: a field TopK is the key top_k and the flag --top-k; a
// nested struct field Fields.Question is the key question inside fields
// and the flag --fields-question. TestConfigFileInSync keeps recommend.yaml
// listing every field with its default and meaning.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"recommend/internal/yamldoc"
	"recommend/recommend"
)

// defaultConfigFile is read when --config is not given and it exists in the
// working directory.
const defaultConfigFile = "recommend.yaml"

// cfgField is one leaf field of recommend.Config.
type cfgField struct {
	Key   string // dotted path of snake_case keys: "fields.question"
	Flag  string // flag name: "fields-question"
	Index []int  // reflect field index path
	Type  reflect.Type
}

var durationType = reflect.TypeOf(time.Duration(0))

// configFields lists every leaf field of recommend.Config, in field order.
func configFields() []cfgField {
	var out []cfgField
	var walk func(t reflect.Type, keys []string, index []int)
	walk = func(t reflect.Type, keys []string, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			k := append(append([]string(nil), keys...), keyName(f))
			idx := append(append([]int(nil), index...), i)
			if f.Type.Kind() == reflect.Struct && f.Type != durationType {
				walk(f.Type, k, idx)
				continue
			}
			out = append(out, cfgField{
				Key:   strings.Join(k, "."),
				Flag:  strings.ReplaceAll(strings.Join(k, "-"), "_", "-"),
				Index: idx,
				Type:  f.Type,
			})
		}
	}
	walk(reflect.TypeOf(recommend.Config{}), nil, nil)
	return out
}

// keyName is the YAML key of a field: its yaml tag if it has one, else its
// name in snake_case (TopK → top_k, MinDF → min_df, PowerIters → power_iters).
func keyName(f reflect.StructField) string {
	if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag != "" && tag != "-" {
		return tag
	}
	return snake(f.Name)
}

func snake(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prevLower := unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1])
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if prevLower || (unicode.IsUpper(r[i-1]) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
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
// defaults, overridden by the config file (path, or recommend.yaml in the
// working directory when path is empty and it exists), overridden by the
// flags set on the command line (whose values flagCfg holds). Every error
// is a usageError of one line.
func resolveConfig(path string, flags *pflag.FlagSet, flagCfg *recommend.Config) (recommend.Config, configSource, error) {
	cfg := recommend.DefaultConfig
	var src configSource
	if path == "" {
		if _, err := os.Stat(defaultConfigFile); err == nil {
			path = defaultConfigFile
		}
	}
	if path != "" {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return cfg, src, usageErrorf("config file %s does not exist", path)
		}
		if err != nil {
			return cfg, src, usageErrorf("config file: %v", err)
		}
		if err := decodeConfig(data, &cfg); err != nil {
			return cfg, src, usageErrorf("%s:%v", path, err)
		}
		src.File = path
	}
	fv, cv := reflect.ValueOf(flagCfg).Elem(), reflect.ValueOf(&cfg).Elem()
	for _, f := range configFields() {
		if fl := flags.Lookup(f.Flag); fl != nil && fl.Changed && fl.Annotations[configAnnotation] != nil {
			cv.FieldByIndex(f.Index).Set(fv.FieldByIndex(f.Index))
		}
	}
	if err := cfg.Validate(); err != nil {
		where := "flags"
		if src.File != "" {
			where = src.File + " and flags"
		}
		return cfg, src, usageErrorf("invalid configuration (%s): %v", where, err)
	}
	return cfg, src, nil
}

// decodeConfig sets the fields of cfg that the YAML document data names.
// Unknown keys, values of the wrong type and missing values are errors
// that start with the line number ("12: top_k: ...").
func decodeConfig(data []byte, cfg *recommend.Config) error {
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
	return decodeStruct(root, reflect.ValueOf(cfg).Elem(), "")
}

func decodeStruct(m *yaml.Node, v reflect.Value, prefix string) error {
	t := v.Type()
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, vn := m.Content[i], m.Content[i+1]
		key := kn.Value
		field, ok := -1, false
		for j := range t.NumField() {
			if t.Field(j).IsExported() && keyName(t.Field(j)) == key {
				field, ok = j, true
				break
			}
		}
		if !ok {
			return fmt.Errorf("%d: unknown key %q", kn.Line, prefix+key)
		}
		if seen[key] {
			return fmt.Errorf("%d: key %q given twice", kn.Line, prefix+key)
		}
		seen[key] = true
		fv := v.Field(field)
		if fv.Kind() == reflect.Struct && fv.Type() != durationType {
			if vn.Kind != yaml.MappingNode {
				return fmt.Errorf("%d: %s: want a mapping of keys to values", vn.Line, prefix+key)
			}
			if err := decodeStruct(vn, fv, prefix+key+"."); err != nil {
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
