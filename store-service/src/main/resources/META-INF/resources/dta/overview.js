// Overview page at the store's "/": every metric with a sparkline and its last value, a filter box, a full chart
// on click, and two panels fed by the watcher's and alert service's REST APIs (their URLs from the store config).
const SPAN = "1h";
const BUCKETS = 60;
const POLL_MS = 10000;

const $ = (sel) => document.querySelector(sel);
const rowsByMetric = new Map();
let filterText = "";

function fmt(v) {
  if (v === null || v === undefined) {
    return "–";
  }
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : String(+v.toPrecision(6));
}

const SPARK_W = 120;
const SPARK_H = 22;

/**
 * A sparkline as the "d" of an SVG path: one "M" per run of values, so a gap (null bucket) stays a gap. SVG rather
 * than a canvas per row: 1,000 canvases cost a 2D context each and a redraw on every theme change, while paths are
 * plain attributes that the stroke colour (CSS --spark, light or dark) styles for free.
 */
function sparkPath(values) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v !== null) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (min === Infinity) {
    return "";
  }
  const range = max - min || 1;
  const step = SPARK_W / values.length;
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = ((i + 0.5) * step).toFixed(1);
    const y = (SPARK_H - 2 - ((v - min) / range) * (SPARK_H - 4)).toFixed(1);
    // A lone point still shows: a run starts with a half-pixel stroke.
    d += pen ? `L${x} ${y}` : `M${x} ${y}h0.5`;
    pen = true;
  });
  return d;
}

function applyFilter() {
  let shown = 0;
  for (const [name, row] of rowsByMetric) {
    const visible = !filterText || name.toLowerCase().includes(filterText);
    row.tr.hidden = !visible;
    if (visible) {
      shown++;
    }
  }
  $("#count").textContent = `${shown} of ${rowsByMetric.size} metrics`;
}

function openChart(metric) {
  const slot = $("#chart-slot");
  slot.innerHTML = "";
  const el = document.createElement("dta-mini-chart");
  el.setAttribute("metric", metric);
  el.setAttribute("span", SPAN);
  el.setAttribute("interval", "10s");
  el.setAttribute("height", "260");
  slot.appendChild(el);
  $("#chart-title").textContent = metric;
  $("#chart-panel").hidden = false;
  for (const [name, row] of rowsByMetric) {
    row.tr.classList.toggle("selected", name === metric);
  }
}

async function loadMetrics() {
  const r = await fetch(`api/v1/dashboard/sparklines?span=${SPAN}&buckets=${BUCKETS}`);
  if (!r.ok) {
    $("#metrics-msg").textContent = `cannot read metrics: HTTP ${r.status}`;
    return;
  }
  const body = await r.json();
  const tbody = $("#metrics tbody");
  const seen = new Set();
  const fragment = document.createDocumentFragment();
  for (const m of body.metrics) {
    seen.add(m.metric);
    let row = rowsByMetric.get(m.metric);
    if (!row) {
      const tr = document.createElement("tr");
      tr.className = "metric-row";
      tr.dataset.metric = m.metric;
      tr.innerHTML = "<td class=name></td><td class=num></td><td><svg class=spark viewBox='0 0 120 22' width=120 height=22><path/></svg></td>"
        + "<td class='num last'></td><td class='muted at'></td>";
      tr.querySelector(".name").textContent = m.metric;
      tr.addEventListener("click", () => openChart(m.metric));
      row = { tr, path: tr.querySelector("path") };
      rowsByMetric.set(m.metric, row);
      fragment.appendChild(tr);
    }
    row.tr.children[1].textContent = m.seriesCount;
    row.tr.querySelector(".last").textContent = fmt(m.lastValue);
    row.tr.querySelector(".at").textContent = m.lastTimestampMs ? new Date(m.lastTimestampMs).toLocaleTimeString() : "";
    row.path.setAttribute("d", sparkPath(m.values));
  }
  tbody.appendChild(fragment);
  for (const [name, row] of rowsByMetric) {
    if (!seen.has(name)) {
      row.tr.remove();
      rowsByMetric.delete(name);
    }
  }
  $("#metrics-msg").textContent = rowsByMetric.size ? "" : "no metrics yet: emit some through the ingest service";
  applyFilter();
  document.body.dataset.metricsLoaded = String(rowsByMetric.size);
}

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) {
    td.className = cls;
  }
  tr.appendChild(td);
}

async function loadPanel(baseUrl, path, msgSel, render) {
  if (!baseUrl) {
    $(msgSel).textContent = "not configured (dta.store.dashboard.*-url)";
    return;
  }
  try {
    const r = await fetch(baseUrl.replace(/\/$/, "") + path);
    if (!r.ok) {
      throw new Error(`HTTP ${r.status}`);
    }
    $(msgSel).textContent = "";
    render(await r.json());
  } catch (e) {
    $(msgSel).textContent = `cannot reach ${baseUrl}: ${e.message}`;
  }
}

function renderRules(body) {
  const tbody = $("#rules tbody");
  tbody.innerHTML = "";
  const rules = [...body.rules].sort((a, b) => (a.state === "firing" ? 0 : 1) - (b.state === "firing" ? 0 : 1));
  for (const r of rules) {
    const tr = document.createElement("tr");
    tr.className = "rule-row";
    tr.dataset.rule = r.rule.id;
    tr.dataset.state = r.state;
    cell(tr, r.rule.id);
    cell(tr, r.rule.metric);
    cell(tr, r.state, "state-" + r.state);
    cell(tr, fmt(r.lastValue), "num");
    tbody.appendChild(tr);
  }
  if (!rules.length) {
    $("#rules-msg").textContent = "no rules";
  }
}

function renderAlerts(body) {
  const tbody = $("#alerts tbody");
  tbody.innerHTML = "";
  for (const a of body.alerts) {
    const tr = document.createElement("tr");
    tr.className = "alert-row";
    tr.dataset.rule = a.rule;
    cell(tr, a.rule, "state-firing");
    cell(tr, a.metric);
    cell(tr, fmt(a.value), "num");
    cell(tr, new Date(a.observedAtMs).toLocaleTimeString(), "muted");
    tbody.appendChild(tr);
  }
  if (!body.alerts.length) {
    $("#alerts-msg").textContent = "nothing firing";
  }
}

function loadPanels(config) {
  return Promise.all([
    loadPanel(config.watcherUrl, "/api/v1/rules", "#rules-msg", renderRules),
    loadPanel(config.alertUrl, "/api/v1/alerts?status=firing&limit=50", "#alerts-msg", renderAlerts),
  ]);
}

function refresh(config) {
  return Promise.all([loadMetrics(), loadPanels(config)]);
}

async function main() {
  $("#filter").addEventListener("input", (e) => {
    filterText = e.target.value.trim().toLowerCase();
    applyFilter();
  });
  $("#chart-close").addEventListener("click", () => {
    $("#chart-panel").hidden = true;
    $("#chart-slot").innerHTML = "";
  });
  // The metrics do not need the config: fetch both at once rather than one round trip after the other.
  const configLoaded = fetch("api/v1/dashboard/config").then((r) => (r.ok ? r.json() : {}), () => ({}));
  await Promise.all([loadMetrics(), configLoaded.then(loadPanels)]);
  const config = await configLoaded;
  // Time from navigation start until every row and sparkline is drawn (read by the benchmark).
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
  setInterval(() => refresh(config), POLL_MS);
}

main();
