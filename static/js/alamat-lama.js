// Old addresses that no file of the site holds, on a host that answers them with the front page or the 404 page,
// which load this script.
// - With a query string (WordPress's /?p=123), on a host that cannot match a query (GitHub Pages, Cloudflare
//   Pages): the front page at /?p=123, the 404 page at /index.php?p=123; and one that names a file such a host
//   does not serve as a page (/berita.php): the 404 page. When the site has such addresses (the script's
//   data-redirects), it looks for the address in kabar-redirects.json, beside this script's folder, and leads on to
//   the new page, keeping the #part. A request must have each argument the old address names, whatever others a
//   shared link adds (/?p=123&fbclid=x). An address with neither a query nor a file's name fetches nothing.
// - A story's AMP page (/2024/03/05/banjir/amp/, as WordPress's AMP plugins made them, which search results and
//   shared links still name): the 404 page leads to the address without /amp/, if the site has a page there (its
//   story, or the redirect page of its old address), keeping the query and the #part.
// - A search of the old site (WordPress's /?s=banjir+bekasi, from its search form and the links search engines
//   kept, or /search/banjir+bekasi/ with pretty links: the front page or the 404 page): the search page with those
//   words, on a site that has one (the script's data-search).
(function () {
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var path = location.pathname, bare = path.replace(/\/amp\/?$/, ""), fileName = /\.[^/]*$/;
  var words = new URLSearchParams(location.search).get("s"), searched = /\/search\/([^/]+)\/?$/.exec(path);
  if (!words && searched) {
    try { words = decodeURIComponent(searched[1].replace(/\+/g, " ")); } catch (e) { words = null; }
  }
  if (script.hasAttribute("data-search") && words && words.trim()) {
    location.replace(new URL("../cari/?q=" + encodeURIComponent(words.trim()), script.src));
    return;
  }
  if (bare !== path) {
    var page = fileName.test(bare) ? bare : bare + "/"; // /berita.html/amp/ is /berita.html's
    fetch(page, { method: "HEAD" }).then(function (answer) {
      if (answer.ok) location.replace(page + location.search + location.hash);
    }).catch(function () {});
    return;
  }
  if (!script.hasAttribute("data-redirects") || !(location.search || fileName.test(path))) return;
  fetch(new URL("../kabar-redirects.json", script.src)).then(function (answer) {
    return answer.ok ? answer.json() : [];
  }).then(function (rules) {
    var asked = new URLSearchParams(location.search), decoded = decodeURIComponent(path);
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i], target = rule[2];
      var named = rule[1].every(function (pair) { return asked.getAll(pair[0]).indexOf(pair[1]) >= 0; });
      if (rule[0] !== decoded || !named || !/^(\/|https?:)/.test(target)) continue;
      return location.replace(target.indexOf("#") < 0 ? target + location.hash : target);
    }
  }).catch(function () {});
})();
