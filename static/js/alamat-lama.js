// An old address of the site with a query string (WordPress's /?p=123), on a host that cannot match a query
// (GitHub Pages, Cloudflare Pages): the host serves /?p=123 as the front page and /index.php?p=123 as its 404 page,
// which load this script when the site has such addresses. It looks for the address in kabar-redirects.json, beside
// this script's folder, and leads on to the new page, keeping the #part. A request must have each argument the old
// address names, whatever others a shared link adds (/?p=123&fbclid=x). Without a query nothing is fetched.
(function () {
  var script = document.currentScript;
  if (!location.search || !script || !window.fetch) return;
  fetch(new URL("../kabar-redirects.json", script.src)).then(function (answer) {
    return answer.ok ? answer.json() : [];
  }).then(function (rules) {
    var asked = new URLSearchParams(location.search), path = decodeURIComponent(location.pathname);
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i], target = rule[2];
      var named = rule[1].every(function (pair) { return asked.getAll(pair[0]).indexOf(pair[1]) >= 0; });
      if (rule[0] !== path || !named || !/^(\/|https?:)/.test(target)) continue;
      return location.replace(target.indexOf("#") < 0 ? target + location.hash : target);
    }
  }).catch(function () {});
})();
