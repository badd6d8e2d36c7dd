// Runs sim/static/widget.js in Node with a small stand-in for the browser's DOM
// (tests/test_widget_js.py; no jsdom needed, no network, no browser).
//
// Input (stdin, JSON):
//   {"widget": "<path of widget.js>", "figures": "<path of figures.mjs>",
//    "renders": [{"htmlLang": "zh-CN", "traits": {spec, inpage, values, options},
//                 "page": [[{"customer": "A"}, {s, n}], ...]}, ...],
//    "translate": [{"spec": {...}, "table": {...}}, ...]}
// A render with "page" runs as in the book: widget.js finds the globals the
// widget's ES module defines before its own code (sim/widgets/assets.py),
// `loyaltyEngine` and `loyaltyFigures`. Here `loyaltyFigures` is a stand-in
// whose computePoint answers with the first made-up result whose settings the
// asked values include (no model runs) and whose resultTextZh is figures.mjs's
// own (the Chinese of computed phrases). A render without "page" has no such
// globals, as widget.js loaded on its own.
// Output (stdout, JSON): for each render what a student reads (title, caption,
// control labels, sentence, table rows, buttons, chart titles and legends, the
// badge, provenance and error lines, the figure's lang attribute), the messages
// sent to the kernel and the points the page was asked to compute; for each
// translate the description translateSpec gives.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

class Text {
  constructor(text) { this.data = String(text); }
  get textContent() { return this.data; }
}

const wrap = (node) => (node instanceof Element || node instanceof Text ? node : new Text(node));

class Element {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.attributes = {};
    this.childNodes = [];
    this.dataset = {};
    this.listeners = {};
    this.className = "";
    this.hidden = false;
    this.value = "";
    const self = this;
    this.classList = {
      toggle(name, on) {
        const names = new Set(self.className.split(/\s+/).filter(Boolean));
        if (on === undefined ? !names.has(name) : on) names.add(name); else names.delete(name);
        self.className = [...names].join(" ");
      },
      contains: (name) => self.className.split(/\s+/).includes(name),
    };
  }
  setAttribute(key, value) {
    this.attributes[key] = String(value);
    if (key === "value" || key === "id") this[key] = String(value);
    if (key === "hidden") this.hidden = true;
  }
  getAttribute(key) { return key in this.attributes ? this.attributes[key] : null; }
  append(...nodes) { this.childNodes.push(...nodes.map(wrap)); }
  prepend(...nodes) { this.childNodes.unshift(...nodes.map(wrap)); }
  insertBefore(node, ref) {
    const at = ref ? this.childNodes.indexOf(ref) : -1;
    if (at < 0) this.childNodes.push(node); else this.childNodes.splice(at, 0, node);
  }
  replaceChildren(...nodes) { this.childNodes = nodes.map(wrap); }
  get children() { return this.childNodes.filter((n) => n instanceof Element); }
  get textContent() { return this.childNodes.map((n) => n.textContent).join(""); }
  set textContent(text) { this.childNodes = text === "" || text === null ? [] : [new Text(text)]; }
  addEventListener(type, handler) { (this.listeners[type] = this.listeners[type] || []).push(handler); }
  all() { return this.children.flatMap((c) => [c, ...c.all()]); }
  querySelectorAll(selector) {
    if (selector.startsWith(".")) return this.all().filter((e) => e.classList.contains(selector.slice(1)));
    return this.all().filter((e) => e.tagName === selector.toUpperCase());
  }
  querySelector(selector) { return this.querySelectorAll(selector)[0] || null; }
}

class FakeChart {
  constructor(canvas, config) {
    this.canvas = canvas;
    this.data = config.data;
    this.options = config.options;
    FakeChart.made.push(this);
  }
  update() {}
  destroy() {}
}
FakeChart.made = [];

globalThis.Chart = FakeChart;
globalThis.MutationObserver = class { observe() {} disconnect() {} };
globalThis.window = { matchMedia: () => ({ matches: false }) };
globalThis.document = {
  documentElement: { lang: "", dataset: {} },
  body: { dataset: {} },
  createElement: (tag) => new Element(tag),
};

class Model {
  constructor(traits) { this.traits = traits; this.sent = []; }
  get(key) { return this.traits[key]; }
  set(key, value) { this.traits[key] = value; }
  on() {}
  save_changes() {}
  send(message) { this.sent.push(message); }
}

const input = JSON.parse(readFileSync(0, "utf-8"));
const mod = await import(pathToFileURL(input.widget).href);
const figures = input.figures ? await import(pathToFileURL(input.figures).href) : null;

// The page's engine, made up: the results of `page`, and what was asked of it.
function pageEngine(page, computed) {
  const includes = (values, settings) =>
    Object.entries(settings).every(([key, value]) => values[key] === value);
  return {
    FIGURES: figures.FIGURES,
    context: (engine, config) => ({ engine, config }),
    computePoint(ctx, name, values, seeds) {
      computed.push({ values, seeds });
      const hit = page.find(([settings]) => includes(values, settings));
      if (!hit) throw new Error(`no made-up result for ${JSON.stringify(values)}`);
      return JSON.parse(JSON.stringify(hit[1]));
    },
    resultTextZh: figures.resultTextZh,
  };
}

const text = (node) => (node ? node.textContent : null);
const out = { renders: [], translate: [] };
for (const job of input.renders || []) {
  document.documentElement.lang = job.htmlLang;
  FakeChart.made = [];
  const el = new Element("div");
  const model = new Model(JSON.parse(JSON.stringify(job.traits)));
  const computed = [];
  if (job.page) {
    globalThis.loyaltyEngine = { stand_in: true };
    globalThis.loyaltyFigures = pageEngine(job.page, computed);
  } else {
    delete globalThis.loyaltyEngine;
    delete globalThis.loyaltyFigures;
  }
  mod.default.render({ model, el });
  const fig = el.querySelector("figure");
  // The page computes the first seed at once and the rest in later turns: let it finish.
  for (let turn = 0; turn < 200 && fig.dataset.complete !== "true"; turn += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  out.renders.push({
    lang: fig.getAttribute("lang"),
    title: text(fig.querySelector(".ll-title")),
    caption: text(fig.querySelector(".ll-caption")),
    labels: fig.querySelectorAll("label").map(text),
    help: fig.querySelectorAll(".ll-help").map(text),
    anchors: fig.querySelectorAll(".ll-anchors").map(text),
    sentence: text(fig.querySelector(".ll-sentence")),
    tryThis: text(fig.querySelector(".ll-try")),
    question: text(fig.querySelector(".ll-question")),
    rows: fig.querySelectorAll("th").map(text),
    buttons: fig.querySelectorAll("button").map(text),
    options: fig.querySelectorAll("option").map(text),
    panels: fig.querySelectorAll(".ll-panel-title").map(text),
    charts: FakeChart.made.map((c) => ({
      datasets: c.data.datasets.map((d) => d.label),
      labels: c.data.labels || [],
      axes: Object.values(c.options.scales).map((s) => s.title.text || ""),
    })),
    badge: text(fig.querySelector(".ll-badge")),
    provenance: text(fig.querySelector(".ll-prov")),
    error: text(fig.querySelector(".ll-error")),
    sent: model.sent,
    complete: fig.dataset.complete === "true",
    computed: JSON.parse(JSON.stringify(computed)),
  });
}
for (const job of input.translate || []) out.translate.push(mod.translateSpec(job.spec, job.table));
process.stdout.write(JSON.stringify(out));
