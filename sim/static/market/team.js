// The team page: join with the session's code, set decisions each round, see results.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const store = {
    get: () => localStorage.getItem("loyalty-market-token"),
    set: (token) => localStorage.setItem("loyalty-market-token", token),
    clear: () => localStorage.removeItem("loyalty-market-token"),
  };
  const PHASES = {
    lobby: "Waiting for the instructor to start the game.",
    deciding: "Round {next} of {rounds}: set your decisions.",
    running: "Round {round} is running…",
    finished: "The game is over: see the debrief.",
  };
  const TITLES = { lobby: "Your decisions", deciding: "Decisions for round {next} of {rounds}",
    running: "Your decisions", finished: "Your decisions" };
  let view = null;
  let editing = false;  // the student moved a slider: do not overwrite with the server's draft
  let connection = null;
  const setCountdown = Market.countdown($("countdown"));

  const say = (text, bad) => {
    $("message").textContent = text || "";
    $("message").classList.toggle("bad", Boolean(bad));
  };

  const code = new URLSearchParams(location.search).get("code");
  if (code) $("code").value = code;

  $("join-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const joined = await Market.api("/api/join", { body: {
        code: $("code").value, team: $("team").value, team_code: $("team-code").value || null,
      } });
      store.set(joined.token);
      editing = false;
      say(Market.t("You joined team {team}.", { team: joined.team }));
      connection.reconnect();
    } catch (error) { say(error.message, true); }
  });

  function sliders(fields) {
    const box = $("sliders");
    if (box.childElementCount) return;
    for (const field of fields) {
      const output = Market.el("output", { id: "out-" + field.name });
      const input = Market.el("input", {
        type: "range", id: "in-" + field.name, name: field.name, min: field.low,
        max: field.high, step: "0.05", "aria-label": field.label,
      });
      input.addEventListener("input", () => { editing = true; refreshBudget(); });
      const help = Market.el("small", { id: "help-" + field.name, class: "hint",
        text: field.help });
      input.setAttribute("aria-describedby", help.id);
      box.append(Market.el("label", { class: "slider" },
        Market.el("span", { text: field.label }), input, output, help));
    }
  }

  function values() {
    const result = {};
    for (const input of $("sliders").querySelectorAll("input")) {
      result[input.name] = Number(input.value);
    }
    return result;
  }

  function refreshBudget() {
    const v = values();
    const spent = ["value_innovation", "financial_bond", "social_bond", "structural_bond"]
      .reduce((sum, name) => sum + v[name], 0);
    const budget = view ? view.budget : 1.5;
    for (const input of $("sliders").querySelectorAll("input")) {
      $("out-" + input.name).textContent = Number(input.value).toFixed(2);
    }
    $("spent").textContent = spent.toFixed(2);
    $("budget").textContent = budget.toFixed(2);
    const over = spent > budget + 1e-9;
    $("meter-fill").style.width = Math.min(100, (100 * spent) / budget) + "%";
    $("meter-fill").classList.toggle("over", over);
    $("submit").disabled = over || !view || view.phase !== "deciding";
    $("submit").textContent = Market.t(over ? "Over budget: lower an investment"
      : "Submit decisions");
  }

  function setValues(decisions) {
    for (const [name, value] of Object.entries(decisions)) {
      const input = $("in-" + name);
      if (input) input.value = value;
    }
    refreshBudget();
  }

  $("decide-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await Market.api("/api/decide", { token: store.get(), body: values() });
      editing = false;
      say(Market.t("Decisions submitted. You can change them until the instructor runs the "
        + "round."));
    } catch (error) { say(error.message, true); }
  });

  function tile(label, value) {
    return Market.el("div", { class: "tile", "data-key": label },
      Market.el("span", { text: Market.t(label) }),
      Market.el("strong", { text: value }));
  }

  // A bar split by counts, with a legend that names every part and its count.
  function stackbar(node, parts, colours) {
    node.replaceChildren();
    const legend = node.nextElementSibling;
    legend.replaceChildren();
    const total = Object.values(parts).reduce((a, b) => a + b, 0) || 1;
    const words = [];
    for (const [name, count] of Object.entries(parts)) {
      words.push(name + " " + count);
      const key = Market.el("span", { class: "key" });
      key.style.background = colours[name] || "#999";
      legend.append(Market.el("span", {}, key,
        Market.t(name) + " " + count.toLocaleString("en")));
      if (!count) continue;
      const part = Market.el("span", { title: Market.t(name) + ": " + count });
      part.style.width = (100 * count) / total + "%";
      part.style.background = colours[name] || "#999";
      node.append(part);
    }
    node.setAttribute("aria-label", words.join(", "));
  }

  function showResults(reports) {
    $("results").hidden = !reports.length;
    if (!reports.length) return;
    const r = reports[reports.length - 1];
    $("results-title").textContent = Market.t("Results after round {round}", { round: r.round });
    $("tiles").replaceChildren(
      tile("Active customers", r.active.toLocaleString("en")),
      tile("Share of the market's customers", Market.pct(r.customer_share)),
      tile("Profit this round", Market.money(r.round_profit)),
      tile("Profit so far", Market.money(r.profit)),
      tile("Customers' lifetime value", Market.money(r.customer_equity)),
      tile("Annual churn (established)", Market.pct(r.annual_churn)),
      tile("Share of wallet", Market.pct(r.share_of_wallet)),
      tile("New customers this round", r.new_customers.toLocaleString("en")));
    stackbar($("stages"), r.stages, Market.stageColours);
    stackbar($("patterns"), { ...r.patterns, open: r.unresolved },
      { ...Market.patternColours, open: "#bab0ac" });
    const table = $("rounds");
    table.replaceChildren(Market.el("tr", {}, ...["Round", "Price", "Active", "Share",
      "Profit"].map((h) => Market.el("th", { text: Market.t(h) }))));
    for (const x of reports) {
      table.append(Market.el("tr", {}, ...[x.round, x.decisions.price.toFixed(2), x.active,
        Market.pct(x.customer_share), Market.money(x.round_profit)]
        .map((v) => Market.el("td", { text: String(v) }))));
    }
  }

  function render(next) {
    view = next;
    Market.localize(view);
    if (view.role !== "team") {
      if (store.get()) store.clear();  // a token from another session
      $("join").hidden = false;
      $("play").hidden = true;
      $("who").textContent = "";
      $("team-code-shown").textContent = "";
      if (!view.joining) say(Market.t("Joining is closed: the game has started."), true);
      return;
    }
    $("join").hidden = true;
    $("play").hidden = false;
    $("who").textContent = Market.t("Team {team}", { team: view.team });
    $("team-code-shown").textContent = Market.t("team code {code}", { code: view.team_code });
    setCountdown(view.seconds_left);
    sliders(view.decision_fields);
    if (!editing) setValues(view.draft || view.last);
    refreshBudget();
    const phase = Market.phase(view, PHASES);
    $("round-title").textContent = Market.phase(view, TITLES);
    $("submitted").textContent = Market.t(view.draft ? "Submitted for this round." :
      view.phase === "deciding" ? "Not submitted yet: without a submission your last "
        + "decisions stand." : "");
    if (!$("message").classList.contains("bad") || view.phase !== "deciding") say(phase);
    showResults(view.reports || []);
    $("debrief").hidden = view.phase !== "finished";
    $("lessons").replaceChildren(...(view.lessons || []).map(
      (l) => Market.el("li", { text: l.text })));
  }

  connection = Market.live(store.get, render);
})();
