/**
 * The figures' computations in the page, on the browser engine's results.
 *
 * Each figure of the book turns one set of control values and one seed into
 * a compact result `{s: {series}, n: {numbers}}` (see
 * `sim/widgets/figures/common.py`). In a live kernel Python does that with
 * the Mesa model; in the static book this module does it with the browser
 * engine (`engine.mjs`). Every function mirrors the Python function named in
 * its comment, and `tests/test_js_figures.py` feeds both the same model
 * results and requires the same output, so the two cannot drift apart.
 *
 * @module figures
 */

export const N_CUSTOMERS = 1000;  // common.N_CUSTOMERS
export const PERIODS = 60;  // common.PERIODS
export const STAGES = ["exploration", "formation", "stability", "decline", "ended"];
export const PATTERNS = ["I", "II", "III", "IV"];

/**
 * The scenario for control values: the base scenario at the figures' size,
 * with the controls' scenario fields (whole-number fields rounded).
 * Mirrors `common.scenario_from`.
 * @param {Object<string, number>} base every field of `sim.Scenario` (`to_dict()`)
 * @param {Object<string, number>} values the controls' values
 * @param {string[]} intFields the fields that take whole numbers
 */
export function scenarioFrom(base, values, intFields) {
  const scenario = { ...base, n_customers: N_CUSTOMERS, periods: PERIODS };
  for (const [name, value] of Object.entries(values)) {
    if (!(name in base) || name === "n_customers" || name === "periods") continue;
    scenario[name] = intFields.includes(name) ? roundHalfEven(Number(value)) : Number(value);
  }
  return scenario;
}

/** Python's round(): halves to the even neighbour. */
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Every `step`-th value of a series, the last one always included (`common.sample`). */
export function sample(values, step) {
  if (step <= 1) return [...values];
  const picked = values.filter((_, i) => i % step === 0);
  if ((values.length - 1) % step) picked.push(values[values.length - 1]);
  return picked;
}

/** NaN and missing values as null (`common.clean`). */
function clean(values) {
  return values.map((v) => (v === null || v === undefined || Number.isNaN(v) ? null : v));
}

/** Customers in each stage per period, keyed `st_<stage>` (`common.stage_series`). */
export function stageSeries(res, step = 1) {
  return Object.fromEntries(STAGES.map(
    (name) => [`st_${name}`, sample(clean(res.stage_counts[name]), step)]));
}

/** Mean volume by relationship age for each pattern, `lc_<pattern>` (`common.life_curve_series`). */
export function lifeCurveSeries(res, step = 1) {
  return Object.fromEntries(PATTERNS.map(
    (p) => [`lc_${p}`, sample(clean(res.life_curves[p]), step)]));
}

/** Pattern shares, the decided count and the undecided ones (`common.pattern_numbers`). */
export function patternNumbers(res) {
  const out = Object.fromEntries(PATTERNS.map((p) => [`p_${p}`, res.pattern_shares[p]]));
  out.resolved = res.resolved;
  out.unresolved = res.unresolved;
  out.unresolved_share = res.unresolved_share;
  return out;
}

/** The most common pattern's code, or "none" (`common.pattern_words`). */
export function patternWords(numbers) {
  const shares = PATTERNS.map((p) => Number(numbers[`p_${p}`] || 0));
  if (!shares.some((s) => s)) return { dominant: "none" };
  let best = 0;
  for (let k = 1; k < shares.length; k += 1) if (shares[k] > shares[best]) best = k;
  return { dominant: PATTERNS[best] };
}

/**
 * Round to `decimals` places as Python's round(x, decimals) does: to the
 * nearest decimal of the exact binary value (what toFixed computes), and a
 * tie (only at exact binary halves such as 0.125) to the even neighbour.
 */
function roundTo(x, decimals) {
  const scaled = x * 10 ** decimals;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const down = Math.floor(scaled);
    return (down % 2 === 0 ? down : down + 1) / 10 ** decimals;
  }
  return Number(x.toFixed(decimals));
}

/**
 * Mean over the seeds that observed a value; null marks "not observed"
 * (`grid._mean` and `grid.average`).
 */
