// Client-side search over titles, aliases, headings and tags (window.WIKIFORGE_SEARCH).
(function () {
  var pages = window.WIKIFORGE_SEARCH || [];
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var root = list.getAttribute("data-root") || "./";

  function score(page, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i], best = 0;
      if (page.t.toLowerCase().indexOf(t) >= 0) best = 10;
      page.a.forEach(function (a) { if (a.toLowerCase().indexOf(t) >= 0) best = Math.max(best, 8); });
      page.g.forEach(function (g) { if (g.toLowerCase().indexOf(t) >= 0) best = Math.max(best, 5); });
      page.h.forEach(function (h) { if (h.toLowerCase().indexOf(t) >= 0) best = Math.max(best, 3); });
      if (page.d && page.d.toLowerCase().indexOf(t) >= 0) best = Math.max(best, 2);
      if (page.p.toLowerCase().indexOf(t) >= 0) best = Math.max(best, 1);
      if (!best) return 0;
      total += best;
    }
    return total;
  }

  function show(query) {
    list.textContent = "";
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) { status.textContent = pages.length + " pages to search."; return; }
    var found = pages.map(function (p) { return [score(p, terms), p]; })
      .filter(function (x) { return x[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0] || a[1].t.localeCompare(b[1].t); })
      .slice(0, 50);
    status.textContent = !found.length ? "No page matches." :
      found.length === 1 ? "1 matching page." : found.length + (found.length === 50 ? "+" : "") + " matching pages.";
    found.forEach(function (x) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + x[1].u;
      a.textContent = x[1].t;
      li.appendChild(a);
      if (x[1].d) { var d = document.createElement("span"); d.className = "muted"; d.textContent = x[1].d; li.appendChild(d); }
      var path = document.createElement("span");
      path.className = "muted search-result-path";
      path.textContent = x[1].p;
      li.appendChild(path);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  input.addEventListener("input", function () {
    show(input.value);
    try {  // keep the query in the address, so going back returns to these results
      var url = new URL(window.location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      history.replaceState(null, "", url.href);
    } catch (e) { /* file:// pages may refuse; searching still works */ }
  });
  show(input.value);
})();
