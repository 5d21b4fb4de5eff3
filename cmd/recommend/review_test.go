package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"recommend/corpus"
	"recommend/editor"
	"recommend/nightly"
)

func TestNewCmdReview(t *testing.T) {
	tests := []struct {
		args    string
		index   string
		want    reviewOptions
		wantErr string
	}{
		{args: "", index: ".recommend", want: reviewOptions{Out: "review.html", From: filepath.Join(".recommend", nightly.ReviewData)}},
		{args: "--out r.html --from d.json.gz --site https://example.org/", index: "ix", want: reviewOptions{Out: "r.html", From: "d.json.gz", Site: "https://example.org/"}},
		{args: "-o r.html", index: "ix", want: reviewOptions{Out: "r.html", From: filepath.Join("ix", nightly.ReviewData)}},
		{args: "--out=", wantErr: "--out must name a file"},
		{args: "extra", wantErr: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			var got *reviewOptions
			_, err := execSub(func(g *globalOptions) *cobra.Command {
				g.Index = tt.index
				return newReviewCmd(g, func(o *reviewOptions) error { got = o; return nil })
			}, false, strings.Fields(tt.args)...)
			if wantUsageError(t, err, tt.wantErr) {
				return
			}
			wantOptions(t, err, got, tt.want)
		})
	}
}

// TestReviewRun saves a batch's review data as batch does and renders it.
func TestReviewRun(t *testing.T) {
	dir := t.TempDir()
	arts := []corpus.Article{
		{URL: "/learn/b/questions/a", ID: "1", Subject: "B", SubjectKey: "b", Title: "A?", Question: "A?"},
		{URL: "/learn/b/questions/b", ID: "2", Subject: "B", SubjectKey: "b", Title: "B?", Question: "B?"},
		{URL: "/learn/b/questions/c", ID: "3", Subject: "B", SubjectKey: "b", Title: "C?", Question: "C?"},
	}
	arts[2].Related = []corpus.Link{corpus.LinkTo(&arts[0])}
	b := editor.Batch{Articles: arts, Candidates: [][]editor.Hit{{{Doc: 1, Score: .5}}, {{Doc: 0, Score: .5}}, {{Doc: 0, Score: .3}}}}
	res, _ := editor.Apply(b, nil, editor.DefaultOptions)
	run := &nightly.Result{Articles: arts, Decisions: res, Editors: nightly.Editors{Options: editor.DefaultOptions}}
	if err := run.ReviewPage().Save(filepath.Join(dir, nightly.ReviewData)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "review.html")
	got, err := execSub(func(g *globalOptions) *cobra.Command {
		g.Index = dir
		return newReviewCmd(g, nil)
	}, false, "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "wrote "+out) || !strings.HasSuffix(got, "3 articles, 2 lists change\n") {
		t.Errorf("printed %q", got)
	}
	html, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(html), "<!DOCTYPE html>") || !strings.Contains(string(html), "<b>3</b>articles") {
		t.Errorf("page not written: %v", err)
	}
	// Without batch data the error says what to do.
	_, err = execSub(func(g *globalOptions) *cobra.Command { return newReviewCmd(g, nil) }, false,
		"--from", filepath.Join(dir, "none.json.gz"), "--out", out)
	if err == nil || !strings.Contains(err.Error(), "no review data: run `recommend batch --corpus DIR` first") {
		t.Errorf("missing data: error %v", err)
	}
}
