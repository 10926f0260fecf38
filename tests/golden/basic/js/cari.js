// The search page (/cari/): Pagefind's UI over every shard of the index (the newest first, merged in the browser),
// started with the words from ?q= when the masthead box sent some.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.querySelector("#cari");
  var bundles = (element && element.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
  if (typeof PagefindUI !== "function" || !bundles.length) return;
  var ui = new PagefindUI({
    element: "#cari",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path }; }),
    showSubResults: false,
    showImages: true,
    autofocus: true,
  });
  var input = document.querySelector("#cari input");
  if (input) input.setAttribute("aria-labelledby", "cari-judul"); // the page's heading names the box
  var words = new URLSearchParams(window.location.search).get("q");
  if (words) ui.triggerSearch(words);
});