export function average(results) {
  if (results.length === 1) return results[0];
  const mean = (values) => {
    const seen = values.filter((v) => v !== null && Number.isFinite(v));
    return seen.length ? seen.reduce((a, b) => a + b, 0) / seen.length : null;
  };
  const [first] = results;
  const s = Object.fromEntries(Object.entries(first.s).map(
    ([key, seq]) => [key, seq.map((_, i) => mean(results.map((r) => r.s[key][i])))]));
  const n = Object.fromEntries(Object.entries(first.n).map(([key, value]) => [
    key, typeof value === "string" ? value : mean(results.map((r) => r.n[key]))]));
  return { s, n };
}

/** Share of everyone who has arrived still active, per period (`common.retention_series`). */
export function retentionSeries(res) {
  const periods = res.stage_counts.ended.length;
  const out = [];
  for (let t = 0; t < periods; t += 1) {
    let total = 0;
    for (const name of STAGES) total += res.stage_counts[name][t];
    out.push(total > 0 ? (total - res.stage_counts.ended[t]) / total : null);
  }
  return out;
}

/** Cumulative profit per period, period 0 before any purchase (`common.profit_series`). */
export function profitSeries(res) {
  return clean(res.series.map((row) => row.profit));
}

/** Share of relationships still going at `age`, 0 once all ended (`retention.survival_at`). */
export function survivalAt(res, age) {
  const curve = res.survival;
  if (age < curve.length) return curve[age];
  return curve[curve.length - 1] === 0 ? 0 : null;
}

const yesNo = (condition) => (condition ? "yes" : "no");

/**
 * Rank customers by lifetime value and describe the value pyramid's tiers
 * (`customer_value.value_tiers`): each tier's mean value and its share of the
 * value created (the sum of the positive values), and the share of customers
 * whose value is negative.
 * @param {number[]} values lifetime values
 * @param {Array<[string, number]>} tiers key and share of customers, best first
 */
export function valueTiers(values, tiers) {
  const ranked = [...values].sort((a, b) => b - a);
  const n = ranked.length;
  const created = ranked.reduce((sum, v) => sum + Math.max(v, 0), 0);
  const out = { negative_share: n ? ranked.filter((v) => v < 0).length / n : 0 };
  let start = 0;
  tiers.forEach(([key, share], k) => {
    const stop = k === tiers.length - 1 ? n : start + roundHalfEven(share * n);
    const part = ranked.slice(start, stop);
    out[`clv_${key}`] = part.length ? part.reduce((a, b) => a + b, 0) / part.length : 0;
    out[`share_${key}`] = created
      ? part.reduce((sum, v) => sum + Math.max(v, 0), 0) / created : 0;
    start = stop;
  });
  return out;
}

/**
 * The figures that compute in the page. `compute(ctx, values, seed)` mirrors
 * the Python `compute` of `sim/widgets/figures/<name>.py`; `ctx.run` runs the
 * model, `ctx.scenario` builds a scenario from control values and
 * `ctx.config` holds what the figure's Python module defines (its base
 * scenario, comparison settings and thresholds: `sim.widgets.inpage`).
 * `describe(numbers, values, config)` mirrors the Python `describe`.
 */
