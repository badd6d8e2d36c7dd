"""The stylized facts the simulation must show, each as a runnable experiment.

The course claims things a student should be able to *see happen* in the
model (the domain brief's facts 1-8, and 9-14 that the model's second
version adds). Each fact below is an experiment on a base scenario: it runs
the model with fixed seeds, measures, and says whether the claim held, with
a table of what was measured. Because the experiment takes its base scenario
as an argument, the validation (:mod:`sim.validation`) can rerun it on
perturbed scenarios to show that a fact is not a knife edge. The tests, the
model appendix and the instructor's guide all call these same functions, so
what the book says is what the tests check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim import clv, presets
from sim.analysis import churn_rates, run_many
from sim.mechanisms import AVERAGE_LOYALTY, rated_satisfaction
from sim.model import LoyaltyModel
from sim.results import Results
from sim.scenario import Scenario
from sim.stages import ENDED, PATTERNS

SEEDS = (1, 2, 3)
"""Seeds every experiment averages over."""
Seeds = tuple[int, ...]


@dataclass(frozen=True)
class Fact:
    """One stylized fact and the evidence of one experiment."""

    number: int
    claim: str
    experiment: str
    table: pd.DataFrame
    holds: bool
    evidence: str


@dataclass(frozen=True)
class Experiment:
    """How to show one fact: a base scenario and a measurement on it.

    Attributes:
        number: The fact's number in the domain brief.
        claim: The claim, in a sentence.
        preset: The preset the experiment starts from (its base scenario).
        measure: Runs the experiment on a base scenario with some seeds and
            returns ``(table, holds, evidence)``.
        describe: What the experiment does, in a sentence.
    """

    number: int
    claim: str
    preset: str
    measure: Callable[[Scenario, Seeds], tuple[pd.DataFrame, bool, str]]
    describe: str

    def base(self) -> Scenario:
        """The experiment's base scenario (its preset's)."""
        return presets.get(self.preset)

    def __call__(self, base: Scenario | None = None, seeds: Seeds = SEEDS) -> Fact:
        """Run the experiment (on its own base scenario unless one is given)."""
        table, holds, evidence = self.measure(base or self.base(), tuple(seeds))
        return Fact(self.number, self.claim, f"{self.describe} Seeds {list(seeds)}.", table,
                    bool(holds), evidence)


def mean_pattern_shares(scenario: Scenario, seeds: Seeds = SEEDS) -> dict[str, float]:
    """Share of each pattern among resolved relationships, averaged over ``seeds``."""
    runs = run_many(scenario, seeds)
    return {p: float(np.mean([r.pattern_shares[p] for r in runs])) for p in PATTERNS}


def _mean(runs: list[Results], read: Callable[[Results], float]) -> float:
    return float(np.mean([read(r) for r in runs]))


# ---------------------------------------------------------------------------
# Facts 1, 2 and 4: each pattern's textbook cause makes it the most common
# ---------------------------------------------------------------------------
def _most_common(pattern: str, majority: bool = False):
    def measure(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
        runs = run_many(scenario, seeds)
        shares = {p: _mean(runs, lambda r, p=p: r.pattern_shares[p]) for p in PATTERNS}
        unresolved = _mean(runs, lambda r: r.unresolved_share)
        table = pd.DataFrame([{**shares, "unresolved": unresolved}])
        top = max(shares, key=shares.__getitem__)
        holds = shares[pattern] > 0.5 if majority else top == pattern
        return table, holds, (
            f"Pattern {top} is the most common ending ({shares[top]:.0%} of resolved "
            f"relationships; {unresolved:.0%} of all relationships still unresolved).")
    return measure


fact1_low_value_aborts = Experiment(
    1, "Value well below initial expectations: most relationships end as pattern I.",
    "aborted", _most_common("I"), "Preset 'aborted'.")

fact2_stalled_value_dies_midway = Experiment(
    2, "Value that meets initial expectations but does not grow while expectations rise: "
       "pattern II is the most common ending.",
    "stalled", _most_common("II"), "Preset 'stalled'.")

fact4_lifelong_majority = Experiment(
    4, "Value above rivals, fair split, high switching costs: pattern IV is the majority.",
    "lifelong", _most_common("IV", majority=True), "Preset 'lifelong'.")


# ---------------------------------------------------------------------------
# Fact 3: an unfair split drives customers out of stability
# ---------------------------------------------------------------------------
PRICE_STEPS = (-0.3, -0.2, -0.1, 0.0)
"""Price changes from a fair price up to the base price in the fairness experiment."""


def _price_levels(base: Scenario) -> list[float]:
    spec = Scenario.spec("price")
    return [round(min(max(base.price + step, spec.low), spec.high), 3) for step in PRICE_STEPS]


def _unfair_split(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    rows = []
    for price in sorted(set(_price_levels(scenario))):
        runs = run_many(scenario.replace(price=price), seeds)
        rows.append({"price": price, "margin": scenario.replace(price=price).margin,
                     **{p: _mean(runs, lambda r, p=p: r.pattern_shares[p]) for p in PATTERNS}})
    table = pd.DataFrame(rows)
    iii = table["III"].to_numpy()
    holds = bool(np.all(np.diff(iii) >= -0.02) and iii[-1] - iii[0] > 0.1)
    return table, holds, (
        f"Pattern III share goes from {iii[0]:.0%} at price {table.price.iloc[0]:.2f} (margin "
        f"{table.margin.iloc[0]:.0%}) to {iii[-1]:.0%} at price {table.price.iloc[-1]:.2f} "
        f"(margin {table.margin.iloc[-1]:.0%}).")


fact3_unfairness_early_exit = Experiment(
    3, "Good, growing value with an unfair split: the pattern III share rises as the split "
       "grows less fair (a higher price keeps more of the joint gain for the supplier).",
    "unfair", _unfair_split,
    "Preset 'unfair' with its price lowered by "
    + ", ".join(f"{abs(s):.1f}" for s in PRICE_STEPS[:-1]) + " and 0 (from the fairest split "
    "to the preset's own).")


# ---------------------------------------------------------------------------
# Fact 5: the satisfaction trap's two response curves
# ---------------------------------------------------------------------------
BASIC_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
LATENT_LEVELS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
UNMET_LEVEL = 0.35
"""Supplier value well below initial basic expectations (0.5): customers are dissatisfied."""
TRAP_RUN = {"periods": 24, "acquisition_rate": 0.0, "referral_strength": 0.0,
            "value_innovation": 0.0}
"""A closed cohort over two years with a fixed offer, so that what is measured is the
response to the offer, not new arrivals or innovation."""


def satisfaction_and_loyalty(scenario: Scenario, kind: str,
                             seeds: Seeds = SEEDS) -> tuple[float, float]:
    """Mean satisfaction of one kind and mean attitudinal loyalty per customer-period.

    Every period of every customer who was active in it counts once, so
    customers who left early are heard as well as those who stayed.
    """
    sat_sum = att_sum = count = 0.0
    for seed in seeds:
        model = LoyaltyModel(scenario, seed=seed, create_agents=False)
        while model.steps < scenario.periods:
            model.step()
            state = model.population.state
            present = (state["stage"] < ENDED) | (state["ended_at"] == model.steps)
            sat_sum += float(state[f"{kind}_satisfaction"][present].sum())
            att_sum += float(state["attitude"][present].sum())
            count += float(present.sum())
    return sat_sum / count, att_sum / count


def satisfaction_trap_curves(base: Scenario | None = None,
                             seeds: Seeds = SEEDS) -> pd.DataFrame:
    """Satisfaction and loyalty along the two investment sweeps of the trap.

    Returns one row per investment level with columns ``kind`` (basic or
    latent), ``level`` (supplier_value with no latent value, or latent_value
    at supplier_value 0.65), ``satisfaction`` and ``loyalty`` (per
    customer-period means).
    """
    base = (base or Scenario()).replace(**TRAP_RUN)
    rows = []
    for level in BASIC_LEVELS:
        sat, att = satisfaction_and_loyalty(
            base.replace(supplier_value=level, latent_value=0.0), "basic", seeds)
        rows.append({"kind": "basic", "level": level, "satisfaction": sat, "loyalty": att})
    for level in LATENT_LEVELS:
        sat, att = satisfaction_and_loyalty(
            base.replace(supplier_value=0.65, latent_value=level), "latent", seeds)
        rows.append({"kind": "latent", "level": level, "satisfaction": sat, "loyalty": att})
    return pd.DataFrame(rows)


def curvature(frame: pd.DataFrame) -> float:
    """Second-order coefficient of a quadratic fit of loyalty on satisfaction.

    Negative means concave (diminishing returns), positive convex.
    """
    return float(np.polyfit(frame["satisfaction"], frame["loyalty"], 2)[0])


def _trap_curves(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    table = satisfaction_trap_curves(scenario, seeds)
    basic = table[table.kind == "basic"]
    latent = table[table.kind == "latent"]
    top_basic = float(basic["loyalty"].iloc[-1])
    top_latent = float(latent["loyalty"].iloc[-1])
    _, unmet = satisfaction_and_loyalty(
        scenario.replace(supplier_value=UNMET_LEVEL, latent_value=0.0, **TRAP_RUN), "basic",
        seeds)
    holds = (curvature(basic) < 0 and abs(top_basic - AVERAGE_LOYALTY) < 0.15
             and curvature(latent) > 0 and top_latent > top_basic + 0.1 and unmet < 0.25)
    return table, holds, (
        f"Fully met basic expectations give loyalty {top_basic:.2f} (average loyalty "
        f"{AVERAGE_LOYALTY}); fully met latent expectations give {top_latent:.2f}; unmet basic "
        f"expectations (supplier value {UNMET_LEVEL}) give {unmet:.2f}. Curvature "
        f"{curvature(basic):+.2f} (basic), {curvature(latent):+.2f} (latent).")


fact5_satisfaction_trap = Experiment(
    5, "Satisfaction trap: loyalty against basic-expectation satisfaction is concave and "
       "levels off near average loyalty; against latent-expectation satisfaction it is convex.",
    "baseline", _trap_curves,
    f"A closed cohort over 24 periods with a fixed offer: supplier_value over "
    f"{list(BASIC_LEVELS)} with no latent value, and latent_value over {list(LATENT_LEVELS)} "
    f"at supplier_value 0.65; means per customer-period.")


# ---------------------------------------------------------------------------
# Fact 6: switching costs move only repurchase and price tolerance
# ---------------------------------------------------------------------------
SWITCHING_LEVELS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def _switching(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    rows = []
    for level in SWITCHING_LEVELS:
        runs = run_many(scenario.replace(switching_cost=level), seeds)
        rows.append({"switching_cost": level, **{
            m: _mean(runs, lambda r, m=m: r.loyalty[m])
            for m in ("repurchase", "price_tolerance", "cross_buy", "referral")}})
    table = pd.DataFrame(rows)
    rises = all(np.all(np.diff(table[m]) > 0) for m in ("repurchase", "price_tolerance"))
    not_higher = all(table[m].iloc[-1] - table[m].iloc[0] < 0.02 for m in ("cross_buy",
                                                                           "referral"))
    return table, rises and not_higher, (
        f"Repurchase {table.repurchase.iloc[0]:.2f} -> {table.repurchase.iloc[-1]:.2f}; "
        f"price tolerance {table.price_tolerance.iloc[0]:.2f} -> "
        f"{table.price_tolerance.iloc[-1]:.2f}; cross-buying {table.cross_buy.iloc[0]:.2f} -> "
        f"{table.cross_buy.iloc[-1]:.2f}; referral {table.referral.iloc[0]:.2f} -> "
        f"{table.referral.iloc[-1]:.2f}.")


fact6_switching_costs = Experiment(
    6, "Raising switching costs raises repurchase intention and price tolerance but not "
       "cross-buying or referral intention.",
    "baseline", _switching,
    f"Default scenario with switching_cost over {list(SWITCHING_LEVELS)}; "
                          "means over active customers at the end.")


# ---------------------------------------------------------------------------
# Fact 7: financial bonds are copied, structural bonds last
# ---------------------------------------------------------------------------
BOND_MARKET = presets.get("bond_market")
"""A market where rivals out-innovate the supplier, so customers keep leaving over time."""
BONDS = ("financial_bond", "social_bond", "structural_bond")


def bond_churn(bond: str | None, base: Scenario = BOND_MARKET,
               seeds: Seeds = SEEDS) -> np.ndarray:
    """Mean churn per period in ``base`` with one bond at full strength."""
    scenario = base if bond is None else base.replace(**{bond: 1.0})
    return np.mean([churn_rates(r) for r in run_many(scenario, seeds)], axis=0)


RETENTION_WINDOW = 12
"""Periods after arrival at which a new customer's retention is read (a year)."""


