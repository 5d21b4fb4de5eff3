"use strict";
// The duplicate clusters as the review page and the workspace of
// `recommend serve` show them (one markup for both): on an article's card,
// the other members of its cluster with their questions, the suggested
// canonical and why; in the clusters view, one card per cluster. Both pages
// hand over a cluster in one shape:
//   {size, canonical: url, reason, members: [{url, href, id, question, subject}]}
// where href is where the member's link goes (the site's page, as the
// other links of the page). "show its card" sets the search to the
// member's url, which opens that article's card in the articles view.
// act(member, li), when given, adds buttons to a member's line (the card
// it is on is li.closest("article")); a member with blocked set is marked
// blocked everywhere.

// clusterMember is one member's line.
function clusterMember(c, m, self, act) {
  const li = el("li");
  li.dataset.url = m.url;
  const a = el("a", "", m.question);
  a.href = m.href;
  li.appendChild(a);
  if (m.url === c.canonical) li.appendChild(el("span", "mark f-canonical", "canonical"));
  if (m.blocked) li.appendChild(el("span", "mark f-blocked", "blocked everywhere"));
  if (m.id) li.appendChild(el("span", "id", "id " + m.id));
  if (m.subject) li.appendChild(el("span", "subj", m.subject));
  if (m.url !== self) {
    const open = el("a", "open", "show its card");
    open.href = "#" + new URLSearchParams({q: m.url}).toString();
    open.title = "open this article's card, with its links";
    li.appendChild(open);
  }
  if (act) act(m, li);
  li.appendChild(el("div", "meta", m.url));
  return li;
}

// clusterReason says which member is the suggested canonical and why.
function clusterReason(c, self) {
  const p = el("p", "reason");
  const canon = c.members.find((m) => m.url === c.canonical);
  if (c.canonical === self) {
    p.appendChild(el("b", "", "This article is the suggested canonical: "));
  } else {
    p.appendChild(document.createTextNode("Suggested canonical: "));
    p.appendChild(el("b", "", canon ? canon.question : c.canonical));
    p.appendChild(document.createTextNode(", "));
  }
  p.appendChild(document.createTextNode(c.reason + "."));
  return p;
}

// BOX_MEMBERS is how many other members an article's card lists before
// "more".
const BOX_MEMBERS = 6;

// clusterBox is the box on the card of the article at url self.
function clusterBox(c, self, act) {
  const d = el("section", "cluster");
  const h = el("h4", "", "Same question in other words: " + (c.size - 1) + (c.size === 2 ? " other article " : " other articles "));
  const all = el("a", "", "(see the cluster)");
  all.href = "#" + new URLSearchParams({show: "clusters", q: self}).toString();
  h.appendChild(all);
  d.appendChild(h);
  d.appendChild(clusterReason(c, self));
  // A large cluster would push the next cards far down: past
  // BOX_MEMBERS, the rest of its members wait behind "more".
  const others = c.members.filter((m) => m.url !== self);
  const ul = el("ul");
  for (const m of others.slice(0, BOX_MEMBERS)) ul.appendChild(clusterMember(c, m, self, act));
  d.appendChild(ul);
  if (others.length > BOX_MEMBERS) {
    const more = el("details", "more");
    more.appendChild(el("summary", "", (others.length - BOX_MEMBERS) + " more"));
    const rest = el("ul");
    for (const m of others.slice(BOX_MEMBERS)) rest.appendChild(clusterMember(c, m, self, act));
    more.appendChild(rest);
    d.appendChild(more);
  }
  return d;
}

// clusterCard is a cluster's card in the clusters view.
function clusterCard(c, act) {
  const card = el("article", "item cluster-card");
  card.dataset.canonical = c.canonical;
  card.dataset.size = String(c.size);
  const canon = c.members.find((m) => m.url === c.canonical);
  const h = el("h3");
  h.appendChild(el("span", "size", c.size + " articles"));
  h.appendChild(document.createTextNode(" " + (canon ? canon.question : c.canonical)));
  card.appendChild(h);
  card.appendChild(clusterReason(c, ""));
  const ol = el("ol");
  for (const m of c.members) ol.appendChild(clusterMember(c, m, "", act));
  card.appendChild(ol);
  return card;
}

// clusterSizes says how many clusters of each size sizes holds, largest
// first: the line above the clusters view.
function clusterSizes(sizes) {
  const n = new Map();
  for (const s of sizes) n.set(s, (n.get(s) || 0) + 1);
  // e.g. "Sizes: 32 articles (6 clusters) · 31 (2) · … · 2 (2807)"
  const parts = Array.from(n.keys()).sort((a, b) => b - a).map((s, i) =>
    i ? s + " (" + n.get(s) + ")" : s + " articles (" + n.get(s) + (n.get(s) === 1 ? " cluster)" : " clusters)"));
  const p = el("p", "sizes", sizes.length ? "Sizes: " + parts.join(" · ") : "No duplicate clusters here.");
  p.id = "cluster-sizes";
  return p;
}
