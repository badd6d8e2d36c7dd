"""The debrief: lessons a finished market game shows, read off its own numbers.

Each lesson looks for a choice the course teaches about (polishing the
basics, financial bonds that rivals copy, structural bonds, price and the
split of gains, profit against customer value) and, if a team made it,
says what followed in this game, with the numbers. A lesson is only drawn
when a team made that choice, and it reports what happened even when the
market did not follow the textbook, so the class can discuss why.
"""

from __future__ import annotations

from statistics import mean, median
from typing import Any

Report = dict[str, Any]


def _mean_decision(history: list[list[Report]], team: str, name: str) -> float:
    return mean(r["decisions"][name] for reports in history for r in reports
                if r["team"] == team)


def _final(history: list[list[Report]]) -> dict[str, Report]:
    return {r["team"]: r for r in history[-1]}


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def basics_lesson(history: list[list[Report]]) -> Report | None:
    """The team that spent its innovation on the basics: where did its loyalty end up?"""
    final = _final(history)
    focus = {t: _mean_decision(history, t, "latent_focus") for t in final}
    innovation = {t: _mean_decision(history, t, "value_innovation") for t in final}
    polishers = [t for t in final if focus[t] <= 0.15 and innovation[t] >= 0.3]
    if not polishers or len(final) < 2:
        return None
    team = max(polishers, key=lambda t: innovation[t])
    others = mean(r["attitude"] for t, r in final.items() if t != team)
    own = final[team]["attitude"]
    verdict = ("stayed near the others' average" if abs(own - others) < 0.03 else
               "ended above the others'" if own > others else "ended below the others'")
    return {"topic": "basics", "team": team, "text": (
        f"{team} spent {100 * (1 - focus[team]):.0f}% of its innovation on the basics. "
        f"Its customers' attitudinal loyalty ({own:.2f}) {verdict} ({others:.2f}). "
        "Basics only dissatisfy when unmet: do they buy loyalty above the average here?")}


def financial_lesson(history: list[list[Report]]) -> Report | None:
    """The first team with a financial bond: what was its lead worth once others copied?"""
    first = {r["team"]: r for r in history[0]}
    leaders = [t for t, r in first.items() if r["decisions"]["financial_bond"] >= 0.5]
    if not leaders or len(first) < 2:
        return None
    team = max(leaders, key=lambda t: first[t]["decisions"]["financial_bond"])
    final = _final(history)
    copiers = sorted(t for t, r in final.items()
                     if t != team and r["decisions"]["financial_bond"] >= 0.5)
    copied = (f"by round {len(history)}, {len(copiers)} other team(s) offered one too "
              f"({', '.join(copiers)})" if copiers else "no other team copied it")
    return {"topic": "financial", "team": team, "text": (
        f"{team} opened with a financial bond ({first[team]['decisions']['financial_bond']:.2f})"
        f" and had {_pct(first[team]['customer_share'])} of the market's customers after "
        f"round 1; {copied}, and its share was {_pct(final[team]['customer_share'])}. "
        "Level-1 bonds are easy to see and easy to copy.")}


def structural_lesson(history: list[list[Report]]) -> Report | None:
    """The team with the deepest structural bond: did its customers stay?"""
    final = _final(history)
    depth = {t: _mean_decision(history, t, "structural_bond") for t in final}
    team = max(final, key=lambda t: depth[t])
    churn = [r["annual_churn"] for t, r in final.items()
             if t != team and r["annual_churn"] is not None]
    if depth[team] < 0.3 or not churn or final[team]["annual_churn"] is None:
        return None
    return {"topic": "structural", "team": team, "text": (
        f"{team} built the deepest structural bond ({depth[team]:.2f} on average). Its "
        f"established customers left at {_pct(final[team]['annual_churn'])} a year, against "
        f"a median of {_pct(median(churn))} for the other teams. Level-3 bonds deliver value "
        "rivals cannot copy quickly, and make leaving costly.")}


def price_lesson(history: list[list[Report]]) -> Report | None:
    """The dearest team: what did the higher margin cost in customers?"""
    final = _final(history)
    price = {t: _mean_decision(history, t, "price") for t in final}
    team = max(final, key=lambda t: price[t])
    if price[team] < 1.15 or len(final) < 2:
        return None
    r = final[team]
    return {"topic": "price", "team": team, "text": (
        f"{team} charged the most (price {price[team]:.2f}). It kept "
        f"{_pct(r['customer_share'])} of the market's customers and earned "
        f"{_pct(r['revenue_share'])} of its last round's revenue, for a cumulative profit of "
        f"{r['profit']:,.0f}. Price splits the gains: mature customers judge whether the "
        "split is fair.")}


def value_lesson(history: list[list[Report]]) -> Report | None:
    """Profit so far against the value of the customer base: the same team?"""
    final = _final(history)
    by_profit = max(final, key=lambda t: final[t]["profit"])
    by_equity = max(final, key=lambda t: final[t]["customer_equity"])
    if by_profit == by_equity:
        best = final[by_profit]
        text = (f"{by_profit} led both on profit ({best['profit']:,.0f}) and on the lifetime "
                f"value of its customers ({best['customer_equity']:,.0f}).")
    else:
        text = (f"{by_profit} earned the most ({final[by_profit]['profit']:,.0f}), but "
                f"{by_equity} built the most valuable customer base (lifetime value "
                f"{final[by_equity]['customer_equity']:,.0f}). Which would you rather own "
                "next year?")
    return {"topic": "value", "team": by_equity, "text": text}


LESSONS = (basics_lesson, financial_lesson, structural_lesson, price_lesson, value_lesson)


def lessons(history: list[list[Report]]) -> list[Report]:
    """Every lesson the game shows (none before a round has run)."""
    if not history:
        return []
    return [lesson for rule in LESSONS if (lesson := rule(history)) is not None]
