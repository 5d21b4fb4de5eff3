package nightly

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// lineRef is how a decoding error starts: with the line it is about.
var lineRef = regexp.MustCompile(`^[0-9]+: `)

// FuzzDecodeSettings checks that no settings file makes the decoder panic,
// that an error starts with the line it is about (or is YAML's own syntax
// error), and that a file which decodes sets only what it names: decoding
// it again over the result changes nothing.
func FuzzDecodeSettings(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("..", "recommend.yaml")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{"", "top_k: 7\n", "fields:\n  title: 0.5\n", "top_k: [\n", "- 1\n", "seed: -1\n", "stem: yes\n", "ranking: !!binary aGk=\n", "a: &x 1\nb: *x\n", "margin: -1\noverrides: x.yaml\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		set := DefaultSettings()
		err := DecodeSettings(b, &set, nil)
		if err != nil {
			if msg := err.Error(); !lineRef.MatchString(msg) && !strings.HasPrefix(msg, " ") {
				t.Errorf("error %q names no line", msg)
			}
			return
		}
		again := set
		if err := DecodeSettings(b, &again, nil); err != nil || !reflect.DeepEqual(again, set) {
			t.Errorf("decoding %q twice: %v, %+v then %+v", b, err, set, again)
		}
		set.Config.Validate() // must not panic on any decoded value
	})
}
