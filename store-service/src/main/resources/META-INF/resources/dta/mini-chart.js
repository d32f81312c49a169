/*
 * DTA Observatory dashboard brick: <dta-mini-chart metric="ach.volume_usd"></dta-mini-chart>, or
 * mfe.load("dta/mini-chart", {target: "#dash", metric: "ach.volume_usd"}).
 *
 * A classic script (not a module) so that the seed's two-line snippet works in a plain <script> tag; uPlot is
 * loaded with a dynamic import() from the same store that served this file. No build step, no CDN.
 *
 * Attributes: metric (required), span (window, default 1h), interval (poll period, default 10s), step and agg
 * (optional server-side bucketing, e.g. step="1m" agg="avg"), labels ("name=value,name=value" matchers),
 * unit (shown on the value axis; guessed from a name suffix such as _usd or _ms when absent), height (px).
 * State for scripts and tests is mirrored onto the host: data-state (loading|ok|no-data|error), data-points.
 */
(function () {
  "use strict";
  if (customElements.get("dta-mini-chart")) {
    return;
  }
  // The store's base URL comes from this script's own URL, so pages on other origins reach the right store.
  var scriptUrl = document.currentScript ? document.currentScript.src : new URL("/dta/mini-chart.js", location.href).href;
  var STORE = new URL("..", scriptUrl).href.replace(/\/$/, "");
  var UPLOT = STORE + "/webjars/uplot/1.6.30/dist/uPlot.esm.js";
  var UPLOT_CSS = STORE + "/webjars/uplot/1.6.30/dist/uPlot.min.css";
  var uplotPromise = null;

  function loadUplot() {
    if (!uplotPromise) {
      uplotPromise = import(UPLOT).then(function (m) { return m.default; });
    }
    return uplotPromise;
  }

  var UNIT_SUFFIXES = [["_usd", "USD"], ["_eur", "EUR"], ["_ms", "ms"], ["_seconds", "s"], ["_bytes", "bytes"],
    ["_pct", "%"], ["_percent", "%"], ["_ratio", "ratio"]];

  function guessUnit(metric) {
    for (var i = 0; i < UNIT_SUFFIXES.length; i++) {
      var suffix = UNIT_SUFFIXES[i][0];
      if (metric.length > suffix.length && metric.slice(-suffix.length) === suffix) {
        return UNIT_SUFFIXES[i][1];
      }
    }
    return "";
  }

  function durationMs(text, fallback) {
    var m = /^\s*(\d+)\s*(ms|s|m|h|d)?\s*$/.exec(text || "");
    if (!m) {
      return fallback;
    }
    var n = parseInt(m[1], 10);
    return n * ({ ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2] || "ms"]);
  }

  /**
   * Aligns series on the union of their timestamps (seconds, as uPlot wants). A timestamp a series lacks is
   * `undefined` (uPlot bridges it); a real gap — more than 3x the series' usual spacing with no point — is an
   * explicit null (uPlot breaks the line there).
   */
  function align(series) {
    var times = new Set();
    var maps = series.map(function (s) {
      var map = new Map();
      var pts = s.points;
      var deltas = [];
      for (var i = 1; i < pts.length; i++) {
        deltas.push(pts[i][0] - pts[i - 1][0]);
      }
      deltas.sort(function (a, b) { return a - b; });
      var usual = deltas.length ? deltas[Math.floor(deltas.length / 2)] : 0;
      for (var j = 0; j < pts.length; j++) {
        if (j > 0 && usual > 0 && pts[j][0] - pts[j - 1][0] > 3 * usual) {
          var gapAt = Math.round((pts[j][0] + pts[j - 1][0]) / 2);
          map.set(gapAt, null);
          times.add(gapAt);
        }
        map.set(pts[j][0], pts[j][1]);
        times.add(pts[j][0]);
      }
      return map;
    });
    var xs = Array.from(times).sort(function (a, b) { return a - b; });
    var data = [xs.map(function (t) { return t / 1000; })];
    maps.forEach(function (map) {
      data.push(xs.map(function (t) { return map.has(t) ? map.get(t) : undefined; }));
    });
    return data;
  }

  function seriesLabel(s) {
    var keys = Object.keys(s.labels || {}).sort();
    if (!keys.length) {
      return s.metric;
    }
    return keys.map(function (k) { return k + "=" + s.labels[k]; }).join(", ");
  }

  var PALETTE_LIGHT = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989"];
  var PALETTE_DARK = ["#58a6ff", "#ff7b72", "#3fb950", "#d29922", "#bc8cff", "#f778ba"];
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  var STYLE = ":host{display:block;font:12px system-ui,sans-serif;--fg:#1f2328;--bg:#ffffff;--grid:#d0d7de;" +
    "--muted:#656d76;color:var(--fg);background:var(--bg);position:relative}" +
    "@media (prefers-color-scheme: dark){:host{--fg:#e6edf3;--bg:#0d1117;--grid:#30363d;--muted:#8b949e}}" +
    ".title{font-weight:600;padding:2px 4px}.msg{padding:12px 4px;color:var(--muted)}" +
    ".tip{position:absolute;pointer-events:none;background:var(--bg);border:1px solid var(--grid);padding:4px 6px;" +
    "border-radius:4px;display:none;white-space:nowrap;z-index:2;box-shadow:0 1px 4px rgba(0,0,0,.2)}" +
    ".u-legend{display:none}";

  class MiniChart extends HTMLElement {
    static get observedAttributes() {
      return ["metric", "span", "interval", "step", "agg", "labels", "unit", "height"];
    }

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this.chart = null;
      this._timer = null;
      this._shape = "";
    }

    connectedCallback() {
      var root = this.shadowRoot;
      root.innerHTML = "";
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = UPLOT_CSS;
      var style = document.createElement("style");
      style.textContent = STYLE;
      this._title = document.createElement("div");
      this._title.className = "title";
      this._msg = document.createElement("div");
      this._msg.className = "msg";
      this._plot = document.createElement("div");
      this._tip = document.createElement("div");
      this._tip.className = "tip";
      root.append(css, style, this._title, this._msg, this._plot, this._tip);
      this._onTheme = this._rebuild.bind(this);
      if (dark) {
        dark.addEventListener("change", this._onTheme);
      }
      this._onResize = this._resize.bind(this);
      window.addEventListener("resize", this._onResize);
      this._restart();
    }

    disconnectedCallback() {
      clearInterval(this._timer);
      this._timer = null;
      if (dark) {
        dark.removeEventListener("change", this._onTheme);
      }
      window.removeEventListener("resize", this._onResize);
      this._destroy();
    }

    attributeChangedCallback() {
      if (this.isConnected && this._msg) {
        this._shape = "";
        this._restart();
      }
    }

    _restart() {
      clearInterval(this._timer);
      this._setState("loading", "loading…");
      this.poll();
      this._timer = setInterval(this.poll.bind(this), durationMs(this.getAttribute("interval"), 10000));
    }

    _setState(state, message) {
      this.setAttribute("data-state", state);
      this._msg.textContent = message || "";
      this._msg.style.display = message ? "" : "none";
    }

    _url() {
      var metric = this.getAttribute("metric") || "";
      var to = Date.now();
      var from = to - durationMs(this.getAttribute("span"), 3600000);
      var q = new URLSearchParams({ metric: metric, from: String(from), to: String(to) });
      var step = this.getAttribute("step");
      if (step) {
        q.set("step", step);
        q.set("agg", this.getAttribute("agg") || "avg");
      }
      (this.getAttribute("labels") || "").split(",").forEach(function (pair) {
        if (pair.trim()) {
          q.append("label", pair.trim());
        }
      });
      return STORE + "/api/v1/range?" + q.toString();
    }

    /** One poll: fetch the window, then draw it or say why there is nothing to draw. */
    poll() {
      var self = this;
      var metric = this.getAttribute("metric") || "";
      if (!metric) {
        this._setState("error", "no metric attribute");
        return Promise.resolve();
      }
      var unit = this.getAttribute("unit") || guessUnit(metric);
      this._title.textContent = metric + (unit ? " (" + unit + ")" : "");
      return fetch(this._url(), { headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.json().then(function (body) {
            if (!r.ok) {
              throw new Error(body && body.error ? body.error : "HTTP " + r.status);
            }
            return body;
          });
        })
        .then(function (body) {
          if (!body.series || body.series.length === 0) {
            self._destroy();
            self.setAttribute("data-points", "0");
            self._setState("no-data", body.message || ("no data — no points for " + metric));
            return;
          }
          return loadUplot().then(function (uPlot) { self._draw(uPlot, body, unit); });
        })
        .catch(function (e) {
          self._setState("error", "error: " + e.message);
        });
    }

    _draw(uPlot, body, unit) {
      var data = align(body.series);
      var shape = body.series.map(seriesLabel).join("|");
      var points = 0;
      for (var i = 1; i < data.length; i++) {
        data[i].forEach(function (v) { if (v !== null && v !== undefined) { points++; } });
      }
      this._last = { uPlot: uPlot, body: body, unit: unit };
      if (this.chart && shape === this._shape) {
        this.chart.setData(data);
      } else {
        this._destroy();
        this._shape = shape;
        this.chart = new uPlot(this._options(body, unit), data, this._plot);
      }
      this.setAttribute("data-points", String(points));
      this._setState("ok", "");
    }

    _rebuild() {
      if (this._last) {
        this._destroy();
        this._draw(this._last.uPlot, this._last.body, this._last.unit);
      }
    }

    _resize() {
      if (this.chart) {
        this.chart.setSize({ width: this._width(), height: this._height() });
      }
    }

    _width() {
      return Math.max(200, this.clientWidth || 400);
    }

    _height() {
      return parseInt(this.getAttribute("height") || "200", 10);
    }

    _destroy() {
      if (this.chart) {
        this.chart.destroy();
        this.chart = null;
      }
      this._shape = "";
    }

    _options(body, unit) {
      var cs = getComputedStyle(this);
      var fg = cs.getPropertyValue("--fg").trim() || "#1f2328";
      var grid = cs.getPropertyValue("--grid").trim() || "#d0d7de";
      var palette = dark && dark.matches ? PALETTE_DARK : PALETTE_LIGHT;
      var tip = this._tip;
      var host = this;
      var axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
      return {
        width: this._width(),
        height: this._height(),
        legend: { show: false },
        // uPlot draws the time axis in the viewer's zone by default (tzDate = local time).
        scales: { x: { time: true } },
        axes: [
          Object.assign({}, axis),
          Object.assign({}, axis, { label: unit || undefined, size: 60 })
        ],
        series: [{}].concat(body.series.map(function (s, i) {
          return { label: seriesLabel(s), stroke: palette[i % palette.length], width: 1.5, spanGaps: false,
            points: { show: false } };
        })),
        cursor: { drag: { x: false, y: false } },
        hooks: {
          setCursor: [function (u) {
            var idx = u.cursor.idx;
            if (idx == null || u.cursor.left < 0) {
              tip.style.display = "none";
              return;
            }
            var when = new Date(u.data[0][idx] * 1000).toLocaleString();
            var lines = [when];
            for (var i = 1; i < u.series.length; i++) {
              var v = u.data[i][idx];
              if (v !== null && v !== undefined) {
                lines.push(u.series[i].label + ": " + (+v.toPrecision(6)) + (unit ? " " + unit : ""));
              }
            }
            tip.textContent = "";
            lines.forEach(function (l) {
              var d = document.createElement("div");
              d.textContent = l;
              tip.appendChild(d);
            });
            tip.style.display = "block";
            var left = u.over.offsetLeft + u.cursor.left + 12;
            tip.style.left = Math.min(left, host.clientWidth - tip.offsetWidth - 4) + "px";
            tip.style.top = (u.over.offsetTop + u.cursor.top + 12) + "px";
          }]
        }
      };
    }
  }

  customElements.define("dta-mini-chart", MiniChart);

  // Micro-frontend loader (seed section 7): mfe.load("dta/mini-chart", {target: "#dash", metric: "..."}).
  var mfe = window.mfe = window.mfe || {};
  mfe.bricks = mfe.bricks || {};
  mfe.bricks["dta/mini-chart"] = function (opts) {
    var target = typeof opts.target === "string" ? document.querySelector(opts.target) : opts.target;
    if (!target) {
      throw new Error("mfe.load(\"dta/mini-chart\"): no element matches target " + opts.target);
    }
    var el = document.createElement("dta-mini-chart");
    Object.keys(opts).forEach(function (k) {
      if (k !== "target" && opts[k] !== undefined && opts[k] !== null) {
        el.setAttribute(k, String(opts[k]));
      }
    });
    target.appendChild(el);
    return el;
  };
  if (!mfe.load) {
    mfe.load = function (name, opts) {
      var brick = mfe.bricks[name];
      if (!brick) {
        throw new Error("mfe.load: no brick named " + name + "; include its script first");
      }
      return brick(opts || {});
    };
  }
})();