def new_customer_retention(scenario: Scenario, seeds: Seeds,
                           windows: tuple[tuple[int, int], ...]) -> list[float]:
    """Share of the customers arriving in each window still active a year after arrival.

    Reading the retention of customers won at a given time, rather than the
    churn of the whole base, compares like with like: a bond that kept many
    customers early leaves an older, more settled base whose churn is lower
    whatever the bond does now.
    """
    kept = np.zeros(len(windows))
    arrived = np.zeros(len(windows))
    for seed in seeds:
        model = LoyaltyModel(scenario, seed=seed, create_agents=False)
        model.run()
        col = model.population.column
        arrival, ended = col("arrival"), col("ended_at")
        stayed = (ended < 0) | (ended > arrival + RETENTION_WINDOW)
        for k, (first, last) in enumerate(windows):
            cohort = (arrival >= first) & (arrival < last)
            kept[k] += np.count_nonzero(stayed & cohort)
            arrived[k] += np.count_nonzero(cohort)
    return [float(k / a) if a else float("nan") for k, a in zip(kept, arrived, strict=True)]


def _bond_gains(scenario: Scenario, seeds: Seeds) -> pd.DataFrame:
    """Retention gain of each bond for customers won before and after rivals copy it."""
    lag = max(scenario.imitation_lag, 3)  # at least a couple of periods before imitation
    windows = ((0, lag), (lag + 6, scenario.periods - RETENTION_WINDOW))
    none = new_customer_retention(scenario, seeds, windows)
    rows = []
    for bond in BONDS:
        kept = new_customer_retention(scenario.replace(**{bond: 1.0}), seeds, windows)
        rows.append({"bond": bond,
                     "gain_before_imitation": kept[0] - none[0],
                     "gain_after_imitation": kept[1] - none[1]})
    return pd.DataFrame(rows).set_index("bond")


