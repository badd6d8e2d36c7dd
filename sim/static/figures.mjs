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

/** The figures that compute in the page: shape one engine result, describe numbers. */
export const FIGURES = {
  // sim/widgets/figures/lifecycle.py
  lifecycle: {
    step: 3,
    curveDecimals: 2,
    shape(res) {
      const numbers = patternNumbers(res);
      const curves = Object.fromEntries(Object.entries(lifeCurveSeries(res, this.step)).map(
        ([key, values]) => [key, values.map((v) => (v === null ? null : roundTo(v, this.curveDecimals)))]));
      return {
        s: { ...stageSeries(res, this.step), ...curves,
             patterns: PATTERNS.map((p) => numbers[`p_${p}`]) },
        n: numbers,
      };
    },
    describe(numbers) {
      return patternWords(numbers);
    },
  },
};

/**
 * Run a figure's model in the page at one set of control values, averaged
 * over seeds, with the figure's words (`grid.compute_point`, unrounded).
 * @param {{LoyaltyModel: Function}} engine the browser engine (`loyaltyEngine`)
 * @param {string} name the figure
 * @param {Object<string, number>} base the base scenario (`Scenario().to_dict()`)
 * @param {string[]} intFields the scenario fields that take whole numbers
 * @param {Object<string, number>} values the controls' values
 * @param {number[]} seeds the seeds to average over
 */
export function computePoint(engine, name, base, intFields, values, seeds) {
  const figure = FIGURES[name];
  if (!figure) throw new Error(`figure ${name} does not compute in the page`);
  const scenario = scenarioFrom(base, values, intFields);
  const out = average(seeds.map(
    (seed) => figure.shape(new engine.LoyaltyModel(scenario, seed).run(), values)));
  return { s: out.s, n: { ...out.n, ...figure.describe(out.n, values) } };
}