export const FIGURES = {
  // sim/widgets/figures/lifecycle.py
  lifecycle: {
    compute(ctx, values, seed) {
      const { step, curve_decimals: decimals } = ctx.config;
      const res = ctx.run(ctx.scenario(values), seed);
      const numbers = patternNumbers(res);
      const curves = Object.fromEntries(Object.entries(lifeCurveSeries(res, step)).map(
        ([key, v]) => [key, v.map((x) => (x === null ? null : roundTo(x, decimals)))]));
      return {
        s: { ...stageSeries(res, step), ...curves,
             patterns: PATTERNS.map((p) => numbers[`p_${p}`]) },
        n: numbers,
      };
    },
    describe: (numbers) => patternWords(numbers),
  },
  // sim/widgets/figures/tour.py
  tour: {
    compute(ctx, values, seed) {
      const scenario = ctx.scenario(values);
      const res = ctx.run(scenario, seed);
      const numbers = { ...patternNumbers(res), start: scenario.n_customers };
      const stages = stageSeries(res);
      const rows = Object.values(stages);
      const arrived = rows[0].map((_, t) => rows.reduce((sum, row) => sum + (row[t] || 0), 0));
      return { s: { ...stages, arrived, patterns: PATTERNS.map((p) => numbers[`p_${p}`]) },
               n: numbers };
    },
    describe: (numbers) => patternWords(numbers),
  },
  // sim/widgets/figures/scenarios.py
  scenarios: {
    compute(ctx, values, seed) {
      const base = ctx.config.presets[values.preset ?? ctx.config.start];
      const levers = Object.fromEntries(Object.entries(values).filter(
        ([key]) => ctx.config.levers.includes(key)));
      const res = ctx.run(ctx.scenario(levers, base), seed);
      const numbers = patternNumbers(res);
      return { s: { ...stageSeries(res), ...lifeCurveSeries(res),
                    patterns: PATTERNS.map((p) => numbers[`p_${p}`]) },
               n: numbers };
    },
    describe: (numbers) => patternWords(numbers),
  },
  // sim/widgets/figures/retention.py
  retention: {
    compute(ctx, values, seed) {
      const res = ctx.run(ctx.scenario(values), seed);
      const curve = [];
      for (let age = 0; age <= PERIODS; age += 1) curve.push(survivalAt(res, age));
      return {
        s: { survival: clean(curve), profit: profitSeries(res) },
        n: { survival_year: survivalAt(res, ctx.config.periods_per_year),
             survival_end: survivalAt(res, PERIODS), churn_year: res.annual_churn,
             lifetime_months: res.expected_lifetime, profit: res.profit,
             mean_clv: res.mean_clv, periods: PERIODS },
      };
    },
    describe(numbers, values, config) {
      const months = numbers.lifetime_months;
      const lifetime = months !== null && months !== undefined
        ? months / config.periods_per_year : NaN;
      const churn = numbers.churn_year || 0;
      const longest = config.longest_shown;
      const text = Number.isNaN(lifetime) || lifetime > longest
        ? `more than ${longest.toFixed(0)} years (hardly anyone leaves)`
        : `about ${lifetime.toFixed(1)} years`;
      return { lifetime: Number.isNaN(lifetime) ? null : lifetime, lifetime_text: text,
               naive_lifetime: churn > 0 ? 1 / churn : null,
               half_stay: yesNo((numbers.survival_year || 0) >= 0.5) };
    },
  },
  // sim/widgets/figures/drivers.py
  drivers: {
    compute(ctx, values, seed) {
      const res = ctx.run(ctx.scenario(values), seed);
      const base = ctx.run(ctx.scenario(ctx.config.defaults), seed);
      const measures = ctx.config.measures;
      const types = res.loyalty_types;
      const numbers = Object.fromEntries(measures.map((m) => [m, res.loyalty[m]]));
      for (const t of ctx.config.types) numbers[`t_${t}`] = types[t];
      numbers.spurious = ctx.config.spurious.reduce((sum, t) => sum + types[t], 0);
      for (const m of measures) numbers[`${m}_base`] = base.loyalty[m];
      return {
        s: { measures: measures.map((m) => res.loyalty[m]),
             measures_base: measures.map((m) => base.loyalty[m]),
             types: ctx.config.types.map((t) => types[t]) },
        n: numbers,
      };
    },
    describe(numbers, values, config) {
      return { referral_up: yesNo((numbers.referral || 0) - (numbers.referral_base || 0)
                                  > config.more) };
    },
  },
  // sim/widgets/figures/bonding.py
  bonding: {
    compute(ctx, values, seed) {
      const { step, comparison } = ctx.config;
      const scenario = ctx.scenario(values);
      const res = ctx.run(scenario, seed);
      const base = ctx.run({ ...scenario, ...comparison }, seed);
      const retention = retentionSeries(res);
      const retentionBase = retentionSeries(base);
      return {
        s: { retention: sample(retention, step), retention_base: sample(retentionBase, step),
             profit: sample(profitSeries(res), step),
             profit_base: sample(profitSeries(base), step) },
        n: { retention_end: retention[retention.length - 1] || 0,
             retention_base_end: retentionBase[retentionBase.length - 1] || 0,
             extra_active: res.active - base.active, profit: res.profit,
             profit_base: base.profit, p_IV: res.pattern_shares.IV,
             unresolved: res.unresolved, periods: PERIODS },
      };
    },
    describe(numbers, values, config) {
      const gain = (numbers.retention_end || 0) - (numbers.retention_base_end || 0);
      return { bond_keeps: yesNo(gain > config.keeps_more) };
    },
  },
  // sim/widgets/figures/programme.py
  programme: {
    compute(ctx, values, seed) {
      const scenario = ctx.scenario(values);
      const res = ctx.run(scenario, seed);
      const base = ctx.run({ ...scenario, ...ctx.config.comparison }, seed);
      const kept = scenario.financial_bond * scenario.financial_bond_cost;
      const givenBack = kept < 1 ? res.revenue * kept / (1 - kept) : 0;
      const extra = res.active - base.active;
      const retention = retentionSeries(res);
      const retentionBase = retentionSeries(base);
      return {
        s: { retention, retention_base: retentionBase },
        n: { retention_end: retention[retention.length - 1] || 0,
             retention_base_end: retentionBase[retentionBase.length - 1] || 0,
             extra_active: extra, programme_cost: givenBack,
             cost_per_customer: extra > 0 ? givenBack / extra : null,
             profit_change: res.profit - base.profit, periods: PERIODS },
      };
    },
    describe(numbers, values, config) {
      return { still_keeps: yesNo((numbers.extra_active || 0) > config.keeps) };
    },
  },
  // sim/widgets/figures/customer_value.py (the calculator's controls are computed by widget.js)
  customer_value: {
    compute(ctx, values, seed) {
      const levers = Object.fromEntries(ctx.config.levers.map((k) => [k, values[k]]));
      const res = ctx.run(ctx.scenario(levers), seed);
      const numbers = valueTiers(res.clv, ctx.config.tiers);
      const keys = ctx.config.tiers.map(([key]) => key);
      return { s: { tier_clv: keys.map((k) => numbers[`clv_${k}`]),
                    tier_share: keys.map((k) => numbers[`share_${k}`]) },
               n: numbers };
    },
    describe: () => ({}),
  },
  // sim/widgets/figures/customers.py
  customers: {
    compute(ctx, values, seed) {
      const { letters } = ctx.config;
      const traced = ctx.trace(ctx.scenario(ctx.config.market), seed);
      const ids = pickCustomers(traced.patterns, letters.length);
      const letter = values.customer ?? letters[0];
      const id = ids[letters.indexOf(letter)];
      const code = traced.patterns[id];
      const pattern = code ? PATTERNS[code - 1] : null;
      const cause = ctx.config.exit_causes[traced.causes[id]] || null;
      const stages = traced.series.stage[id];
      return {
        s: Object.fromEntries(TRACE_COLUMNS.map((name) => [name, traced.series[name][id]])),
        n: { who: `Customer ${letter}`, story: story(stages, pattern, cause, ctx.config),
             customer_id: id, pattern_code: pattern ?? "none" },
      };
    },
    describe: () => ({}),
  },
  // sim/widgets/figures/satisfaction_trap.py
  satisfaction_trap: {
    compute(ctx, values, seed) {
      const scenario = ctx.scenario(values);
      const res = ctx.run(scenario, seed);
      const means = res.active_means;
      const numbers = {
        basic_satisfaction: means.basic_satisfaction,
        latent_satisfaction: means.latent_satisfaction,
        loyalty: means.attitude, repurchase: means.repurchase,
        average: ctx.config.average_loyalty, profit: res.profit,
        p_IV: res.pattern_shares.IV, unresolved: res.unresolved,
        focus: scenario.latent_focus, periods: PERIODS,
      };
      return { s: { means: [numbers.basic_satisfaction, numbers.latent_satisfaction,
                            numbers.loyalty, numbers.repurchase] },
               n: numbers };
    },
    describe(numbers, values, config) {
      const gap = (numbers.loyalty || 0) - (numbers.average || 0);
      if (gap > config.well_above) return { above_average: "yes", trap_text: "well above the average level" };
      if (gap < -config.well_above) return { above_average: "no", trap_text: "below the average level" };
      return { above_average: "no", trap_text: "stuck near the average level" };
    },
  },
};

