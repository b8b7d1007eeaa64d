// Full-text search over the site's chunked index (static/search/: meta.json, c/*.wfs,
// f/N.json, see wikiforge's site/fulltext.py): a query loads the meta once, the chunk of
// each of its words, and the fragments of the results it shows. Opened from the file
// system, where browsers refuse fetch(), it searches titles, aliases, headings and tags
// (search-index.js, loaded as a script) and says so.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var note = document.getElementById("search-note");
  var typeSelect = document.getElementById("search-type");
  var tagSelect = document.getElementById("search-tag");
  var more = document.getElementById("search-more");
  if (!input || !list) return;
  var root = list.getAttribute("data-root") || "./";
  var base = list.getAttribute("data-index") || "";
  // A term: one ideograph or kana (Chinese and Japanese put no space between words), or
  // a run of other letters and digits; as wikiforge's parse/search_terms.py splits pages.
  var WORD = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|(?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[\p{L}\p{N}])+/gu;
  var PAGE = 10;
  var CHUNKS_PER_WORD = 8;
  var loaded = {};
  var shown = [];
  var asked = 0;

  function termsOf(text) { return text.toLowerCase().match(WORD) || []; }

  function unpack(response) {
    return response.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {  // gzip, unless a server already unpacked it
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).json();
      }
      return JSON.parse(new TextDecoder().decode(bytes));
    });
  }

  // One request per file, however many queries ask for it. Chunks are named by their
  // content, and fragments asked for with the index's version: both may come from the
  // browser's cache; the meta, which names them, is checked with the server each time.
  function load(path, cached) {
    if (!loaded[path]) {
      loaded[path] = fetch(base + path, cached ? {} : { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error(path + ": HTTP " + response.status);
        return unpack(response);
      });
      loaded[path].catch(function () { delete loaded[path]; });
    }
    return loaded[path];
  }

  function decode(postings) {  // [page, weight, page, weight…], pages as differences
    var out = new Array(postings.length), page = 0;
    for (var i = 0; i < postings.length; i += 2) {
      page += postings[i];
      out[i] = page;
      out[i + 1] = postings[i + 1];
    }
    return out;
  }

  // A query word matches index terms it equals, or begins (from three letters on), or
  // whose stem it shares once a common English ending is dropped ("handles" → "handl").
  function forms(word) {
    var found = [{ text: word, prefix: word.length >= 3, weight: 1 }];
    var stem = word.replace(/(ies|es|s|ing|ed|er|ly)$/, "");
    if (stem !== word && stem.length >= 4) found.push({ text: stem, prefix: true, weight: 0.6 });
    return found;
  }

  function firstAtOrAfter(rows, text) {  // rows sorted by [0]
    var low = 0, high = rows.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (rows[mid][0] < text) low = mid + 1; else high = mid;
    }
    return low;
  }

  function filesFor(meta, form) {
    var files = [], chunks = meta.chunks;
    var at = Math.max(0, firstAtOrAfter(chunks, form.text) - 1);
    if (at + 1 < chunks.length && chunks[at + 1][0] === form.text) at += 1;
    for (var i = at; i < chunks.length && files.length < CHUNKS_PER_WORD; i++) {
      if (i > at && !(form.prefix && chunks[i][0].indexOf(form.text) === 0)) break;
      files.push(chunks[i][1]);
    }
    for (var j = firstAtOrAfter(meta.big, form.text); j < meta.big.length; j++) {
      var term = meta.big[j][0];
      if (term !== form.text && !(form.prefix && term.indexOf(form.text) === 0)) break;
      files.push(meta.big[j][1]);
    }
    return files;
  }

  // Per page, the best score of the word (weight × rarity × how well the term matched),
  // in an array indexed by page: 10,000 pages add up faster there than in a Map.
  function scoresOf(meta, word) {
    var wanted = forms(word), names = {};
    wanted.forEach(function (form) { filesFor(meta, form).forEach(function (n) { names[n] = true; }); });
    return Promise.all(Object.keys(names).map(function (n) { return load("c/" + n + ".wfs", true); })).then(function (chunks) {
      var best = new Float64Array(meta.pages);
      chunks.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (term) {
          var factor = 0;
          wanted.forEach(function (form) {
            if (term === form.text) factor = Math.max(factor, form.weight);
            else if (form.prefix && term.indexOf(form.text) === 0) factor = Math.max(factor, 0.8 * form.weight);
          });
          if (!factor) return;
          var postings = decoded(chunk, term), df = postings.length / 2;
          var rarity = factor * Math.log(1 + (meta.pages - df + 0.5) / (df + 0.5));
          for (var i = 0; i < postings.length; i += 2) {
            var score = rarity * postings[i + 1];
            if (score > best[postings[i]]) best[postings[i]] = score;
          }
        });
      });
      return best;
    });
  }

  var decodedTerms = new WeakMap();
  function decoded(chunk, term) {  // a chunk's postings decoded once, however often asked
    var terms = decodedTerms.get(chunk);
    if (!terms) decodedTerms.set(chunk, terms = {});
    return terms[term] || (terms[term] = decode(chunk[term]));
  }

  function filtered(meta) {
    var type = typeSelect ? typeSelect.value : "", tag = tagSelect ? tagSelect.value : "";
    if (!type && !tag) return Promise.resolve(null);
    return load("filters-" + meta.filters + ".wfs", true).then(function (filters) {
      var sets = [];
      if (type) sets.push(differences(filters.type[type] || []));
      if (tag) sets.push(differences(filters.tag[tag] || []));
      return sets;
    });
  }

  function differences(numbers) {
    var out = [], page = 0;
    numbers.forEach(function (n, i) { page = i ? page + n : n; out.push(page); });
    return out;
  }

  // The pages every word matches (and every filter lets through), best first.
  function ranked(meta, perWord, sets) {
    var totals = new Float64Array(meta.pages), hits = new Uint8Array(meta.pages), needed = perWord.length;
    perWord.forEach(function (scores) {
      for (var page = 0; page < scores.length; page++) {
        if (scores[page] > 0) { totals[page] += scores[page]; hits[page] += 1; }
      }
    });
    (sets || []).forEach(function (pages) { pages.forEach(function (page) { hits[page] += 1; }); });
    needed += sets ? sets.length : 0;
    var found = [];
    for (var page = 0; page < hits.length; page++) if (hits[page] === needed) found.push(page);
    return found.sort(function (a, b) { return totals[b] - totals[a] || a - b; });
  }

  function search(query) {
    var words = termsOf(query).filter(function (w, i, all) { return all.indexOf(w) === i; });
    return load("meta.json", false).then(function (meta) {
      return Promise.all([Promise.all(words.map(function (w) { return scoresOf(meta, w); })), filtered(meta)]).then(function (found) {
        return { words: words, pages: ranked(meta, found[0], found[1]), version: meta.version };
      });
    });
  }

  function matcher(words) {
    var all = [];
    words.forEach(function (w) { all = all.concat(forms(w)); });
    return function (term) {
      return all.some(function (form) { return term === form.text || (form.prefix && term.indexOf(form.text) === 0); });
    };
  }

  // The stretch of about 30 words holding the most matches, and the heading it is under.
  function excerpt(fragment, matches) {
    var words = fragment.x ? fragment.x.split(" ") : [], hits = [];
    for (var i = 0; i < words.length; i++) if (termsOf(words[i]).some(matches)) hits.push(i);
    var start = 0, most = 0;
    for (var h = 0; h < hits.length; h++) {
      var count = 0;
      for (var k = h; k < hits.length && hits[k] < hits[h] + 30; k++) count++;
      if (count > most) { most = count; start = hits[h]; }
    }
    start = Math.max(0, start - 8);
    var heading = null;
    (fragment.h || []).forEach(function (entry) { if (entry[0] <= (hits.length ? start + 8 : 0)) heading = entry; });
    return { words: words.slice(start, start + 30), from: start, more: start + 30 < words.length, heading: heading };
  }

  function marked(parent, text, matches) {  // the matching words in <mark>, not their punctuation
    text.split(new RegExp("(" + WORD.source + ")", "u")).forEach(function (piece, i) {
      if (!piece) return;
      if (i % 2 && matches(piece.toLowerCase())) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(piece));
      }
    });
  }

  function item(fragment, matches) {
    var li = document.createElement("li"), link = document.createElement("a");
    var cut = excerpt(fragment, matches);
    link.href = root + fragment.u + (cut.heading ? "#" + encodeURIComponent(cut.heading[1]) : "");
    link.className = "search-result-link";
    marked(link, fragment.t, matches);
    li.appendChild(link);
    if (cut.heading) {
      var section = document.createElement("span");
      section.className = "search-result-section";
      section.textContent = " › " + cut.heading[2];
      li.appendChild(section);
    }
    var facts = [fragment.y].concat(fragment.g.map(function (t) { return "#" + t; })).filter(Boolean);
    if (facts.length) {
      var about = document.createElement("span");
      about.className = "muted search-result-facts";
      about.textContent = facts.join(" · ");
      li.appendChild(about);
    }
    var text = cut.words.join(" ");
    if (text) {
      var p = document.createElement("p");
      p.className = "search-excerpt";
      marked(p, (cut.from ? "… " : "") + text + (cut.more ? " …" : ""), matches);
      li.appendChild(p);
    }
    return li;
  }

  function showMore(found, matches, ticket) {
    var next = found.pages.slice(shown.length, shown.length + PAGE);
    shown = shown.concat(next);
    return Promise.all(next.map(function (page) { return load("f/" + page + ".json?v=" + found.version, true); })).then(function (fragments) {
      if (ticket !== asked) return;
      fragments.forEach(function (fragment) { list.appendChild(item(fragment, matches)); });
      if (more) more.hidden = shown.length >= found.pages.length;
      list.setAttribute("aria-busy", "false");
    });
  }

  function run() {
    var ticket = ++asked, query = input.value;
    var filtering = (typeSelect && typeSelect.value) || (tagSelect && tagSelect.value);
    remember(query);
    list.setAttribute("aria-busy", "true");
    if (!termsOf(query).length && !filtering) {
      list.setAttribute("aria-busy", "false");
      list.textContent = "";
      status.textContent = "Type a word to search every page's text.";
      if (more) more.hidden = true;
      return;
    }
    search(query).then(function (found) {
      if (ticket !== asked) return;
      list.textContent = "";
      shown = [];
      var count = found.pages.length;
      status.textContent = !count ? "No page matches." : count === 1 ? "1 matching page." : count + " matching pages.";
      var matches = matcher(found.words);
      if (more) more.onclick = function () { showMore(found, matches, ticket); };
      return showMore(found, matches, ticket);
    }).catch(function (error) {
      list.setAttribute("aria-busy", "false");
      if (ticket === asked) fallBack("the search index could not be loaded (" + error.message + ")");
    });
  }

  function remember(query) {
    try {  // the query in the address, so going back returns to these results
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url.href);
    } catch (e) { /* file:// pages may refuse; searching still works */ }
  }

  function fillFilters(meta) {
    [[typeSelect, meta.types], [tagSelect, meta.tags]].forEach(function (pair) {
      if (!pair[0]) return;
      pair[1].forEach(function (entry) {
        var option = document.createElement("option");
        option.value = entry[0];
        option.textContent = entry[0] + " (" + entry[1] + ")";
        pair[0].appendChild(option);
      });
      pair[0].parentNode.hidden = !pair[1].length;
      pair[0].addEventListener("change", run);
    });
  }

  // Arrow keys move through the results, Enter opens one (it is a link), Escape returns.
  function keys(event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.search-result-link"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus();
      event.preventDefault();
    } else if (event.key === "Escape" && at >= 0) {
      input.focus();
    }
  }

  var titleOnly = false;
  function fallBack(why) {
    if (titleOnly) return;
    titleOnly = true;
    if (note) { note.textContent = "Searching titles, aliases, headings and tags only: " + why + "."; note.hidden = false; }
    [typeSelect, tagSelect].forEach(function (s) { if (s) s.parentNode.hidden = true; });
    var script = document.createElement("script");
    script.src = list.getAttribute("data-titles");
    script.onload = function () { titleSearch(); input.addEventListener("input", titleSearch); };
    document.body.appendChild(script);
  }

  function titleScore(page, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], best = 0;
      if (page.t.toLowerCase().indexOf(w) >= 0) best = 10;
      page.a.forEach(function (a) { if (a.toLowerCase().indexOf(w) >= 0) best = Math.max(best, 8); });
      page.g.forEach(function (g) { if (g.toLowerCase().indexOf(w) >= 0) best = Math.max(best, 5); });
      page.h.forEach(function (h) { if (h.toLowerCase().indexOf(w) >= 0) best = Math.max(best, 3); });
      if (page.d && page.d.toLowerCase().indexOf(w) >= 0) best = Math.max(best, 2);
      if (page.p.toLowerCase().indexOf(w) >= 0) best = Math.max(best, 1);
      if (!best) return 0;
      total += best;
    }
    return total;
  }

  function titleSearch() {
    var pages = window.WIKIFORGE_SEARCH || [], words = termsOf(input.value);
    list.textContent = "";
    remember(input.value);
    if (!words.length) { status.textContent = pages.length + " pages to search."; return; }
    var found = pages.map(function (p) { return [titleScore(p, words), p]; })
      .filter(function (x) { return x[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0] || a[1].t.localeCompare(b[1].t); })
      .slice(0, 50);
    status.textContent = !found.length ? "No page matches." :
      found.length === 1 ? "1 matching page." : found.length + (found.length === 50 ? "+" : "") + " matching pages.";
    var matches = matcher(words);
    found.forEach(function (x) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = root + x[1].u;
      a.className = "search-result-link";
      marked(a, x[1].t, matches);
      li.appendChild(a);
      var path = document.createElement("span");
      path.className = "muted search-result-facts";
      path.textContent = x[1].p;
      li.appendChild(path);
      list.appendChild(li);
    });
  }

  input.value = new URLSearchParams(window.location.search).get("q") || "";
  input.addEventListener("keydown", keys);
  list.addEventListener("keydown", keys);
  if (window.location.protocol === "file:") {
    fallBack("full-text search needs the site served over HTTP, and browsers do not let a page opened from a file load its index");
    return;
  }
  input.addEventListener("input", function () { if (!titleOnly) run(); });
  load("meta.json", false).then(function (meta) { fillFilters(meta); run(); }).catch(function (error) {
    fallBack("the search index could not be loaded (" + error.message + ")");
  });
})();
