"use strict";
// What the review page and the workspace of `recommend serve` share: the
// view (subject, flag, search, sort, page from 1, and show: "" for the
// articles, "clusters" for the duplicate clusters) kept in the URL
// fragment, e.g. #subject=biology&flag=new&q=enzyme&sort=change&page=2, so
// that a view can be bookmarked or sent to a colleague (and driven by
// tests), and the controls that change it.
const $ = (id) => document.getElementById(id);
const view = {subject: "", flag: "", q: "", sort: "change", page: 1, show: ""};

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// sitePath is the site path of an address as typed: the scheme and host, a
// query, a fragment and trailing slashes dropped.
function sitePath(u) {
  u = u.replace(/^https?:\/\/[^/]*/, "").split("#")[0].split("?")[0];
  return u.replace(/\/+$/, "");
}

function readView() {
  const p = new URLSearchParams(location.hash.slice(1));
  view.subject = p.get("subject") || "";
  view.flag = p.get("flag") || "";
  view.q = p.get("q") || "";
  view.sort = p.get("sort") || "change";
  view.page = Math.max(1, parseInt(p.get("page"), 10) || 1);
  view.show = p.get("show") === "clusters" ? "clusters" : "";
  $("show").value = view.show;
  $("sort").disabled = view.show === "clusters"; // clusters come largest first
  $("subject").value = view.subject;
  $("flag").value = view.flag;
  $("q").value = view.q;
  $("sort").value = view.sort;
}

function writeView() {
  const p = new URLSearchParams();
  if (view.subject) p.set("subject", view.subject);
  if (view.flag) p.set("flag", view.flag);
  if (view.q) p.set("q", view.q);
  if (view.sort !== "change") p.set("sort", view.sort);
  if (view.page > 1) p.set("page", String(view.page));
  if (view.show) p.set("show", view.show);
  history.replaceState(null, "", "#" + p.toString());
}

// bindView calls update(true) when a filter, the search or the sort
// changes (back to page 1), update(false) when the fragment is changed by
// hand, and paged() when the page turns.
function bindView(update, paged) {
  $("show").addEventListener("change", (e) => { view.show = e.target.value; $("sort").disabled = view.show === "clusters"; update(true); });
  for (const key of ["subject", "flag", "sort"]) {
    $(key).addEventListener("change", (e) => { view[key] = e.target.value; update(true); });
  }
  let timer = 0;
  $("q").addEventListener("input", (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => { view.q = e.target.value; update(true); }, 120);
  });
  const turn = (by) => { view.page += by; paged(); writeView(); window.scrollTo(0, $("list").offsetTop - 60); };
  $("prev").addEventListener("click", () => turn(-1));
  $("next").addEventListener("click", () => turn(1));
  window.addEventListener("hashchange", () => { readView(); update(false); });
}
