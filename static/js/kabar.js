// The theme's only script, for what only the reader's browser knows: today's date in the masthead, the share
// sheet and the clipboard, and where the phone's category bar shows the reader's section. Without it a reader
// misses nothing: the date line is left out (kabar.css), the buttons hidden and the bar at its start.
(function () {
  // A category reached with Tab on a phone is scrolled clear of the bar's faded edge (kabar.css gives the margin):
  // the browser scrolls only a link that is out of sight altogether, so its focus ring could stay under the fade.
  var bar = document.querySelector(".catbar ul");
  if (bar) bar.addEventListener("focusin", function (event) {
    event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  // The section a reader is in is scrolled to the middle of a phone's bar (where all fit, nothing moves): the bar
  // alone, with scrollLeft, so the page stays where it is.
  var here = bar && bar.querySelector("[aria-current=page], .is-section");
  if (here) bar.scrollLeft += here.getBoundingClientRect().left - (bar.clientWidth - here.offsetWidth) / 2;
  var today = document.getElementById("hari-ini"), now = new Date();
  if (today) {
    var options = { weekday: "long", day: "numeric", month: "long", year: "numeric" };
    today.textContent = now.toLocaleDateString(document.documentElement.lang, options);
  }
  var share = document.querySelector(".share"), native = document.querySelector(".share-native");
  var copy = document.querySelector(".share-copy");
  if (!share) return;
  var url = document.querySelector("link[rel=canonical]").href, title = document.querySelector("h1").textContent;
  if (navigator.share) {
    native.parentNode.hidden = false;
    native.onclick = function () { navigator.share({ title: title, url: url }).catch(function () {}); };
  }
  if (navigator.clipboard) {
    copy.parentNode.hidden = false;
    copy.onclick = function () {
      navigator.clipboard.writeText(url).then(function () { copy.nextElementSibling.textContent = copy.dataset.done; });
    };
  }
})();
