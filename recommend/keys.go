package recommend

// The names of Config's settings as people write them: in recommend.yaml,
// in flags, in a sweep grid and in every error that Validate returns. They
// are derived here, once, from the fields of Config by reflection, so that
// a new field has a key as soon as it exists: a field TopK is the key top_k;
// a nested field Fields.Question is the key fields.question. A yaml tag on a
// field overrides its derived name.

import (
	"reflect"
	"strings"
	"time"
	"unicode"
)

// ConfigKey is one leaf setting of Config.
type ConfigKey struct {
	Key   string       // dotted path of snake_case keys: "fields.question"
	Field string       // the Go field path: "Fields.Question"
	Index []int        // reflect field index path into Config
	Type  reflect.Type // the field's type
}

var durationType = reflect.TypeOf(time.Duration(0))

// IsGroup reports whether a field of type t is a group of keys (a nested
// struct such as FieldWeights) rather than one value.
func IsGroup(t reflect.Type) bool { return t.Kind() == reflect.Struct && t != durationType }

// ConfigKeys lists every leaf setting of Config, in field order.
func ConfigKeys() []ConfigKey {
	var out []ConfigKey
	var walk func(t reflect.Type, keys, names []string, index []int)
	walk = func(t reflect.Type, keys, names []string, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			k := append(append([]string(nil), keys...), KeyName(f))
			n := append(append([]string(nil), names...), f.Name)
			idx := append(append([]int(nil), index...), i)
			if IsGroup(f.Type) {
				walk(f.Type, k, n, idx)
				continue
			}
			out = append(out, ConfigKey{Key: strings.Join(k, "."), Field: strings.Join(n, "."), Index: idx, Type: f.Type})
		}
	}
	walk(reflect.TypeOf(Config{}), nil, nil, nil)
	return out
}

// LookupKey finds a setting by its key ("power_iters", "fields.title") or
// its Go field path ("PowerIters"), without regard to case or underscores.
func LookupKey(name string) (ConfigKey, bool) {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	for _, k := range ConfigKeys() {
		if norm(k.Key) == norm(name) || norm(k.Field) == norm(name) {
			return k, true
		}
	}
	return ConfigKey{}, false
}

// KeyName is the key of a struct field: its yaml tag if it has one, else
// its name in snake_case (TopK → top_k, MinDF → min_df, LSACandidates →
// lsa_candidates).
func KeyName(f reflect.StructField) string {
	if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag != "" && tag != "-" {
		return tag
	}
	return Snake(f.Name)
}

// Snake turns a Go name into snake_case: TopK → top_k, MinDF → min_df.
func Snake(name string) string {
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

// keyOf returns the key of the field at Go path field ("TopK",
// "Fields.Question"); Validate names its errors with it.
func keyOf(field string) string {
	t := reflect.TypeOf(Config{})
	var keys []string
	for _, step := range strings.Split(field, ".") {
		f, ok := t.FieldByName(step)
		if !ok {
			panic("recommend: Config has no field " + field) // a programming error, caught by the tests
		}
		keys = append(keys, KeyName(f))
		t = f.Type
	}
	return strings.Join(keys, ".")
}

// ConfigError is a setting out of its range, as Validate reports it: the
// key as recommend.yaml names it and what is wrong with its value.
type ConfigError struct {
	Key     string // "top_k", "fields.answer"
	Message string // "500 is not in 1–50"
}

func (e *ConfigError) Error() string { return e.Key + ": " + e.Message }
