// The repulsion between nodes for the global graph: every node pushes every other away
// (strength / distance), summed by Barnes–Hut over a quadtree, as d3's many-body force
// does, but written for two dimensions over flat typed arrays: at 10,000 nodes the
// generic force bundled in force-graph took 80–200 ms a step, this one a tenth of it.
// Sets window.WikiforgeRepulsion(): a d3-force force (`force(alpha)`, `initialize(nodes)`).
(function () {
  "use strict";

  window.WikiforgeRepulsion = function () {
    var nodes = [], strength = -30, theta2 = 0.81, minimum2 = 1;
    // The tree, cell by cell: bounds (x, y, size), four children (0: none), and the
    // cell's charge and centre of charge; a leaf's points chain through `next`.
    var capacity = 0, cellX, cellY, cellSize, child, charge, centreX, centreY, first, next, cells;
    var px, py, pushX, pushY;  // positions, and the pushes they get, by node number

    function grow(count) {
      capacity = count;
      cellX = new Float64Array(count); cellY = new Float64Array(count); cellSize = new Float64Array(count);
      child = new Int32Array(count * 4); charge = new Float64Array(count);
      centreX = new Float64Array(count); centreY = new Float64Array(count); first = new Int32Array(count);
    }

    function cell(x, y, size) {
      if (cells === capacity) {
        var old = { x: cellX, y: cellY, s: cellSize, c: child, q: charge, cx: centreX, cy: centreY, f: first };
        grow(capacity * 2);
        cellX.set(old.x); cellY.set(old.y); cellSize.set(old.s); child.set(old.c); charge.set(old.q);
        centreX.set(old.cx); centreY.set(old.cy); first.set(old.f);
      }
      cellX[cells] = x; cellY[cells] = y; cellSize[cells] = size;
      child[cells * 4] = child[cells * 4 + 1] = child[cells * 4 + 2] = child[cells * 4 + 3] = 0;
      charge[cells] = centreX[cells] = centreY[cells] = 0;
      first[cells] = -1;
      return cells++;
    }

    // Put node `i` into the tree under cell 0, splitting a leaf it shares with another
    // point (points at one spot, or cells too small to split further, share a leaf).
    function insert(i) {
      var at = 0, x = px[i], y = py[i];
      for (;;) {
        var half = cellSize[at] / 2, quarter = (x >= cellX[at] + half ? 1 : 0) + (y >= cellY[at] + half ? 2 : 0);
        var slot = at * 4 + quarter, inside = child[slot];
        if (inside) {
          if (first[inside] < 0) { at = inside; continue; }  // a branch: go down
          var other = first[inside], ox = px[other], oy = py[other];
          if ((ox === x && oy === y) || cellSize[inside] < 1e-6) { next[i] = first[inside]; first[inside] = i; return; }
          first[inside] = -1;  // the leaf becomes a branch holding both points
          var oq = (ox >= cellX[inside] + cellSize[inside] / 2 ? 1 : 0) + (oy >= cellY[inside] + cellSize[inside] / 2 ? 2 : 0);
          var leaf = cell(cellX[inside] + (oq & 1) * cellSize[inside] / 2, cellY[inside] + (oq >> 1) * cellSize[inside] / 2,
                          cellSize[inside] / 2);
          child[inside * 4 + oq] = leaf;
          first[leaf] = other;
          at = inside;
          continue;
        }
        var made = cell(cellX[at] + (quarter & 1) * half, cellY[at] + (quarter >> 1) * half, half);
        child[slot] = made;
        first[made] = i;
        next[i] = -1;
        return;
      }
    }

    // Each cell's charge and centre of charge, children before parents (cells are
    // made after their parents, so backwards).
    function accumulate() {
      for (var c = cells - 1; c >= 0; c--) {
        var q = 0, sx = 0, sy = 0, i;
        if (first[c] >= 0) {
          for (i = first[c]; i >= 0; i = next[i]) { q += strength; sx += strength * px[i]; sy += strength * py[i]; }
        } else {
          for (var k = 0; k < 4; k++) {
            var d = child[c * 4 + k];
            if (d) { q += charge[d]; sx += charge[d] * centreX[d]; sy += charge[d] * centreY[d]; }
          }
        }
        charge[c] = q;
        if (q) { centreX[c] = sx / q; centreY[c] = sy / q; }
      }
    }

    var stack = new Int32Array(1024);
    function push(index, alpha) {
      var top = 0, x = px[index], y = py[index], vx = 0, vy = 0;
      stack[top++] = 0;
      while (top) {
        var c = stack[--top];
        if (!charge[c]) continue;
        var dx = centreX[c] - x, dy = centreY[c] - y, l = dx * dx + dy * dy, w = cellSize[c];
        if (first[c] < 0 && w * w / theta2 < l) {  // far enough: the cell as one charge
          if (l < minimum2) l = Math.sqrt(minimum2 * l);
          vx += dx * charge[c] * alpha / l;
          vy += dy * charge[c] * alpha / l;
          continue;
        }
        if (first[c] >= 0) {
          for (var i = first[c]; i >= 0; i = next[i]) {
            if (i === index) continue;
            var ex = px[i] - x, ey = py[i] - y, m = ex * ex + ey * ey;
            if (m === 0) { ex = (index - i) * 1e-6; ey = 1e-6; m = ex * ex + ey * ey; }  // one spot: nudge apart, the same in every run
            if (m < minimum2) m = Math.sqrt(minimum2 * m);
            vx += ex * strength * alpha / m;
            vy += ey * strength * alpha / m;
          }
          continue;
        }
        if (top + 4 > stack.length) { var bigger = new Int32Array(stack.length * 2); bigger.set(stack); stack = bigger; }
        for (var k = 0; k < 4; k++) if (child[c * 4 + k]) stack[top++] = child[c * 4 + k];
      }
      pushX[index] = vx;
      pushY[index] = vy;
    }

    function force(alpha) {
      var n = nodes.length, i, x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      if (!n) return;
      if (!next || next.length < n) {
        next = new Int32Array(n); px = new Float64Array(n); py = new Float64Array(n);
        pushX = new Float64Array(n); pushY = new Float64Array(n);
      }
      for (i = 0; i < n; i++) {
        var x = px[i] = nodes[i].x, y = py[i] = nodes[i].y;
        if (x < x0) x0 = x; if (x > x1) x1 = x;
        if (y < y0) y0 = y; if (y > y1) y1 = y;
      }
      if (capacity < 2 * n + 8) grow(2 * n + 8);
      cells = 0;
      cell(x0, y0, Math.max(x1 - x0, y1 - y0, 1) * 1.0001);
      for (i = 0; i < n; i++) insert(i);
      accumulate();
      for (i = 0; i < n; i++) push(i, alpha);
      for (i = 0; i < n; i++) { nodes[i].vx += pushX[i]; nodes[i].vy += pushY[i]; }
    }

    force.initialize = function (given) { nodes = given || []; };
    force.strength = function (value) { if (!arguments.length) return strength; strength = +value; return force; };
    force.theta = function (value) { if (!arguments.length) return Math.sqrt(theta2); theta2 = value * value; return force; };
    return force;
  };
})();
