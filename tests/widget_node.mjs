// Runs sim/static/widget.js in Node with a small stand-in for the browser's DOM
// (tests/test_widget_js.py; no jsdom needed, no network, no browser).
//
// Input (stdin, JSON):
//   {"widget": "<path of widget.js>",
//    "renders": [{"htmlLang": "zh-CN", "traits": {spec, grid, values, options}}, ...],
//    "translate": [{"spec": {...}, "table": {...}}, ...]}
// Output (stdout, JSON): for each render what a student reads (title, caption,
// control labels, sentence, table rows, buttons, chart titles and legends, the
// figure's lang attribute and the messages sent to the kernel); for each
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

const text = (node) => (node ? node.textContent : null);
const out = { renders: [], translate: [] };
for (const job of input.renders || []) {
  document.documentElement.lang = job.htmlLang;
  FakeChart.made = [];
  const el = new Element("div");
  const model = new Model(JSON.parse(JSON.stringify(job.traits)));
  mod.default.render({ model, el });
  const fig = el.querySelector("figure");
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
    sent: model.sent,
  });
}
for (const job of input.translate || []) out.translate.push(mod.translateSpec(job.spec, job.table));
process.stdout.write(JSON.stringify(out));
