/**
 * The customer relationship lifecycle model, run in the page (no Python, no network).
 *
 * This is the browser twin of `sim/model.py`. The equations are not written
 * here: `mechanisms.mjs` is generated from `sim/mechanisms.py` by
 * `sim/widgets/jsmechanisms.py`, so both engines compute the same maths.
 * What is mirrored by hand is the orchestration of one period, in the order
 * `LoyaltyModel.step` applies it:
 *
 * 1. new prospects arrive (marketing and referrals, Poisson draws);
 * 2. every active customer buys, judges the purchase against its
 *    expectations and the best rival, updates trust, value, fairness,
 *    switching costs and the four loyalty measures, and spends;
 * 3. one uniform draw per customer moves it up or down a stage, or ends the
 *    relationship (the supplier decides on win-back offers in decline);
 * 4. the period's stage counts and totals are recorded.
 *
 * Customers are columns of typed arrays indexed by arrival (id), so a
 * period is one loop over them. The random numbers come from a seeded
 * generator of this file (xoshiro128**), not numpy's: a seed gives the same
 * results every time in every browser, but not the same customers as the
 * Mesa model; the two engines agree in distribution, which
 * `tests/test_js_engine.py` checks over a quasi-random sample of scenarios.
 *
 * Usage:
 *   import { LoyaltyModel } from "./engine.mjs";
 *   const results = new LoyaltyModel(scenario, seed).run();
 * where `scenario` holds every field of `sim.Scenario` (`Scenario.to_dict()`).
 *
 * @module engine
 */

import * as m from "./mechanisms.mjs";

export const STAGES = ["exploration", "formation", "stability", "decline", "ended"];
export const PATTERNS = ["I", "II", "III", "IV"];
export const EXIT_CAUSES = ["", "dropped", "outside", "dissatisfied", "value", "unfair"];
export const MEASURES = ["repurchase", "cross_buy", "referral", "price_tolerance"];
const [EXPLORATION, FORMATION, STABILITY, DECLINE, ENDED] = [0, 1, 2, 3, 4];
const UP_TO = [FORMATION, STABILITY, STABILITY, DECLINE, ENDED];
const DOWN_TO = [ENDED, DECLINE, DECLINE, ENDED, ENDED];
const CAUSE = Object.fromEntries(EXIT_CAUSES.map((name, code) => [name, code]));
const SQRT3 = Math.sqrt(3);
/** Mean sensitivity to switching costs (`sim.model.SWITCHING_SENSITIVITY`). */
export const SWITCHING_SENSITIVITY = 0.7;
const MEANS = ["repurchase", "cross_buy", "referral", "price_tolerance", "satisfaction", "trust"];
/** State columns whose mean over the customers active at the end the results carry. */
export const ACTIVE_MEANS = [
  "basic_satisfaction", "latent_satisfaction", "satisfaction", "trust", "attitude", "repurchase",
];
/** Loyalty types and the thresholds that tell them apart (`sim.loyalty_types`). */
export const LOYALTY_TYPES = [
  "super-value", "latent", "price", "incentive", "monopoly", "kinship", "inertia", "none",
];
export const LOYALTY_THRESHOLDS = {
  HIGH_ATTITUDE: 0.6, HIGH_PATRONAGE: 0.4, HIGH_TRUST: 0.55, NO_ALTERNATIVE: 0.1,
  ADVOCATE_REFERRAL: 0.5, PARTNER_TRUST: 0.7,
};
const HOLDS = ["incentive", "price", "kinship", "inertia"];
/** The loyalty ladder, from first contact to partnership (`sim.loyalty_types.LADDER`). */
export const LADDER = ["prospect", "customer", "client", "supporter", "advocate", "partner"];

/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman and Vigna), seeded
 * through splitmix32, with the draws the model needs.
 */