// ---------------------------------------------------------------------------
// Following single customers (sim/widgets/customer_trace.py)
// ---------------------------------------------------------------------------
/** The per-customer state a trace records, period by period (`customer_trace.COLUMNS`). */
export const TRACE_COLUMNS = ["satisfaction", "trust", "switching", "stage"];

/**
 * Run the model and record every starting customer's state after each
 * period: the browser's `customer_trace.trace`, for the whole starting
 * cohort at once (one run instead of Python's two: a seed's run is the same
 * every time). After a relationship ends its columns are null but the stage.
 * @returns {{series: Object<string, number[][]>, patterns: number[], causes: number[]}}
 *   `series[column][i]` the values of customer `i` from period 0
 */
export function traceCohort(engine, scenario, seed) {
  const model = new engine.LoyaltyModel(scenario, seed);
  const cohort = scenario.n_customers;
  const columns = model.customers.columns;
  const series = Object.fromEntries(TRACE_COLUMNS.map(
    (name) => [name, Array.from({ length: cohort }, () => [])]));
  const record = () => {
    for (let i = 0; i < cohort; i += 1) {
      const active = columns.stage[i] < STAGES.length - 1;
      for (const name of TRACE_COLUMNS) {
        series[name][i].push(name === "stage" || active ? columns[name][i] : null);
      }
    }
  };
  record();
  while (model.steps < scenario.periods) {
    model.step();
    record();
  }
  return { series, patterns: Array.from(columns.pattern.subarray(0, cohort)),
           causes: Array.from(columns.exit_cause.subarray(0, cohort)) };
}