def _bond_durability(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    table = _bond_gains(scenario, seeds)
    fin, struct = table.loc["financial_bond"], table.loc["structural_bond"]
    holds = (fin.gain_before_imitation > 0.02
             and fin.gain_after_imitation < 0.35 * fin.gain_before_imitation
             and struct.gain_after_imitation > 0.5 * struct.gain_before_imitation
             and struct.gain_after_imitation > 0.02)
    return table, holds, (
        f"Of the customers won before rivals copy it, the financial bond keeps "
        f"{fin.gain_before_imitation:+.0%} more for a year; of those won after, "
        f"{fin.gain_after_imitation:+.0%}. The structural bond: "
        f"{struct.gain_before_imitation:+.0%} and {struct.gain_after_imitation:+.0%}.")


fact7_bond_durability = Experiment(
    7, "A financial bond's retention gain fades once rivals imitate it; a structural bond's "
       "gain lasts.",
    "bond_market", _bond_durability,
    "Rivals out-innovate the supplier and copy financial bonds after the imitation lag; "
    "the share of new customers still buying a year after arrival with each bond at full "
    "strength against no bond, for customers won before imitation and from six periods "
    "after it.")


# ---------------------------------------------------------------------------
# Fact 8: lifetime value maths, and T = 1/r on the model's own survival curve
# ---------------------------------------------------------------------------
CONSTANT_HAZARD = presets.get("constant_churn")
"""A closed cohort of contented customers who leave only for outside reasons: churn per
period is (nearly) the same at every age, as the 1/r formula assumes."""


def hazard_and_lifetime(results: Results) -> tuple[float, float]:
    """The run's churn rate per period (ended / periods at risk) and its KM lifetime."""
    surv = results.survival
    rate = float(surv.ended[1:].sum()) / float(surv.at_risk[1:].sum())
    return rate, surv.expected_lifetime


def _lifetime_value(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    start, end = clv.worked_example("start"), clv.worked_example("end")
    rows = [{"case": "worked example, first purchase at t=0", "value": start,
             "expected": 11954.96},
            {"case": "worked example, end-of-year cash flows", "value": end,
             "expected": 10934.83}]
    for seed in seeds:
        rate, lifetime = hazard_and_lifetime(
            LoyaltyModel(scenario, seed=seed, create_agents=False).run())
        rows.append({"case": f"model's KM lifetime, seed {seed} (churn {rate:.4f}/period)",
                     "value": lifetime, "expected": 1.0 / rate})
    table = pd.DataFrame(rows)
    model_rows = table.iloc[2:]
    holds = (round(start, 2) == 11954.96 and round(end, 2) == 10934.83
             and bool(np.all(np.abs(model_rows.value / model_rows.expected - 1) < 0.03)))
    return table, holds, (
        f"{start:,.2f} (first purchase at t = 0) and {end:,.2f} (end of year); the model's "
        f"survival curve gives a mean lifetime of {model_rows.value.mean():.1f} periods against "
        f"1/r = {model_rows.expected.mean():.1f}.")


fact8_lifetime_value = Experiment(
    8, "The lifetime-value functions reproduce the worked example, and the expected lifetime "
       "of a constant churn rate r is 1 / r, in the model itself.",
    "constant_churn", _lifetime_value,
    "sim.clv on the worked example (N = 5, C0 = 400, P0 = 2000, +500 a year, 9 %); a closed "
    "cohort of contented customers leaving only for outside reasons (constant churn), its "
    "Kaplan-Meier mean lifetime against 1 / (its churn per period).")


# ---------------------------------------------------------------------------
# Fact 9: switching costs hold customers but do not make a poor offer succeed
# ---------------------------------------------------------------------------
def _lock_in_vs_value(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    cases = {
        "poor value, high switching costs": scenario.replace(
            supplier_value=max(scenario.supplier_value - 0.2, 0.0),
            switching_cost=min(scenario.switching_cost + 0.6, 1.0)),
        "good value, low switching costs": scenario,
    }
    rows = []
    for name, sc in cases.items():
        runs = run_many(sc, seeds)
        rows.append({"case": name, "active": _mean(runs, lambda r: r.active),
                     "profit": _mean(runs, lambda r: r.profit),
                     "repurchase": _mean(runs, lambda r: r.loyalty["repurchase"]),
                     "cross_buy": _mean(runs, lambda r: r.loyalty["cross_buy"]),
                     "referral": _mean(runs, lambda r: r.loyalty["referral"])})
    table = pd.DataFrame(rows).set_index("case")
    locked, good = table.iloc[0], table.iloc[1]
    holds = (locked.active < good.active and locked.profit < good.profit
             and locked.cross_buy < good.cross_buy and locked.referral < good.referral)
    return table, holds, (
        f"Locked in by poor value: {locked.active:.0f} customers, profit {locked.profit:,.0f}, "
        f"referral {locked.referral:.2f}; good value: {good.active:.0f} customers, profit "
        f"{good.profit:,.0f}, referral {good.referral:.2f}.")


fact9_lock_in_is_no_strategy = Experiment(
    9, "Switching costs hold customers but do not make a poor offer succeed: low value with "
       "high switching costs keeps fewer customers and earns less than high value, and its "
       "customers cross-buy and recommend less.",
    "baseline", _lock_in_vs_value,
    "The default scenario against the same supplier with 0.2 less value and 0.6 more "
    "switching cost.")


# ---------------------------------------------------------------------------
# Fact 10: the split of gains has an interior optimum
# ---------------------------------------------------------------------------
PROFIT_PRICES = (0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4)


def _price_optimum(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    rows = []
    for price in PROFIT_PRICES:
        sc = scenario.replace(price=price)
        runs = run_many(sc, seeds)
        rows.append({"price": price, "margin": sc.margin,
                     "profit": _mean(runs, lambda r: r.profit),
                     "annual_churn": _mean(runs, lambda r: r.annual_churn),
                     "III": _mean(runs, lambda r: r.pattern_shares["III"])})
    table = pd.DataFrame(rows)
    best = int(table.profit.idxmax())
    churn = table.annual_churn.to_numpy()
    holds = 0 < best < len(table) - 1 and churn[-1] > churn[0]
    return table, holds, (
        f"Profit over the run peaks at price {table.price[best]:.1f} (margin "
        f"{table.margin[best]:.0%}): {table.profit[best]:,.0f} against "
        f"{table.profit.iloc[0]:,.0f} at the lowest and {table.profit.iloc[-1]:,.0f} at the "
        f"highest price; established customers' annual churn rises from {churn[0]:.0%} to "
        f"{churn[-1]:.0%}.")


fact10_interior_margin = Experiment(
    10, "A higher margin earns more per period but costs retention as relationships mature: "
        "long-run profit peaks at an interior price.",
    "baseline", _price_optimum, f"Default scenario with price over {list(PROFIT_PRICES)}.")


# ---------------------------------------------------------------------------
# Fact 11: at equal spend, serving latent needs beats polishing the basics
# ---------------------------------------------------------------------------
TRAP_FOCUS, BALANCED_FOCUS = 0.0, 0.5


def _trap_vs_balanced(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    rows = []
    for name, focus in (("polish the basics", TRAP_FOCUS), ("balanced", BALANCED_FOCUS)):
        runs = run_many(scenario.replace(latent_focus=focus), seeds)
        rows.append({"strategy": name, "latent_focus": focus,
                     "attitude": _mean(runs, lambda r: r.attitude),
                     "repurchase": _mean(runs, lambda r: r.loyalty["repurchase"]),
                     "referral": _mean(runs, lambda r: r.loyalty["referral"]),
                     "IV": _mean(runs, lambda r: r.pattern_shares["IV"]),
                     "profit": _mean(runs, lambda r: r.profit)})
    table = pd.DataFrame(rows).set_index("strategy")
    trap, balanced = table.iloc[0], table.iloc[1]
    holds = balanced.attitude > trap.attitude and balanced.profit > trap.profit
    return table, holds, (
        f"At the same innovation spend, the balanced supplier ends with mean attitude "
        f"{balanced.attitude:.2f} and profit {balanced.profit:,.0f}; the one polishing the "
        f"basics with {trap.attitude:.2f} and {trap.profit:,.0f}.")


fact11_latent_beats_basics = Experiment(
    11, "At equal spending, a supplier that serves latent expectations once the basics are met "
        "ends with more loyal customers and more long-run profit than one that keeps "
        "polishing the basics.",
    "satisfaction_trap", _trap_vs_balanced,
    f"Preset 'satisfaction_trap' (the chapter's market) with latent_focus {TRAP_FOCUS} (the "
    f"trap) and {BALANCED_FOCUS} (balanced), the same innovation budget.")


# ---------------------------------------------------------------------------
# Fact 12: structural > social > financial
# ---------------------------------------------------------------------------
def _bond_ranking(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    table = _bond_gains(scenario, seeds)
    after = table.gain_after_imitation
    holds = (after["structural_bond"] > after["social_bond"] > after["financial_bond"]
             and after["social_bond"] > 0)
    return table, holds, (
        f"Of the customers won after rivals copy financial bonds, a structural bond keeps "
        f"{after['structural_bond']:+.0%} more for a year, a social bond "
        f"{after['social_bond']:+.0%} and a financial bond {after['financial_bond']:+.0%}.")


fact12_bond_ranking = Experiment(
    12, "Structural bonds hold more and for longer than social bonds, which hold more than "
        "financial ones.",
    "bond_market", _bond_ranking,
    "The bond-durability market; the one-year retention gain of each bond at full strength "
    "for customers won from six periods after rivals copy financial bonds.")


# ---------------------------------------------------------------------------
# Fact 13: the cross-sectional satisfaction-loyalty curve (Jones and Sasser)
# ---------------------------------------------------------------------------
SATISFACTION_BANDS = 8
"""Equal-sized bands of customers by rated satisfaction in the cross-section."""


def satisfaction_loyalty_curve(scenario: Scenario, seeds: Seeds = SEEDS) -> pd.DataFrame:
    """Mean repurchase intention of active customers by rated-satisfaction band.

    Customers active at the end of each run are pooled, ranked by how they
    would rate their satisfaction (:func:`sim.mechanisms.rated_satisfaction`)
    and cut into :data:`SATISFACTION_BANDS` bands of equal size.
    """
    rated, reps = [], []
    for seed in seeds:
        model = LoyaltyModel(scenario, seed=seed, create_agents=False)
        model.run()
        col = model.population.column
        active = col("stage") < ENDED
        rated.append(rated_satisfaction(col("basic_satisfaction"),
                                        col("latent_satisfaction"))[active])
        reps.append(col("repurchase")[active])
    frame = pd.DataFrame({"satisfaction": np.concatenate(rated),
                          "repurchase": np.concatenate(reps)})
    if len(frame) < 10 * SATISFACTION_BANDS:
        return frame.iloc[:0].assign(customers=[])
    frame["band"] = pd.qcut(frame.satisfaction.rank(method="first"), SATISFACTION_BANDS,
                            labels=False)
    table = frame.groupby("band").agg(satisfaction=("satisfaction", "mean"),
                                      repurchase=("repurchase", "mean"),
                                      customers=("repurchase", "size"))
    return table.reset_index(drop=True)


def _cross_section(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    table = satisfaction_loyalty_curve(scenario, seeds)
    if len(table) < SATISFACTION_BANDS:
        return table, False, "Too few active customers to draw a curve."
    half = SATISFACTION_BANDS // 2
    lower, upper = table.iloc[:half + 1], table.iloc[half:]
    slope_low = np.polyfit(lower.satisfaction, lower.repurchase, 1)[0]
    slope_high = np.polyfit(upper.satisfaction, upper.repurchase, 1)[0]
    holds = slope_high > 1.5 * max(slope_low, 0.0) and slope_high > 0
    return table, holds, (
        f"Across customers, repurchase intention rises by {slope_low:.2f} per unit of rated "
        f"satisfaction in the less satisfied half and by {slope_high:.2f} per unit in the more "
        f"satisfied half.")


fact13_cross_section = Experiment(
    13, "Customers differ: across customers, loyalty rises with satisfaction slowly up to "
        "'satisfied' and steeply towards 'completely satisfied' (Jones and Sasser).",
    "delight", _cross_section,
    "Active customers at the end of preset 'delight' in eight equal bands of rated "
    "satisfaction; mean repurchase intention per band.")


# ---------------------------------------------------------------------------
# Fact 14: churn in the range services report
# ---------------------------------------------------------------------------
def _calibrated_churn(scenario: Scenario, seeds: Seeds) -> tuple[pd.DataFrame, bool, str]:
    runs = run_many(scenario, seeds)
    table = pd.DataFrame([{"seed": r.seed, "annual_churn": r.annual_churn,
                           "expected_lifetime": r.expected_lifetime} for r in runs])
    churn = float(table.annual_churn.mean())
    return table, 0.10 <= churn <= 0.30, (
        f"Established customers (past their first year) leave at {churn:.0%} a year; the "
        f"survival curve's expected lifetime is {table.expected_lifetime.mean():.0f} periods.")


fact14_calibrated_churn = Experiment(
    14, "Churn of established customers is in the range services report (about 10-30 % a "
        "year).",
    "baseline", _calibrated_churn, "Default scenario (a month per period).")


FACTS: tuple[Experiment, ...] = (
    fact1_low_value_aborts,
    fact2_stalled_value_dies_midway,
    fact3_unfairness_early_exit,
    fact4_lifelong_majority,
    fact5_satisfaction_trap,
    fact6_switching_costs,
    fact7_bond_durability,
    fact8_lifetime_value,
    fact9_lock_in_is_no_strategy,
    fact10_interior_margin,
    fact11_latent_beats_basics,
    fact12_bond_ranking,
    fact13_cross_section,
    fact14_calibrated_churn,
)
"""The experiments in the order of the domain brief."""
