package review

// Write renders the page as one self-contained HTML file: styles, script,
// data and charts are all inline, nothing is fetched, and the file opens
// from disk.
//
// The data sits in a <script> block in a compact form (articles once, links
// by article index), gzipped and base64-encoded; the script unpacks it,
// filters it and
// builds the DOM for one page of 50 articles at a time, so 35,915 articles
// cost one JSON.parse and then only a page's worth of nodes.
//
// The page keeps its state in the URL fragment, e.g.
// review.html#subject=biology&flag=new&q=enzyme&sort=change&page=2, so a
// view can be bookmarked or sent to a colleague (and driven by tests).

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"sync"

	"recommend/editor"
)

// payload is the page's data as the script reads it: short keys, articles
// by index.
type payload struct {
	Site     string      `json:"site"`
	Flags    []string    `json:"flags"`
	Subjects [][2]string `json:"subjects"` // key, label
	Arts     [][4]any    `json:"arts"`     // url, title, subject index, question ("" when equal to the title)
	Items    [][7]any    `json:"items"`    // article, locked (0/1), change, current, suggested, all links' flags ORed, proposed (locked only)
}

// wireLink is a link as the script reads it: article index (-1 outside the
// corpus), score (null when unknown), shared terms, flags, and for -1 the
// URL and title as written.
func wireLink(l Link) []any {
	var score any
	if l.Scored {
		score = math.Round(l.Score*1000) / 1000
	}
	terms := ""
	for i, t := range l.Terms {
		if i > 0 {
			terms += ", "
		}
		terms += t
	}
	w := []any{l.Doc, score, terms, int(l.Flags)}
	if l.Doc < 0 {
		w = append(w, l.URL, l.Title)
	}
	return w
}

func (p *Page) payload() payload {
	keys, label := p.subjects()
	sidx := make(map[string]int, len(keys))
	pl := payload{Site: p.Site, Flags: append(editor.FlagNames(), "locked")}
	for i, k := range keys {
		sidx[k] = i
		pl.Subjects = append(pl.Subjects, [2]string{k, label[k]})
	}
	pl.Arts = make([][4]any, len(p.Articles))
	for i, a := range p.Articles {
		q := a.Question
		if q == a.Title {
			q = ""
		}
		pl.Arts[i] = [4]any{a.URL, a.Title, sidx[a.Key], q}
	}
	pl.Items = make([][7]any, len(p.Items))
	for i := range p.Items {
		it := &p.Items[i]
		var all editor.Flag
		cur := make([][]any, len(it.Current))
		for j, l := range it.Current {
			cur[j] = wireLink(l)
			all |= l.Flags
		}
		sug := make([][]any, len(it.Suggested))
		for j, l := range it.Suggested {
			sug[j] = wireLink(l)
			all |= l.Flags
		}
		locked := 0
		if it.Locked {
			locked = 1
		}
		var prop [][]any
		for _, l := range it.Proposed {
			prop = append(prop, wireLink(l))
		}
		pl.Items[i] = [7]any{it.Doc, locked, it.Change(), cur, sug, int(all), prop}
	}
	return pl
}

