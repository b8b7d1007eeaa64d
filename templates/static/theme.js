// Light/dark switch: follows the system until the reader picks one, then remembers it.
(function () {
  var key = "wikiforge-theme";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem(key); } catch (e) { /* storage may be off (file://, privacy mode) */ }
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var dark = root.getAttribute("data-theme") === "dark" ||
        (!root.hasAttribute("data-theme") && window.matchMedia("(prefers-color-scheme: dark)").matches);
      var next = dark ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(key, next); } catch (e) { /* not remembered, still switched */ }
    });
  });
})();
