// The search page (/cari/): Pagefind's UI, started with the words from ?q= when the masthead box sent some.
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI !== "function") return;
  var ui = new PagefindUI({ element: "#cari", showSubResults: false, showImages: true, autofocus: true });
  var input = document.querySelector("#cari input");
  if (input) input.setAttribute("aria-labelledby", "cari-judul"); // the page's heading names the box
  var words = new URLSearchParams(window.location.search).get("q");
  if (words) ui.triggerSearch(words);
});
