// Shared by the class market's pages: talking to the server, and safe text.
// Team names come from students: they are only ever set as textContent.
"use strict";

const Market = {
  // The class's language: the view carries the page's words in Chinese ("strings")
  // when the session runs in Chinese; every text goes through Market.t.
  strings: {},
  t(text, params) {
    let out = Market.strings[text] || text;
    for (const [key, value] of Object.entries(params || {})) {
      out = out.split("{" + key + "}").join(String(value));
    }
    return out;
  },
  // The page's fixed words (elements marked data-t, their English as the key).
  localize(view) {
    if (Market.localized || !view.strings) return;
    Market.localized = true;
    Market.strings = view.strings;
    document.documentElement.lang = view.lang === "zh" ? "zh-CN" : "en";
    for (const node of document.querySelectorAll("[data-t]")) {
      node.textContent = Market.t(node.dataset.t);
    }
    for (const node of document.querySelectorAll("[data-t-alt]")) {
      node.alt = Market.t(node.dataset.tAlt);
    }
    document.title = Market.t(document.title);
  },

  async api(path, { token, body, method } = {}) {
    const headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    const response = await fetch(path, {
      method: method || (body === undefined ? "GET" : "POST"),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(data.error || Market.t("the server answered {status}",
                                             { status: response.status }));
    }
    return data;
  },

  // Keep a live view: a websocket that reconnects, calling onView with each view and
  // showing in #connection whether the page is connected.
  live(token, onView) {
    let socket = null;
    let wait = 500;
    let up = false;
    const show = () => {
      const node = document.getElementById("connection");
      if (node) node.textContent = Market.t(up ? "● live" : "○ reconnecting");
    };
    const open = () => {
      const scheme = location.protocol === "https:" ? "wss://" : "ws://";
      socket = new WebSocket(scheme + location.host + "/ws");
      socket.onopen = () => {
        wait = 500;
        up = true;
        socket.send(JSON.stringify({ token: token() || null }));
        show();
      };
      socket.onmessage = (event) => { onView(JSON.parse(event.data)); show(); };
      socket.onclose = () => {
        up = false;
        show();
        setTimeout(open, wait);
        wait = Math.min(wait * 2, 5000);
      };
    };
    open();
    return { reconnect() { if (socket) socket.close(); } };
  },

  // The sentence for the game's phase, from a page's own words for each phase.
  phase(view, words) {
    return Market.t(words[view.phase],
      { next: view.round + 1, round: view.round, rounds: view.rounds });
  },

  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  // A countdown shown in `node` until the server's round timer ends ("" without one).
  countdown(node) {
    let end = null;
    setInterval(() => {
      if (end === null) { node.textContent = ""; return; }
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      node.textContent = Market.t("{time} left", {
        time: Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") });
    }, 250);
    return (secondsLeft) => {
      end = secondsLeft === null || secondsLeft === undefined ? null
        : Date.now() + 1000 * secondsLeft;
    };
  },

  pct(x) { return x === null || x === undefined ? "–" : Math.round(100 * x) + "%"; },
  money(x) { return Math.round(x).toLocaleString("en"); },

  // Distinct colours, readable on light and dark backgrounds.
  colour(i) {
    const palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
      "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728"];
    return palette[i % palette.length];
  },

  patternColours: { I: "#e15759", II: "#f28e2b", III: "#edc948", IV: "#59a14f" },
  stageColours: { exploration: "#bab0ac", formation: "#76b7b2", stability: "#4e79a7",
    decline: "#e15759" },
};
