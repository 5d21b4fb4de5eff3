package eval

import (
	"reflect"
	"testing"

	"recommend/corpus"
)

func TestRandomSameFolder(t *testing.T) {
	var arts []corpus.Article
	for _, f := range []string{"p", "q"} {
		for _, s := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
			arts = append(arts, art(f, s, f+s+"?"))
		}
	}
	arts = append(arts, art("p", "a2", " pa? ")) // a copy of p/a
	ix := NewIndex(arts)
	l := ix.RandomSameFolder(3, 7)
	for i := range arts {
		got := l.Related[arts[i].URL]
		if len(got) != 3 {
			t.Errorf("RandomSameFolder: %s has %d related, want 3", arts[i].URL, len(got))
		}
		seen := map[string]bool{}
		for _, r := range got {
			j, ok := ix.Lookup(r)
			switch {
			case !ok:
				t.Errorf("%s → unknown %s", arts[i].URL, r)
			case ix.Folder(j) != ix.Folder(i):
				t.Errorf("%s → %s of another folder", arts[i].URL, r)
			case j == i || ix.qkey[j] == ix.qkey[i]:
				t.Errorf("%s → itself or its copy %s", arts[i].URL, r)
			case seen[r]:
				t.Errorf("%s → %s twice", arts[i].URL, r)
			}
			seen[r] = true
		}
	}
	if again := ix.RandomSameFolder(3, 7); !reflect.DeepEqual(again.Related, l.Related) {
		t.Errorf("RandomSameFolder(3, 7) differs between two calls")
	}
	if other := ix.RandomSameFolder(3, 8); reflect.DeepEqual(other.Related, l.Related) {
		t.Errorf("RandomSameFolder(3, 8) = RandomSameFolder(3, 7): the seed is not used")
	}
	// A folder with fewer eligible articles than k gives what it has.
	small := NewIndex([]corpus.Article{art("r", "a", "A?"), art("r", "b", "B?")})
	if got := small.RandomSameFolder(5, 1).Related["/learn/r/questions/a"]; len(got) != 1 {
		t.Errorf("RandomSameFolder in a folder of 2 = %q, want the one other article", got)
	}
}