/**
 * Choose `count` starting customers whose stories differ: the first of each
 * pattern that occurs, then undecided ones, then any, in id order
 * (`customer_trace.pick_customers`).
 * @param {number[]} codes each starting customer's pattern code (0: undecided)
 */
export function pickCustomers(codes, count = 5) {
  const chosen = [];
  for (let code = 1; code <= PATTERNS.length; code += 1) {
    const first = codes.indexOf(code);
    if (first >= 0) chosen.push(first);
  }
  const undecided = codes.flatMap((code, i) => (code === 0 ? [i] : []));
  for (const i of [...undecided, ...codes.keys()]) {
    if (chosen.length >= count) break;
    if (!chosen.includes(i)) chosen.push(i);
  }
  return chosen.slice(0, count).sort((a, b) => a - b);
}

/**
 * A traced relationship in one sentence: each change of stage and how it
 * ended (`customer_trace.Trace.story`, in English).
 * @param {number[]} stages the stage code after each period
 * @param {string|null} pattern "I"-"IV" or null
 * @param {string|null} cause the exit cause (`EXIT_CAUSES`) or null
 * @param {Object} words `{patternNames, causeWords}` from the page configuration
 */
export function story(stages, pattern, cause, words) {
  const names = stages.filter((code) => code !== null).map((code) => STAGES[code]);
  const moves = [];
  const seen = new Set([names[0]]);
  for (let month = 1; month < names.length; month += 1) {
    const stage = names[month];
    const before = names[month - 1];
    if (stage === before || stage === "ended") continue;
    if (before === "decline") moves.push(`was won back into ${stage} in month ${month}`);
    else moves.push(`${seen.has(stage) ? "back to " : ""}${stage} in month ${month}`);
    seen.add(stage);
  }
  const path = moves.length ? `It moved to ${moves.join(", then ")}` : "It never left exploration";
  let end;
  if (names.includes("ended")) {
    end = `the relationship ended in month ${names.indexOf("ended")}`;
    if (pattern) end += ` (pattern ${pattern}, ${words.pattern_names[pattern]})`;
    if (cause in words.cause_words) end += `, because of ${words.cause_words[cause]}`;
  } else if (pattern === "IV") {
    end = `it counts as a long-term relationship (pattern IV) and is in ${names[names.length - 1]} at the end`;
  } else {
    end = `after ${names.length - 1} months it is in ${names[names.length - 1]}, still undecided`;
  }
  return `${path}; ${end}.`;
}

// ---------------------------------------------------------------------------
// The Chinese edition's computed phrases (sim/i18n/widgets.py, result_text_zh)
// ---------------------------------------------------------------------------
const fill = (template, parts) => template.replace(/\{(\d+)\}/g, (_m, k) => parts[Number(k)]);
const whole = (source) => new RegExp(`^(?:${source})$`);

/**
 * One of the phrases a figure computes (a verdict, a customer's name, a
 * lifetime, a customer's story) in Chinese, or null for a text that has none
 * (`result_text_zh`). Every word and pattern comes from `zh`, which Python
 * hands over from `sim.i18n.widgets` (`sim.widgets.inpage.zh_phrases`).
 * @param {string} text the English phrase
 * @param {Object} zh the Chinese phrases and the patterns that recognise English ones
 */
