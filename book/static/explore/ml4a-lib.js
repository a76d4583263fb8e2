// The book's library (lib/) in the reader's browser: the test surfaces and their gradients,
// the mean squared error of a line, the seven optimizers of lib.optim and the ridge fit of
// lib.linear.polyfit_mse_l2, written line for line like their Python originals.
//
// lib stays the source of truth: tests/test_explore_js.py runs this file in Node.js and checks
// that its paths equal lib.optim.descend's, and its fits lib's, to a relative 1e-9. The data
// behind the surfaces (the chapter's seven points, the bumpy surface's wells) come from lib too:
// the page passes them in with configure(), as the test does.
//
//   ml4a.configure({points: {x: [...], y: [...]}, wells: [[cx, cy, depth, width], ...]})
//   ml4a.descend({surface: "beale", optimizer: "Adam", hyper: {lr: 0.1}, start: [1, 1.5],
//                 steps: 300})                     // -> [[x0, y0], [x1, y1], ...]
//
// Surfaces: "bowl" (the MSE of the line m·x + b over (m, b) on the seven points), "beale",
// "saddle", "bumpy". Optimizers and hyperparameters as in lib.optim (torch.optim's names and
// defaults). A path stops early, at its last finite point, where lib.optim.descend would raise
// DivergenceError.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ml4a = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var data = { points: null, wells: null };

  function configure(options) {
    if (options.points) {
      var x = options.points.x, y = options.points.y;
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || !x.length) {
        throw new Error("ml4a.configure: points needs arrays x and y of equal, non-zero length");
      }
      data.points = { x: x.slice(), y: y.slice() };
    }
    if (options.wells) {
      options.wells.forEach(function (well) {
        if (!Array.isArray(well) || well.length !== 4) {
          throw new Error("ml4a.configure: each well is [cx, cy, depth, width]");
        }
      });
      data.wells = options.wells.map(function (w) { return w.slice(); });
    }
  }

  function needs(name) {
    if (!data[name]) {
      throw new Error("ml4a: this surface needs the " + name + " from lib; " +
        "call ml4a.configure({" + name + ": ...}) first");
    }
    return data[name];
  }

  // ------------------------------------------------------------ surfaces (lib.surfaces, lib.linear)

  // lib.linear.line_mse and line_mse_grad, residuals r_i = y_i − (m x_i + b).
  function bowl(m, b) {
    var p = needs("points"), n = p.x.length, sum = 0;
    for (var i = 0; i < n; i++) {
      var r = p.y[i] - (m * p.x[i] + b);
      sum += r * r;
    }
    return sum / n;
  }

  function bowlGrad(m, b) {
    var p = needs("points"), n = p.x.length, sx = 0, s = 0;
    for (var i = 0; i < n; i++) {
      var r = p.y[i] - (m * p.x[i] + b);
      sx += p.x[i] * r;
      s += r;
    }
    return [-2 * (sx / n), -2 * (s / n)];
  }

  function beale(x, y) {
    var a = 1.5 - x + x * y, b = 2.25 - x + x * (y * y), c = 2.625 - x + x * Math.pow(y, 3);
    return a * a + b * b + c * c;
  }

  function bealeGrad(x, y) {
    var y2 = y * y, y3 = Math.pow(y, 3);
    var a = 1.5 - x + x * y, b = 2.25 - x + x * y2, c = 2.625 - x + x * y3;
    var dx = 2 * a * (y - 1) + 2 * b * (y2 - 1) + 2 * c * (y3 - 1);
    var dy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y2;
    return [dx, dy];
  }

  function saddle(x, y) {
    return x * x - y * y;
  }

  function saddleGrad(x, y) {
    return [2 * x, -2 * y];
  }

  function bumpy(x, y) {
    var f = 0.05 * (x * x + y * y);
    needs("wells").forEach(function (w) {
      var cx = w[0], cy = w[1], depth = w[2], s = w[3];
      f = f - depth * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * (s * s)));
    });
    return f;
  }

  function bumpyGrad(x, y) {
    var dx = 0.1 * x, dy = 0.1 * y;
    needs("wells").forEach(function (w) {
      var cx = w[0], cy = w[1], depth = w[2], s = w[3];
      var e = depth * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * (s * s)));
      var k = e / (s * s);
      dx = dx + k * (x - cx);
      dy = dy + k * (y - cy);
    });
    return [dx, dy];
  }

  var SURFACES = {
    bowl: { f: bowl, grad: bowlGrad },
    beale: { f: beale, grad: bealeGrad },
    saddle: { f: saddle, grad: saddleGrad },
    bumpy: { f: bumpy, grad: bumpyGrad },
  };

  function surfaceOf(name) {
    if (!Object.prototype.hasOwnProperty.call(SURFACES, name)) {
      throw new Error("ml4a: unknown surface " + JSON.stringify(name) + "; known surfaces: " +
        Object.keys(SURFACES).join(", "));
    }
    return SURFACES[name];
  }

  function loss(surface, point) {
    return surfaceOf(surface).f(point[0], point[1]);
  }

  function gradient(surface, point) {
    return surfaceOf(surface).grad(point[0], point[1]);
  }

  // 2 / λ_max of the bowl's Hessian H = (2/n) [[Σx², Σx], [Σx, n]]: above it, descent diverges.
  function stabilityLimit() {
    var x = needs("points").x, n = x.length, sxx = 0, sx = 0;
    for (var i = 0; i < n; i++) {
      sxx += x[i] * x[i];
      sx += x[i];
    }
    var a = 2 / n * sxx, b = 2 / n * sx, c = 2;
    var largest = (a + c) / 2 + Math.sqrt(((a - c) / 2) * ((a - c) / 2) + b * b);
    return 2 / largest;
  }

  // ------------------------------------------------------------ optimizers (lib.optim)

  // Each: defaults (torch.optim's), checks, init(d) -> state, step(W, g, state) -> new W.
  // W, g and the arrays in a state are plain arrays, one number per coordinate.
  function zeros(d) {
    var z = new Array(d);
    for (var i = 0; i < d; i++) z[i] = 0;
    return z;
  }

  function sgdRule(nesterov) {
    return {
      init: function (d) { return { z: zeros(d) }; },
      step: function (W, g, state, h) {
        var a = h.lr, b = h.momentum, out = new Array(W.length);
        for (var i = 0; i < W.length; i++) {
          var z = b * state.z[i] + g[i];
          state.z[i] = z;
          out[i] = nesterov ? W[i] - a * (g[i] + b * z) : W[i] - a * z;
        }
        return out;
      },
    };
  }

  var OPTIMIZERS = {
    SGD: {
      defaults: { lr: 1e-3, momentum: 0.0, nesterov: false },
      rule: function (h) { return sgdRule(h.nesterov); },
      check: function (h) {
        if (h.nesterov && h.momentum === 0) {
          throw new Error("nesterov=true requires momentum > 0, got momentum=0");
        }
      },
    },
    Momentum: {
      defaults: { lr: 1e-3, momentum: 0.9 },
      rule: function () { return sgdRule(false); },
    },
    Nesterov: {
      defaults: { lr: 1e-3, momentum: 0.9 },
      rule: function () { return sgdRule(true); },
    },
    AdaGrad: {
      defaults: { lr: 1e-2, eps: 1e-10 },
      rule: function () {
        return {
          init: function (d) { return { G: zeros(d) }; },
          step: function (W, g, state, h) {
            var out = new Array(W.length);
            for (var i = 0; i < W.length; i++) {
              var G = state.G[i] + g[i] * g[i];
              state.G[i] = G;
              out[i] = W[i] - h.lr * g[i] / (Math.sqrt(G) + h.eps);
            }
            return out;
          },
        };
      },
    },
    AdaDelta: {
      defaults: { lr: 1.0, rho: 0.9, eps: 1e-6 },
      rule: function () {
        return {
          init: function (d) { return { v: zeros(d), u: zeros(d) }; },
          step: function (W, g, state, h) {
            var b = h.rho, e = h.eps, out = new Array(W.length);
            for (var i = 0; i < W.length; i++) {
              var v = b * state.v[i] + (1 - b) * (g[i] * g[i]);
              var delta = Math.sqrt(state.u[i] + e) / Math.sqrt(v + e) * g[i];
              state.u[i] = b * state.u[i] + (1 - b) * (delta * delta);
              state.v[i] = v;
              out[i] = W[i] - h.lr * delta;
            }
            return out;
          },
        };
      },
    },
    RMSprop: {
      defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8 },
      rule: function () {
        return {
          init: function (d) { return { v: zeros(d) }; },
          step: function (W, g, state, h) {
            var b = h.alpha, out = new Array(W.length);
            for (var i = 0; i < W.length; i++) {
              var v = b * state.v[i] + (1 - b) * (g[i] * g[i]);
              state.v[i] = v;
              out[i] = W[i] - h.lr * g[i] / (Math.sqrt(v) + h.eps);
            }
            return out;
          },
        };
      },
    },
    Adam: {
      defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8 },
      rule: function () {
        return {
          init: function (d) { return { t: 0, m: zeros(d), v: zeros(d) }; },
          step: function (W, g, state, h) {
            var b1 = h.betas[0], b2 = h.betas[1], t = state.t + 1, out = new Array(W.length);
            var c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            state.t = t;
            for (var i = 0; i < W.length; i++) {
              var m = b1 * state.m[i] + (1 - b1) * g[i];
              var v = b2 * state.v[i] + (1 - b2) * (g[i] * g[i]);
              state.m[i] = m;
              state.v[i] = v;
              out[i] = W[i] - h.lr * (m / c1) / (Math.sqrt(v / c2) + h.eps);
            }
            return out;
          },
        };
      },
    },
  };

  function isNumber(value) {
    return typeof value === "number" && isFinite(value);
  }

  function checkUnit(name, value) {
    if (!isNumber(value) || value < 0 || value >= 1) {
      throw new Error(name + " must be a number in [0, 1), got " + JSON.stringify(value));
    }
  }

  // The optimizer's hyperparameters: its defaults overridden by `hyper`, checked as lib does.
  function hyperparameters(optimizer, hyper) {
    if (!Object.prototype.hasOwnProperty.call(OPTIMIZERS, optimizer)) {
      throw new Error("ml4a: unknown optimizer " + JSON.stringify(optimizer) +
        "; known optimizers: " + Object.keys(OPTIMIZERS).join(", "));
    }
    var spec = OPTIMIZERS[optimizer], h = {};
    Object.keys(spec.defaults).forEach(function (key) { h[key] = spec.defaults[key]; });
    Object.keys(hyper || {}).forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(spec.defaults, key)) {
        throw new Error(optimizer + " has no hyperparameter " + JSON.stringify(key) +
          "; it has " + Object.keys(spec.defaults).join(", "));
      }
      h[key] = hyper[key];
    });
    if (!isNumber(h.lr) || h.lr <= 0) {
      throw new Error("lr must be a positive finite number, got " + JSON.stringify(h.lr));
    }
    ["momentum", "rho", "alpha"].forEach(function (key) {
      if (key in h) checkUnit(key, h[key]);
    });
    if ("betas" in h) {
      if (!Array.isArray(h.betas) || h.betas.length !== 2) {
        throw new Error("betas must be a pair [beta1, beta2], got " + JSON.stringify(h.betas));
      }
      checkUnit("betas[0]", h.betas[0]);
      checkUnit("betas[1]", h.betas[1]);
    }
    if ("eps" in h && (!isNumber(h.eps) || h.eps <= 0)) {
      throw new Error("eps must be a positive finite number, got " + JSON.stringify(h.eps));
    }
    if (spec.check) spec.check(h);
    return h;
  }

  // lib.optim.descend on a surface: the path from `start`, one point per step (start first).
  function descend(options) {
    var o = options || {};
    var surface = surfaceOf(o.surface);
    var h = hyperparameters(o.optimizer, o.hyper);
    var steps = o.steps;
    if (typeof steps !== "number" || steps < 0 || Math.floor(steps) !== steps) {
      throw new Error("steps must be a non-negative integer, got " + JSON.stringify(steps));
    }
    var start = o.start;
    if (!Array.isArray(start) || start.length !== 2 || !isNumber(start[0]) ||
        !isNumber(start[1])) {
      throw new Error("start must be a point [x, y] of finite numbers, got " +
        JSON.stringify(start));
    }
    var rule = OPTIMIZERS[o.optimizer].rule(h), state = rule.init(2);
    var p = [start[0], start[1]], path = [p];
    for (var k = 1; k <= steps; k++) {
      var next = rule.step(p, surface.grad(p[0], p[1]), state, h);
      if (!isFinite(next[0]) || !isFinite(next[1])) break;
      path.push(next);
      p = next;
    }
    return path;
  }

  // ------------------------------------------------------------ ridge polynomials (lib.linear)

  // The polynomial of `degree` minimising (1/n) Σ (y_i − p(x_i))² + ½ λ Σ_{k≥1} c_k², highest
  // power first (lib.linear.polyfit_mse_l2): least squares on [V; √(nλ/2) D] c ≈ [y; 0], solved
  // by Householder QR as lib solves it (numpy's QR), never forming VᵀV.
  function polyfit(x, y, degree, lam) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) {
      throw new Error("x and y must be arrays of equal length");
    }
    if (typeof degree !== "number" || degree < 0 || Math.floor(degree) !== degree) {
      throw new Error("degree must be a non-negative integer, got " + JSON.stringify(degree));
    }
    if (!isNumber(lam) || lam < 0) {
      throw new Error("lam must be a non-negative finite number, got " + JSON.stringify(lam));
    }
    var n = x.length, cols = degree + 1;
    if (lam === 0 && n < cols) {
      throw new Error("degree " + degree + " needs at least " + cols + " points when lam = 0");
    }
    var root = Math.sqrt(n * lam / 2), rows = n + degree, A = [], rhs = [];
    for (var i = 0; i < n; i++) {
      var row = new Array(cols);
      for (var j = 0; j < cols; j++) row[j] = Math.pow(x[i], degree - j);
      A.push(row);
      rhs.push(y[i]);
    }
    for (var k = 0; k < degree; k++) {
      var penalty = zeros(cols);
      penalty[k] = root;
      A.push(penalty);
      rhs.push(0);
    }
    // Householder reflections, column by column, applied to A and to the right-hand side.
    for (var c = 0; c < cols; c++) {
      var norm = 0;
      for (var r = c; r < rows; r++) norm += A[r][c] * A[r][c];
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      var alpha = A[c][c] > 0 ? -norm : norm;
      var v = zeros(rows);
      for (r = c; r < rows; r++) v[r] = A[r][c];
      v[c] -= alpha;
      var vv = 0;
      for (r = c; r < rows; r++) vv += v[r] * v[r];
      if (vv === 0) continue;
      for (j = c; j < cols; j++) {
        var dot = 0;
        for (r = c; r < rows; r++) dot += v[r] * A[r][j];
        var scale = 2 * dot / vv;
        for (r = c; r < rows; r++) A[r][j] -= scale * v[r];
      }
      dot = 0;
      for (r = c; r < rows; r++) dot += v[r] * rhs[r];
      scale = 2 * dot / vv;
      for (r = c; r < rows; r++) rhs[r] -= scale * v[r];
    }
    var coeffs = zeros(cols);
    for (c = cols - 1; c >= 0; c--) {
      var s = rhs[c];
      for (j = c + 1; j < cols; j++) s -= A[c][j] * coeffs[j];
      coeffs[c] = s / A[c][c];
    }
    return coeffs;
  }

  // np.polyval: Horner's rule, highest power first.
  function polyval(coeffs, x) {
    var value = 0;
    for (var i = 0; i < coeffs.length; i++) value = value * x + coeffs[i];
    return value;
  }

  // lib.linear.mse of a polynomial on points (x, y).
  function polyMse(coeffs, x, y) {
    var sum = 0;
    for (var i = 0; i < x.length; i++) {
      var r = y[i] - polyval(coeffs, x[i]);
      sum += r * r;
    }
    return sum / x.length;
  }

  var DEFAULTS = {};
  Object.keys(OPTIMIZERS).forEach(function (name) { DEFAULTS[name] = OPTIMIZERS[name].defaults; });

  return {
    configure: configure,
    descend: descend,
    loss: loss,
    gradient: gradient,
    stabilityLimit: stabilityLimit,
    hyperparameters: hyperparameters,
    polyfit: polyfit,
    polyval: polyval,
    polyMse: polyMse,
    SURFACES: Object.keys(SURFACES),
    OPTIMIZERS: Object.keys(OPTIMIZERS),
    DEFAULTS: DEFAULTS,
  };
});
