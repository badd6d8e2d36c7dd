"""Render a figure as a self-contained offline HTML page (no kernel, no network).

Why: a figure must work where only its saved state exists (a static page,
a slide deck, a learning-management system). This page hosts the widget's
ES module with a minimal stand-in for the Jupyter widget model, exactly the
interface anywidget hands to ``render``, and nothing answers ``send``: the
figure computes in the page with the browser engine, as it does in the
static book. The widget tests and the latency benchmark drive this page in a
real browser.
"""

from __future__ import annotations

import html
import json

from sim.widgets.widget import LoyaltyFigure

_HOST = """
const state = JSON.parse(document.getElementById("ll-state").textContent);
class StaticModel {
  constructor(data) { this.data = data; this.handlers = {}; }
  get(key) { return this.data[key]; }
  set(key, value) {
    this.data[key] = value;
    (this.handlers[`change:${key}`] || []).forEach((f) => f());
  }
  on(event, handler) { (this.handlers[event] = this.handlers[event] || []).push(handler); }
  off() {}
  save_changes() {}
  send() {}
}
const url = URL.createObjectURL(new Blob([state.esm], { type: "text/javascript" }));
const mod = await import(url);
const model = new StaticModel(state.traits);
mod.default.render({ model, el: document.getElementById("ll-root") });
document.body.dataset.ready = "true";
"""


def _script_json(data: object) -> str:
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")


def to_html(widget: LoyaltyFigure, page_title: str | None = None) -> str:
    """Return a complete HTML page that shows ``widget`` offline, without a kernel."""
    state = {
        "esm": widget._esm,
        "traits": {
            "spec": widget.spec,
            "inpage": widget.inpage,
            "values": widget.values,
            "options": widget.options,
        },
    }
    title = html.escape(page_title or widget.spec.get("title", "Loyalty Lab figure"))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title>\n<style>{widget._css}</style></head>\n"
        "<body><main id=\"ll-root\"></main>\n"
        f"<script type=\"application/json\" id=\"ll-state\">{_script_json(state)}</script>\n"
        f"<script type=\"module\">{_HOST}</script>\n</body></html>\n"
    )
