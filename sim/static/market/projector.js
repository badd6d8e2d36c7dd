// The projector: join code and QR, teams, leaderboard, market charts, debrief.
// With the instructor's link (#token=...) it also shows the controls.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    sessionStorage.setItem("loyalty-market-instructor", fragment.get("token"));
    history.replaceState(null, "", location.pathname);  // keep the token off the screen
  }
  const token = () => sessionStorage.getItem("loyalty-market-instructor");
  const PHASES = {
    lobby: "Waiting for teams to join",
    deciding: "Round {next} of {rounds}: teams decide",
    running: "Round {round} is running…",
    finished: "Game over: debrief",
  };
  let view = null;
  let shown = 0;  // the round the charts show (the debrief can replay an earlier one)
  let rankByValue = false;  // the leaderboard's order: cumulative profit, or lifetime value
  const charts = {};

  const theme = (dark) => {
    document.body.classList.toggle("dark", dark);
    $("theme").setAttribute("aria-pressed", String(dark));
    $("theme").textContent = Market.t(dark ? "Light" : "Dark");
    localStorage.setItem("loyalty-market-dark", dark ? "1" : "0");
    if (view) draw();
  };
  $("theme").addEventListener("click",
    () => theme(!document.body.classList.contains("dark")));
  theme(localStorage.getItem("loyalty-market-dark") === "1");

  const act = (action, confirmText) => async () => {
    if (confirmText && !window.confirm(Market.t(confirmText))) return;
    try {
      $("message").textContent = "";
      await Market.api("/api/control/" + action, { token: token(), body: {} });
    } catch (error) { $("message").textContent = error.message; }
  };
  const setCountdown = Market.countdown($("countdown"));
  $("start").addEventListener("click", act("start"));
  $("timer").addEventListener("click", async () => {
    try {
      $("message").textContent = "";
      await Market.api("/api/control/timer",
        { token: token(), body: { seconds: Number($("timer-length").value) } });
    } catch (error) { $("message").textContent = error.message; }
  });
  $("advance").addEventListener("click", act("advance"));
  $("end").addEventListener("click", act("end", "End the game now and show the debrief?"));
  $("reset").addEventListener("click",
    act("reset", "Reset the session? Every team and result is cleared."));
  $("joining").addEventListener("click", () => act(view && view.joining ? "close" : "open")());
  const download = (kind) => async () => {
    const response = await fetch("/api/export." + kind,
      { headers: { Authorization: "Bearer " + token() } });
    if (!response.ok) { $("message").textContent = Market.t("export refused"); return; }
    const link = Market.el("a", { href: URL.createObjectURL(await response.blob()),
      download: "class-market." + kind });
    link.click();
  };
  $("csv").addEventListener("click", download("csv"));
  $("json").addEventListener("click", download("json"));
  $("rank").addEventListener("click", () => { rankByValue = !rankByValue; draw(); });
  $("replay").addEventListener("input", () => {
    shown = Number($("replay").value);
    $("replay-out").textContent = String(shown);
    draw();
  });

  const ink = () => getComputedStyle(document.body).getPropertyValue("--ink").trim();

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false,
      animation: false }, config.options);
    charts[id] = new Chart($(id), config);
    $(id).setAttribute("role", "img");
    $(id).setAttribute("aria-label", config.label);
  }

  // The leaderboard at the round shown. Filled before the charts are made, so that
  // Chart.js sizes them to the space the table leaves (not to the space before it).
  function drawBoard(last) {
    const board = $("leaderboard");
    board.replaceChildren(Market.el("tr", {}, ...["#", "Team", "Profit so far",
      "Customers' lifetime value", "Customer share", "Churn / year",
      "Its decisions (bonds: financial/social/structural)"]
      .map((h) => Market.el("th", { text: Market.t(h) }))));
    // What each team chose in the round shown (public once the round has run).
    const chose = (d) => Market.t("price {price} · innovation {innovation} ({latent}% latent)"
      + " · bonds {bonds}", { price: d.price.toFixed(2), innovation: d.value_innovation.toFixed(2),
      latent: Math.round(100 * d.latent_focus), bonds: [d.financial_bond, d.social_bond,
        d.structural_bond].map((b) => b.toFixed(1)).join("/") });
    // Ranked by cumulative profit or by customers' lifetime value (the button), each
    // row naming its rank on the other measure too.
    const byProfit = [...last].sort((a, b) => b.profit - a.profit);
    const byValue = [...last].sort((a, b) => b.customer_equity - a.customer_equity);
    const other = (list, r) => " (#" + (list.indexOf(r) + 1) + ")";
    (rankByValue ? byValue : byProfit).forEach((r, i) => {
      board.append(Market.el("tr", {}, ...[i + 1, r.team,
        Market.money(r.profit) + (rankByValue ? other(byProfit, r) : ""),
        Market.money(r.customer_equity) + (rankByValue ? "" : other(byValue, r)),
        Market.pct(r.customer_share), Market.pct(r.annual_churn), chose(r.decisions)]
        .map((v) => Market.el("td", { text: String(v) }))));
    });
    $("rank").textContent = Market.t(rankByValue ? "Rank by profit" : "Rank by lifetime value");
    $("board-title").textContent = last.length
      ? Market.t("Leaderboard after round {round}", { round: shown })
      : Market.t("Leaderboard (after the first round)");
    $("patterns-title").textContent = Market.t(
      "How each team's relationships ended, after round {round}", { round: shown || "–" });
  }

  function draw() {
    const rounds = view.market.slice(0, shown);
    const last = rounds[rounds.length - 1] || [];
    drawBoard(last);
    const names = view.teams.map((t) => t.name);
    const colour = ink();
    Chart.defaults.color = colour;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = Math.max(12, Math.round(window.innerHeight / 60));
    const grid = { color: "rgba(128,128,128,0.3)" };
    // Customer shares by round: one stacked bar per round, a colour per team.
    chart("shares", {
      type: "bar",
      label: Market.t("Customer share by round: {shares}", { shares: last.map(
        (r) => r.team + " " + Market.pct(r.customer_share)).join(", ") }),
      data: {
        labels: rounds.map((_, i) => Market.t("Round {round}", { round: i + 1 })),
        datasets: names.map((name, i) => ({
          label: name, backgroundColor: Market.colour(i),
          data: rounds.map((reports) => {
            const r = reports.find((x) => x.team === name);
            return r ? 100 * r.customer_share : 0;
          }),
        })),
      },
      options: { scales: { x: { stacked: true, grid }, y: { stacked: true, max: 100, grid,
        title: { display: true, text: Market.t("% of active customers") } } },
      // Many teams: the colours are named by the team list's swatches instead.
      plugins: { legend: { display: names.length <= 6, position: "bottom" } } },
    });
    // Each team's pattern mix, with the still-open relationships.
    const parts = ["I", "II", "III", "IV", "open"];
    chart("patterns", {
      type: "bar",
      label: Market.t("Pattern mix after round {round}", { round: shown }),
      data: {
        labels: last.map((r) => r.team),
        datasets: parts.map((p) => ({
          label: p === "open" ? Market.t("still open") : Market.t("pattern {code}", { code: p }),
          backgroundColor: p === "open" ? "#bab0ac" : Market.patternColours[p],
          data: last.map((r) => {
            const total = Object.values(r.patterns).reduce((a, b) => a + b, 0) + r.unresolved;
            return (100 * (p === "open" ? r.unresolved : r.patterns[p])) / (total || 1);
          }),
        })),
      },
      options: { indexAxis: "y", scales: { x: { stacked: true, max: 100, grid,
        title: { display: true, text: Market.t("% of relationships") } },
      y: { stacked: true, grid, ticks: { autoSkip: false,
        font: { size: names.length > 6 ? Math.max(10, Chart.defaults.font.size - 4) : undefined } } } },
      // Many teams: the legend beside the bars, unless that leaves them too narrow.
      plugins: { legend: { position: names.length > 6
        && $("patterns").parentElement.clientWidth > 560 ? "right" : "bottom" } } },
    });
  }

  function render(next) {
    const grew = !view || next.market.length !== view.market.length;
    view = next;
    if (!Market.localized && view.strings) {
      Market.localize(view);
      theme(document.body.classList.contains("dark"));  // the theme button's word
      // The charts draw text on a canvas: draw them again once the Chinese face is in.
      if (document.fonts) document.fonts.load("16px 'Loyalty Lab CJK'", "图").then(draw);
    }
    const instructor = view.role === "instructor";
    $("controls").hidden = !instructor;
    $("code").textContent = view.code || Market.t("see the instructor");
    $("url").textContent = view.join_url || location.origin + "/";
    $("join-panel").hidden = !view.joining && view.phase !== "lobby";
    const phase = Market.phase(view, PHASES);
    $("status").textContent = phase;
    $("start").hidden = view.phase !== "lobby";
    $("advance").hidden = view.phase !== "deciding";
    $("timer-box").hidden = view.phase !== "deciding";
    setCountdown(view.seconds_left);
    $("advance").textContent = Market.t("Run round {next}", { next: view.round + 1 });
    $("end").hidden = view.phase === "lobby" || view.phase === "finished";
    $("joining").textContent = Market.t(view.joining ? "Close joining" : "Open joining");
    $("team-count").textContent = "(" + view.teams.length + ")";
    const submitted = view.teams.filter((t) => t.submitted).length;
    $("teams").replaceChildren(...view.teams.map((t, i) => {
      const item = Market.el("li", {}, Market.el("span", { class: "swatch" }),
        Market.el("span", { class: "name", text: t.name }),
        Market.el("span", { class: "members", text: "×" + t.members }),
        Market.el("span", { class: "tick", text: view.phase === "deciding"
          ? (t.submitted ? Market.t("✓ ready") : "…") : "" }));
      item.firstChild.style.background = Market.colour(i);
      return item;
    }));
    if (view.phase === "deciding") {
      $("status").textContent += Market.t(" ({ready} of {teams} ready)",
        { ready: submitted, teams: view.teams.length });
    }
    document.body.classList.toggle("many", view.teams.length > 6);
    // Before the first round there is nothing to chart: the join panel takes the screen.
    document.body.classList.toggle("before", view.market.length === 0);
    const finished = view.phase === "finished";
    $("debrief").hidden = !finished;
    document.body.classList.toggle("finished", finished);
    $("lessons").replaceChildren(...(view.lessons || []).map(
      (l) => Market.el("li", { text: l.text })));
    $("replay").max = String(Math.max(view.market.length, 1));
    if (grew) { shown = view.market.length; $("replay").value = String(shown); }
    $("replay-out").textContent = String(shown);
    draw();
  }

  Market.live(token, render);
})();