export class Random {
  /** @param {number} seed a whole number */
  constructor(seed) {
    let x = (seed >>> 0) ^ 0x9e3779b9;
    const next = () => {  // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s = new Uint32Array([next(), next(), next(), next()]);
    this.spare = NaN;
  }

  /** @returns {number} a uniform draw in [0, 1) with 32 random bits */
  random() {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result / 4294967296;
  }

  /** @returns {number} a standard normal draw (Box-Muller, pairs) */
  normal() {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    const u = 1 - this.random();  // (0, 1]
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** @returns {number} a uniform draw with mean 0 and standard deviation 1 */
  centred() {
    return SQRT3 * (2 * this.random() - 1);
  }

  /**
   * A Poisson draw: Knuth's product method for small means, Hormann's
   * transformed rejection (PTRS) for large ones.
   * @param {number} lam the mean, >= 0
   * @returns {number}
   */
  poisson(lam) {
    if (!(lam > 0)) return 0;
    if (lam < 10) {
      const limit = Math.exp(-lam);
      let k = 0;
      let p = this.random();
      while (p > limit) {
        k += 1;
        p *= this.random();
      }
      return k;
    }
    const slam = Math.sqrt(lam);
    const loglam = Math.log(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.random() - 0.5;
      const V = this.random();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor((2 * a / us + b) * U + lam + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b)
          <= -lam + k * loglam - logFactorial(k)) return k;
    }
  }
}

function rotl(x, k) {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function logFactorial(k) {
  let sum = 0;
  for (let i = 2; i <= k; i += 1) sum += Math.log(i);
  return sum;
}

/** Columns of the customers' state (one typed array each, indexed by id). */
const FLOAT_COLUMNS = [
  "initial_expectation", "latent_offset", "wallet", "orientation", "price_sensitivity",
  "switching_sensitivity", "fair_share", "social_switching", "best_taste", "experience",
  "trust", "share", "satisfaction", "basic_satisfaction", "latent_satisfaction", "value",
  "alternative", "unfairness", "switching", "attitude", "commitment", "repurchase",
  "price_tolerance", "cross_buy", "referral", "clv", "cash",
];
const INT_COLUMNS = [
  "stage", "previous", "furthest", "pattern", "age", "stability_time", "arrival",
  "ended_at", "source", "dropped", "exit_cause", "winback", "not_worth",
];

/** The customers: a column per attribute, grown as prospects arrive. */
class Customers {
  /**
   * @param {number} capacity expected number of customers over the run
   * @param {number} periods relationship ages to record volume for (periods + 1)
   */
  constructor(capacity, periods) {
    this.count = 0;
    this.capacity = 0;
    this.ages = periods + 1;
    this.columns = {};
    this.grow(Math.max(capacity, 16));
  }

  grow(capacity) {
    const old = this.columns;
    // Built in one go (fromEntries): an object given its 41 keys one at a time
    // turns into a slow dictionary in V8, and the model reads it constantly.
    const columns = Object.fromEntries([
      ...FLOAT_COLUMNS.map((name) => [name, new Float64Array(capacity)]),
      ...INT_COLUMNS.map((name) => [name, new Int32Array(capacity)]),
      ["volume", new Float32Array(capacity * this.ages)],
    ]);
    if (this.capacity) {
      for (const name of Object.keys(old)) columns[name].set(old[name]);
    }
    this.columns = columns;
    this.capacity = capacity;
  }

  reserve(count) {
    if (count > this.capacity) this.grow(Math.max(count, 2 * this.capacity));
  }
}

/**
 * The lifecycle model of `sim.LoyaltyModel`, one supplier against its rivals.
 */
export class LoyaltyModel {
  /**
   * @param {Object<string, number>} scenario every field of `sim.Scenario`
   * @param {number} [seed] seed of the random generator (same seed, same results)
   */
  constructor(scenario, seed = 0) {
    checkScenario(scenario);
    const sc = { ...scenario };
    this.scenario = sc;
    this.seed = seed;
    this.rng = new Random(seed);
    this.steps = 0;
    this.margin = m.margin(sc.price, sc.unit_cost);
    this.rivalStart = m.rival_start_value(sc.competitor_value, sc.n_rivals, 0);
    this.appeals = [];
    for (let rank = 0; rank < sc.n_rivals; rank += 1) this.appeals.push(m.rival_appeal(rank));
    this.periodRate = m.period_discount_rate(sc.discount_rate, sc.periods_per_year);
    this.cost = m.serving_cost(sc.social_bond, sc.social_bond_cost, sc.structural_bond,
      sc.structural_bond_cost, sc.value_innovation, sc.innovation_cost);
    this.discount = [];
    this.switching = [];
    this.tablesUpTo(sc.periods + 1);
    const capacity = Math.floor(sc.n_customers * (1 + sc.acquisition_rate * sc.periods * 1.5) + 64);
    this.customers = new Customers(capacity, sc.periods);
    this.profit = 0;
    this.customerPeriods = 0;
    this.revenueTotal = 0;
    this.boughtTotal = 0;
    this.spendTotal = 0;
    this.discountedTotal = 0;
    this.acquisitionTotal = 0;
    this.patternCounts = [0, 0, 0, 0, 0];
    this.winbacks = { offered: 0, let_go: 0, won_back: 0 };
    this.referralSum = 0;
    this.means = Object.fromEntries(MEANS.map((name) => [name, 0]));
    this.stageHistory = [];
    this.series = [];
    this.arrive(sc.n_customers, 0, 0);
    this.record();
  }

  /** Discount factors and economic switching costs by relationship age, up to `ages`. */
  tablesUpTo(ages) {
    const sc = this.scenario;
    for (let age = this.discount.length; age < ages; age += 1) {
      this.discount.push(m.discount_factor(this.periodRate, age));
      this.switching.push(m.economic_switching_cost(sc.switching_cost, age, sc.structural_bond));
    }
  }

  /** Run the scenario's remaining periods and return the results. */
  run() {
    while (this.steps < this.scenario.periods) this.step();
    return this.results();
  }

  /** Advance one period: arrivals, purchases and evaluations, moves, records. */
  step() {
    this.steps += 1;
    const t = this.steps - 1;
    this.tablesUpTo(t + 2);
    if (t > 0) this.arriveNewProspects();
    this.evaluatePeriod(t);
    this.record();
  }

  // --------------------------------------------------------------------
  // Arrivals
  // --------------------------------------------------------------------
  arriveNewProspects() {
    const sc = this.scenario;
    const [acqMean, refMean] = m.expected_new_prospects(
      sc.acquisition_rate, sc.n_customers, sc.referral_strength, this.referralSum);
    const acquired = this.rng.poisson(acqMean);
    const referred = this.rng.poisson(refMean);
    if (acquired + referred) this.arrive(acquired + referred, 1, referred);
  }

  /** Add `count` prospects in exploration; the last `referred` came by referral. */
  arrive(count, source, referred) {
    const sc = this.scenario;
    const pop = this.customers;
    pop.reserve(pop.count + count);
    const c = pop.columns;
    const rng = this.rng;
    const arrival = Math.max(this.steps - 1, 0);
    for (let k = 0; k < count; k += 1) {
      const i = pop.count + k;
      const orientation = m.clip(
        sc.relational_share + sc.orientation_spread * rng.centred(), 0, 1);
      const initial = sc.initial_expectation + sc.expectation_spread * rng.centred();
      const spread = sc.wallet_spread;
      c.initial_expectation[i] = initial;
      c.latent_offset[i] = m.latent_offset(initial, sc.initial_expectation, rng.centred());
      c.wallet[i] = Math.exp(spread * rng.normal() - 0.5 * spread * spread);
      c.orientation[i] = orientation;
      c.price_sensitivity[i] = m.price_sensitivity(orientation, sc.price_sensitivity);
      c.switching_sensitivity[i] = m.clip(
        SWITCHING_SENSITIVITY + sc.switching_sensitivity_spread * rng.centred(), 0, 1);
      c.fair_share[i] = m.fair_share(rng.centred());
      c.social_switching[i] = m.social_switching_cost(sc.social_bond, orientation);
      const tastes = [];
      for (let j = 0; j < 4; j += 1) tastes.push(m.TASTE_SPREAD * rng.normal());
      c.best_taste[i] = m.best_taste(tastes.slice(0, sc.n_rivals), this.appeals);
      c.not_worth[i] = m.worth_developing(c.wallet[i], sc.development_threshold) ? 0 : 1;
      c.trust[i] = m.INITIAL_TRUST;
      c.source[i] = k >= count - referred ? 2 : source;
      c.arrival[i] = arrival;
      c.ended_at[i] = -1;
    }
    pop.count += count;
    this.profit -= sc.acquisition_cost * count;
    this.acquisitionTotal += sc.acquisition_cost * count;
  }

  // --------------------------------------------------------------------
  // One period's purchases, evaluations and moves
  // --------------------------------------------------------------------
  /** What is on offer in period `t`: the supplier's values and the best rival's. */
  market(t) {
    const sc = this.scenario;
    return {
      basic: m.basic_value(sc.supplier_value, sc.value_innovation, sc.latent_focus, t),
      latent: m.latent_value(sc.latent_value, sc.value_innovation, sc.latent_focus,
        sc.structural_bond, t),
      incentive: m.FINANCIAL_VALUE * sc.financial_bond,
      rivalBasic: m.rival_basic_value(this.rivalStart, sc.market_innovation, t),
      rivalLatent: m.rival_latent_value(sc.market_innovation, t),
      rivalIncentive: m.rival_incentive(sc.financial_bond, sc.imitation_lag, t),
    };
  }

  /**
   * Period `t` for every active customer, in the order of
   * `LoyaltyModel._evaluate_block` then `_move`: what it expected and got,
   * trust, value against the best rival and fairness, switching costs, the
   * loyalty measures, what it buys and earns; then its move.
   */
  evaluatePeriod(t) {
    const sc = this.scenario;
    const mk = this.market(t);
    const n = this.customers.count;
    const rng = this.rng;
    const ages = this.customers.ages;
    // The columns as local names: the loop below touches each of them for
    // every customer, and a local is the fastest thing to read in JavaScript.
    const {
      stage: stages, age: ages_, experience: experiences, trust: trusts, share: shares,
      orientation: orientations, initial_expectation: initials, latent_offset: offsets,
      price_sensitivity: sensitivities, price_tolerance: tolerances, best_taste: tastes,
      fair_share: fairShares, social_switching: socialSwitching,
      switching_sensitivity: switchingSensitivities, wallet: wallets, volume,
    } = this.customers.columns;
    const c = this.customers.columns;
    const switchingByAge = this.switching;
    const discountByAge = this.discount;
    // The period's totals, as plain numbers (the loop adds to them for every customer).
    let active = 0, revenue = 0, cashTotal = 0, discountedTotal = 0, bought = 0, spend = 0;
    let sumRepurchase = 0, sumCross = 0, sumReferral = 0, sumTolerance = 0, sumSatisfaction = 0;
    let sumTrust = 0;
    for (let i = 0; i < n; i += 1) {
      const stage = stages[i];
      if (stage === ENDED) continue;
      const quality = m.QUALITY_NOISE * rng.centred();
      const draw = rng.random();
      const age = ages_[i];
      const orientation = orientations[i];
      // What the customer expected and what this purchase delivered.
      const experience = experiences[i];
      const eBasic = m.comparison_level(
        m.basic_expectation(initials[i], sc.expectation_growth, experience),
        mk.rivalBasic, sc.initial_expectation);
      const eLatent = m.comparison_level(
        m.latent_expectation(offsets[i], sc.expectation_growth, experience),
        mk.rivalLatent, 0);
      const sBasic = m.basic_satisfaction(mk.basic + quality, eBasic);
      const sLatent = m.latent_satisfaction(mk.latent, eLatent);
      const sat = m.satisfaction(sBasic, sLatent);
      const trust = m.trust_update(trusts[i], sat, sc.social_bond);
      // The whole offer against the best rival, and the split of the gains.
      const advantage = m.basic_advantage(mk.basic, eBasic);
      const appeal = m.incentive_appeal(mk.incentive, orientation);
      const rivalAppeal = m.incentive_appeal(mk.rivalIncentive, orientation);
      const offer = m.offer_value(advantage, sLatent, appeal, sc.price,
        sensitivities[i], tolerances[i]);
      const rival = m.alternative_value(m.basic_advantage(mk.rivalBasic, eBasic),
        m.latent_satisfaction(mk.rivalLatent, eLatent), rivalAppeal, tastes[i]);
      const value = m.perceived_value(offer, rival);
      const gain = m.customer_gain(advantage, sLatent, sc.price);
      const unfair = m.unfairness(m.supplier_share(this.margin, gain), fairShares[i], stage,
        orientation);
      // What the customer thinks, what holds it, and the loyalty it shows.
      const switching = m.switching_cost(switchingByAge[age], socialSwitching[i]);
      const att = m.attitude(sat, trust, value, unfair, stage, orientation);
      const held = m.hold(switching, switchingSensitivities[i]);
      const rep = m.repurchase_intention(att, held);
      const tol = m.price_tolerance(att, value, held);
      const cross = m.cross_buy_intention(att, trust, stage);
      const refer = m.referral_intention(att, sat, trust, stage);
      const commit = m.commitment(att);
      // What it buys, and what that earns.
      const share = m.share_of_wallet_update(shares[i], stage, rep, appeal - rivalAppeal);
      const wallet = wallets[i];
      const rev = m.revenue(wallet, share, cross, sc.financial_bond, sc.financial_bond_cost);
      const cash = m.cash_flow(rev, this.margin, this.cost);
      const discounted = cash * discountByAge[age];
      c.basic_satisfaction[i] = sBasic;
      c.latent_satisfaction[i] = sLatent;
      c.satisfaction[i] = sat;
      trusts[i] = trust;
      c.value[i] = value;
      c.alternative[i] = rival;
      c.unfairness[i] = unfair;
      c.switching[i] = switching;
      c.attitude[i] = att;
      c.commitment[i] = commit;
      c.repurchase[i] = rep;
      tolerances[i] = tol;
      c.cross_buy[i] = cross;
      c.referral[i] = refer;
      shares[i] = share;
      experiences[i] = m.experience_update(experience, stage);
      c.clv[i] += discounted;
      c.cash[i] += cash;
      if (age < ages) volume[i * ages + age] = wallet * share;
      active += 1;
      revenue += rev;
      cashTotal += cash;
      discountedTotal += discounted;
      bought += wallet * share;
      spend += wallet;
      sumRepurchase += rep;
      sumCross += cross;
      sumReferral += refer;
      sumTolerance += tol;
      sumSatisfaction += sat;
      sumTrust += trust;

      // The move: one uniform draw decides. Below the chance of leaving for
      // outside reasons the relationship ends; below that plus the chance of
      // moving down it moves down; below that plus the chance of moving up
      // (or of being won back from decline) it moves up; otherwise it stays.
      const outside = m.background_exit(sc.background_churn, held);
      const down = m.pull_away_chance(commit, held, stage);
      const up = m.advance_chance(commit, stage, trust, value) + (stage === DECLINE
        ? m.winback_chance(c.winback[i] === 1, sc.winback_effort, commit) : 0);
      // The supplier drops prospects not worth developing after the first trial.
      const dropped = age === 0 && c.not_worth[i] === 1;
      const leaves = draw < outside || dropped;
      const goesDown = draw < outside + down || dropped;
      const goesUp = draw < outside + down + up && !goesDown;
      if (stage === STABILITY) c.stability_time[i] += 1;
      ages_[i] = age + 1;
      // Pattern IV once long enough in stability.
      if (c.stability_time[i] === sc.long_term_threshold && c.pattern[i] === 0) {
        c.pattern[i] = 4;
        this.patternCounts[4] += 1;
      }
      if (goesDown || goesUp) this.changeStage(i, stage, goesDown, leaves, dropped);
    }
    this.customerPeriods += active;
    this.revenueTotal += revenue;
    this.boughtTotal += bought;
    this.spendTotal += spend;
    this.profit += cashTotal;
    this.discountedTotal += discountedTotal;
    const count = Math.max(active, 1);
    this.means = {
      repurchase: sumRepurchase / count, cross_buy: sumCross / count,
      referral: sumReferral / count, price_tolerance: sumTolerance / count,
      satisfaction: sumSatisfaction / count, trust: sumTrust / count,
    };
    this.referralSum = sumReferral;
  }

  /**
   * Apply customer `i`'s move: down (exploration and decline end, formation
   * and stability decline; leaving for outside reasons ends the relationship
   * from any stage) or up (exploration to formation to stability; decline is
   * won back to the stage it declined from).
   */
  changeStage(i, old, down, leaves, dropped) {
    const sc = this.scenario;
    const c = this.customers.columns;
    const previous = c.previous[i];
    const upTo = old === DECLINE ? previous : UP_TO[old];
    const next = down ? (leaves ? ENDED : DOWN_TO[old]) : upTo;
    c.previous[i] = next === DECLINE ? old : previous;
    c.stage[i] = next;
    c.furthest[i] = Math.max(c.furthest[i], next <= STABILITY ? next : 0);
    c.dropped[i] = dropped ? 1 : 0;
    if (next === DECLINE) this.decideWinback(i);
    if (old === DECLINE && next < DECLINE) {
      this.winbacks.won_back += 1;
      c.winback[i] = 0;  // a later decline is judged afresh
      c.trust[i] = m.recovered_trust(c.trust[i], sc.winback_effort);
    }
    if (next === ENDED) this.end(i, leaves, dropped);
  }

  /** The supplier's decision on a customer who just entered decline. */
  decideWinback(i) {
    const sc = this.scenario;
    const c = this.customers.columns;
    const worth = m.winback_worth(this.margin, c.wallet[i], sc.winback_effort, c.commitment[i],
      sc.winback_cost) && sc.winback_effort > 0;
    c.winback[i] = worth ? 1 : 2;
    if (!worth) {
      this.winbacks.let_go += 1;
      return;
    }
    this.winbacks.offered += 1;
    const cost = sc.winback_cost * sc.winback_effort;
    const discounted = cost * this.discount[c.age[i]];
    c.clv[i] -= discounted;
    this.profit -= cost;
    this.discountedTotal -= discounted;
  }

  /** Close customer `i`'s relationship: exit time and cause, pattern. */
  end(i, outside, dropped) {
    const c = this.customers.columns;
    c.ended_at[i] = this.steps;
    c.exit_cause[i] = dropped ? CAUSE.dropped : outside ? CAUSE.outside : this.exitCause(i);
    if (c.pattern[i] === 0) {
      c.pattern[i] = c.furthest[i] + 1;
      this.patternCounts[c.pattern[i]] += 1;
    }
  }

  /** The largest shortfall of the customer's attitude names why it left. */
  exitCause(i) {
    const c = this.customers.columns;
    const [wS, wT, wV] = m.WEIGHTS;
    const letDown = wS * Math.max(0.5 - c.satisfaction[i], 0) + wT * Math.max(0.5 - c.trust[i], 0);
    const value = wV * Math.max(0.5 - c.value[i], 0);
    const unfair = c.unfairness[i];
    if (unfair > Math.max(letDown, value)) return CAUSE.unfair;
    return value > letDown ? CAUSE.value : CAUSE.dissatisfied;
  }

  // --------------------------------------------------------------------
  // Bookkeeping and results
  // --------------------------------------------------------------------
  stageCounts() {
    const counts = [0, 0, 0, 0, 0];
    const stage = this.customers.columns.stage;
    for (let i = 0; i < this.customers.count; i += 1) counts[stage[i]] += 1;
    return counts;
  }

  record() {
    const counts = this.stageCounts();
    this.stageHistory.push(counts);
    const resolved = this.patternCounts[1] + this.patternCounts[2] + this.patternCounts[3]
      + this.patternCounts[4];
    const n = this.customers.count;
    const stats = { period: this.steps };
    STAGES.forEach((name, code) => { stats[name] = counts[code]; });
    Object.assign(stats, this.means);
    stats.active = n - counts[ENDED];
    PATTERNS.forEach((p, k) => { stats[`pattern_${p}`] = this.patternCounts[k + 1]; });
    stats.unresolved = n - resolved;
    stats.customers = n;
    stats.revenue = this.revenueTotal;
    stats.profit = this.profit;
    stats.mean_clv = n ? (this.discountedTotal - this.acquisitionTotal) / n : 0;
    this.series.push(stats);
  }

  /** Summarise the run so far: the fields of `sim.Results.to_dict()` the figures draw. */
  results() {
    const sc = this.scenario;
    const c = this.customers.columns;
    const n = this.customers.count;
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i += 1) counts[c.pattern[i]] += 1;
    const resolved = counts[1] + counts[2] + counts[3] + counts[4];
    const activeIds = [];
    for (let i = 0; i < n; i += 1) if (c.stage[i] !== ENDED) activeIds.push(i);
    const nActive = activeIds.length;
    const mean = (name) => (nActive ? activeIds.reduce((s, i) => s + c[name][i], 0) / nActive : 0);
    const spread = (name) => {
      if (!nActive) return 0;
      const mu = mean(name);
      return Math.sqrt(activeIds.reduce((s, i) => s + (c[name][i] - mu) ** 2, 0) / nActive);
    };
    const ended = [];
    const causes = new Array(EXIT_CAUSES.length).fill(0);
    let clvSum = 0;
    const clv = new Array(n);
    for (let i = 0; i < n; i += 1) {
      clv[i] = c.clv[i] - sc.acquisition_cost;
      clvSum += clv[i];
      if (c.stage[i] === ENDED) {
        ended.push(i);
        causes[c.exit_cause[i]] += 1;
      }
    }
    const survival = kaplanMeier(c.age.subarray(0, n), c.stage.subarray(0, n),
      sc.periods_per_year, sc.periods_per_year);
    const stageCounts = Object.fromEntries(STAGES.map(
      (name, code) => [name, this.stageHistory.map((row) => row[code])]));
    return {
      pattern_shares: Object.fromEntries(PATTERNS.map(
        (p, k) => [p, resolved ? counts[k + 1] / resolved : 0])),
      pattern_counts: Object.fromEntries(PATTERNS.map((p, k) => [p, counts[k + 1]])),
      unresolved: n - resolved,
      resolved,
      unresolved_share: n ? (n - resolved) / n : 0,
      customers: n,
      active: nActive,
      stage_counts: stageCounts,
      loyalty: Object.fromEntries(MEASURES.map((name) => [name, mean(name)])),
      attitude: mean("attitude"),
      active_means: Object.fromEntries(ACTIVE_MEANS.map((name) => [name, mean(name)])),
      loyalty_spread: Object.fromEntries(MEASURES.map((name) => [name, spread(name)])),
      life_curves: this.lifeCurves(),
      loyalty_types: shares(LOYALTY_TYPES, activeIds.map((i) => this.loyaltyType(i)), nActive),
      ladder: shares(LADDER, activeIds.map((i) => this.rung(i)), nActive),
      profit: this.profit,
      revenue: this.revenueTotal,
      share_of_wallet: this.spendTotal ? this.boughtTotal / this.spendTotal : 0,
      mean_clv: n ? clvSum / n : 0,
      clv,  // each customer's lifetime value so far, net of acquisition cost, by arrival
      survival: Array.from(survival.curve),
      annual_churn: survival.annualChurn,
      expected_lifetime: Number.isFinite(survival.expectedLifetime)
        ? survival.expectedLifetime : null,
      exit_causes: Object.fromEntries(EXIT_CAUSES.slice(1).map(
        (name, k) => [name, ended.length ? causes[k + 1] / ended.length : 0])),
      winbacks: { ...this.winbacks },
      series: this.series.map((row) => ({ ...row })),
      scenario: { ...sc },
      seed: this.seed,
      engine: "browser",
    };
  }

  /**
   * The kind of loyalty active customer `i` shows now (an index into
   * LOYALTY_TYPES), as `sim.loyalty_types` reads it: Dick and Basu's attitude
   * against patronage, with spurious loyalty named after what holds the
   * customer most, measured on one scale for every hold (how much its chance
   * of pulling away each period would rise without it).
   */
  loyaltyType(i) {
    const sc = this.scenario;
    const c = this.customers.columns;
    const th = LOYALTY_THRESHOLDS;
    const trueAttitude = c.attitude[i] >= th.HIGH_ATTITUDE && c.trust[i] >= th.HIGH_TRUST;
    const highPatronage = c.share[i] >= th.HIGH_PATRONAGE;
    if (trueAttitude) return LOYALTY_TYPES.indexOf(highPatronage ? "super-value" : "latent");
    if (!highPatronage) return LOYALTY_TYPES.indexOf("none");
    const t = Math.max(this.steps - 1, 0);
    let bestRival = -Infinity;
    for (let rank = 0; rank < sc.n_rivals; rank += 1) {
      bestRival = Math.max(bestRival, m.rival_basic_value(
        m.rival_start_value(sc.competitor_value, sc.n_rivals, rank), sc.market_innovation, t));
    }
    if (bestRival < c.initial_expectation[i] - th.NO_ALTERNATIVE) {
      return LOYALTY_TYPES.indexOf("monopoly");
    }
    const stage = c.stage[i];
    const orientation = c.orientation[i];
    // The customer's value gap over the best rival, recovered from perceived value.
    const v = Math.min(Math.max(c.value[i], 1e-6), 1 - 1e-6);
    const gap = m.VALUE_WIDTH * Math.log(v / (1 - v));
    const chance = (gap_, switching_) => {
      const att = m.attitude(c.satisfaction[i], c.trust[i], m.logistic(gap_ / m.VALUE_WIDTH),
        c.unfairness[i], stage, orientation);
      const held = m.hold(switching_, c.switching_sensitivity[i]);
      return m.pull_away_chance(m.commitment(att), held, stage);
    };
    const switching = c.switching[i];
    const now = chance(gap, switching);
    const social = 1 - c.social_switching[i];  // what the social bond leaves of 1 - C
    const priceGain = -c.price_sensitivity[i] * (1 - 0.5 * c.price_tolerance[i])
      * Math.log(sc.price);
    // An incentive holds only by what it offers beyond the rivals' copies of it.
    const edge = m.incentive_appeal(m.FINANCIAL_VALUE * sc.financial_bond, orientation)
      - m.incentive_appeal(m.rival_incentive(sc.financial_bond, sc.imitation_lag, t), orientation);
    const holds = [
      chance(gap - Math.max(edge, 0), switching) - now,
      chance(gap - Math.max(priceGain, 0), switching) - now,
      chance(gap, 1 - (1 - switching) / social) - now,
      chance(gap, 1 - social) - now,
    ];
    let strongest = 0;
    for (let k = 1; k < holds.length; k += 1) if (holds[k] > holds[strongest]) strongest = k;
    return LOYALTY_TYPES.indexOf(HOLDS[strongest]);
  }

  /** Active customer `i`'s rung on the loyalty ladder (an index into LADDER). */
  rung(i) {
    const c = this.customers.columns;
    const th = LOYALTY_THRESHOLDS;
    const stage = c.stage[i];
    if (c.age[i] === 0) return 0;  // a prospect: no purchase yet
    if (stage === EXPLORATION) return 1;
    if (stage !== STABILITY) return 2;  // a client buys regularly (formation, decline)
    if (c.referral[i] < th.ADVOCATE_REFERRAL) return 3;
    const partner = this.scenario.structural_bond > 0 && c.trust[i] >= th.PARTNER_TRUST;
    return partner ? 5 : 4;
  }

  /**
   * Mean transaction volume by relationship age for each pattern; a customer
   * counts at age `a` if the run lasted long enough to observe that age
   * (its volume is 0 once its relationship ended); null where no customer of
   * the pattern was observed at that age.
   */
  lifeCurves() {
    const c = this.customers.columns;
    const n = this.customers.count;
    const ages = this.customers.ages;
    const horizon = Math.max(this.steps, 1);
    // One pass over the customers: each adds its volumes to its pattern's totals.
    const totals = PATTERNS.map(() => new Float64Array(ages));
    const observed = PATTERNS.map(() => new Float64Array(ages));
    for (let i = 0; i < n; i += 1) {
      const code = c.pattern[i];
      if (code === 0) continue;
      const total = totals[code - 1];
      const seen = observed[code - 1];
      const upTo = Math.min(horizon - c.arrival[i], ages);  // ages 0 .. upTo - 1 observed
      for (let a = 0; a < ages; a += 1) total[a] += c.volume[i * ages + a];
      for (let a = 0; a < upTo; a += 1) seen[a] += 1;
    }
    // Ages 0 .. periods - 1, as the Mesa model reports them (the last recorded age,
    // `periods`, is never reached in a run of `periods` periods).
    return Object.fromEntries(PATTERNS.map((p, k) => [p, Array.from(
      totals[k].subarray(0, ages - 1),
      (total, a) => (observed[k][a] > 0 ? total / observed[k][a] : null))]));
  }
}

/** Share of `codes` equal to each index of `names` (out of `total`). */
function shares(names, codes, total) {
  const counts = new Array(names.length).fill(0);
  for (const code of codes) counts[code] += 1;
  return Object.fromEntries(names.map((name, k) => [name, total ? counts[k] / total : 0]));
}

/**
 * Kaplan-Meier survival of relationships (`sim.survival.kaplan_meier`).
 * @param {ArrayLike<number>} durations each relationship's age
 * @param {ArrayLike<number>} stages each relationship's stage (4: ended)
 * @param {number} establishedAfter age from which a customer counts as established
 * @param {number} periodsPerYear periods in a year
 */
export function kaplanMeier(durations, stages, establishedAfter, periodsPerYear) {
  let longest = 0;
  for (let i = 0; i < durations.length; i += 1) longest = Math.max(longest, durations[i]);
  const lasted = new Float64Array(longest + 1);
  const deaths = new Float64Array(longest + 1);
  for (let i = 0; i < durations.length; i += 1) {
    lasted[durations[i]] += 1;
    if (stages[i] === ENDED) deaths[durations[i]] += 1;
  }
  const atRisk = new Float64Array(longest + 1);
  let running = 0;
  for (let a = longest; a >= 0; a -= 1) {
    running += lasted[a];
    atRisk[a] = running;
  }
  const curve = new Float64Array(longest + 1);
  let s = 1;
  for (let a = 0; a <= longest; a += 1) {
    if (a > 0 && atRisk[a] > 0) s *= 1 - deaths[a] / atRisk[a];
    curve[a] = s;
  }
  let exposure = 0;
  let leavers = 0;
  for (let a = establishedAfter + 1; a <= longest; a += 1) {
    exposure += atRisk[a];
    leavers += deaths[a];
  }
  const hazard = exposure ? leavers / exposure : 0;
  let restricted = 0;
  for (let a = 0; a < longest; a += 1) restricted += curve[a];
  const tail = curve[longest];
  const expectedLifetime = tail === 0 ? restricted
    : restricted + (hazard > 0 ? tail / hazard : Infinity);
  return {
    curve, atRisk, ended: deaths, hazard,
    annualChurn: 1 - (1 - hazard) ** periodsPerYear,
    expectedLifetime,
  };
}

/** Fields the engine reads from a scenario (those of `sim.Scenario`). */
export const SCENARIO_FIELDS = [
  "supplier_value", "value_innovation", "latent_focus", "latent_value", "price",
  "winback_effort", "initial_expectation", "expectation_spread", "expectation_growth",
  "relational_share", "orientation_spread", "price_sensitivity",
  "switching_sensitivity_spread", "wallet_spread", "background_churn", "competitor_value",
  "market_innovation", "n_rivals", "imitation_lag", "switching_cost", "financial_bond",
  "social_bond", "structural_bond", "n_customers", "periods", "acquisition_rate",
  "referral_strength", "development_threshold", "long_term_threshold", "periods_per_year",
  "unit_cost", "discount_rate", "acquisition_cost", "financial_bond_cost", "social_bond_cost",
  "structural_bond_cost", "innovation_cost", "winback_cost",
];

function checkScenario(scenario) {
  const missing = SCENARIO_FIELDS.filter((name) => !Number.isFinite(scenario?.[name]));
  if (missing.length) {
    throw new Error(`scenario needs a number for every field; missing or not a number: ${missing.join(", ")}`);
  }
}
