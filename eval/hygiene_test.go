package eval

import (
	"reflect"
	"testing"

	"recommend/corpus"
)

func TestHygiene(t *testing.T) {
	mk := func(slug, id, q string, rel ...corpus.Link) corpus.Article {
		a := art("s", slug, q)
		a.ID, a.Title, a.Related = id, "Title "+slug, rel
		return a
	}
	link := func(id, slug, title, subject string) corpus.Link {
		return corpus.Link{ID: id, URL: u(slug), Title: title, Subject: subject}
	}
	arts := []corpus.Article{
		mk("a", "1", "What is A?",
			link("2", "b", "Title b", "s"),      // 1: fine
			link("2", "b", "Title b", "s"),      // 2: repeated (same id)
			link("9", "zz", "Gone", "s"),        // 3: unresolved
			link("1", "a", "Title a", "s"),      // 4: self
			link("3", "a2", "Title a2", "s"),    // 5: same question as a
			link("4", "c", " Title c\n", "Art"), // 6: stale subject (the title differs only by spaces)
			link("7", "d", "Old title d", "s"),  // 7: stale id and title
			link("5", "d2", "Title d2", "s"),    // 8: a copy of d (shares id 5), first with id 5: fine
			link("5", "d", "Title d", "s"),      // 9: repeated (id 5 again, by another url)
		),
		mk("a2", "3", " what is a? "),
		mk("b", "2", "What is B?"),
		mk("c", "4", "What is C?", link("2", "b", "Title b", "s")),
		mk("d", "5", "What is D?"),
		mk("d2", "5", "What is D?"),
	}
	got := NewIndex(arts).Hygiene()
	want := Hygiene{
		Articles: 6, Links: 10, NoLinks: 4, Unresolved: 1, Self: 1, SameQuestion: 1, Repeated: 2,
		StaleTitle: 1, StaleSubject: 1, StaleID: 1,
	}
	wantIssues := []LinkIssue{
		{Kind: IssueRepeated, Article: u("a"), N: 2, URL: u("b")},
		{Kind: IssueUnresolved, Article: u("a"), N: 3, URL: u("zz")},
		{Kind: IssueSelf, Article: u("a"), N: 4, URL: u("a")},
		{Kind: IssueSameQuestion, Article: u("a"), N: 5, URL: u("a2")},
		{Kind: IssueStaleSubject, Article: u("a"), N: 6, URL: u("c"), Stored: "Art", Current: "s"},
		{Kind: IssueStaleTitle, Article: u("a"), N: 7, URL: u("d"), Stored: "Old title d", Current: "Title d"},
		{Kind: IssueStaleID, Article: u("a"), N: 7, URL: u("d"), Stored: "7", Current: "5"},
		{Kind: IssueRepeated, Article: u("a"), N: 9, URL: u("d")},
		{Kind: IssueNoLinks, Article: u("a2")},
		{Kind: IssueNoLinks, Article: u("b")},
		{Kind: IssueNoLinks, Article: u("d")},
		{Kind: IssueNoLinks, Article: u("d2")},
	}
	issues := got.Issues
	got.Issues = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Hygiene() counts =\n  %+v, want\n  %+v", got, want)
	}
	if !reflect.DeepEqual(issues, wantIssues) {
		t.Errorf("Hygiene().Issues =")
		for _, is := range issues {
			t.Errorf("  %+v", is)
		}
	}
}
