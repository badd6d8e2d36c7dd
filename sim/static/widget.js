// Loyalty Lab interactive figure (anywidget front end).
//
// One module serves three hosts: a static Jupyter Book page (no kernel: the
// figure runs the lifecycle model in the page, with the browser engine), a
// live Jupyter kernel and the classroom app (Voila), where the Mesa model
// computes. Live mode starts only when Python answers a "hello" message, so a
// static page, where no message ever comes back, keeps computing in the page.
// `Chart` is the vendored Chart.js, `loyaltyEngine` the browser engine
// (sim/static/engine.mjs with the mechanisms generated from sim/mechanisms.py)
// and `loyaltyFigures` the figures' computations on it (sim/static/figures.mjs),
// all inlined above this code by sim/widgets/assets.py.
//
// What a student sees, top to bottom: the title; a question to predict with a
// "Show me" button (the reveal); the controls, each with a plain label, its
// value and unit, the named points of its scale and a visible help line; one
// "Try this" line; the charts; a sentence and a table that say the same in
// words (the text alternative).

// The names of sim.stages.STAGES and PATTERN_NAMES (a test compares them).
const STAGE_NAMES = ["exploration", "formation", "stability", "decline", "ended"];
const PATTERN_NAMES = { I: "aborted early", II: "died mid-way", III: "early exit",
                        IV: "long-term retention" };

// ---- language --------------------------------------------------------------
// A figure speaks the language it was built in (options.lang "en" or "zh", as
// in the classroom app) or, built without one (options.lang "page", as in the
// book), the page's: <html lang="zh-CN"> gives Chinese. The book is executed
// once, in English, and its Chinese edition shows the same saved state, so such
// a figure carries its Chinese words alongside the English ones (options.zh:
// "spec", English text -> Chinese for its own description, and "strings", the
// widget's words and the model's computed phrases; sim/i18n/widgets.py).
const has = (table, key) => Object.prototype.hasOwnProperty.call(table, key);

function pageLanguage() {
  const root = typeof document !== "undefined" ? document.documentElement : null;
  const lang = (root && root.lang) || "";
  return lang.toLowerCase().startsWith("zh") ? "zh" : "en";
}

// The description in another language: every text a student reads, looked up
// in `table` (the same fields as translate_spec's walk in sim/i18n/widgets.py).
function translateSpec(spec, table) {
  const t = (text) => (typeof text === "string" && has(table, text) ? table[text] : text);
  const pairs = (list) => list.map(([value, text]) => [value, t(text)]);
  const out = JSON.parse(JSON.stringify(spec));
  for (const key of ["title", "sentence", "caption", "try_this"]) if (out[key]) out[key] = t(out[key]);
  for (const c of out.controls || []) {
    for (const key of ["label", "help", "unit"]) if (c[key]) c[key] = t(c[key]);
    if (c.anchors) c.anchors = pairs(c.anchors);
    if (c.options) c.options = pairs(c.options);
  }
  for (const p of out.panels || []) {
    for (const key of ["title", "xlabel", "ylabel", "rowHeader"]) if (p[key]) p[key] = t(p[key]);
    for (const s of p.series || []) s.label = t(s.label);
    if (p.categories) p.categories = p.categories.map((x) => t(x));
    if (p.ylabels) p.ylabels = p.ylabels.map((x) => t(x));
  }
  for (const row of out.table || []) row.label = t(row.label);
  if (out.reveal) {
    out.reveal.question = t(out.reveal.question);
    out.reveal.explain = t(out.reveal.explain);
    if (out.reveal.predictions) out.reveal.predictions = pairs(out.reveal.predictions);
  }
  for (const preset of out.presets || []) {
    preset.title = t(preset.title);
    preset.description = t(preset.description);
  }
  return out;
}

// The figure's language, its description in that language and its words.
function chooseLanguage(spec, options) {
  const explicit = options.lang === "en" || options.lang === "zh";
  const zh = options.zh;
  const lang = explicit ? options.lang : (zh ? pageLanguage() : "en");
  if (lang === "zh" && zh) {
    return { lang, spec: translateSpec(spec, zh.spec || {}),
             strings: Object.assign({}, options.strings || {}, zh.strings || {}) };
  }
  return { lang, spec, strings: Object.assign({}, options.strings || {}) };
}

// The widget's own words in the figure's language; English when a text has no
// entry. `{name}` fields are filled in after the lookup. Each figure has its
// own table, so figures of two languages can share a page.
// Chart.js's default font stack with the book's Chinese font (book/_static/loyalty.css
// declares "Loyalty Lab CJK" for CJK characters only) before the generic family.
const CJK_CHART_FONT = "'Helvetica Neue', 'Helvetica', 'Arial', 'Loyalty Lab CJK', sans-serif";

function translator(strings) {
  return function tr(text, fields = {}) {
    const template = has(strings, text) ? strings[text] : text;
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in fields ? String(fields[key]) : whole));
  };
}

