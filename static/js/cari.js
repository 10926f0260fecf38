// The search page (/cari/): the words of its box (or of ?q=, from the masthead box) searched in every shard of the
// index through Pagefind's own JavaScript API (the newest shard first, the others merged in the browser), and the
// results shown as the theme's cards. No other script: Pagefind's comes from the site's own bundle.
(function () {
  "use strict";
  var PER_PAGE = 10;
  var EXCERPT_WORDS = 30;
  var BODY_ANCHOR = "kabar-isi"; // see kabar/search.py: where a result's own words begin
  var root = document.getElementById("cari");
  var form = document.querySelector(".search-page-box");
  if (!root || !form || !("fetch" in window)) return;
  var box = form.querySelector("input[name='q']");
  var message = root.querySelector(".search-message");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search-more");
  var bundles = (root.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
  var lang = document.documentElement.lang || "id";
  var dates = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  var loading = null;
  var asked = 0; // the latest search's number: an answer to an older one is dropped
  var found = [];
  var shown = 0;

  function words(name, count, term) {
    return (root.getAttribute("data-" + name) || "").replace("%d", String(count)).replace("%s", term);
  }

  function pagefind() {
    if (!loading) {
      loading = import(bundles[0] + "pagefind.js").then(function (api) {
        return Promise.all(bundles.slice(1).map(function (path) { return api.mergeIndex(path); })).then(function () {
          return api;
        });
      });
    }
    return loading;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  // The excerpt: EXCERPT_WORDS of the story's own words (not its title, labels or summary, searched before them),
  // where most of the words searched for are, else its first; those words marked.
  var EDGES = /^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u;  // a word's punctuation before and after it

  function excerpt(data) {
    var all = data.content.split(/[\r\n\s]+/g);
    var from = 0;
    (data.anchors || []).some(function (anchor) {
      if (anchor.id === BODY_ANCHOR) from = anchor.location;
      return anchor.id === BODY_ANCHOR;
    });
    var hits = (data.weighted_locations || []).filter(function (hit) { return hit.location >= from; });
    var start = from;
    var best = -1;
    [from].concat(hits.map(function (hit) { return Math.max(from, hit.location - 3); })).forEach(function (at) {
      var score = 0;
      hits.forEach(function (hit) {
        if (hit.location >= at && hit.location < at + EXCERPT_WORDS) score += hit.balanced_score;
      });
      if (score > best) { best = score; start = at; }
    });
    var marked = {};
    hits.forEach(function (hit) { marked[hit.location] = true; });
    var end = Math.min(all.length, start + EXCERPT_WORDS);
    var text = element("p", "summary search-excerpt");
    if (start > from) text.appendChild(document.createTextNode("… "));
    for (var at = start; at < end; at++) {
      if (at > start) text.appendChild(document.createTextNode(" "));
      if (marked[at]) {  // the word marked, not the marks around it: "(QRIS)." shows (<mark>QRIS</mark>).
        var word = EDGES.exec(all[at]);
        text.appendChild(document.createTextNode(word[1]));
        text.appendChild(element("mark", "", word[2]));
        text.appendChild(document.createTextNode(word[3]));
      } else {
        text.appendChild(document.createTextNode(all[at]));
      }
    }
    if (end < all.length) text.appendChild(document.createTextNode(" …"));
    return text;
  }

  // A result as the theme's card: its thumbnail (only when it has one), "Nasional · 17 Agustus 2026", its title, excerpt.
  function card(data) {
    var meta = data.meta || {};
    var result = element("article", "card search-result" + (meta.image ? " has-image" : ""));
    if (meta.image) {
      var image = element("img", "card-image");
      image.src = meta.image;
      image.alt = meta.image_alt || "";
      image.loading = "lazy";
      image.decoding = "async";
      result.appendChild(image);
    }
    if (meta.category || meta.date) {
      var line = element("p", "search-meta");
      // A sponsored story is labelled here as on every card of the site.
      if (meta.sponsored) {
        line.appendChild(element("span", "badge sponsored", root.getAttribute("data-sponsored")));
        line.appendChild(document.createTextNode(" "));
      }
      if (meta.category) line.appendChild(element("span", "search-category", meta.category));
      if (meta.category && meta.date) line.appendChild(document.createTextNode(" · "));
      if (meta.date) {
        // as the cards show it: "5 Okt 2026, 09.30 WIB" (its time and zone from the build; none for a day only)
        var shown = dates.format(new Date(meta.date + "T00:00:00Z")) + (meta.time ? ", " + meta.time : "");
        var time = element("time", "", shown);
        time.dateTime = meta.date;
        line.appendChild(time);
      }
      result.appendChild(line);
    }
    var title = element("h2", "card-title");
    var link = element("a", "", meta.title || data.url);
    link.href = data.url;
    title.appendChild(link);
    result.appendChild(title);
    result.appendChild(excerpt(data));
    return result;
  }

  function showMore(number) {
    var next = found.slice(shown, shown + PER_PAGE);
    shown += next.length;
    more.hidden = true;
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (cards) {
      if (number !== asked) return null;
      var added = cards.map(function (data) { return list.appendChild(card(data)); });
      more.hidden = shown >= found.length;
      return added[0] || null;
    });
  }

  function search(term) {
    var number = ++asked;
    term = term.trim();
    var address = term ? "?q=" + encodeURIComponent(term) : window.location.pathname;
    if (window.location.search !== (term ? address : "")) window.history.replaceState(null, "", address);
    found = [];
    shown = 0;
    more.hidden = true;
    if (!term) {
      list.replaceChildren();
      message.textContent = "";
      return;
    }
    message.textContent = words("searching", 0, term);
    pagefind()
      .then(function (api) { return api.search(term); })
      .then(function (answer) {
        if (number !== asked) return;
        found = answer.results;
        list.replaceChildren();
        return showMore(number).then(function () {
          if (number !== asked) return;
          var name = found.length === 0 ? "none" : found.length === 1 ? "found-one" : "found";
          message.textContent = words(name, found.length, term);
        });
      });
  }

  var waiting = null;
  box.addEventListener("input", function () {
    window.clearTimeout(waiting);
    waiting = window.setTimeout(function () { search(box.value); }, 300);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(waiting);
    search(box.value);
  });
  more.addEventListener("click", function () {  // the reader goes on from the first new result, not the page's top
    showMore(asked).then(function (first) { if (first) first.querySelector("a").focus(); });
  });
  var asking = new URLSearchParams(window.location.search).get("q");
  if (asking) {
    box.value = asking;
    search(asking);
  } else {
    box.focus();
  }
})();