// packedPayload returns the payload as JSON, gzipped, in base64: the
// script unpacks it with the browser's DecompressionStream. On the full
// corpus (35,914 articles, 5 shared terms per link) the page was 26.0 MB
// with plain JSON and is 8.0 MB packed; headless chromium opened it to the
// first page in 2.5 s, and a subject filter took 0.2 s, on a busy 2-core
// machine.
func (p *Page) packedPayload() (string, error) {
	js, err := json.Marshal(p.payload())
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(js); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// Write renders p as a self-contained HTML page to w.
func (p *Page) Write(w io.Writer) error {
	if err := p.check(); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	sum := p.Summarize()
	charts, err := sum.Charts()
	if err != nil {
		return err
	}
	data, err := p.packedPayload()
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	svgs := make([]template.HTML, len(charts))
	for i, c := range charts {
		svgs[i] = template.HTML(c) // drawn by gonum/plot, which escapes its text
	}
	bw := bufio.NewWriter(w)
	err = pageTmpl().Execute(bw, struct {
		Title    string
		LowScore float64
		S        Summary
		Charts   []template.HTML
		Data     template.HTML
	}{p.Title, p.LowScore, sum, svgs, template.HTML(data)}) // base64: nothing to escape
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}

// pageTmpl is parsed on first use, so that the binary's other commands
// (a lookup above all) do not pay for it at start.
var pageTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"pct": func(a, b int) string {
			if b == 0 {
				return "0%"
			}
			return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
		},
	}).Parse(pageHTML))
})

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{{.Title}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px;color:#1a202c}
h1{font-size:20px}
.stats{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.stat{border:1px solid #cbd5e0;border-radius:4px;padding:4px 10px}
.stat b{display:block;font-size:18px}
.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.charts figure{margin:0}
.charts svg{max-width:100%;height:auto}
.controls{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #cbd5e0;display:flex;flex-wrap:wrap;gap:8px;align-items:center;z-index:1}
.item{border-bottom:1px solid #e2e8f0;padding:8px 0}
.item h3{font-size:15px;margin:0 0 4px}
.subj,.chg,.lock{font-size:12px;font-weight:normal;border-radius:3px;padding:0 4px;margin-left:6px;background:#edf2f7}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.cols h4{margin:0;font-size:12px;text-transform:uppercase;color:#4a5568}
ol{margin:2px 0;padding-left:20px}
li{margin:2px 0}
.score{font-family:monospace;color:#2d3748;margin-left:4px}
.terms{color:#718096;margin-left:4px}
.flag{font-size:11px;border-radius:3px;padding:0 3px;margin-left:3px;background:#e2e8f0}
.f-new{background:#c6f6d5}.f-dropped{background:#fed7d7}.f-pinned{background:#bee3f8}.f-blocked{background:#fbd38d}
.f-broken{background:#feb2b2}.f-duplicate{background:#e9d8fd}.f-other-subject{background:#fefcbf}.f-low-score{background:#fed7e2}
.pager button{margin:0 4px}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<section id="summary">
<div class="stats">
<div class="stat"><b>{{.S.Articles}}</b>articles</div>
<div class="stat"><b>{{.S.Changed}}</b>lists change ({{pct .S.Changed .S.Articles}})</div>
<div class="stat"><b>{{.S.New}}</b>new links</div>
<div class="stat"><b>{{.S.Dropped}}</b>dropped links</div>
<div class="stat"><b>{{.S.Pinned}}</b>pinned</div>
<div class="stat"><b>{{.S.Blocks}}</b>blocks in force ({{.S.Blocked}} current links blocked)</div>
<div class="stat"><b>{{.S.Repeated}}</b>repeated current links</div>
<div class="stat"><b>{{.S.Locked}}</b>locked articles</div>
<div class="stat"><b>{{.S.Broken}}</b>broken current links</div>
<div class="stat"><b>{{.S.LowScore}}</b>suggestions below {{.LowScore}}</div>
</div>
<div class="charts">{{range .Charts}}<figure>{{.}}</figure>{{end}}</div>
</section>
<div class="controls">
<label>Subject <select id="subject"><option value="">all subjects</option></select></label>
<label>Flag <select id="flag"><option value="">any</option></select></label>
<label>Search <input id="q" type="search" placeholder="question text" size="30"></label>
<label>Sort <select id="sort">
<option value="change">most changed first</option>
<option value="stable">least changed first</option>
<option value="url">by URL</option>
</select></label>
<span id="count" data-count="0">loading…</span>
<span class="pager"><button id="prev" type="button">&larr;</button><span id="pageno"></span><button id="next" type="button">&rarr;</button></span>
</div>
<main id="list"></main>
<script id="data" type="application/gzip;base64">{{.Data}}</script>
<script>
"use strict";
// The data is gzipped JSON in base64; unpack it, then start.
(async function () {
  const packed = document.getElementById("data").textContent.trim();
  const bin = atob(packed);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  start(JSON.parse(await new Response(stream).text()));
})().catch((err) => {
  document.getElementById("count").textContent = "could not read the page's data: " + err;
  throw err;
});

function start(D) {
  const PER_PAGE = 50;
  const $ = (id) => document.getElementById(id);
  const arts = D.arts, items = D.items, flagNames = D.flags;
  const LOCKED = flagNames.indexOf("locked");
  // Lower-cased question text, for the search box.
  const qtext = arts.map((a) => (a[3] || a[1]).toLowerCase());
  const state = {subject: "", flag: "", q: "", sort: "change", page: 0};
  let matches = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  for (const [key, label] of D.subjects) {
    const o = el("option", "", label);
    o.value = key;
    $("subject").appendChild(o);
  }
  flagNames.forEach((n) => {
    const o = el("option", "", n);
    o.value = n;
    $("flag").appendChild(o);
  });

  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    state.subject = p.get("subject") || "";
    state.flag = p.get("flag") || "";
    state.q = p.get("q") || "";
    state.sort = p.get("sort") || "change";
    state.page = Math.max(0, (parseInt(p.get("page"), 10) || 1) - 1);
    $("subject").value = state.subject;
    $("flag").value = state.flag;
    $("q").value = state.q;
    $("sort").value = state.sort;
  }
  function writeHash() {
    const p = new URLSearchParams();
    if (state.subject) p.set("subject", state.subject);
    if (state.flag) p.set("flag", state.flag);
    if (state.q) p.set("q", state.q);
    if (state.sort !== "change") p.set("sort", state.sort);
    if (state.page) p.set("page", String(state.page + 1));
    history.replaceState(null, "", "#" + p.toString());
  }

  function filter() {
    const sidx = state.subject ? D.subjects.findIndex((s) => s[0] === state.subject) : -1;
    const fi = state.flag ? flagNames.indexOf(state.flag) : -1;
    const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    const out = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i], a = it[0];
      if (sidx >= 0 && arts[a][2] !== sidx) continue;
      if (fi === LOCKED && !it[1]) continue;
      if (fi >= 0 && fi !== LOCKED && !(it[5] & (1 << fi))) continue;
      if (words.length && !words.every((w) => qtext[a].includes(w))) continue;
      out.push(i);
    }
    const byURL = (x, y) => (arts[items[x][0]][0] < arts[items[y][0]][0] ? -1 : 1);
    if (state.sort === "change") out.sort((x, y) => items[y][2] - items[x][2] || byURL(x, y));
    else if (state.sort === "stable") out.sort((x, y) => items[x][2] - items[y][2] || byURL(x, y));
    else out.sort(byURL);
    return out;
  }

  function linkItem(l) {
    const li = el("li");
    const a = el("a");
    if (l[0] >= 0) {
      a.href = D.site + arts[l[0]][0];
      a.textContent = arts[l[0]][1];
    } else {
      a.href = l[4].startsWith("/") ? D.site + l[4] : l[4];
      a.textContent = l[5] || l[4];
    }
    li.appendChild(a);
    li.appendChild(el("span", "score", l[1] === null ? "–" : l[1].toFixed(3)));
    flagNames.forEach((n, i) => {
      if (l[3] & (1 << i)) li.appendChild(el("span", "flag f-" + n, n));
    });
    if (l[2]) li.appendChild(el("small", "terms", l[2]));
    return li;
  }
  function column(title, links) {
    const d = el("div");
    d.appendChild(el("h4", "", title + " (" + links.length + ")"));
    const ol = el("ol");
    for (const l of links) ol.appendChild(linkItem(l));
    d.appendChild(ol);
    return d;
  }
  function card(it) {
    const a = arts[it[0]];
    const c = el("article", "item");
    c.dataset.url = a[0];
    const h = el("h3");
    const t = el("a", "", a[3] || a[1]);
    t.href = D.site + a[0];
    h.appendChild(t);
    h.appendChild(el("span", "subj", D.subjects[a[2]][1]));
    h.appendChild(el("span", "chg", "±" + it[2]));
    if (it[1]) h.appendChild(el("span", "lock", "locked"));
    c.appendChild(h);
    const cols = el("div", "cols");
    cols.appendChild(column("Current", it[3]));
    cols.appendChild(column(it[1] ? "Kept (locked)" : "Suggested", it[4]));
    if (it[1] && it[6]) cols.appendChild(column("The engine would now suggest", it[6]));
    c.appendChild(cols);
    return c;
  }

  function render() {
    const pages = Math.max(1, Math.ceil(matches.length / PER_PAGE));
    state.page = Math.min(state.page, pages - 1);
    const list = $("list");
    list.textContent = "";
    const frag = document.createDocumentFragment();
    for (const i of matches.slice(state.page * PER_PAGE, (state.page + 1) * PER_PAGE)) frag.appendChild(card(items[i]));
    list.appendChild(frag);
    $("count").textContent = matches.length + " of " + items.length + " articles";
    $("count").dataset.count = String(matches.length);
    $("pageno").textContent = "page " + (state.page + 1) + " of " + pages;
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
  }
  function update(resetPage) {
    if (resetPage) state.page = 0;
    matches = filter();
    render();
    writeHash();
  }

  $("subject").addEventListener("change", (e) => { state.subject = e.target.value; update(true); });
  $("flag").addEventListener("change", (e) => { state.flag = e.target.value; update(true); });
  $("sort").addEventListener("change", (e) => { state.sort = e.target.value; update(true); });
  let timer = 0;
  $("q").addEventListener("input", (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = e.target.value; update(true); }, 120);
  });
  $("prev").addEventListener("click", () => { state.page--; render(); writeHash(); window.scrollTo(0, $("list").offsetTop - 60); });
  $("next").addEventListener("click", () => { state.page++; render(); writeHash(); window.scrollTo(0, $("list").offsetTop - 60); });
  window.addEventListener("hashchange", () => { readHash(); matches = filter(); render(); });

  readHash();
  matches = filter();
  render();
  document.body.dataset.ready = "1";
}
</script>
</body>
</html>
`