const FORMATS = {
  pct: (v) => `${(v * 100).toFixed(0)}%`,
  pct1: (v) => `${(v * 100).toFixed(1)}%`,
  f0: (v) => v.toFixed(0),
  f1: (v) => v.toFixed(1),
  f2: (v) => v.toFixed(2),
  f3: (v) => v.toFixed(3),
  int: (v) => Math.round(v).toLocaleString("en-US"),
  signed: (v) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(Math.round(v)).toLocaleString("en-US")}`,
  money: (v) => v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

// Numbers and texts as the figure shows them, in the language of `tr`: a stage
// number and a pattern code in words, and a text of the model's (a computed
// phrase) looked up like the widget's own words.
function formatter(tr) {
  const formats = Object.assign({}, FORMATS, {
    stage: (v) => (STAGE_NAMES[Math.round(v)] ? tr(STAGE_NAMES[Math.round(v)]) : "–"),
  });
  const textFormats = {
    pattern: (code) => (PATTERN_NAMES[code]
      ? tr("pattern {code} ({name})", { code, name: tr(PATTERN_NAMES[code]) }) : tr("no pattern yet")),
  };
  return function fmt(value, format) {
    if (value === null || value === undefined) return "–";
    if (typeof value === "string") return textFormats[format] ? textFormats[format](value) : tr(value);
    if (!Number.isFinite(value)) return "–";
    if (!format && Number.isInteger(value)) return String(value);
    return (formats[format] || formats.f2)(value);
  };
}

function h(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// Pure calculators the browser can evaluate exactly, keyed by spec.calc.
// Each mirrors a Python function (named in its comment) and is tested against it.
const CALCULATORS = {
  // sim.clv.cash_flow_table / discounted_clv with growing_cash_flows: the
  // acquisition cost is paid at t = 0; year k's cash flow at t = k - 1
  // ("start": first purchase now) or t = k ("end"). Also 1 / churn
  // (sim.clv.expected_lifetime). Series hold one entry per year 0..10.
  clv(values) {
    const years = Math.round(values.years);
    const rate = values.interest;
    const shift = values.timing === "end" ? 0 : 1;
    const flows = [-values.c0];
    const pvs = [-values.c0];
    for (let k = 1; k <= 10; k += 1) {
      if (k > years) {
        flows.push(null);
        pvs.push(null);
        continue;
      }
      const flow = values.p0 + values.growth * (k - 1);
      flows.push(flow);
      pvs.push(flow * Math.pow(1 + rate, -(k - shift)));
    }
    const sum = (xs) => xs.reduce((a, x) => a + (x === null ? 0 : x), 0);
    return {
      s: { clv_flow: flows, clv_pv: pvs },
      n: { clv: sum(pvs), clv_undiscounted: sum(flows), lifetime: 1 / values.churn },
    };
  },
};

// ---- colours: light and dark page themes ----------------------------------
// The page decides: pydata-sphinx-theme sets <html data-theme>, JupyterLab
// <body data-jp-theme-light>; a bare page follows the system setting.
function pageIsDark() {
  const html = document.documentElement;
  if (html.dataset.theme === "dark" || html.dataset.mode === "dark") return true;
  if (html.dataset.theme === "light") return false;
  const lab = document.body && document.body.dataset.jpThemeLight;
  if (lab !== undefined) return lab === "false";
  return Boolean(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
}

const THEMES = {
  light: { text: "#1a1a1a", grid: "#e3e3e3", marker: "#333333" },
  dark: { text: "#e8e8e8", grid: "#3d3d3d", marker: "#dddddd" },
  contrast: { text: "#ffffff", grid: "#5a5a5a", marker: "#ffffff" }, // a projector's dark
};

// Records where the data are drawn (not the legend or the axes) on the canvas,
// in canvas pixels, after every draw: tests check each series really appears.
const areaPlugin = {
  id: "llArea",
  afterDraw(chart) {
    const area = chart.chartArea;
    const ratio = chart.currentDevicePixelRatio || 1;
    if (area) {
      chart.canvas.dataset.plotArea = [area.left, area.top, area.right, area.bottom]
        .map((v) => Math.round(v * ratio)).join(",");
    }
  },
};

const markerPlugin = {
  id: "llMarker",
  afterDatasetsDraw(chart, _args, options) {
    if (options.index === null || options.index === undefined) return;
    const x = chart.scales.x.getPixelForValue(options.index);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = options.color || "#333";
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

function hexAlpha(color, alpha) {
  const a = Math.round(alpha * 255).toString(16).padStart(2, "0");
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color + a : color;
}

// Long category names break onto two lines instead of being skipped.
function wrapLabel(label) {
  if (label.length <= 9 || !label.includes(" ")) return label;
  const middle = label.length / 2;
  let cut = -1;
  for (let i = 0; i < label.length; i += 1) {
    if (label[i] === " " && (cut < 0 || Math.abs(i - middle) < Math.abs(cut - middle))) cut = i;
  }
  return [label.slice(0, cut), label.slice(cut + 1)];
}

// A table panel: rows are categories, columns the series (e.g. a cash-flow table).
function makeTablePanel(panel, tr, fmt) {
  const tbody = h("tbody");
  const table = h("table", { class: "ll-table ll-panel-table" }, [
    h("caption", { class: "ll-sr", text: panel.title }),
    h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: panel.rowHeader || tr("Year") }),
      ...panel.series.map((s) => h("th", { scope: "col", text: s.label }))])]),
    tbody,
  ]);
  const node = h("div", { class: "ll-panel ll-panel-wide", "data-panel": panel.id, "data-kind": "table" }, [
    h("div", { class: "ll-panel-title", text: panel.title }), table,
  ]);
  function update(result) {
    const series = (result && result.s) || {};
    const rows = [];
    panel.categories.forEach((label, i) => {
      const cells = panel.series.map((s) => (series[s.key] || [])[i]);
      if (cells.every((v) => v === null || v === undefined)) return;
      rows.push(h("tr", {}, [h("th", { scope: "row", text: label }),
        ...cells.map((v) => h("td", { "data-value": v ?? "", text: fmt(v, "money") }))]));
    });
    tbody.replaceChildren(...rows);
  }
  return { node, update, theme() {}, destroy() {} };
}

function makePanel(panel, spec, fontSize, slice, colors, tr, fmt, family) {
  if (panel.kind === "table") return makeTablePanel(panel, tr, fmt);
  const canvas = h("canvas", {
    role: "img",
    "aria-label": tr("{title}: chart. The key numbers are in the table of this figure.",
                     { title: panel.title }),
  });
  const node = h("div", { class: "ll-panel", "data-panel": panel.id, "data-kind": panel.kind,
                          "data-colours": JSON.stringify(panel.series.map((s) => s.color)) }, [
    h("div", { class: "ll-panel-title", text: panel.title }),
    h("div", { class: "ll-canvas" }, [canvas]),
  ]);
  // The charts' type (canvas text): Chart.js's own fonts, plus the book's Chinese
  // font for Chinese words (a reader's machine may have no CJK font).
  const font = () => (family ? { size: fontSize, family } : { size: fontSize });
  const stacked = panel.kind === "stacked";
  const isBarLike = panel.kind === "bar" || panel.kind === "stage_bar";
  const isSlice = panel.kind === "slice";
  const stepped = panel.ylabels && panel.ylabels.length > 0;
  const tickFormat = panel.percent ? (v) => `${Math.round(v * 100)}%`
    : stepped ? (v) => (Number.isInteger(v) ? panel.ylabels[v] || "" : "") : undefined;
  const valueAxis = panel.horizontal ? "x" : "y";
  const indexAxis = panel.horizontal ? "y" : "x";
  let labels;
  let datasets;
  if (isSlice) {
    labels = undefined;
    datasets = panel.series.map((s) => ({
      label: s.label, data: [], borderColor: s.color, backgroundColor: s.color,
      borderDash: s.dash ? [7, 4] : [], borderWidth: 2.5, pointRadius: 3, showLine: true,
    }));
    datasets.push({
      label: tr("Current setting"), data: [], showLine: false, pointRadius: 8,
      pointHoverRadius: 9, pointStyle: "rectRot", borderColor: colors.text, backgroundColor: colors.text,
    });
  } else if (panel.kind === "stage_bar") {
    labels = panel.series.map((s) => wrapLabel(s.label));
    datasets = [{ label: panel.title, data: [], backgroundColor: panel.series.map((s) => s.color) }];
  } else if (panel.kind === "bar") {
    labels = panel.categories.map(wrapLabel);
    datasets = panel.series.map((s) => ({ label: s.label, data: [], backgroundColor: s.color }));
  } else {
    labels = spec.axes[panel.x] || [];
    datasets = panel.series.map((s, i) => ({
      label: s.label,
      data: [],
      borderColor: s.color,
      backgroundColor: stacked ? hexAlpha(s.color, 0.55) : s.color,
      borderDash: s.dash ? [7, 4] : [],
      borderWidth: 2.5,
      pointRadius: 0,
      stepped: stepped ? "before" : false,
      fill: stacked ? (i === 0 ? "origin" : "-1") : false,
    }));
  }
  const valueScale = {
    stacked: stacked,
    min: panel.ymin === null ? undefined : panel.ymin,
    max: panel.ymax === null ? undefined : panel.ymax,
    title: { display: Boolean(panel.ylabel), text: panel.ylabel, color: colors.text,
             font: font() },
    ticks: { color: colors.text, callback: tickFormat, font: font(),
             stepSize: stepped ? 1 : undefined },
    grid: { color: colors.grid },
  };
  const indexScale = {
    stacked: stacked,
    title: { display: Boolean(panel.xlabel), text: panel.xlabel, color: colors.text,
             font: font() },
    ticks: { color: colors.text, maxTicksLimit: 8, autoSkip: true, maxRotation: 0,
             font: font() },
    grid: { color: colors.grid },
  };
  if (isSlice) indexScale.type = "linear";
  if (isBarLike) {
    indexScale.ticks.autoSkip = false;
    indexScale.ticks.maxRotation = panel.horizontal ? 0 : 35;
  }
  const chart = new Chart(canvas, {
    type: isBarLike ? "bar" : (isSlice ? "scatter" : "line"),
    data: labels === undefined ? { datasets } : { labels, datasets },
    plugins: [markerPlugin, areaPlugin],
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      font: font(),
      plugins: {
        legend: {
          display: panel.kind !== "stage_bar" && !stepped,
          position: "bottom",
          labels: { color: colors.text, font: font(),
                    boxWidth: isSlice ? fontSize * 0.7 : fontSize * 2.2,
                    boxHeight: isSlice ? fontSize * 0.7 : undefined,
                    usePointStyle: panel.kind === "line" || isSlice,
                    pointStyle: panel.kind === "line" ? "line" : undefined },
        },
        tooltip: { enabled: true },
        llMarker: { index: null, color: colors.marker },
      },
      indexAxis,
      scales: { [indexAxis]: indexScale, [valueAxis]: valueScale },
    },
  });
  // A line over the period axis can be drawn up to a period only (the reveal's playback).
  const progressive = panel.kind === "line" || stacked;
  function update(result, t, upTo) {
    const series = (result && result.s) || {};
    if (isSlice) {
      const { lines, current } = slice(panel);
      lines.forEach((points, i) => { chart.data.datasets[i].data = points; });
      chart.data.datasets[lines.length].data = current;
    } else if (panel.kind === "stage_bar") {
      chart.data.datasets[0].data = panel.series.map((s) => {
        const seq = series[s.key] || [];
        return seq[Math.min(t, seq.length - 1)] ?? null;
      });
    } else {
      panel.series.forEach((s, i) => {
        const seq = series[s.key] || [];
        const cut = progressive && panel.x === "period" && upTo !== null && upTo !== undefined;
        chart.data.datasets[i].data = cut ? seq.map((v, k) => (k <= upTo ? v : null)) : seq;
      });
      chart.options.plugins.llMarker.index = panel.kind !== "bar" && panel.x === spec.timeline ? t : null;
    }
    chart.update("none");
  }
  function theme(next) {
    const scales = chart.options.scales;
    for (const scale of Object.values(scales)) {
      scale.ticks.color = next.text;
      scale.title.color = next.text;
      scale.grid.color = next.grid;
    }
    chart.options.plugins.legend.labels.color = next.text;
    chart.options.plugins.llMarker.color = next.marker;
    if (isSlice) {
      const current = chart.data.datasets[chart.data.datasets.length - 1];
      current.borderColor = next.text;
      current.backgroundColor = next.text;
    }
    chart.update("none");
  }
  // The top of the value axis this result needs: figures compared side by side
  // share it (null where the axis is fixed, a share or a response curve).
  function peak(result) {
    if (isSlice || panel.percent || stepped || (panel.ymax !== null && panel.ymax !== undefined)) {
      return null;
    }
    const series = (result && result.s) || {};
    const seqs = panel.series.map((s) => series[s.key] || []);
    let top = 0;
    const length = Math.max(0, ...seqs.map((q) => q.length));
    for (let k = 0; k < length; k += 1) {
      if (stacked) top = Math.max(top, seqs.reduce((sum, q) => sum + (q[k] || 0), 0));
      else for (const q of seqs) top = Math.max(top, q[k] || 0);
    }
    return top > 0 ? top : null;
  }
  function setMax(top) {
    chart.options.scales[valueAxis].max = top === null ? (panel.ymax ?? undefined) : top;
    node.dataset.ymax = top === null ? "" : String(top); // for tests: the shared axis
    chart.update("none");
  }
  return { id: panel.id, node, update, theme, peak, setMax, destroy: () => chart.destroy() };
}

// A round top for an axis shared by several charts: 1, 2, 2.5 or 5 times a power of ten.
function niceCeil(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value - 1e-9);
  return step * power;
}

// ---- figures compared side by side ------------------------------------------------
// Figures given the same options.group (the classroom's two scenarios) share one
// timeline, shown on the first of them, and the value axes of their charts, so a
// class compares like with like. The groups live on the page (globalThis): each
// figure's module may be a separate copy.
function joinGroup(name, member) {
  const groups = globalThis.__loyaltyLabGroups || (globalThis.__loyaltyLabGroups = new Map());
  if (!groups.has(name)) groups.set(name, new Set());
  const members = groups.get(name);
  members.add(member);
  // The first figure on the page leads (whatever order the figures were drawn in).
  const first = () => [...members].filter((m) => m.node.isConnected).sort(
    (a, b) => (a.node.compareDocumentPosition(b.node) & 4 ? -1 : 1))[0];
  const group = {
    leads: () => first() === member,
    rescale() {
      const tops = {};
      for (const m of members) {
        for (const [id, top] of Object.entries(m.peaks())) {
          if (top !== null) tops[id] = Math.max(tops[id] || 0, top);
        }
      }
      for (const m of members) m.scale(tops);
    },
    time(t, playing) { for (const m of members) if (m !== member) m.follow(t, playing); },
    regroup() { for (const m of members) m.regroup(); },
    leave() {
      members.delete(member);
      group.regroup();
      group.rescale();
    },
  };
  return group;
}

// ---- the model in the page ---------------------------------------------------------
// In the static book a figure computes with the browser engine (figures.mjs's
// computePoint). Its runs are kept for a slider moved back and for the
// comparison runs figures share, at most RUN_CACHE of them.
const RUN_CACHE = 240;
// Response curves (slice panels) kept, by the settings they were computed at.
const CURVE_CACHE = 400;

function inPageEngine(name, setup) {
  if (!setup || !setup.config || typeof loyaltyFigures === "undefined"
      || !loyaltyFigures.FIGURES[name]) return null;
  const ctx = loyaltyFigures.context(loyaltyEngine, setup.config, RUN_CACHE);
  return {
    point: (values, seeds) => loyaltyFigures.computePoint(ctx, name, values, seeds),
    // The Chinese of a computed phrase (a verdict, a name, a lifetime, a story), or null.
    zh: (text) => (setup.zh ? loyaltyFigures.resultTextZh(text, setup.zh) : null),
  };
}

// The next turn of the event loop, after the browser has painted what is drawn.
const later = (typeof requestAnimationFrame === "function")
  ? (f) => requestAnimationFrame(() => setTimeout(f, 0)) : (f) => setTimeout(f, 0);

function render({ model, el }) {
  const options = model.get("options") || {};
  const language = chooseLanguage(model.get("spec"), options);
  const spec = language.spec;
  const strings = language.strings; // live answers add the phrases of their runs
  const tr = translator(strings);
  const fmt = formatter(tr);
  const uid = `ll-${spec.name}-${Math.random().toString(36).slice(2, 8)}`;
  const controls = Object.fromEntries(spec.controls.map((c) => [c.name, c]));
  // A compact figure shares a projector screen with another: its charts' type follows
  // the screen's height (12 px at 768 px high, 17 at 1080).
  const screenHigh = typeof innerHeight === "number" ? innerHeight : 1080;
  const fontSize = options.compact ? Math.round(Math.min(18, Math.max(12, screenHigh / 63)))
    : options.projector ? 17 : 13;
  const period = spec.timeline ? spec.axes[spec.timeline] || [] : [];
  const revealAxis = spec.axes.period || [];
  const inPage = inPageEngine(spec.name, model.get("inpage"));
  const st = {
    live: false,
    result: null,
    source: inPage ? "browser" : (spec.calc ? "calc" : "none"),
    shown: {},
    job: 0, // the in-page computation under way (a newer one cancels it)
    seedsPending: false, // the mean over the figure's seeds is still coming
    refining: false, // more seeds or response-curve points are still coming
    seedsShown: [],
    curves: new Map(), // response-curve points by their settings (slice panels)
    t: spec.unfold ? 0 : Math.max(0, period.length - 1),
    upTo: null, // during the reveal's playback: the last period drawn
    reqId: 0,
    inflight: null,
    pending: false,
    timer: null,
    renders: 0,
    latency: null,
    raw: null,
    lastValues: {},
    dark: false, // set by applyTheme: the figure's theme trait, or the page's theme
    scaledFor: undefined, // the result the group's shared axes were last set for
  };

  // ---- layout -------------------------------------------------------------
  const badge = h("span", { class: "ll-badge" });
  const progress = h("div", { class: "ll-progress", hidden: true, "aria-hidden": "true" });
  const error = h("p", { class: "ll-error", role: "alert", hidden: true });
  // Only the sentence is a live region: re-reading the whole table on every
  // slider step (or every frame of playback) would drown a screen reader.
  const sentence = h("p", { class: "ll-sentence", "aria-live": "polite", "aria-atomic": "true" });
  const tbody = h("tbody");
  const table = h("table", { class: "ll-table" }, [
    h("caption", { class: "ll-sr", text: tr("Key numbers of the figure") }),
    h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: tr("Quantity") }),
                                 h("th", { scope: "col", text: tr("Value") })])]),
    tbody,
  ]);
  const textAlt = h("div", { class: "ll-text" }, [sentence, table]);
  const provenance = h("span", { class: "ll-prov" });
  const fieldset = h("fieldset", { class: "ll-controls" },
                     [h("legend", { class: "ll-legend", text: tr("Settings") })]);
  const panelsBox = h("div", { class: "ll-panels" });
  const tryThis = spec.try_this ? h("p", { class: "ll-try", text: spec.try_this }) : null;
  const main = h("div", { class: "ll-main" }, [panelsBox, textAlt]);
  const root = h("figure", {
    class: `ll-fig${options.projector ? " ll-projector" : ""}`,
    "data-figure": spec.name,
    "data-source": st.source,
    // What the page computes with (sim.widgets.inpage.engine_key): tests spot a stale book.
    "data-engine-key": (model.get("inpage") || {}).key || null,
    // JupyterLab: keys pressed inside the figure are not notebook shortcuts.
    "data-lm-suppress-shortcuts": "true",
    "aria-labelledby": `${uid}-title`,
    // A figure in another language than its page says so (screen readers, fonts).
    lang: language.lang !== pageLanguage() ? (language.lang === "zh" ? "zh-CN" : "en") : null,
  }, [
    h("div", { class: "ll-head" }, [
      h("div", { class: "ll-title", id: `${uid}-title`, text: options.title || spec.title }),
      badge,
    ]),
    progress,
    error,
    h("div", { class: "ll-body" }, [h("div", { class: "ll-side" }, [fieldset, tryThis]), main]),
    h("figcaption", { class: "ll-caption" }, [provenance, spec.caption ? ` ${spec.caption}` : ""]),
  ]);
  el.append(root);

  // ---- theme -----------------------------------------------------------------
  // The theme trait ("dark", "light") wins over the page's theme ("auto", the book's
  // case): the classroom's dark mode sets it. A compact figure's dark is high contrast.
  const compact = Boolean(options.compact);
  if (compact) root.classList.add("ll-compact");
  function colors() {
    if (!st.dark) return THEMES.light;
    return compact ? THEMES.contrast : THEMES.dark;
  }
  function wantsDark() {
    const theme = model.get("theme");
    return theme === "dark" ? true : theme === "light" ? false : pageIsDark();
  }
  function applyTheme() {
    const dark = wantsDark();
    const changed = dark !== st.dark;
    st.dark = dark;
    root.classList.toggle("ll-dark", st.dark);
    root.dataset.theme = st.dark ? "dark" : "light";
    return changed;
  }
  applyTheme();

  // ---- controls -----------------------------------------------------------
  const inputs = {};
  const readouts = {};
  const notes = {};
  const rows = {};
  const startValues = Object.assign({}, ...spec.controls.map((c) => ({ [c.name]: c.value })),
                                    model.get("values") || {});
  let presetHelp = null;

  // A lever that needs the model is shown only where a model answers: the page's
  // own engine or a kernel. (A figure with neither shows its calculator only.)
  function liveOnly(c) {
    return !inPage && !c.calc;
  }

  for (const c of spec.controls) {
    const id = `${uid}-${c.name}`;
    const note = h("span", { class: "ll-note", id: `${id}-note`, "aria-live": "polite" });
    notes[c.name] = note;
    const help = c.help ? h("span", { class: "ll-help", id: `${id}-help`, text: c.help }) : null;
    const describedBy = [c.kind === "range" ? `${id}-out` : null, c.help ? `${id}-help` : null,
                         `${id}-note`].filter(Boolean).join(" ");
    let input;
    let row;
    if (c.kind === "range") {
      input = h("input", {
        type: "range", id, min: c.low, max: c.high, step: c.step, value: startValues[c.name],
        "data-lm-suppress-shortcuts": "true", "data-control": c.name,
        "aria-describedby": describedBy,
      });
      readouts[c.name] = h("output", { id: `${id}-out`, for: id, class: "ll-out" });
      const anchors = (c.anchors || []).length
        ? h("div", { class: "ll-anchors", "aria-hidden": "true" },
            c.anchors.map(([v, word]) => h("span", { text: `${v} ${word}` })))
        : null;
      row = h("div", { class: "ll-control", "data-row": c.name }, [
        h("div", { class: "ll-label-row" }, [h("label", { for: id, text: c.label }), readouts[c.name]]),
        input, anchors, help, note,
      ]);
    } else if (c.kind === "select") {
      input = h("select", { id, "data-lm-suppress-shortcuts": "true", "data-control": c.name,
                            "aria-describedby": describedBy },
                c.options.map(([value, label]) => h("option", { value, text: label })));
      input.value = startValues[c.name];
      row = h("div", { class: "ll-control", "data-row": c.name },
              [h("label", { for: id, text: c.label }), input, help, note]);
      if (c.name === "preset") {
        presetHelp = h("p", { class: "ll-preset-help" });
        const reset = h("button", { type: "button", class: "ll-button",
                                    text: tr("Reset levers to this scenario") });
        reset.addEventListener("click", () => {
          applyPreset(input.value);
          update();
        });
        row.append(presetHelp, reset);
      }
    } else {
      input = h("input", { type: "number", id, min: c.low, max: c.high, step: 1,
                           value: startValues[c.name], "data-lm-suppress-shortcuts": "true",
                           "data-control": c.name, "aria-describedby": describedBy });
      const rerun = h("button", { type: "button", class: "ll-button", text: tr("Re-run") });
      rerun.addEventListener("click", () => update());
      row = h("div", { class: "ll-control", "data-row": c.name }, [
        h("label", { for: id, text: c.label }), h("div", { class: "ll-seed" }, [input, rerun]),
        help, note,
      ]);
    }
    inputs[c.name] = input;
    rows[c.name] = row;
    fieldset.append(row);
    input.addEventListener(c.kind === "range" ? "input" : "change", () => {
      if (c.name === "preset") applyPreset(input.value);
      stopReveal();
      update();
    });
  }

  // A compact figure folds its levers away; the scenario and the seed stay in sight.
  if (compact) {
    const levers = spec.controls.filter((c) => c.kind === "range");
    if (levers.length) {
      fieldset.append(h("details", { class: "ll-fold ll-levers" }, [
        h("summary", { text: tr("Levers ({count})", { count: levers.length }) }),
        ...levers.map((c) => rows[c.name]),
      ]));
    }
  }

  // Choosing a preset moves its levers; at start Python has already set them.
  function applyPreset(name, moveLevers = true) {
    const preset = (spec.presets || []).find((p) => p.name === name);
    if (!preset) return;
    if (moveLevers) {
      for (const [key, value] of Object.entries(preset.values || {})) {
        if (inputs[key] && controls[key].kind === "range") inputs[key].value = value;
      }
    }
    if (presetHelp) presetHelp.textContent = preset.description || "";
  }
  if (controls.preset) applyPreset(startValues.preset, false);

  function currentValues() {
    const values = {};
    for (const c of spec.controls) {
      const raw = inputs[c.name].value;
      values[c.name] = c.kind === "select" ? raw : Number(raw);
    }
    return values;
  }

  // Levers no model can answer here are not shown (a figure without the page's engine).
  const liveNote = h("p", { class: "ll-note ll-live-note", hidden: true,
    text: tr("This figure's levers need a running notebook or classroom mode " +
             "(loyalty-lab classroom), where Python reruns the model for any value.") });
  fieldset.insertBefore(liveNote, fieldset.children[1] || null);

  // Every slider travels its whole range in its fine steps, in the page as live.
  function configureInputs() {
    let anyHidden = false;
    for (const c of spec.controls) {
      const hide = liveOnly(c) && !st.live;
      rows[c.name].hidden = hide;
      inputs[c.name].disabled = false;
      anyHidden = anyHidden || hide;
    }
    liveNote.hidden = !anyHidden;
  }

  // ---- predict, then reveal ------------------------------------------------------
  const reveal = spec.reveal;
  let revealBox = null;
  let revealButton = null;
  let explainBox = null;
  let predictionInputs = [];
  let revealTimer = null;
  if (reveal) {
    const question = h("p", { class: "ll-question", id: `${uid}-question`, text: reveal.question });
    const choices = reveal.predictions && reveal.predictions.length
      ? h("fieldset", { class: "ll-predictions" }, [
          h("legend", { class: "ll-sr", text: tr("Your prediction") }),
          ...reveal.predictions.map(([value, label], i) => {
            const pid = `${uid}-prediction-${i}`;
            const radio = h("input", { type: "radio", name: `${uid}-prediction`, id: pid, value,
                                       "data-lm-suppress-shortcuts": "true" });
            predictionInputs.push(radio);
            return h("span", { class: "ll-prediction" }, [radio, h("label", { for: pid, text: label })]);
          }),
        ])
      : null;
    revealButton = h("button", { type: "button", class: "ll-button ll-show",
                                 "aria-describedby": `${uid}-question`, text: tr("Show me") });
    explainBox = h("p", { class: "ll-explain", "aria-live": "polite", hidden: true });
    revealBox = h("div", { class: "ll-reveal", "data-state": "idle" },
                  [question, choices, revealButton, explainBox]);
    // A compact figure (the classroom's comparison) keeps the question folded away.
    const where = compact ? h("details", { class: "ll-fold ll-predict" },
                              [h("summary", { text: tr("Predict first") }), revealBox])
      : revealBox;
    root.insertBefore(where, root.querySelector(".ll-body"));
    revealButton.addEventListener("click", () => startReveal());
  }

  function fillTemplate(template) {
    return template.replace(/\{([\w@#.-]+)(?:\|(\w+))?\}/g,
      (_m, key, format) => fmt(lookupNumber(key), format));
  }

  function startReveal() {
    stop();
    stopReveal();
    for (const [key, value] of Object.entries(reveal.values)) {
      if (!inputs[key]) continue;
      inputs[key].value = value;
      if (key === "preset") applyPreset(value);
    }
    explainBox.hidden = true;
    revealBox.dataset.state = "playing";
    const frames = revealAxis.length;
    const playback = frames > 1 && !st.live;
    if (playback) st.upTo = 0; // before the run: its explanation waits for the playback
    update();
    if (playback) {
      if (spec.timeline) setTime(0, false);
      draw();
      revealTimer = setInterval(() => {
        st.upTo += 1;
        if (spec.timeline) setTime(st.upTo, false);
        if (st.upTo >= frames - 1) finishReveal();
        else draw();
      }, options.projector ? 200 : 90);
    } else {
      finishReveal();
    }
  }

  function stopReveal() {
    if (revealTimer) clearInterval(revealTimer);
    revealTimer = null;
    if (st.upTo !== null) {
      st.upTo = null;
      if (revealBox) revealBox.dataset.state = "idle";
    }
  }

  function finishReveal() {
    if (revealTimer) clearInterval(revealTimer);
    revealTimer = null;
    st.upTo = null;
    if (spec.timeline) setTime(period.length - 1, false);
    draw();
    explainIfReady();
  }

  // Live, the answer may still be on its way; the explanation waits for it.
  function explainIfReady() {
    if (!revealBox || revealBox.dataset.state !== "playing" || revealTimer) return;
    if (st.upTo !== null) return; // still playing back
    if (st.inflight || st.seedsPending) return;
    let verdict = "";
    const chosen = predictionInputs.find((r) => r.checked);
    if (chosen && reveal.answer_key) {
      const actual = lookupNumber(reveal.answer_key);
      const match = reveal.predictions.find(([value]) => value === actual);
      verdict = String(actual) === chosen.value
        ? tr("Your prediction matches the run. ")
        : tr("Your prediction differs from the run{match}. ",
             { match: match ? tr(" ({answer})", { answer: match[1] }) : "" });
    }
    explainBox.textContent = verdict + fillTemplate(reveal.explain);
    explainBox.hidden = false;
    revealBox.dataset.state = "done";
  }

  // ---- timeline (play / step through periods) --------------------------------
  let timeInput = null;
  let timeOut = null;
  let timeline = null;
  let playButton = null;
  let playTimer = null;
  if (spec.timeline) {
    const id = `${uid}-time`;
    timeInput = h("input", { type: "range", id, min: 0, max: period.length - 1, step: 1,
                             value: st.t, "data-lm-suppress-shortcuts": "true",
                             "data-control": "__period", "aria-describedby": `${id}-out` });
    timeOut = h("output", { for: id, id: `${id}-out`, class: "ll-out" });
    playButton = h("button", { type: "button", class: "ll-button", "aria-pressed": "false",
                               text: tr("▶ Play") });
    const stepButton = h("button", { type: "button", class: "ll-button", text: tr("Step ▸") });
    const back = h("button", { type: "button", class: "ll-button", text: tr("« Start") });
    timeInput.addEventListener("input", () => { stopReveal(); setTime(Number(timeInput.value)); });
    stepButton.addEventListener("click", () => { stop(); stopReveal(); setTime((st.t + 1) % period.length); });
    back.addEventListener("click", () => { stop(); stopReveal(); setTime(0); });
    playButton.addEventListener("click", () => { stopReveal(); if (playTimer) stop(); else play(); });
    timeline = h("div", { class: "ll-timeline" }, [
      back, playButton, stepButton,
      h("label", { for: id, text: options.group ? tr("Month (every scenario)") : tr("Month") }),
      timeInput, timeOut,
    ]);
    main.prepend(timeline);
  }
  function setTime(t, redraw = true, broadcast = true) {
    st.t = Math.max(0, Math.min(period.length - 1, t));
    if (timeInput) timeInput.value = st.t;
    if (redraw) draw();
    if (broadcast && group) group.time(st.t, Boolean(playTimer));
  }
  function play() {
    if (st.t >= period.length - 1) st.t = 0;
    playButton.textContent = tr("■ Pause");
    playButton.setAttribute("aria-pressed", "true");
    playTimer = setInterval(() => {
      if (st.t >= period.length - 1) stop();
      else setTime(st.t + 1);
    }, options.projector ? 250 : 150);
  }
  function stop() {
    if (!playTimer) return;
    clearInterval(playTimer);
    playTimer = null;
    drawText();
    if (group) group.time(st.t, false);
    playButton.textContent = tr("▶ Play");
    playButton.setAttribute("aria-pressed", "false");
  }

  // ---- charts ------------------------------------------------------------------
  const family = language.lang === "zh" ? CJK_CHART_FONT : null;
  const panels = spec.panels.map((p) => makePanel(p, spec, fontSize, slicePoints, colors(), tr, fmt,
                                                  family));
  // The Chinese font loads when the page first needs it: draw the charts again then.
  if (family && typeof document !== "undefined" && document.fonts && document.fonts.load) {
    document.fonts.load(`${fontSize}px "Loyalty Lab CJK"`, "图")
      .then(() => { if (!st.gone) draw(); }, () => {});
  }
  panels.forEach((p) => panelsBox.append(p.node));

  // ---- compared side by side (options.group) ------------------------------------
  const group = options.group ? joinGroup(String(options.group), {
    node: root,
    peaks: () => Object.fromEntries(panels.map((p) => [p.id, p.peak(st.result)])),
    scale: (tops) => panels.forEach((p) => p.setMax(tops[p.id] ? niceCeil(tops[p.id]) : null)),
    // While the leader plays, a follower's sentence waits for the stop, as the leader's does.
    follow: (t, playing) => {
      stop();
      stopReveal();
      st.following = playing;
      setTime(t, true, false);
    },
    regroup: showTimeline,
  }) : null;
  // One timeline for the group: the first figure's; the others follow it and only
  // show the month (in the same place, so the charts side by side line up).
  function showTimeline() {
    if (!timeline || !group) return;
    const leads = group.leads();
    root.dataset.timeline = leads ? "leads" : "follows";
    for (const control of timeline.querySelectorAll("button, input")) {
      control.disabled = !leads;
      control.setAttribute("aria-hidden", String(!leads));
      control.tabIndex = leads ? 0 : -1;
    }
  }
  // The figure's node joins the page after render returns: choose the leader then.
  if (group) later(() => group.regroup());

  function retheme() {
    if (applyTheme()) panels.forEach((p) => p.theme(colors()));
  }
  const themeWatch = new MutationObserver(retheme);
  model.on("change:theme", retheme);
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });
  if (document.body) themeWatch.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light"] });

  // ---- model results -----------------------------------------------------------
  function withCalc(result, values) {
    if (!spec.calc || !CALCULATORS[spec.calc]) return result;
    const extra = CALCULATORS[spec.calc](values);
    return {
      s: Object.assign({}, result ? result.s : {}, extra.s),
      n: Object.assign({}, result ? result.n : {}, extra.n),
    };
  }

  // ---- response curves (slice panels) -------------------------------------------
  // A slice panel draws numbers against one control at its curve positions
  // (the control's `grid`), the other controls held where they are, and marks
  // the shown result on top. The points come from the same engine as the
  // figure: computed in the page, or asked of the kernel when live.
  function curveSettings(panel, values) {
    const c = controls[panel.x];
    return (c && c.grid ? c.grid : []).map((g) => Object.assign({}, values, { [panel.x]: g }));
  }
  const curveKey = (values) => `${st.live ? "live" : "page"}:${JSON.stringify(values)}`;
  function rememberCurve(values, result) {
    st.curves.set(curveKey(values), result);
    while (st.curves.size > CURVE_CACHE) st.curves.delete(st.curves.keys().next().value);
  }
  // The settings of every curve point not yet computed for the shown values.
  function missingCurvePoints(values) {
    const seen = new Set();
    const out = [];
    for (const panel of spec.panels) {
      if (panel.kind !== "slice") continue;
      for (const point of curveSettings(panel, values)) {
        const key = curveKey(point);
        if (!st.curves.has(key) && !seen.has(key)) {
          seen.add(key);
          out.push(point);
        }
      }
    }
    return out;
  }

  function slicePoints(panel) {
    const values = st.shown;
    const lines = panel.series.map(() => []);
    for (const point of curveSettings(panel, values)) {
      const hit = st.curves.get(curveKey(point));
      if (!hit) continue; // not computed yet: the curve fills in as points arrive
      panel.series.forEach((s, i) => lines[i].push({ x: point[panel.x], y: hit.n[s.key] ?? null }));
    }
    const result = st.result || { n: {} };
    const current = panel.series
      .map((s) => ({ x: values[panel.x], y: result.n[s.key] }))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    return { lines, current };
  }

  // ---- computing in the page ------------------------------------------------------
  // The seeds a figure averages; a figure with a seed control runs that seed only.
  function seedsFor(values) {
    const seedControl = spec.controls.find((c) => c.kind === "seed");
    return seedControl ? [Math.round(values[seedControl.name])] : spec.seeds;
  }

  // A computed phrase of the figure's results in its language (Chinese from the page's tables).
  function learnPhrases(result) {
    if (language.lang !== "zh" || !inPage) return;
    for (const value of Object.values(result.n)) {
      if (typeof value === "string" && !has(strings, value)) {
        const zh = inPage.zh(value);
        if (zh) strings[value] = zh;
      }
    }
  }

  function pointInPage(values, seeds) {
    const result = inPage.point(values, seeds);
    learnPhrases(result);
    return result;
  }

  // The first seed's run is drawn at once (one run: a few milliseconds); the
  // mean over the figure's seeds replaces it seed by seed, then the response
  // curves fill in, each step after the browser has painted the last. Moving a
  // control again abandons the rest (st.job).
  function computeInPage(values) {
    st.job += 1;
    const job = st.job;
    const seeds = seedsFor(values);
    const t0 = performance.now();
    let busy = 0; // milliseconds spent computing (not waiting for the next frame)
    let count = 0;
    const stepSeeds = () => {
      if (job !== st.job || st.gone) return;
      count += 1;
      let result;
      const started = performance.now();
      try {
        result = pointInPage(values, seeds.slice(0, count));
      } catch (err) {
        showError(err);
        return;
      }
      error.hidden = true;
      st.raw = result;
      st.result = withCalc(result, currentValues());
      st.shown = values;
      st.seedsShown = seeds.slice(0, count);
      st.seedsPending = count < seeds.length;
      st.refining = st.seedsPending || missingCurvePoints(values).length > 0;
      busy += performance.now() - started;
      st.computeMs = busy;
      // From the control's change to this result drawn (the first seed: what a reader waits for).
      if (count === 1) root.dataset.firstLatencyMs = (performance.now() - t0).toFixed(1);
      draw();
      if (st.seedsPending) {
        later(stepSeeds);
        return;
      }
      root.dataset.latencyMs = (performance.now() - t0).toFixed(1);
      root.dataset.computeMs = busy.toFixed(1);
      explainIfReady();
      later(stepCurves);
    };
    const stepCurves = () => {
      if (job !== st.job || st.gone) return;
      const [next] = missingCurvePoints(values);
      if (next) {
        try {
          rememberCurve(next, pointInPage(next, seedsFor(next)));
        } catch (err) {
          showError(err);
          return;
        }
      }
      st.refining = missingCurvePoints(values).length > 0;
      draw();
      if (st.refining) later(stepCurves);
    };
    stepSeeds();
  }

  // A computation that failed: its message shown, the figure no longer waiting for it.
  function showError(err) {
    error.hidden = false;
    error.textContent = String(err && err.message ? err.message : err);
    st.seedsPending = false;
    st.refining = false;
    drawBadge();
  }

  function showStatic(values) {
    if (inPage) {
      computeInPage(values);
      return;
    }
    // No model here: the calculator alone (the customer-value figure's formulas).
    st.raw = null;
    st.result = withCalc(null, values);
    st.shown = values;
    draw();
  }

  function update() {
    const values = currentValues();
    try {
      model.set("values", values);
      model.save_changes();
    } catch (_err) {
      // A static page has no kernel to sync with: the page computes instead.
    }
    const changed = Object.keys(values).filter((k) => values[k] !== st.lastValues[k]);
    st.lastValues = values;
    if (st.raw && changed.length && changed.every((k) => controls[k].calc)) {
      // Only the in-browser calculator changed: no model run needed.
      st.result = withCalc(st.raw, values);
      st.shown = Object.assign({}, st.shown, values);
      draw();
    } else if (st.live) requestLive(values);
    else showStatic(values);
    drawReadouts(values);
  }

  function send(message) {
    try {
      model.send(message);
      return true;
    } catch (_err) {
      return false;
    }
  }

  function setBusy(busy) {
    progress.hidden = !busy;
    root.setAttribute("aria-busy", busy ? "true" : "false");
    if (busy) {
      badge.textContent = tr("Mesa model · computing…");
      root.dataset.complete = "false";
    }
    else drawBadge();
  }

  function requestLive(values) {
    if (st.inflight) {
      st.pending = true;
      return;
    }
    st.reqId += 1;
    // Unique per view: every view of a model hears every reply of the kernel.
    st.inflight = { id: `${uid}:${st.reqId}`, values, t0: performance.now() };
    delete root.dataset.firstLatencyMs; // set again by this request's first answer
    setBusy(true);
    const id = st.inflight.id;
    if (!send({ type: "compute", id, values, lang: language.lang })) return goStatic(tr("Could not reach the kernel."));
    clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      if (st.inflight && st.inflight.id === id) goStatic(tr("The kernel did not answer in time."));
    }, 30000);
  }

  function goStatic(message) {
    st.live = false;
    root.dataset.live = "false";
    st.inflight = null;
    st.pending = false;
    st.source = inPage ? "browser" : st.source;
    setBusy(false);
    configureInputs();
    showStatic(currentValues());
    error.hidden = !message;
    error.textContent = message && inPage
      ? tr("{message} Computing in your browser instead.", { message }) : message || "";
  }

  // Live: the response curves' points through the shown values, from the kernel.
  function requestCurves(values) {
    const wanted = missingCurvePoints(values);
    if (!wanted.length) return;
    st.reqId += 1;
    st.curveRequest = { id: `${uid}:${st.reqId}`, values: wanted };
    st.refining = true;
    send({ type: "points", id: st.curveRequest.id, values: wanted, lang: language.lang });
  }

  model.on("msg:custom", (msg) => {
    if (!msg || typeof msg !== "object") return;
    // The kernel's words for the phrases of a live run, in this figure's language.
    if (msg.strings && typeof msg.strings === "object") Object.assign(strings, msg.strings);
    if (msg.type === "hello" && msg.live) {
      st.live = true;
      st.job += 1; // the page's own computation stops: the kernel answers now
      st.seedsPending = false;
      root.dataset.live = "true";
      error.hidden = true;
      configureInputs();
      update();
    } else if (msg.type === "points") {
      if (!st.curveRequest || msg.id !== st.curveRequest.id) return;
      const asked = st.curveRequest.values;
      st.curveRequest = null;
      (msg.results || []).forEach((result, i) => { if (asked[i]) rememberCurve(asked[i], result); });
      st.refining = false;
      draw();
    } else if (msg.type === "partial") {
      // The first seed's run: show it now, keep waiting for the mean over seeds.
      if (!st.inflight || msg.id !== st.inflight.id) return;
      st.raw = msg.result;
      st.result = withCalc(msg.result, currentValues());
      st.source = "live";
      st.shown = st.inflight.values;
      root.dataset.firstLatencyMs = (performance.now() - st.inflight.t0).toFixed(1);
      draw();
      badge.textContent = tr("Mesa model · refining…");
      badge.className = "ll-badge ll-live";
      root.dataset.source = "live";
    } else if (msg.type === "error" && st.curveRequest && msg.id === st.curveRequest.id) {
      st.curveRequest = null;
      showError(msg.message);
    } else if (msg.type === "result" || msg.type === "error") {
      if (!st.inflight || msg.id !== st.inflight.id) return;
      st.latency = performance.now() - st.inflight.t0;
      const values = st.inflight.values;
      st.inflight = null;
      clearTimeout(st.timer);
      if (msg.type === "error") {
        error.hidden = false;
        error.textContent = msg.message;
      } else {
        error.hidden = true;
        st.raw = msg.result;
        st.liveSeeds = msg.seeds || [];
        st.result = withCalc(msg.result, currentValues());
        st.source = "live";
        st.shown = values;
        root.dataset.requestId = String(msg.id);
        root.dataset.latencyMs = st.latency.toFixed(1);
        if (!root.dataset.firstLatencyMs) root.dataset.firstLatencyMs = root.dataset.latencyMs;
        root.dataset.computeMs = String(msg.ms ?? "");
        draw();
      }
      if (st.pending) {
        st.pending = false;
        requestLive(currentValues());
      } else {
        setBusy(false);
        explainIfReady();
        if (msg.type === "result") requestCurves(values);
      }
    }
  });

  model.on("change:values", () => {
    const incoming = model.get("values") || {};
    let changed = false;
    for (const [key, value] of Object.entries(incoming)) {
      if (inputs[key] && String(inputs[key].value) !== String(value)) {
        inputs[key].value = value;
        changed = true;
      }
    }
    if (changed) update();
  });

  // ---- drawing -------------------------------------------------------------------
  function drawReadouts(values) {
    for (const c of spec.controls) {
      if (!readouts[c.name]) continue;
      readouts[c.name].textContent = `${fmt(values[c.name], c.fmt)}${c.unit ? ` ${c.unit}` : ""}`;
      inputs[c.name].setAttribute("aria-valuetext", readouts[c.name].textContent);
    }
  }

  function lookupNumber(key) {
    const result = st.result || { s: {}, n: {} };
    const at = key.indexOf("@t");
    if (at >= 0) {
      const seq = result.s[key.slice(0, at)] || [];
      return seq[Math.min(st.t, seq.length - 1)];
    }
    const delta = key.indexOf("@d");
    if (delta >= 0) {
      // Net flow into a stage up to the chosen period (0 at the start).
      const seq = result.s[key.slice(0, delta)] || [];
      const t = Math.min(st.t, seq.length - 1);
      return t > 0 && seq[t] !== null && seq[t - 1] !== null ? seq[t] - seq[t - 1] : 0;
    }
    const hash = key.indexOf("#");
    if (hash >= 0) {
      const seq = result.s[key.slice(0, hash)] || [];
      return seq[Number(key.slice(hash + 1))];
    }
    if (key in result.n) return result.n[key];
    if (key === "t") return period[st.t];
    const shown = st.shown[key];
    if (controls[key] && controls[key].kind === "select") {
      const option = controls[key].options.find(([value]) => value === shown);
      const label = option ? option[1] : shown;
      return key === "preset" ? label + presetChanges(shown) : label;
    }
    return shown;
  }

  // A preset whose levers were moved is no longer that preset: its name says what changed.
  function presetChanges(name) {
    const preset = (spec.presets || []).find((p) => p.name === name);
    if (!preset) return "";
    const moved = Object.entries(preset.values || {})
      .filter(([k, v]) => controls[k] && Number.isFinite(st.shown[k])
                          && Math.abs(st.shown[k] - v) > 1e-9)
      .map(([k]) => `${controls[k].label} ${fmt(st.shown[k], controls[k].fmt)}` +
                    `${controls[k].unit ? ` ${controls[k].unit}` : ""}`);
    if (!moved.length) return "";
    return tr(" (changed: {changes})", { changes: moved.join(language.lang === "zh" ? "；" : "; ") });
  }

  function drawText() {
    // During playback the sentence is written once, when playback stops.
    if (!playTimer && !revealTimer && !st.following) {
      sentence.textContent = fillTemplate(spec.sentence);
    }
    tbody.replaceChildren(...spec.table.map((row) => {
      const value = lookupNumber(row.key);
      return h("tr", {}, [
        h("th", { scope: "row", text: row.label }),
        h("td", { "data-key": row.key, "data-value": value ?? "", text: fmt(value, row.fmt) }),
      ]);
    }));
  }

  // Which engine computed what the figure shows, and how.
  function seedWords(seeds) {
    const list = seeds.join(", ");
    return seeds.length > 1 ? tr("mean of seeds {seeds}", { seeds: list }) : tr("seed {seeds}", { seeds: list });
  }

  function describeInPage() {
    const customers = spec.n_customers.toLocaleString("en-US");
    const wanted = seedsFor(st.shown);
    const ms = st.computeMs === undefined ? "" : tr(", in {ms} ms", { ms: Math.round(st.computeMs) });
    const text = tr("Computed in your browser: the book's JavaScript copy of the Mesa model, " +
                    "{customers} customers × {periods} months, {seeds}{ms}.",
                    { customers, periods: spec.periods, seeds: seedWords(st.seedsShown), ms });
    const more = st.seedsShown.length < wanted.length
      ? tr(" Refining: the mean of seeds {seeds} follows.", { seeds: wanted.join(", ") }) : "";
    return text + more + tr(" Its random numbers differ from Python's, so a run in a notebook " +
                            "(the Mesa model) gives close but not identical numbers.");
  }

  function drawBadge() {
    const live = st.source === "live";
    const browser = st.source === "browser";
    badge.textContent = tr(live ? "computed by the Mesa model"
      : browser ? (st.refining ? "computed in your browser · refining…" : "computed in your browser")
        : st.source === "calc" ? "calculated" : "needs a kernel");
    badge.className = `ll-badge ${live ? "ll-live" : "ll-static"}`;
    root.dataset.source = st.source;
    root.dataset.complete = st.refining || st.seedsPending || st.inflight ? "false" : "true";
    root.dataset.seeds = (live ? st.liveSeeds || [] : st.seedsShown).join(",");
    if (live) {
      const ms = st.latency === null ? "" : tr(", updated in {ms} ms", { ms: Math.round(st.latency) });
      const seeds = st.liveSeeds && st.liveSeeds.length ? tr(" ({answer})", { answer: seedWords(st.liveSeeds) }) : "";
      provenance.textContent =
        tr("Computed by the Mesa model in the kernel for exactly these settings{seeds}{ms}.",
           { seeds, ms });
    } else if (browser) {
      provenance.textContent = describeInPage();
    } else if (st.source === "calc") {
      provenance.textContent = tr("Calculated in the browser from the book's lifetime-value formulas.");
    } else {
      provenance.textContent = tr("This figure needs a running notebook (a kernel) to compute.");
    }
  }

  function draw() {
    if (group && st.scaledFor !== st.result) {  // a new result: the shared axes may move
      st.scaledFor = st.result;
      group.rescale();
    }
    const upTo = st.upTo !== null ? st.upTo : (spec.unfold ? st.t : null);
    panels.forEach((p) => p.update(st.result, st.t, upTo));
    if (timeOut) timeOut.textContent = String(period[st.t] ?? st.t);
    drawText();
    if (!st.inflight) drawBadge();
    st.renders += 1;
    root.dataset.renders = String(st.renders);
  }

  configureInputs();
  update();
  send({ type: "hello", lang: language.lang });

  return () => {
    st.gone = true;
    stop();
    stopReveal();
    themeWatch.disconnect();
    if (group) group.leave();
    clearTimeout(st.timer);
    panels.forEach((p) => p.destroy());
  };
}

export default { render };
// For tests (tests/test_widget_js.py runs this module in Node): the language choice.
export { chooseLanguage, pageLanguage, translateSpec };
