// The graph view: the global graph page (#graph) and the local graph of each page
// (.local-graph). force-graph (vendor/force-graph, MIT) lays the nodes out (d3-force),
// handles zoom, pan, pointing and clicks; the drawing is ours, so that 10,000 nodes stay
// fluid: nodes are filled a colour at a time, and once the layout settles the whole
// graph is drawn once into a picture that zooming and panning only move, drawn again
// when they pause. The data is window.WIKIFORGE_GRAPH, set by graph-data.js: a script,
// not JSON to fetch, so the graph works from the file system too. Titles only ever
// reach the page as text.
(function () {
  "use strict";
  var html = document.documentElement;
  var TYPE_COLOURS = 8;       // --graph-1 … --graph-8; rarer types share --graph-other
  var BIG = 3000;             // from this many nodes: a shorter layout, no links while it runs, no dragging
  var LOCAL_LIMIT = 250;      // a local graph shows two links out while that stays below this
  var LABELS = 300;           // at most this many titles on the canvas at once

  // ---- Data ---------------------------------------------------------------------
  // A row: [title, url, kind ("p" page, "s" source document, "m" broken target),
  // type number (-1 none), [tag numbers], tier (0 none), flags (1 orphan), [targets]].
  var decoded = null;
  function data() {
    if (decoded || !window.WIKIFORGE_GRAPH) return decoded;
    var raw = window.WIKIFORGE_GRAPH, rows = raw.nodes, count = rows.length;
    var nodes = new Array(count), around = new Array(count), byUrl = {}, links = [], i, j;
    for (i = 0; i < count; i++) {
      var row = rows[i];
      nodes[i] = { id: i, title: row[0], url: row[1], kind: row[2], type: row[3], tags: row[4],
                   tier: row[5], orphan: (row[6] & 1) === 1, degree: 0 };
      around[i] = [];
      if (row[1]) byUrl[row[1]] = i;
    }
    for (i = 0; i < count; i++) {
      var targets = rows[i][7];
      for (j = 0; j < targets.length; j++) {
        var t = targets[j];
        if (t === i || t < 0 || t >= count) continue;
        links.push([i, t]);
        around[i].push(t);
        around[t].push(i);
      }
    }
    for (i = 0; i < count; i++) {
      around[i] = around[i].filter(function (n, k, all) { return all.indexOf(n) === k; });
      nodes[i].degree = around[i].length;
    }
    decoded = { raw: raw, nodes: nodes, links: links, around: around, byUrl: byUrl };
    return decoded;
  }

  function tierLabel(raw, tier) {
    for (var i = 0; i < raw.tiers.length; i++) if (raw.tiers[i][0] === tier) return raw.tiers[i][1];
    return "Tier " + tier;
  }

  // ---- Colours, from the theme's CSS variables (light and dark) -------------------
  function theme() {
    var style = getComputedStyle(html);
    var value = function (name) { return style.getPropertyValue(name).trim() || "#888"; };
    var types = [], tiers = [], i;
    for (i = 1; i <= TYPE_COLOURS; i++) types.push(value("--graph-" + i));
    for (i = 1; i <= 5; i++) tiers.push(value("--tier-" + i));
    return { types: types, tiers: tiers, other: value("--graph-other"), source: value("--graph-source"),
             broken: value("--broken"), orphan: value("--graph-orphan"), edge: value("--graph-edge"),
             fg: value("--fg"), bg: value("--bg"), surface: value("--surface"), accent: value("--accent") };
  }

  // What colours a node: its type (the commonest types first), or its client tier.
  function colouring(graph, by) {
    var raw = graph.raw, counts = raw.types.map(function () { return 0; });
    graph.nodes.forEach(function (n) { if (n.kind === "p" && n.type >= 0) counts[n.type]++; });
    var ranked = counts.map(function (c, i) { return i; }).filter(function (i) { return counts[i]; })
      .sort(function (a, b) { return counts[b] - counts[a] || (raw.types[a] < raw.types[b] ? -1 : 1); });
    var slot = {};
    ranked.slice(0, TYPE_COLOURS).forEach(function (t, place) { slot[t] = place; });
    return function (node, colours) {
      if (node.kind === "m") return colours.broken;
      if (node.kind === "s") return colours.source;
      if (by === "tier") return node.tier >= 1 && node.tier <= 5 ? colours.tiers[node.tier - 1] : colours.other;
      return node.type in slot ? colours.types[slot[node.type]] : colours.other;
    };
  }

  function legendItems(graph, nodes, by, colourOf, colours) {
    var raw = graph.raw, items = [], seen = {};
    nodes.forEach(function (n) {
      var key = n.kind === "p" ? (by === "tier" ? "r" + n.tier : "t" + n.type) : n.kind;
      if (seen[key]) { seen[key].count++; return; }
      var name = n.kind === "m" ? "Broken link target" : n.kind === "s" ? "Source document" :
        by === "tier" ? (n.tier ? tierLabel(raw, n.tier) : "No tier") : n.type >= 0 ? raw.types[n.type] : "No type";
      seen[key] = { name: name, colour: colourOf(n, colours), count: 1, order: n.kind === "p" ? 0 : 1 };
      items.push(seen[key]);
    });
    items.sort(function (a, b) { return a.order - b.order || b.count - a.count || (a.name < b.name ? -1 : 1); });
    if (nodes.some(function (n) { return n.orphan; })) {
      items.push({ name: "Orphan: no page links here", colour: colours.orphan, ring: true });
    }
    return items;
  }

  function showLegend(list, items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "graph-swatch" + (item.ring ? " graph-ring" : "");
      if (item.ring) swatch.style.borderColor = item.colour; else swatch.style.background = item.colour;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(item.name + (item.count ? " (" + item.count + ")" : "")));
      list.appendChild(li);
    });
  }

  function tooltip(node) {
    var box = document.createElement("span");
    box.className = "graph-tooltip";
    var title = document.createElement("strong");
    title.textContent = node.title;
    box.appendChild(title);
    var note = node.kind === "m" ? "broken link target" : node.kind === "s" ? "source document" :
      node.orphan ? "no page links here" : "";
    if (note) box.appendChild(document.createTextNode(" · " + note));
    return box;
  }

  // ---- Painting -------------------------------------------------------------------
  // Draws `nodes` and `links` ({source, target} node objects once force-graph has them)
  // on a canvas context under force-graph's zoom transform. A small graph is drawn
  // whole every frame. A big one shows only its nodes while the layout runs; once it
  // settles, the links and nodes around the view are drawn into a picture a slice at a
  // time (no slice holds the page up for long), and frames then only place the picture.
  function Painter(nodes, links, options) {
    this.nodes = nodes;
    this.links = links;
    this.options = options;
    this.big = nodes.length >= BIG;
    this.picture = null;      // {image, x, y, w, h, scale}: the settled graph around the view
    this.job = null;          // the picture being drawn
    this.moving = true;
    this.timer = null;
  }

  Painter.prototype.frame = function (ctx, k, state) {
    var m = ctx.getTransform(), p = this.picture;
    if (this.moving) this.picture = this.job = p = null;
    if (p) ctx.drawImage(p.image, p.x, p.y, p.w, p.h);
    else this.draw(ctx, k, state, !this.big, true);
    if (this.big && !this.moving && (!p || !this.covers(m, ctx.canvas))) this.pictureSoon(state);
    this.overlay(ctx, k, state, m);
  };

  // Whether the picture still shows the view sharply enough.
  Painter.prototype.covers = function (m, canvas) {
    var p = this.picture, ratio = m.a / p.scale;
    var x0 = -m.e / m.a, y0 = -m.f / m.a, x1 = x0 + canvas.width / m.a, y1 = y0 + canvas.height / m.a;
    return ratio > 0.7 && ratio < 1.5 && x0 >= p.x && y0 >= p.y && x1 <= p.x + p.w && y1 <= p.y + p.h;
  };

  // A new picture once zooming and panning pause.
  Painter.prototype.pictureSoon = function (state) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.startPicture(state); }, 150);
  };

  // Draw the view and a quarter of it around each side into a picture, links a slice at
  // a time: each slice is drawn through (a pixel read makes the canvas finish it), timed,
  // and the next sized to take about 20 ms.
  Painter.prototype.startPicture = function (state) {
    var ctx = state.context, m = ctx.getTransform(), width = ctx.canvas.width, height = ctx.canvas.height;
    if (this.moving || !width || !height) return;
    var grow = Math.min(1.5, 4096 / Math.max(width, height)), scale = m.a;
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(width * grow);
    canvas.height = Math.round(height * grow);
    var x = -m.e / scale - (grow - 1) / 2 * width / scale, y = -m.f / scale - (grow - 1) / 2 * height / scale;
    var c = canvas.getContext("2d", { willReadFrequently: true });
    c.setTransform(scale, 0, 0, scale, -x * scale, -y * scale);
    var self = this, k = state.zoom(), done = 0, slice = 2000;
    var job = this.job = { image: canvas, x: x, y: y, w: canvas.width / scale, h: canvas.height / scale, scale: scale };
    var step = function () {
      if (self.job !== job || self.moving) return;
      var began = performance.now();
      if (done < self.links.length) {
        self.drawLinks(c, k, state, done, Math.min(done + slice, self.links.length));
        done = Math.min(done + slice, self.links.length);
      } else {
        self.draw(c, k, state, false, false);
        done = -1;
      }
      c.getImageData(0, 0, 1, 1);
      var took = performance.now() - began;
      if (done >= 0) {
        slice = Math.max(500, Math.min(50000, Math.round(slice * 20 / Math.max(took, 1))));
        setTimeout(step, 0);
        return;
      }
      var show = function (image) { if (self.job === job) { job.image = image; self.picture = job; self.job = null; state.redraw(); } };
      if (window.createImageBitmap) window.createImageBitmap(canvas).then(show, function () { show(canvas); });
      else show(canvas);
    };
    step();
  };

  Painter.prototype.drawLinks = function (ctx, k, state, from, to) {
    var shown = state.shown;
    ctx.beginPath();
    for (var i = from; i < to; i++) {
      var l = this.links[i], s = l.source, t = l.target;
      if (s.x === undefined || !shown(s) || !shown(t)) continue;
      ctx.moveTo(s.x, s.y);
      ctx.lineTo(t.x, t.y);
    }
    ctx.lineWidth = 1 / k;
    ctx.strokeStyle = state.colours.edge;
    ctx.stroke();
  };

  // Links (when `withLinks`), then nodes a colour at a time (squares while they are too
  // small to tell apart and `quick`), then orphans' rings.
  Painter.prototype.draw = function (ctx, k, state, withLinks, quick) {
    var shown = state.shown, colours = state.colours, options = this.options, i, n;
    if (withLinks) this.drawLinks(ctx, k, state, 0, this.links.length);
    var byColour = {};
    for (i = 0; i < this.nodes.length; i++) {
      n = this.nodes[i];
      if (n.x === undefined || !shown(n)) continue;
      var colour = options.colourOf(n, colours);
      (byColour[colour] || (byColour[colour] = [])).push(n);
    }
    var dots = quick && this.big && k * (options.size || 3) < 2.5;
    Object.keys(byColour).forEach(function (colour) {
      ctx.beginPath();
      byColour[colour].forEach(function (n) {
        if (dots) { ctx.rect(n.x - n.r, n.y - n.r, 2 * n.r, 2 * n.r); return; }
        ctx.moveTo(n.x + n.r, n.y);
        ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
      });
      ctx.fillStyle = colour;
      ctx.fill();
    });
    ctx.beginPath();
    for (i = 0; i < this.nodes.length; i++) {
      n = this.nodes[i];
      if (!n.orphan || n.x === undefined || !shown(n)) continue;
      var r = n.r + 1 + 1.5 / k;
      ctx.moveTo(n.x + r, n.y);
      ctx.arc(n.x, n.y, r, 0, 2 * Math.PI);
    }
    ctx.lineWidth = 2 / k;
    ctx.strokeStyle = colours.orphan;
    ctx.stroke();
  };

  // What changes with the pointer and the zoom: the pointed node's links and neighbours
  // over a veil, the current page's ring, and the titles large enough to read.
  Painter.prototype.overlay = function (ctx, k, state, m) {
    var colours = state.colours, hover = state.hover, options = this.options, lit = [], i, n;
    if (hover) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 0.7;
      ctx.fillStyle = colours.surface;
      ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
      ctx.restore();
      ctx.beginPath();
      (options.around[hover.id] || []).forEach(function (id) {
        var other = state.byId[id];
        if (!other || other.x === undefined || !state.shown(other)) return;
        ctx.moveTo(hover.x, hover.y);
        ctx.lineTo(other.x, other.y);
        lit.push(other);
      });
      ctx.lineWidth = 1.5 / k;
      ctx.strokeStyle = colours.accent;
      ctx.stroke();
      lit.push(hover);
      lit.forEach(function (n) {
        ctx.beginPath();
        ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
        ctx.fillStyle = options.colourOf(n, colours);
        ctx.fill();
      });
    }
    var current = state.byId[options.current];
    if (current && current.x !== undefined) {
      ctx.beginPath();
      ctx.arc(current.x, current.y, current.r + 1 + 1.5 / k, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5 / k;
      ctx.strokeStyle = colours.fg;
      ctx.stroke();
    }
    var x0 = -m.e / m.a, y0 = -m.f / m.a, x1 = x0 + ctx.canvas.width / m.a, y1 = y0 + ctx.canvas.height / m.a;
    var titled = hover ? lit : [];
    if (!hover) {
      for (i = 0; i < this.nodes.length && titled.length < LABELS; i++) {
        n = this.nodes[i];
        if (n.x === undefined || n.x < x0 || n.x > x1 || n.y < y0 || n.y > y1 || !state.shown(n)) continue;
        if (options.labelled(n, n.r * k)) titled.push(n);
      }
    }
    ctx.font = 11 / k + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillStyle = colours.fg;
    // Larger circles' titles first; a title that would overlap one already written is left out.
    titled.sort(function (a, b) { return b.r - a.r || a.id - b.id; });
    var taken = [], height = 13 / k;
    titled.forEach(function (n) {
      var text = n.title.length > 40 ? n.title.slice(0, 39) + "…" : n.title;
      var half = ctx.measureText(text).width / 2, top = n.y + n.r + 2 / k;
      var box = [n.x - half, top, n.x + half, top + height];
      if (n !== hover && taken.some(function (t) { return box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]; })) return;
      taken.push(box);
      ctx.fillText(text, n.x, top);
    });
  };

  // ---- One graph on the page ------------------------------------------------------
  // force-graph on `element` for `nodes` and `links` (objects it moves and keeps), drawn
  // by a Painter. Returns {filter(visible), colour(colourOf)}.
  function draw(element, nodes, links, options) {
    var big = nodes.length >= BIG, size = options.size || 3;
    var root = element.getAttribute("data-root") || "./", report = element.getAttribute("data-report");
    var byId = {};
    nodes.forEach(function (n) {
      n.val = 1 + 1.5 * Math.sqrt(n.degree);
      n.r = Math.sqrt(n.val) * size;
      byId[n.id] = n;
    });
    var painter = new Painter(nodes, links, options);
    var state = {
      hover: null, colours: theme(), visible: null, byId: byId, context: null,
      shown: function (n) { return !state.visible || state.visible[n.id]; },
      zoom: function () { return chart.zoom(); },
      redraw: function () { chart.nodeRelSize(size); }  // a property set: force-graph paints again
    };
    var chart = window.ForceGraph()(element)
      .width(element.clientWidth)
      .height(element.clientHeight)
      .nodeRelSize(size)
      .nodeVal("val")
      .nodeLabel(tooltip)
      .linkLabel(function () { return null; })
      .linkVisibility(false)  // links are painted by us; the layout still pulls along them
      .nodeVisibility(state.shown)
      .nodeCanvasObjectMode(function () { return "replace"; })
      .nodeCanvasObject(function () {})
      .nodePointerAreaPaint(function (n, colour, ctx) {  // where the pointer finds a node: a square, cheap to fill
        ctx.fillStyle = colour;
        ctx.fillRect(n.x - n.r - 1, n.y - n.r - 1, 2 * n.r + 2, 2 * n.r + 2);
      })
      .enableNodeDrag(!big)
      .cooldownTime(big ? 6000 : 4000)
      .d3AlphaDecay(big ? 0.06 : 0.03)
      .onRenderFramePre(function (ctx, k) { state.context = ctx; painter.frame(ctx, k, state); })
      .onRenderFramePost(function () {
        if (!element.hasAttribute("data-drawn") && nodes.length) {
          element.setAttribute("data-drawn", String(Math.round(performance.now())));
          if (options.onDrawn) options.onDrawn();
        }
      })
      .onEngineTick(function () { painter.moving = true; })
      .onNodeHover(function (node) {
        state.hover = node || null;
        element.style.cursor = node ? "pointer" : "";
        state.redraw();
      })
      .onNodeClick(function (node) {
        if (node.url) window.location.href = root + node.url;
        else if (report) window.location.href = report;
      });
    var fitted = false;
    chart.onEngineStop(function () {
      painter.moving = false;
      if (!fitted) { fitted = true; chart.zoomToFit(400, 24, state.shown); }
      state.redraw();
      if (options.onSettled) options.onSettled();
      setTimeout(function () {  // once the zoom to fit is done, and the pointer's map of the nodes redrawn
        state.redraw();
        setTimeout(function () { element.setAttribute("data-settled", ""); }, 900);
      }, 450);
    });
    // Where a page's node is in the window (CSS pixels), by its address from the site
    // root: for scripts and tests that point at it.
    element.wikiforgeGraph = {
      where: function (url) {
        var node = nodes.filter(function (n) { return n.kind !== "m" && n.url === url && state.shown(n); })[0];
        if (!node || node.x === undefined) return null;
        var at = chart.graph2ScreenCoords(node.x, node.y), box = element.getBoundingClientRect();
        return { x: box.left + at.x, y: box.top + at.y };
      }
    };
    var spread = nodes.length < 300 ? -140 : big ? -30 : -60;
    if (window.WikiforgeRepulsion) chart.d3Force("charge", window.WikiforgeRepulsion().strength(spread));
    else chart.d3Force("charge").strength(spread);
    chart.d3Force("link").distance(nodes.length < 300 ? 45 : 30);
    if (nodes.length < 300) chart.warmupTicks(60);  // laid out before its first frame
    chart.graphData({ nodes: nodes, links: links });
    var repaint = function () { painter.picture = painter.job = null; state.redraw(); };
    var follow = function () { state.colours = theme(); repaint(); if (options.onTheme) options.onTheme(); };
    new MutationObserver(follow).observe(html, { attributes: true, attributeFilter: ["data-theme"] });
    if (window.matchMedia) {
      var media = window.matchMedia("(prefers-color-scheme: dark)");
      if (media.addEventListener) media.addEventListener("change", follow);
    }
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { chart.width(element.clientWidth).height(element.clientHeight); repaint(); }, 150);
    });
    return {
      colours: function () { return state.colours; },
      filter: function (visible) { state.visible = visible; chart.nodeVisibility(state.shown); repaint(); }
    };
  }

  // ---- The global graph page ------------------------------------------------------
  function globalGraph(element) {
    var graph = data(), status = document.getElementById("graph-status");
    if (!graph || !window.ForceGraph) {
      if (status) status.textContent = "The graph could not be loaded.";
      return;
    }
    var by = "type", colourOf = colouring(graph, by), settled = false, counted = "";
    var nodes = graph.nodes.map(function (n) { return Object.assign({}, n); });
    var links = graph.links.map(function (l) { return { source: l[0], target: l[1] }; });
    var legend = document.getElementById("graph-legend");
    var say = function () {
      if (status) status.textContent = settled ? counted : "Laying out " + nodes.length + " pages and documents…";
    };
    var view = draw(element, nodes, links, {
      around: graph.around, current: -1,
      colourOf: function (n, c) { return colourOf(n, c); },
      labelled: function (n, radius) { return radius >= 12; },
      onTheme: function () { showKey(); },
      onSettled: function () { settled = true; say(); }
    });
    function showKey() { if (legend) showLegend(legend, legendItems(graph, nodes, by, colourOf, view.colours())); }
    showKey();
    say();
    filters(graph, nodes, function (visible, colourBy) {
      if (colourBy !== by) { by = colourBy; colourOf = colouring(graph, by); showKey(); }
      view.filter(visible);
      var count = 0, edges = 0;
      nodes.forEach(function (n) { if (!visible || visible[n.id]) count++; });
      graph.links.forEach(function (l) { if (!visible || visible[l[0]] && visible[l[1]]) edges++; });
      counted = count + " of " + nodes.length + " pages and documents shown, with " + edges + " links.";
      say();
    });
  }

  // The tag, type and tier filters, and what colours the nodes.
  function filters(graph, nodes, apply) {
    var form = document.getElementById("graph-filters");
    if (!form) { apply(null, "type"); return; }
    var raw = graph.raw, tag = document.getElementById("graph-tag"), type = document.getElementById("graph-type");
    var tier = document.getElementById("graph-tier"), colour = document.getElementById("graph-colour");
    var tagCounts = raw.tags.map(function () { return 0; }), typeCounts = raw.types.map(function () { return 0; });
    var tierCounts = {};
    nodes.forEach(function (n) {
      if (n.kind !== "p") return;
      n.tags.forEach(function (t) { tagCounts[t]++; });
      if (n.type >= 0) typeCounts[n.type]++;
      if (n.tier) tierCounts[n.tier] = (tierCounts[n.tier] || 0) + 1;
    });
    raw.tags.forEach(function (name, i) { option(tag, "" + i, "#" + name + " (" + tagCounts[i] + ")"); });
    raw.types.forEach(function (name, i) { option(type, "t" + i, name + " (" + typeCounts[i] + ")"); });
    option(type, "s", "Source documents");
    if (raw.tiers.length) {
      document.getElementById("graph-tier-filter").hidden = false;
      raw.tiers.forEach(function (t) { option(tier, "" + t[0], t[1] + " (" + (tierCounts[t[0]] || 0) + ")"); });
      option(colour, "tier", "Tier");
    }
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var update = function () {
      var picked = { tag: tag.value, type: type.value, tier: tier.value };
      var any = picked.tag || picked.type || picked.tier;
      var visible = any ? nodes.map(function (n) { return matches(raw, n, picked); }) : null;
      apply(visible, colour.value);
    };
    [tag, type, tier, colour].forEach(function (select) { select.addEventListener("change", update); });
    update();
  }

  function option(select, value, text) {
    var item = document.createElement("option");
    item.value = value;
    item.textContent = text;
    select.appendChild(item);
  }

  // A tag matches its own pages and those of the tags nested in it (`client` and `client/acme`).
  function matches(raw, node, picked) {
    if (node.kind !== "p") return node.kind === "s" && picked.type === "s" && !picked.tag && !picked.tier;
    if (picked.type && picked.type !== "t" + node.type) return false;
    if (picked.tier && String(node.tier) !== picked.tier) return false;
    if (!picked.tag) return true;
    var wanted = raw.tags[+picked.tag].toLowerCase();
    return node.tags.some(function (t) {
      var name = raw.tags[t].toLowerCase();
      return name === wanted || name.indexOf(wanted + "/") === 0;
    });
  }

  // ---- A page's local graph -------------------------------------------------------
  function localGraph(section) {
    var graph = data();
    var current = graph ? graph.byUrl[section.getAttribute("data-key")] : undefined;
    if (current === undefined || !window.ForceGraph) return;
    var depth = reach(graph, current, 2).length <= LOCAL_LIMIT ? 2 : 1;
    var ids = reach(graph, current, depth), distance = {};
    ids.forEach(function (pair) { distance[pair[0]] = pair[1]; });
    var nodes = ids.map(function (pair) {
      var n = Object.assign({}, graph.nodes[pair[0]]);
      if (n.id === current) { n.fx = 0; n.fy = 0; }
      return n;
    });
    var links = [];
    graph.links.forEach(function (l) {
      if (l[0] in distance && l[1] in distance) links.push({ source: l[0], target: l[1] });
    });
    var element = document.createElement("div");
    element.className = "graph-canvas local-graph-canvas";
    element.setAttribute("role", "img");
    element.setAttribute("aria-label", "The pages up to " + (depth === 1 ? "one link" : "two links") +
      " from this one; those it links to are listed below, those linking to it under Linked from");
    element.setAttribute("data-root", section.getAttribute("data-root") || "./");
    section.insertBefore(element, section.querySelector("h2").nextSibling);
    var legend = document.createElement("ul");
    legend.className = "graph-legend";
    legend.setAttribute("aria-label", "Legend");
    element.parentNode.insertBefore(legend, element.nextSibling);
    var list = section.querySelector("details"), few = nodes.length <= 12, colourOf = colouring(graph, "type");
    var view = draw(element, nodes, links, {
      around: graph.around, colourOf: colourOf, current: current, size: 4,
      labelled: function (n, radius) { return few || n.id === current || radius >= 10; },
      onDrawn: function () { if (list) list.open = false; },
      onTheme: function () { showLegend(legend, legendItems(graph, nodes, "type", colourOf, view.colours())); }
    });
    showLegend(legend, legendItems(graph, nodes, "type", colourOf, view.colours()));
  }

  // The nodes within `depth` links of `start` (either way), as [node, distance], nearest first.
  function reach(graph, start, depth) {
    var found = [[start, 0]], seen = {}, frontier = [start];
    seen[start] = true;
    for (var d = 1; d <= depth && found.length <= LOCAL_LIMIT * 4; d++) {
      var next = [];
      frontier.forEach(function (n) {
        graph.around[n].forEach(function (m) {
          if (!seen[m]) { seen[m] = true; next.push(m); found.push([m, d]); }
        });
      });
      frontier = next;
    }
    return found;
  }

  // The data and the library are loaded when a page's local graph first comes into view.
  function load(sources, done) {
    if (!sources.length) { done(); return; }
    var script = document.createElement("script");
    script.src = sources[0];
    script.onload = function () { load(sources.slice(1), done); };
    script.onerror = function () { /* the list of neighbours stays: nothing more to do */ };
    document.head.appendChild(script);
  }

  function whenSeen(section) {
    var begin = function () {
      var base = section.getAttribute("data-static") || "";
      var wanted = [];
      if (!window.WIKIFORGE_GRAPH) wanted.push(base + "graph-data.js");
      if (!window.ForceGraph) wanted.push(base + "vendor/force-graph/force-graph.min.js");
      load(wanted, function () { localGraph(section); });
    };
    if (!("IntersectionObserver" in window)) { begin(); return; }
    var watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { watcher.disconnect(); begin(); }
    }, { rootMargin: "200px" });
    watcher.observe(section);
  }

  function start() {
    var global = document.getElementById("graph");
    if (global) globalGraph(global);
    var section = document.querySelector(".local-graph[data-key]");
    if (section) whenSeen(section);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
