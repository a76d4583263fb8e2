// The explorers: figures the reader drives (gradient descent on the bowl, the optimizer race,
// regularization strength). Each <section class="ml4a-explorer"> holds its maps (drawn by
// pages/explorers.py) and its data as JSON: settings from experiments/params.py, data
// from lib, the pixel box of the maps' axes and every word in the page's language. The numbers
// come from the book's JavaScript twin of lib (ml4a-lib.js, loaded first).
//
// Each section gets `section.ml4aExplorer`, used by the tests and the benchmark:
// {data, update(), paths()}.
(function () {
  "use strict";
  var lib = window.ml4a;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var uid = 0;

  // ------------------------------------------------------------ small helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svgEl(tag, attrs, parent) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    if (parent) parent.appendChild(node);
    return node;
  }

  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
  }

  // Changing a text or an attribute to what it already is still costs a layout: skip it.
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function setAttr(node, name, value) {
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }

  function newId(name) {
    uid += 1;
    return "ml4a-" + name + "-" + uid;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  var SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷",
    8: "⁸", 9: "⁹" };

  function power(exponent) {
    return "10" + String(exponent).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
  }

  // A number to read: three significant digits, powers of ten for the very large and small,
  // and a true minus sign.
  function fmt(value) {
    if (value === 0) return "0";
    if (!isFinite(value)) return value > 0 ? "∞" : "−∞";
    var size = Math.abs(value), text;
    if (size >= 1e4 || size < 1e-3) {
      var exponent = Math.floor(Math.log10(size));
      var mantissa = value / Math.pow(10, exponent);
      if (Math.abs(Number(mantissa.toPrecision(2))) >= 10) {
        exponent += 1;
        mantissa /= 10;
      }
      mantissa = Number(mantissa.toPrecision(2));
      text = (mantissa === 1 ? "" : mantissa === -1 ? "-" : mantissa + " × ") + power(exponent);
    } else {
      text = String(Number(value.toPrecision(3)));
    }
    return text.replace("-", "−");
  }

  function fmtPoint(names, p) {
    return names[0] + " = " + fmt(p[0]) + ", " + names[1] + " = " + fmt(p[1]);
  }

  function prefersReducedMotion() {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)")
      .matches);
  }

  // Where a path stops being drawn: at the first step of its last stretch outside the map
  // (it diverged or wandered off and never came back), or where it stopped being finite.
  function exitOf(path, steps, inside) {
    var last = path.length - 1;
    if (!inside(path[last])) {
      var k = last;
      while (k > 0 && !inside(path[k - 1])) k -= 1;
      return { step: k, overflow: false };
    }
    if (last < steps) return { step: last + 1, overflow: true };
    return null;
  }

  // An SVG polyline's points for a path, in the map's pixels to a tenth (a hot loop: the race
  // redraws seven paths of hundreds of points on every move of a control).
  function points(view, path) {
    var m = view.map, box = m.box, x0 = m.xlim[0], y1 = m.ylim[1];
    var sx = box[2] / (m.xlim[1] - x0), sy = box[3] / (y1 - m.ylim[0]), text = "";
    for (var i = 0; i < path.length; i++) {
      var x = box[0] + (path[i][0] - x0) * sx, y = box[1] + (y1 - path[i][1]) * sy;
      x = x > 1e5 ? 1e5 : x < -1e5 ? -1e5 : x;
      y = y > 1e5 ? 1e5 : y < -1e5 ? -1e5 : y;
      text += (i ? " " : "") + Math.round(x * 10) / 10 + "," + Math.round(y * 10) / 10;
    }
    return text;
  }

  // ------------------------------------------------------------ a logarithmic slider

  // A range input over `positions` steps between low and high on a log scale (position 0 is
  // exactly 0 when `zero`). It holds an exact value (the figure's) until the reader moves it.
  function LogSlider(o) {
    var self = this;
    this.o = o;
    this.id = newId("slider");
    this.value = o.value;
    this.input = el("input", {
      type: "range", id: this.id, min: 0, max: o.positions, step: 1,
      class: "ml4a-range " + (o.className || ""),
      "aria-label": o.ariaLabel || null,
    });
    // An <output> is a live region by default: the focused slider's own value text
    // already speaks, so the readout stays silent.
    this.output = el("output", { for: this.id, class: "ml4a-value", "aria-live": "off" });
    this.track = el("div", { class: "ml4a-track" }, [this.input]);
    (o.marks || []).forEach(function (mark) {
      var at = self.fraction(mark.value);
      var side = at < 0.25 ? " ml4a-mark-start" : at > 0.75 ? " ml4a-mark-end" : "";
      var tick = el("span", { class: "ml4a-mark" + side + (mark.strong ? " ml4a-mark-strong" : ""),
        "aria-hidden": "true" }, mark.label ? [el("span", {}, [mark.label])] : []);
      tick.style.left = "calc(11px + " + at + " * (100% - 22px))";
      self.track.appendChild(tick);
    });
    var label = o.label ? el("label", { for: this.id, class: "ml4a-label" }, [o.label]) : null;
    this.element = el("div", { class: "ml4a-slider" + (o.marks && o.marks.some(function (m) {
      return m.label;
    }) ? " ml4a-slider-marked" : "") }, label ? [label, this.output, this.track] :
      [this.track, this.output]);
    this.input.addEventListener("input", function () {
      self.value = self.valueAt(Number(self.input.value));
      self.show();
      o.onInput(self.value);
    });
    this.set(o.value);
  }

  LogSlider.prototype.valueAt = function (position) {
    var o = this.o;
    if (o.zero) {
      if (position === 0) return 0;
      return o.low * Math.pow(o.high / o.low, (position - 1) / (o.positions - 1));
    }
    return o.low * Math.pow(o.high / o.low, position / o.positions);
  };

  LogSlider.prototype.fraction = function (value) {
    var o = this.o;
    if (o.zero) {
      if (value <= 0) return 0;
      var f = Math.log(value / o.low) / Math.log(o.high / o.low);
      return (1 + f * (o.positions - 1)) / o.positions;
    }
    return Math.log(value / o.low) / Math.log(o.high / o.low);
  };

  // A value read from an address, written there with four digits: the slider's own value at
  // the nearest position when it is that one (so the reader gets back exactly what they saw),
  // or the value as written.
  LogSlider.prototype.snap = function (value) {
    var at = Math.round(this.fraction(value) * this.o.positions);
    var near = this.valueAt(Math.max(0, Math.min(this.o.positions, at)));
    return Math.abs(near - value) <= 1e-3 * Math.abs(value) ? near : value;
  };

  LogSlider.prototype.set = function (value) {
    this.value = value;
    var at = Math.round(this.fraction(value) * this.o.positions);
    this.input.value = String(Math.max(0, Math.min(this.o.positions, at)));
    this.show();
  };

  LogSlider.prototype.show = function () {
    var text = this.o.format(this.value);
    setText(this.output, text);
    setAttr(this.input, "aria-valuetext", text);
  };

  // ------------------------------------------------------------ a map with paths over it

  // Whether a data point lies within a map's axes.
  function insideMap(map, p) {
    return p[0] >= map.xlim[0] && p[0] <= map.xlim[1] && p[1] >= map.ylim[0] &&
      p[1] <= map.ylim[1];
  }

  // The map's picture with an SVG layer in its pixels: `px` puts a data point where
  // matplotlib drew it, from the axes' pixel box exported beside the picture.
  // ------------------------------------------------------------ the reader's theme

  // The theme the page shows ("light" or "dark"): the reader's choice with the theme's switch
  // (the root's data-mode), else ("auto") the system's setting, as static/ml4a.js reads it.
  function theme() {
    var mode = document.documentElement.getAttribute("data-mode");
    if (mode === "dark" || mode === "light") return mode;
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    return dark ? "dark" : "light";
  }

  function onThemeChange(callback) {
    if (typeof MutationObserver === "undefined") return;
    new MutationObserver(callback).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-mode", "data-theme"] });
  }

  // The explorer's colours by role, in each theme (`colors`: {light: {role: colour}, dark:
  // {...}}, from the figures' palettes): each role is a custom property of the explorer,
  // --ml4a-c-<role>, set again when the theme changes, so every mark drawn in colorOf(role)
  // follows without being drawn again.
  function paintColors(root, colors) {
    function paint() {
      var chosen = colors[theme()];
      Object.keys(chosen).forEach(function (role) {
        root.style.setProperty("--ml4a-c-" + role.toLowerCase(), chosen[role]);
      });
    }
    paint();
    onThemeChange(paint);
  }

  function colorOf(role) {
    return "var(--ml4a-c-" + role.toLowerCase() + ")";
  }

  function MapView(root, words, axisNames) {
    var self = this;
    this.words = words;
    this.axisNames = axisNames;
    this.element = el("div", { class: "ml4a-map" });
    this.svg = svgEl("svg", { class: "ml4a-overlay", "aria-hidden": "true", focusable: "false",
      preserveAspectRatio: "none" });
    this.clipId = newId("clip");
    var defs = svgEl("defs", {}, this.svg);
    this.clipRect = svgEl("rect", {}, svgEl("clipPath", { id: this.clipId }, defs));
    this.layer = svgEl("g", { "clip-path": "url(#" + this.clipId + ")" }, this.svg);
    this.note = el("p", { class: "ml4a-map-note", hidden: "" });
    this.handle = el("button", { type: "button", class: "ml4a-handle",
      "aria-describedby": null });
    this.element.appendChild(this.svg);
    this.element.appendChild(this.note);
    this.element.appendChild(this.handle);
    this.onMove = function () {};
    this.point = [0, 0];
    this.dragging = false;
    onThemeChange(function () {
      if (self.map) self.show(self.map, self.images);
    });

    this.handle.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      self.handle.focus();
      self.handle.setPointerCapture(event.pointerId);
      self.dragging = true;
    });
    this.handle.addEventListener("pointermove", function (event) {
      if (self.dragging) self.move(self.toData(event.clientX, event.clientY));
    });
    function release(event) {
      if (!self.dragging) return;
      self.dragging = false;
      self.move(self.toData(event.clientX, event.clientY));
    }
    this.handle.addEventListener("pointerup", release);
    this.handle.addEventListener("pointercancel", release);
    this.handle.addEventListener("keydown", function (event) {
      var arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      var d = arrows[event.key];
      if (!d) return;
      event.preventDefault();
      var m = self.map, by = event.shiftKey ? 0.1 : 0.01;
      self.move([self.point[0] + d[0] * by * (m.xlim[1] - m.xlim[0]),
        self.point[1] + d[1] * by * (m.ylim[1] - m.ylim[0])]);
    });
    this.element.addEventListener("click", function (event) {
      if (event.target === self.handle) return;
      self.move(self.toData(event.clientX, event.clientY));
    });
  }

  // Show `map` in the picture of the reader's theme (`images`: {light: img, dark: img}).
  MapView.prototype.show = function (map, images) {
    var image = images[theme()];
    this.map = map;
    this.images = images;
    var box = map.box;
    // Never taller than most of the screen (a phone held sideways): as wide as that allows.
    this.element.style.maxWidth = "calc(75vh * " + (map.width / map.height).toFixed(4) + ")";
    this.svg.setAttribute("viewBox", "0 0 " + map.width + " " + map.height);
    setAttrs(this.clipRect, { x: box[0], y: box[1], width: box[2], height: box[3] });
    // Only the map shown is in the page: another one loads when the reader switches to it.
    var self = this;
    Array.prototype.forEach.call(this.element.querySelectorAll("img"), function (img) {
      if (img !== image) self.element.removeChild(img);
    });
    image.hidden = false;
    image.loading = "eager";
    if (image.parentNode !== this.element) this.element.insertBefore(image, this.svg);
    this.element.style.aspectRatio = map.width + " / " + map.height;
  };

  MapView.prototype.px = function (p) {
    var m = this.map, box = m.box;
    var x = box[0] + (p[0] - m.xlim[0]) / (m.xlim[1] - m.xlim[0]) * box[2];
    var y = box[1] + (m.ylim[1] - p[1]) / (m.ylim[1] - m.ylim[0]) * box[3];
    // Far-away points of a diverging path are clipped anyway; keep SVG's numbers sane.
    return [Math.max(-1e5, Math.min(1e5, x)), Math.max(-1e5, Math.min(1e5, y))];
  };

  MapView.prototype.toData = function (clientX, clientY) {
    var m = this.map, box = m.box, r = this.svg.getBoundingClientRect();
    var X = (clientX - r.left) / r.width * m.width, Y = (clientY - r.top) / r.height * m.height;
    return this.clamp([m.xlim[0] + (X - box[0]) / box[2] * (m.xlim[1] - m.xlim[0]),
      m.ylim[1] - (Y - box[1]) / box[3] * (m.ylim[1] - m.ylim[0])]);
  };

  MapView.prototype.clamp = function (p) {
    var m = this.map;
    return [Math.max(m.xlim[0], Math.min(m.xlim[1], p[0])),
      Math.max(m.ylim[0], Math.min(m.ylim[1], p[1]))];
  };

  MapView.prototype.inside = function (p) {
    return insideMap(this.map, p);
  };

  MapView.prototype.move = function (p) {
    this.place(this.clamp(p));
    this.onMove(this.point);
  };

  MapView.prototype.place = function (p) {
    this.point = p;
    var q = this.px(p), m = this.map;
    this.handle.style.left = (q[0] / m.width * 100) + "%";
    this.handle.style.top = (q[1] / m.height * 100) + "%";
    this.handle.setAttribute("aria-label",
      fill(this.words.start_handle, { point: fmtPoint(this.axisNames, p) }));
  };

  MapView.prototype.showNote = function (text) {
    this.note.hidden = !text;
    this.note.textContent = text || "";
  };

  // ------------------------------------------------------------ a small line chart

  // About `count` round numbers (1, 2 or 5 times a power of ten apart) from low to high.
  function niceTicks(low, high, count) {
    var raw = (high - low) / count, magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * magnitude; })
      .filter(function (s) { return s >= raw; })[0];
    var ticks = [];
    for (var t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) {
      ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
    }
    return ticks;
  }

  // `spec`: {x: [low, high], y: [low, high], ylog, xticks: [[value, label]], series:
  // [{points: [[x, y]], color, dash, width}], rules: [{x or y, color, dash}], xlabel}.
  function Chart(label) {
    this.svg = svgEl("svg", { class: "ml4a-chart", viewBox: "0 0 320 162", role: "img",
      "aria-label": label });
  }

  Chart.prototype.draw = function (spec) {
    var svg = this.svg, L = 44, R = 312, T = 8, B = 124;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var ylog = spec.ylog, y0 = spec.y[0], y1 = spec.y[1];
    function yv(v) { return ylog ? Math.log10(Math.max(v, 1e-300)) : v; }
    var ya = yv(y0), yb = yv(y1);
    if (!(yb > ya)) { yb = ya + 1; }
    function X(v) { return L + (v - spec.x[0]) / (spec.x[1] - spec.x[0]) * (R - L); }
    function Y(v) { return B - (yv(v) - ya) / (yb - ya) * (B - T); }
    this.X = X;
    this.top = T;
    this.bottom = B;
    svgEl("path", { d: "M" + L + " " + T + "V" + B + "H" + R, class: "ml4a-axis" }, svg);
    var yticks = [];
    if (ylog) {
      var lo = Math.ceil(ya - 1e-9), hi = Math.floor(yb + 1e-9);
      var every = Math.max(1, Math.ceil((hi - lo + 1) / 5));
      for (var e = lo; e <= hi; e += every) yticks.push([Math.pow(10, e), power(e)]);
    } else {
      yticks = niceTicks(y0, y1, 4).map(function (t) { return [t, fmt(t)]; });
    }
    yticks.forEach(function (t) {
      var y = Y(t[0]);
      svgEl("path", { d: "M" + (L - 4) + " " + y + "H" + L, class: "ml4a-axis" }, svg);
      svgEl("text", { x: L - 6, y: y + 4, "text-anchor": "end" }, svg).textContent = t[1];
    });
    spec.xticks.forEach(function (t) {
      var x = X(t[0]);
      svgEl("path", { d: "M" + x + " " + B + "V" + (B + 4), class: "ml4a-axis" }, svg);
      svgEl("text", { x: x, y: B + 16, "text-anchor": "middle" }, svg).textContent = t[1];
    });
    if (spec.xlabel) {
      svgEl("text", { x: (L + R) / 2, y: 158, "text-anchor": "middle", class: "ml4a-chart-label" },
        svg).textContent = spec.xlabel;
    }
    (spec.rules || []).forEach(function (rule) {
      var d = "x" in rule ? "M" + X(rule.x) + " " + T + "V" + B : "M" + L + " " + Y(rule.y) + "H" + R;
      svgEl("path", { d: d, style: "stroke:" + rule.color, "stroke-dasharray": rule.dash || null,
        class: "ml4a-rule" }, svg);
    });
    // The lines are clipped to the frame: a run that climbs out of the range leaves it.
    var clip = newId("chart-clip");
    svgEl("rect", { x: L, y: T - 1, width: R - L + 1, height: B - T + 2 },
      svgEl("clipPath", { id: clip }, svgEl("defs", {}, svg)));
    var lines = svgEl("g", { "clip-path": "url(#" + clip + ")" }, svg);
    spec.series.forEach(function (s) {
      var pts = s.points.map(function (p) {
        var y = Math.max(T - 50, Math.min(B + 50, Y(p[1])));  // beyond the clip: kept finite
        return X(p[0]).toFixed(1) + "," + y.toFixed(1);
      }).join(" ");
      svgEl("polyline", { points: pts, style: "stroke:" + s.color, "stroke-width": s.width || 1.8,
        "stroke-dasharray": s.dash || null, fill: "none", class: s.className || null }, lines);
    });
  };

  // ------------------------------------------------------------ the explorers' frame

  var SETTLE_MS = 600;  // how long a change must rest before it is announced or remembered

  // ------------------------------------------------------------ settings in the address

  // Each explorer keeps what the reader changed in the page's address, as
  // `?race.surface=saddle&race.lr.adam=0.3&race.start=-1,2`: replaced (not pushed) once a
  // change has rested, so a reader can bookmark or send it, and the language switch carries
  // it to the same explorer in another language. Opening the address restores it; a value
  // that does not parse or lies out of range is ignored, and the figure's setting stays.
  function readAddress(name) {
    var found = {};
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      if (key.indexOf(name + ".") === 0) found[key.slice(name.length + 1)] = value;
    });
    return found;
  }

  function writeAddress(name, values) {
    var query = new URLSearchParams(window.location.search);
    var keys = [];
    query.forEach(function (value, key) { keys.push(key); });
    keys.forEach(function (key) {
      if (key.indexOf(name + ".") === 0) query.delete(key);
    });
    Object.keys(values).forEach(function (key) {
      if (values[key] !== null) query.set(name + "." + key, values[key]);
    });
    var search = query.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (error) {
      // A browser that refuses (some do for pages opened from disk): nothing is remembered.
    }
  }

  function short(v) {
    return String(Number(v.toPrecision(4)));
  }

  function numberIn(text, low, high) {
    if (text === undefined || text === "") return null;
    var v = Number(text);
    return isFinite(v) && v >= low && v <= high ? v : null;
  }

  function pointIn(text, map) {
    var parts = (text || "").split(",");
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return null;
    var p = [Number(parts[0]), Number(parts[1])];
    return isFinite(p[0]) && isFinite(p[1]) && insideMap(map, p) ? p : null;
  }

  function pointText(p, figures) {
    return p[0] === figures[0] && p[1] === figures[1] ? null : short(p[0]) + "," + short(p[1]);
  }

  function frame(root, data, titleKey) {
    var words = data.words;
    // Each map's pictures, light then dark (pages.explorer): one is shown at a time.
    var images = [];
    Array.prototype.forEach.call(root.querySelectorAll("img.ml4a-explorer-map"), function (img) {
      img.parentNode.removeChild(img);
      var dark = img.classList.contains("ml4a-dark");
      if (!dark) images.push({});
      images[images.length - 1][dark ? "dark" : "light"] = img;
    });
    paintColors(root, data.colors);
    Array.prototype.forEach.call(root.children, function (child) {
      if (child.tagName !== "SCRIPT") child.hidden = true;
    });
    var titleId = newId("title");
    var title = el("p", { class: "ml4a-explorer-title", id: titleId }, [
      el("strong", {}, [words.try_it]), " · " + words[titleKey]]);
    root.setAttribute("aria-labelledby", titleId);
    var body = el("div", { class: "ml4a-explorer-body" });
    var panel = el("div", { class: "ml4a-panel" });
    // The status line says what the explorer shows, kept true at every change; a screen
    // reader hears it from one live region, once the reader's change has settled (not at
    // every frame of a drag or of the race, and never from several regions at once).
    var status = el("p", { class: "ml4a-status" });
    var live = el("p", { class: "ml4a-live", role: "status", "aria-live": "polite" });
    var timer = null, saving = null;
    function say(text, quiet) {
      setText(status, text);
      window.clearTimeout(timer);
      if (quiet) return;
      timer = window.setTimeout(function () { setText(live, text); }, SETTLE_MS);
    }
    function remember(values) {
      window.clearTimeout(saving);
      saving = window.setTimeout(function () {
        writeAddress(root.getAttribute("data-explorer"), values);
      }, SETTLE_MS);
    }
    root.appendChild(title);
    root.appendChild(body);
    root.appendChild(live);
    return { words: words, images: images, body: body, panel: panel, status: status,
      say: say, remember: remember, saved: readAddress(root.getAttribute("data-explorer")) };
  }

  function button(text, className, onClick) {
    var b = el("button", { type: "button", class: "ml4a-button " + (className || "") }, [text]);
    b.addEventListener("click", onClick);
    return b;
  }

  // ------------------------------------------------------------ 1. gradient descent on the bowl

  function descentExplorer(root, data) {
    var f = frame(root, data, "descent_title"), w = f.words;
    var limit = lib.stabilityLimit();
    var state = { lr: data.lr, start: data.start.slice(), path: null, shown: null, exit: null };
    var view = new MapView(root, w, ["m", "b"]);
    view.show(data.maps.bowl, f.images[0]);
    var savedLr = numberIn(f.saved.lr, data.lr_slider.low, data.lr_slider.high);
    state.start = pointIn(f.saved.start, data.maps.bowl) || state.start;
    var line = svgEl("polyline", { class: "ml4a-path", style: "stroke:" + colorOf("path") },
      view.layer);
    var dots = svgEl("path", { class: "ml4a-dots", style: "stroke:" + colorOf("path") },
      view.layer);
    var end = svgEl("circle", { r: 6, class: "ml4a-end", style: "fill:" + colorOf("path") },
      view.layer);
    var howTo = el("p", { class: "ml4a-how-to", id: newId("how") }, [w.map_how_to]);
    view.handle.setAttribute("aria-describedby", howTo.id);

    var slider = new LogSlider({
      label: w.lr, className: "ml4a-lr", value: data.lr, low: data.lr_slider.low,
      high: data.lr_slider.high, positions: data.lr_slider.positions,
      marks: [{ value: limit, label: fill(w.limit, { limit: fmt(limit) }), strong: true }],
      format: function (v) { return "α = " + fmt(v); },
      onInput: function (v) { state.lr = v; update(); },
    });
    var chart = new Chart(w.loss_per_step);
    var chartTitle = el("p", { class: "ml4a-chart-title" }, [w.loss_per_step]);
    f.panel.appendChild(slider.element);
    f.panel.appendChild(chartTitle);
    f.panel.appendChild(chart.svg);
    f.panel.appendChild(f.status);
    f.panel.appendChild(button(w.reset, "ml4a-reset", function () {
      state.lr = data.lr;
      slider.set(data.lr);
      view.place(data.start.slice());
      state.start = data.start.slice();
      update();
    }));
    f.body.appendChild(view.element);
    f.body.appendChild(f.panel);
    f.body.appendChild(howTo);
    view.onMove = function (p) { state.start = p; update(); };
    view.place(state.start);
    if (savedLr !== null) state.lr = slider.snap(savedLr);
    slider.set(state.lr);

    function update() {
      var path = lib.descend({ surface: "bowl", optimizer: data.optimizer,
        hyper: { lr: state.lr }, start: state.start, steps: data.steps });
      var exit = exitOf(path, data.steps, view.inside.bind(view));
      var shown = exit ? path.slice(0, exit.step + (exit.overflow ? 0 : 1)) : path;
      state.path = path;
      state.shown = shown;
      state.exit = exit;
      line.setAttribute("points", points(view, shown));
      var marked = shown.slice(0, data.marked_steps).map(function (p) {
        var q = view.px(p);
        return "M" + q[0].toFixed(1) + " " + q[1].toFixed(1) + "h0";
      });
      dots.setAttribute("d", marked.join(""));
      var q = view.px(shown[shown.length - 1]);
      setAttrs(end, { cx: q[0].toFixed(1), cy: q[1].toFixed(1) });
      view.showNote(exit && state.lr > limit ? fill(w.diverges_note, { step: exit.step }) : "");
      // The loss of the whole run, on past the plot's edge while it is finite: a diverging
      // run climbs in a straight line on the log scale.
      var losses = [];
      for (var i = 0; i < path.length; i++) {
        var J = lib.loss("bowl", path[i]);
        if (!isFinite(J)) break;
        losses.push([i, J]);
      }
      // The y range: the run's highest loss, up to a hundred times where it started; a run
      // that diverges climbs out through the top of the frame.
      var top = Math.max.apply(null, losses.map(function (l) { return l[1]; }));
      top = Math.min(top, losses[0][1] * 100);
      chart.draw({
        x: [0, data.steps], y: [data.minimum.loss * 0.8, Math.max(top, data.minimum.loss * 10)],
        ylog: true,
        xticks: niceTicks(0, data.steps, 4).map(function (t) { return [t, fmt(t)]; }),
        xlabel: w.step,
        rules: [{ y: data.minimum.loss, color: "var(--pst-color-text-muted)", dash: "4 3" }]
          .concat(exit ? [{ x: exit.step, color: "var(--ml4a-warning)", dash: "3 3" }] : []),
        series: [{ points: losses, color: colorOf("path"), className: "ml4a-loss" }],
      });
      announce();
    }

    function announce() {
      var last = state.shown[state.shown.length - 1], J = fmt(lib.loss("bowl", last));
      var text;
      if (state.exit) {
        var key = state.lr > limit ? "descent_diverged" : "descent_left";
        text = fill(w[key], { step: state.exit.step, loss: J });
      } else {
        text = fill(w.descent_status, { steps: data.steps, m: fmt(last[0]), b: fmt(last[1]),
          loss: J });
      }
      f.say(text);
      f.remember({ lr: state.lr === data.lr ? null : short(state.lr),
        start: pointText(state.start, data.start) });
    }

    update();
    return {
      update: function () { update(); },
      paths: function () { return { SGD: state.path }; },
      lr: function () { return state.lr; },
      limit: limit,
    };
  }

  // ------------------------------------------------------------ 2. the optimizer race

  function raceExplorer(root, data) {
    var f = frame(root, data, "race_title"), w = f.words;
    var names = data.optimizers, surfaceNames = Object.keys(data.surfaces);
    var view = new MapView(root, w, ["x", "y"]);
    var howTo = el("p", { class: "ml4a-how-to", id: newId("how") }, [w.map_how_to]);
    view.handle.setAttribute("aria-describedby", howTo.id);
    var state = { surface: surfaceNames[0], timer: null, computed: {} };
    var per = {};  // per surface: start, step, lr and on per optimizer

    function initial(surface) {
      var s = data.surfaces[surface], lr = {}, on = {};
      names.forEach(function (n) { lr[n] = s.settings[n].lr; on[n] = true; });
      return { start: s.start.slice(), step: s.steps, lr: lr, on: on };
    }
    surfaceNames.forEach(function (s) { per[s] = initial(s); });
    restore(f.saved);

    // The settings of the address (`readAddress`), on the surface it names: each optimizer
    // by its name in lower case (`lr.adam`, `off=sgd,adagrad`), its rate within its slider's.
    function restore(saved) {
      if (surfaceNames.indexOf(saved.surface) >= 0) state.surface = saved.surface;
      var s = data.surfaces[state.surface], mine = per[state.surface];
      mine.start = pointIn(saved.start, data.maps[state.surface]) || mine.start;
      var step = numberIn(saved.step, 0, s.steps);
      if (step !== null) mine.step = Math.round(step);
      var off = (saved.off || "").split(",");
      names.forEach(function (n) {
        var base = s.settings[n].lr, spread = Math.pow(10, data.decades);
        var lr = numberIn(saved["lr." + n.toLowerCase()], base / spread, base * spread);
        if (lr !== null) {
          mine.lr[n] = lr;
          mine.snap = mine.snap || {};
          mine.snap[n] = true;  // to the slider's own value, once the sliders exist
        }
        if (off.indexOf(n.toLowerCase()) >= 0) mine.on[n] = false;
      });
    }

    function address() {
      var s = data.surfaces[state.surface], mine = per[state.surface];
      var values = {
        surface: state.surface === surfaceNames[0] ? null : state.surface,
        start: pointText(mine.start, s.start),
        step: mine.step === s.steps ? null : String(mine.step),
        off: names.filter(function (n) { return !mine.on[n]; }).map(function (n) {
          return n.toLowerCase();
        }).join(",") || null,
      };
      names.forEach(function (n) {
        values["lr." + n.toLowerCase()] = mine.lr[n] === s.settings[n].lr ? null :
          short(mine.lr[n]);
      });
      return values;
    }

    var artists = {};
    names.forEach(function (n) {
      var color = colorOf(n);
      artists[n] = {
        line: svgEl("polyline", { class: "ml4a-path ml4a-race-path", style: "stroke:" + color },
          view.layer),
        tail: svgEl("polyline", { class: "ml4a-tail", style: "stroke:" + color }, view.layer),
        dot: svgEl("circle", { r: 7, class: "ml4a-dot", style: "fill:" + color }, view.layer),
      };
    });

    // Surface switch: a radio group.
    var group = newId("surface");
    var surfaceField = el("fieldset", { class: "ml4a-choice" }, [el("legend", {}, [w.surface])]);
    surfaceNames.forEach(function (s, i) {
      var id = newId("surface-" + s);
      var radio = el("input", { type: "radio", name: group, id: id, value: s });
      radio.checked = i === 0;
      radio.addEventListener("change", function () {
        if (radio.checked) switchTo(s);
      });
      surfaceField.appendChild(el("span", { class: "ml4a-radio" }, [radio,
        el("label", { for: id }, [w[s]])]));
    });

    // Scrubber and play/pause.
    var scrubId = newId("step");
    var scrubber = el("input", { type: "range", id: scrubId, min: 0, step: 1,
      class: "ml4a-range ml4a-scrubber" });
    var stepText = el("output", { for: scrubId, class: "ml4a-value", "aria-live": "off" });
    var play = button(w.play, "ml4a-play", function () {
      if (state.timer) stop(true); else start();
    });
    var scrub = el("div", { class: "ml4a-slider" }, [
      el("label", { for: scrubId, class: "ml4a-label" }, [w.step]), stepText,
      el("div", { class: "ml4a-track" }, [scrubber])]);
    scrubber.addEventListener("input", function () {
      stop(false);
      per[state.surface].step = Number(scrubber.value);
      draw();
    });

    // One row per optimizer: switch, α slider, loss now.
    var rows = {}, list = el("ul", { class: "ml4a-optimizers" });
    names.forEach(function (n) {
      var id = newId("on-" + n);
      var box = el("input", { type: "checkbox", id: id, class: "ml4a-switch" });
      box.checked = true;
      var swatch = el("span", { class: "ml4a-swatch", "aria-hidden": "true" });
      swatch.style.background = colorOf(n);
      var loss = el("span", { class: "ml4a-loss-now" });
      var slider = new LogSlider({
        ariaLabel: fill(w.alpha_of, { name: data.names[n] }), className: "ml4a-alpha",
        value: 1, low: 1e-3, high: 1e3, positions: data.positions,
        format: function (v) { return "α = " + fmt(v); },
        onInput: function (v) {
          per[state.surface].lr[n] = v;
          compute(n);
          draw();
        },
      });
      box.addEventListener("change", function () {
        per[state.surface].on[n] = box.checked;
        slider.input.disabled = !box.checked;
        compute(n);
        draw();
      });
      rows[n] = { box: box, slider: slider, loss: loss };
      list.appendChild(el("li", { class: "ml4a-optimizer" }, [
        el("span", { class: "ml4a-check" }, [box, el("label", { for: id }, [swatch, data.names[n]])]),
        slider.element, loss]));
    });

    var controls = el("div", { class: "ml4a-buttons" }, [play, button(w.reset, "ml4a-reset",
      function () {
        stop(false);
        per[state.surface] = initial(state.surface);
        switchTo(state.surface);
      })]);
    f.panel.appendChild(surfaceField);
    f.panel.appendChild(scrub);
    f.panel.appendChild(controls);
    f.panel.appendChild(f.status);
    f.body.appendChild(view.element);
    f.body.appendChild(f.panel);
    f.body.appendChild(list);
    f.body.appendChild(howTo);

    view.onMove = function (p) {
      per[state.surface].start = p;
      names.forEach(compute);
      draw();
    };

    // A slider spans the race's rate × 10^±decades on each surface.
    function configureSliders() {
      var s = data.surfaces[state.surface], mine = per[state.surface];
      names.forEach(function (n) {
        var slider = rows[n].slider, base = s.settings[n].lr;
        slider.o.low = base * Math.pow(10, -data.decades);
        slider.o.high = base * Math.pow(10, data.decades);
        if (mine.snap && mine.snap[n]) {
          mine.lr[n] = slider.snap(mine.lr[n]);
          delete mine.snap[n];
        }
        slider.set(mine.lr[n]);
        rows[n].box.checked = mine.on[n];
        slider.input.disabled = !mine.on[n];
      });
    }

    function compute(n) {
      var s = data.surfaces[state.surface], mine = per[state.surface];
      if (!mine.on[n]) {
        state.computed[n] = null;
        return;
      }
      var hyper = {};
      Object.keys(s.settings[n]).forEach(function (k) { hyper[k] = s.settings[n][k]; });
      hyper.lr = mine.lr[n];
      var path = lib.descend({ surface: state.surface, optimizer: n, hyper: hyper,
        start: mine.start, steps: s.steps });
      state.computed[n] = { path: path, exit: exitOf(path, s.steps, view.inside.bind(view)) };
    }

    function draw() {
      var s = data.surfaces[state.surface], step = per[state.surface].step;
      scrubber.value = String(step);
      var text = fill(w.step_of, { step: step, steps: s.steps });
      setText(stepText, text);
      setAttr(scrubber, "aria-valuetext", text);
      names.forEach(function (n) {
        var c = state.computed[n], a = artists[n];
        var hidden = !c, display = hidden ? "none" : "";
        if (a.line.style.display !== display) {
          a.line.style.display = a.tail.style.display = a.dot.style.display = display;
        }
        if (hidden) {
          setText(rows[n].loss, "");
          return;
        }
        var last = c.exit ? c.exit.step - (c.exit.overflow ? 1 : 0) : c.path.length - 1;
        var k = Math.min(step, last);
        setAttr(a.line, "points", points(view, c.path.slice(0, k + 1)));
        setAttr(a.tail, "points", points(view, c.path.slice(Math.max(0, k - data.trail), k + 1)));
        var q = view.px(c.path[k]);
        setAttr(a.dot, "cx", q[0].toFixed(1));
        setAttr(a.dot, "cy", q[1].toFixed(1));
        setText(rows[n].loss, lossText(n, step));
      });
      announce();
    }

    function lossText(n, step) {
      var c = state.computed[n];
      if (c.exit && c.exit.step <= step) {
        return fill(c.exit.overflow ? w.not_finite : w.left_plot, { step: c.exit.step });
      }
      return w.loss_now + " " + fmt(lib.loss(state.surface, c.path[Math.min(step,
        c.path.length - 1)]));
    }

    function announce() {
      var step = per[state.surface].step;
      var on = names.filter(function (n) { return state.computed[n]; });
      if (!state.timer) f.remember(address());
      if (!on.length) {
        f.say(w.race_none, !!state.timer);
        return;
      }
      var items = on.map(function (n) {
        var c = state.computed[n];
        if (c.exit && c.exit.step <= step) return data.names[n] + " " + lossText(n, step);
        return fill(w.race_item, { name: data.names[n], loss: fmt(lib.loss(state.surface,
          c.path[Math.min(step, c.path.length - 1)])) });
      });
      f.say(fill(w.race_status, { steps: step, list: items.join(", ") }), !!state.timer);
    }

    function switchTo(surface) {
      state.surface = surface;
      var i = surfaceNames.indexOf(surface);
      view.show(data.maps[surface], f.images[i]);
      surfaceField.querySelectorAll("input")[i].checked = true;
      scrubber.max = String(data.surfaces[surface].steps);
      configureSliders();
      view.place(per[surface].start);
      names.forEach(compute);
      draw();
    }

    function start() {
      var s = data.surfaces[state.surface], mine = per[state.surface];
      if (mine.step >= s.steps) mine.step = 0;
      play.textContent = w.pause;
      root.dataset.playing = "true";
      state.timer = window.setInterval(function () {
        mine.step = Math.min(s.steps, mine.step + s.steps_per_frame);
        draw();
        if (mine.step >= s.steps) stop(true);
      }, data.frame_ms);
      draw();
    }

    function stop(speak) {
      if (!state.timer) return;
      window.clearInterval(state.timer);
      state.timer = null;
      play.textContent = w.play;
      root.dataset.playing = "false";
      if (speak) announce();
    }

    root.dataset.playing = "false";
    switchTo(state.surface);
    // Play the race once when it first comes into view, unless the reader asked for less motion.
    if (!prefersReducedMotion() && "IntersectionObserver" in window) {
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          seen.disconnect();
          if (!state.timer && per[state.surface].step === data.surfaces[state.surface].steps) {
            per[state.surface].step = 0;
            start();
          }
        }
      }, { threshold: 0.6 });
      seen.observe(view.element);
    }
    return {
      update: function () { names.forEach(compute); draw(); },
      paths: function () {
        var out = {};
        names.forEach(function (n) { if (state.computed[n]) out[n] = state.computed[n].path; });
        return out;
      },
      surface: function () { return state.surface; },
      stop: function () { stop(false); },
    };
  }

  // ------------------------------------------------------------ 3. regularization strength

  function regularizationExplorer(root, data) {
    var f = frame(root, data, "reg_title"), w = f.words;
    var view = new MapView(root, w, ["x", "y"]);
    view.show(data.maps.fit, f.images[0]);
    view.handle.remove();
    var curve = svgEl("polyline", { class: "ml4a-path ml4a-fit", style: "stroke:" + colorOf("path") },
      view.layer);
    var train = data.train, val = data.validation, degree = data.degree;
    var lo = Math.min.apply(null, train.x), hi = Math.max.apply(null, train.x);
    var xs = [];
    for (var i = 0; i <= 240; i++) xs.push(lo + (hi - lo) * i / 240);
    var state = { lam: data.lambda, coeffs: null, train: 0, val: 0 };

    function fit(lam) {
      var c = lib.polyfit(train.x, train.y, degree, lam);
      return { coeffs: c, train: lib.polyMse(c, train.x, train.y),
        val: lib.polyMse(c, val.x, val.y) };
    }

    function lambdaText(v) {
      return v === 0 ? w.lambda_zero : "λ = " + fmt(v);
    }
    var opts = data.lambda_slider;
    var slider = new LogSlider({
      label: w.lambda, className: "ml4a-lambda", value: data.lambda, zero: true, low: opts.low,
      high: opts.high, positions: opts.positions,
      marks: data.marked.map(function (v) { return { value: v, label: v === 0 ? "0" : fmt(v) }; }),
      format: lambdaText,
      onInput: function (v) { state.lam = v; update(); },
    });
    var savedLam = numberIn(f.saved.lambda, 0, opts.high);
    if (savedLam !== null) {
      state.lam = slider.snap(savedLam);
      slider.set(state.lam);
    }
    // Errors at every position of the slider, for the chart (they do not change).
    var curves = { train: [], val: [] };
    for (var p = 0; p <= opts.positions; p++) {
      var r = fit(slider.valueAt(p));
      curves.train.push([p, r.train]);
      curves.val.push([p, r.val]);
    }
    var top = Math.max.apply(null, curves.val.concat(curves.train).map(function (q) {
      return q[1];
    }));
    var trainOut = el("output", { class: "ml4a-error", "aria-live": "off" });
    var valOut = el("output", { class: "ml4a-error", "aria-live": "off" });
    var errors = el("dl", { class: "ml4a-errors" }, [
      el("dt", {}, [el("span", { class: "ml4a-swatch", "aria-hidden": "true",
        style: "background:" + colorOf("train") }), w.train_error]), el("dd", {}, [trainOut]),
      el("dt", {}, [el("span", { class: "ml4a-swatch", "aria-hidden": "true",
        style: "background:" + colorOf("validation") }), w.val_error]), el("dd", {}, [valOut]),
    ]);
    var chart = new Chart(w.errors_by_lambda);
    chart.draw({
      x: [0, opts.positions], y: [0, top * 1.05],
      xticks: data.marked.map(function (v) {
        return [slider.fraction(v) * opts.positions, v === 0 ? "0" : fmt(v)];
      }),
      xlabel: "λ",
      series: [
        { points: curves.train, color: colorOf("train"), className: "ml4a-train-curve" },
        { points: curves.val, color: colorOf("validation"), className: "ml4a-val-curve" },
      ],
    });
    // Only the marker of the current λ moves; the curves stay as drawn.
    var marker = svgEl("path", { class: "ml4a-rule", stroke: "currentColor",
      "stroke-dasharray": "3 3" }, chart.svg);
    f.panel.appendChild(slider.element);
    f.panel.appendChild(errors);
    f.panel.appendChild(el("p", { class: "ml4a-chart-title" }, [w.errors_by_lambda]));
    f.panel.appendChild(chart.svg);
    f.panel.appendChild(f.status);
    f.body.appendChild(view.element);
    f.body.appendChild(f.panel);

    function update() {
      var r = fit(state.lam);
      state.coeffs = r.coeffs;
      state.train = r.train;
      state.val = r.val;
      curve.setAttribute("points", points(view, xs.map(function (x) {
        return [x, lib.polyval(r.coeffs, x)];
      })));
      trainOut.textContent = r.train.toFixed(4);
      valOut.textContent = r.val.toFixed(4);
      var at = chart.X(slider.fraction(state.lam) * opts.positions).toFixed(1);
      marker.setAttribute("d", "M" + at + " " + chart.top + "V" + chart.bottom);
      f.say(fill(w.reg_status, { lam: state.lam === 0 ? "0" : fmt(state.lam),
        train: r.train.toFixed(4), val: r.val.toFixed(4) }));
      f.remember({ lambda: state.lam === data.lambda ? null : short(state.lam) });
    }

    update();
    return {
      update: function () { update(); },
      fit: function () { return { lam: state.lam, coeffs: state.coeffs, train: state.train,
        val: state.val }; },
    };
  }

  // ------------------------------------------------------------ set-up

  var EXPLORERS = { descent: descentExplorer, race: raceExplorer,
    regularization: regularizationExplorer };

  function setUp(root) {
    var script = root.querySelector("script.ml4a-explorer-data");
    var make = EXPLORERS[root.getAttribute("data-explorer")];
    if (!script || !make || !lib || root.ml4aExplorer) return;
    var data = JSON.parse(script.textContent);
    lib.configure(data.lib);
    root.hidden = false;
    var api = make(root, data);
    api.data = data;
    root.ml4aExplorer = api;
    root.classList.add("ml4a-explorer-ready");
  }

  function init() {
    document.querySelectorAll("section.ml4a-explorer").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
