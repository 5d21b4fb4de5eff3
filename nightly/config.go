package nightly

// The settings file, recommend.yaml, holds the engine's settings
// (recommend.Config) and the editors' (EditorSettings), all as top-level
// keys named as recommend.ConfigKeys names them (recommend.KeyName, the one
// place key names are made): a field TopK is the key top_k, a nested
// struct field Fields.Question the key question inside fields. The file is
// read by walking its YAML nodes against the fields, by reflection, so
// that a new field is a key as soon as it exists, and so that every error
// names the line and the key: an unknown key, a key given twice, a value
// of the wrong type.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"recommend/home"
	"recommend/internal/yamldoc"
	"recommend/recommend"
)

// Settings are everything recommend.yaml sets.
type Settings struct {
	recommend.Config
	EditorSettings
}

// DefaultSettings are the settings of an empty recommend.yaml.
func DefaultSettings() Settings {
	return Settings{Config: recommend.DefaultConfig, EditorSettings: DefaultEditorSettings}
}

// DecodeSettings sets the fields of set that the YAML document data names,
// recording in lines (when it is not nil) the line of each key the
// document sets ("fields.answer" → 7). Unknown keys, keys given twice,
// values of the wrong type and missing values are errors that start with
// the line number ("12: top_k: ..."); data is not validated further
// (recommend.Config.Validate, EditorSettings.Options).
func DecodeSettings(data []byte, set *Settings, lines map[string]int) error {
	doc, err := yamldoc.Decode(data)
	if err != nil {
		return fmt.Errorf(" %s", strings.TrimPrefix(strings.Join(strings.Fields(err.Error()), " "), "yaml: "))
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

// durationType is time.Duration, which is set from a string such as 90s.
var durationType = reflect.TypeOf(time.Duration(0))

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

// kindName says in words what a value of type t is written as.
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

// SettingsFile is the settings file read from the content folder's home
// when none is named and it exists there.
const SettingsFile = "recommend.yaml"

// Given are the settings given on a command line, beside the file.
type Given struct {
	// Values holds the values given; only those Flags names are read.
	Values Settings
	// Flags maps each key given ("top_k", "margin", "overrides") to the
	// flag that gave it ("top-k"), so that errors name the flag.
	Flags map[string]string
	// Editors says whether the editors' settings are resolved too (and
	// checked for lists of TopK links).
	Editors bool
}

// Resolve returns the settings a run uses: the defaults, overridden by the
// settings file (path, or SettingsFile in dir, the content folder's home, when path is empty and it
// exists), overridden by the given ones. The overrides file comes back as
// a path: a flag's as given, the settings file's relative to that file's
// folder, the default in dir. file is the settings file read, "" for
// none. Every error is one line naming the flag, or the file, line and
// key, that set the bad value.
func Resolve(dir, path string, given Given) (set Settings, file string, err error) {
	set = DefaultSettings()
	if path == "" {
		if p := filepath.Join(dir, SettingsFile); dir != "" && exists(p) {
			path = home.ShortPath(p)
		}
	}
	lines := map[string]int{}
	base := dir // the folder a relative overrides path is in
	if path != "" {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return set, "", fmt.Errorf("config file %s does not exist", path)
		}
		if err != nil {
			return set, "", FileError(path, err)
		}
		if err := DecodeSettings(data, &set, lines); err != nil {
			return set, "", fmt.Errorf("%s:%v", path, err)
		}
		file = path
		if _, ok := lines["overrides"]; ok {
			base = filepath.Dir(path)
		}
	}
	fv, cv := reflect.ValueOf(&given.Values.Config).Elem(), reflect.ValueOf(&set.Config).Elem()
	named := map[string]string{} // the flags that gave a value, by key
	for _, k := range recommend.ConfigKeys() {
		if fl, ok := given.Flags[k.Key]; ok {
			cv.FieldByIndex(k.Index).Set(fv.FieldByIndex(k.Index))
			named[k.Key] = fl
		}
	}
	// bad names where a bad value came from: the flag, the file's line,
	// or (for a default that another value made invalid) the key alone.
	bad := func(key, msg string) error {
		if fl, ok := named[key]; ok {
			return fmt.Errorf("--%s: %s", fl, msg)
		}
		if line, ok := lines[key]; ok {
			return fmt.Errorf("%s:%d: %s: %s", path, line, key, msg)
		}
		return fmt.Errorf("%s: %s", key, msg)
	}
	if err := set.Config.Validate(); err != nil {
		var ce *recommend.ConfigError
		if !errors.As(err, &ce) {
			return set, file, err
		}
		return set, file, bad(ce.Key, ce.Message)
	}
	if !given.Editors {
		return set, file, nil
	}
	if fl, ok := given.Flags["margin"]; ok {
		set.Margin, named["margin"] = given.Values.Margin, fl
	}
	if _, ok := given.Flags["overrides"]; ok {
		set.Overrides = given.Values.Overrides
	} else if set.Overrides != "" && !filepath.IsAbs(set.Overrides) && base != "" {
		set.Overrides = home.ShortPath(filepath.Join(base, set.Overrides))
	}
	if set.Overrides == "" {
		return set, file, bad("overrides", "must name a file")
	}
	if _, err := set.EditorSettings.Options(set.TopK); err != nil {
		if msg, ok := strings.CutPrefix(err.Error(), "margin: "); ok {
			return set, file, bad("margin", msg)
		}
	}
	return set, file, nil
}

// exists reports whether path names an existing file or folder.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