export function resultTextZh(text, zh) {
  if (text in zh.trap) return zh.trap[text];
  if (text in zh.names) return zh.names[text];
  for (const [source, template] of zh.lifetime) {
    const m = whole(source).exec(text);
    if (m) return fill(template, m.slice(1));
  }
  return text.startsWith("It ") ? storyZh(text, zh) : null;
}

/** A traced customer's story in Chinese, or null if it is not one (`story_zh`). */
function storyZh(text, zh) {
  if (!text.endsWith(".") || text.split("; ").length !== 2) return null;
  const [path, end] = text.slice(0, -1).split("; ");
  const words = zh.story;
  const stage = (groups) => groups.map((g) => zh.stages[g] ?? g);
  let pathZh;
  if (path === "It never left exploration") {
    pathZh = fill(words.never_left, [zh.stages.exploration]);
  } else if (path.startsWith("It moved to ")) {
    const moves = [];
    for (const move of path.slice("It moved to ".length).split(", then ")) {
      const found = zh.moves.map(([source, template]) => [whole(source).exec(move), template])
        .find(([m]) => m);
      if (!found) return null;
      moves.push(fill(found[1], stage(found[0].slice(1))));
    }
    pathZh = fill(words.moved, [moves.join(words.then)]);
  } else {
    return null;
  }
  let endZh;
  let m;
  if ((m = whole(zh.ended).exec(end))) {
    const [, month, pattern, cause] = m;
    endZh = fill(words.ended, [month]);
    if (pattern) endZh += fill(words.pattern, [pattern, zh.patterns[pattern]]);
    if (cause) {
      if (!(cause in zh.causes)) return null;
      endZh += fill(words.because, [zh.causes[cause]]);
    }
  } else if ((m = whole(zh.kept).exec(end))) {
    endZh = fill(words.kept, [zh.stages[m[1]]]);
  } else if ((m = whole(zh.open).exec(end))) {
    endZh = fill(words.open, [m[1], zh.stages[m[2]]]);
  } else {
    return null;
  }
  return fill(words.story, [pathZh, endZh]);
}

/**
 * `make()`'s value under `key` in `cache`, made once; the oldest entries
 * leave when the cache holds more than `limit` (a Map keeps insertion order).
 */
function remember(cache, key, make, limit) {
  if (cache.has(key)) return cache.get(key);
  const value = make();
  cache.set(key, value);
  while (cache.size > limit) cache.delete(cache.keys().next().value);
  return value;
}

/**
 * What a figure's computation needs: the engine run (comparison runs of the
 * same seed computed once) and scenarios from control values.
 * @param {{LoyaltyModel: Function}} engine the browser engine (`loyaltyEngine`)
 * @param {Object} config the figure's page configuration (`sim.widgets.inpage.page_config`)
 * @param {number} [limit] the most runs kept (a page whose sliders travel far
 *   must not keep every run it made); traces keep at most a tenth as many
 */
export function context(engine, config, limit = Infinity) {
  const runs = new Map();
  const traces = new Map();
  const key = (scenario, seed) => `${seed}:${JSON.stringify(scenario)}`;
  return {
    config,
    trace: (scenario, seed) => remember(traces, key(scenario, seed),
      () => traceCohort(engine, scenario, seed), Math.max(1, Math.floor(limit / 10))),
    scenario: (values, base = config.base) => scenarioFrom(base, values, config.int_fields),
    run: (scenario, seed) => remember(runs, key(scenario, seed),
      () => new engine.LoyaltyModel(scenario, seed).run(), limit),
  };
}

/**
 * Run a figure's model in the page at one set of control values, averaged
 * over seeds, with the figure's words (`grid.compute_point`, unrounded).
 * @param {Object} ctx from `context`
 * @param {string} name the figure
 * @param {Object<string, number|string>} values the controls' values
 * @param {number[]} seeds the seeds to average over
 */
export function computePoint(ctx, name, values, seeds) {
  const figure = FIGURES[name];
  if (!figure) throw new Error(`figure ${name} does not compute in the page`);
  const out = average(seeds.map((seed) => figure.compute(ctx, values, seed)));
  return { s: out.s, n: { ...out.n, ...figure.describe(out.n, values, ctx.config) } };
}
