// Light/dark switch: follows the system until the reader picks one, then remembers it.
// Also: print in light colours with folded callouts open, let the keyboard scroll wide
// code blocks and tables, and mark the section being read in the table of contents.
(function () {
  var key = "wikiforge-theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var stored = null;
  try { stored = localStorage.getItem(key); } catch (e) { /* storage may be off (file://, privacy mode) */ }
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : !!(system && system.matches);
  }

  function setUpToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    var show = function () { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); };
    button.hidden = false;
    show();
    if (system && system.addEventListener) system.addEventListener("change", show);
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(key, next); } catch (e) { /* not remembered, still switched */ }
      show();
    });
  }

  // Printing: light colours whatever the screen shows, and every folded callout open.
  var beforePrint = null;
  window.addEventListener("beforeprint", function () {
    var closed = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
    beforePrint = { theme: root.getAttribute("data-theme"), closed: closed };
    root.setAttribute("data-theme", "light");
  });
  window.addEventListener("afterprint", function () {
    if (!beforePrint) return;
    if (beforePrint.theme) root.setAttribute("data-theme", beforePrint.theme);
    else root.removeAttribute("data-theme");
    beforePrint.closed.forEach(function (d) { d.open = false; });
    beforePrint = null;
  });

  // A code block or table wider than the page scrolls; let the keyboard reach it.
  function focusableScrollers() {
    document.querySelectorAll("main pre, main table").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    });
  }

  // The table of contents marks the section at the top of the window.
  function followSections() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
    if (!links.length) return;
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var headings = Object.keys(byId).map(function (id) { return document.getElementById(id); }).filter(Boolean);
    var current = null, queued = false;
    var update = function () {
      queued = false;
      var line = window.innerHeight * 0.15 + 1, above = null;
      headings.forEach(function (h) { if (h.getBoundingClientRect().top < line) above = h; });
      var link = above ? byId[above.id] : null;
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      if (link) link.setAttribute("aria-current", "location");
      current = link;
    };
    window.addEventListener("scroll", function () {
      if (!queued) { queued = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    update();
  }

  // "/" puts the cursor in the search box (the search page's own, else the header's),
  // unless the reader is typing somewhere already.
  function slashToSearch() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var active = document.activeElement;
      if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
      var box = document.getElementById("search-q") || document.getElementById("site-search-q");
      if (!box || box.offsetParent === null) return;
      event.preventDefault();
      box.focus();
      box.select();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpToggle();
    slashToSearch();
    focusableScrollers();
    followSections();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(focusableScrollers, 150);
    });
  });
})();
