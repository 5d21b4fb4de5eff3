package corpus

// ShareLinkText checked on a small corpus: nothing a reader sees changes,
// and a link field equal to its target's own holds the target's string.

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func TestShareLinkText(t *testing.T) {
	// clone returns s in bytes of its own, as a parse of another file would.
	clone := func(s string) string { return strings.Clone(s) }
	a := Article{URL: "/learn/bio/questions/a", ID: "1", Title: "Cells", Subject: "Biology"}
	b := Article{URL: "/learn/bio/questions/b", ID: "2", Title: "Genes", Subject: "Biology"}
	b.Related = []Link{
		{ID: clone(a.ID), Title: clone(a.Title), Subject: clone(a.Subject), URL: clone(a.URL)}, // as a says
		{ID: "9", Title: "Old title", Subject: clone(a.Subject), URL: clone(a.URL)},            // stale id and title
		{ID: "3", Title: "Gone", Subject: "Biology", URL: "/learn/bio/questions/gone"},         // no such article
	}
	a.Related = []Link{{ID: clone(b.ID), Title: clone(b.Title), Subject: clone(b.Subject), URL: clone(b.URL)}}
	arts := []Article{a, b}
	before := slices.Clone(arts)
	for i := range before {
		before[i].Related = slices.Clone(arts[i].Related)
	}
	ShareLinkText(arts)
	if !reflect.DeepEqual(arts, before) {
		t.Fatalf("ShareLinkText changed what the articles say:\n%+v\nwant\n%+v", arts, before)
	}
	same := func(x, y string) bool { return unsafe.StringData(x) == unsafe.StringData(y) }
	for _, tc := range []struct {
		name      string
		got, own  string
		wantShare bool
	}{
		{"b→a id", arts[1].Related[0].ID, arts[0].ID, true},
		{"b→a title", arts[1].Related[0].Title, arts[0].Title, true},
		{"b→a subject", arts[1].Related[0].Subject, arts[0].Subject, true},
		{"b→a url", arts[1].Related[0].URL, arts[0].URL, true},
		{"stale title", arts[1].Related[1].Title, arts[0].Title, false},
		{"stale link's subject", arts[1].Related[1].Subject, arts[0].Subject, true},
		{"stale link's url", arts[1].Related[1].URL, arts[0].URL, true},
		{"a→b title", arts[0].Related[0].Title, arts[1].Title, true},
	} {
		if same(tc.got, tc.own) != tc.wantShare {
			t.Errorf("%s: shares the target's string %v, want %v", tc.name, !tc.wantShare, tc.wantShare)
		}
	}
}
