"""The debrief: lessons a finished market game shows, read off its own numbers.

Each lesson looks for a choice the course teaches about (polishing the
basics, the race for the basics, financial bonds that rivals copy, structural
bonds, price and the split of gains, profit against customer value) and, if
a team made it, says what followed in this game, with the numbers. A lesson
is only drawn when a team made that choice, and it reports what happened even
when the market did not follow the textbook, so the class can discuss why.

A lesson is a template and its values; :func:`lessons` words it in English
or Chinese (:data:`sim.i18n.market.LESSONS_ZH`).
"""

from __future__ import annotations

from statistics import mean, median
from typing import Any

from sim.mechanisms import AVERAGE_LOYALTY

Report = dict[str, Any]
Lesson = tuple[str, str, str, dict[str, Any]]  # topic, team, template, values

BASICS = ("{team} spent {basics:.0f}% of its innovation on the basics. Its customers' "
          "attitudinal loyalty ended at {own:.2f}, {verdict} ({average:.2f}) that meeting the "
          "basics alone can reach; the other teams' customers ended at {others:.2f}. Can "
          "polishing the basics buy loyalty above the average?")
RACE = ("{team} put the most into the basics ({lead:.1f} innovation points over the game, "
        "against {others:.1f} for the other teams on average). Customers expect of every "
        "supplier what the best one offers, so the other teams were judged against {team}'s "
        "basics: their established customers left at {churn} a year (median), {team}'s at "
        "{own}. Basics are table stakes: a supplier that falls behind the best loses "
        "customers (pattern II).")
RACE_OFFSET = ("{team} put the most into the basics ({lead:.1f} innovation points over the "
               "game, against {others:.1f} for the other teams on average). Customers expect "
               "of every supplier what the best one offers, so the other teams were judged "
               "against {team}'s basics; yet their established customers left at {churn} a "
               "year (median), {team}'s at {own}. What made up for falling behind on the "
               "basics: price, bonds or latent needs?")
WELL_ABOVE = 0.1
"""Loyalty this far above (or below) the average level counts as well above (below): the
rule of the book's satisfaction-trap figure (``sim.widgets.figures.satisfaction_trap``,
not imported, so the class server does not load the widgets; a test keeps both equal)."""
VERDICTS = {"near": "stuck near the average level", "above": "well above the average level",
            "below": "below the average level"}
"""The verdicts of the book's satisfaction-trap figure, by the same rule (:data:`WELL_ABOVE`)."""
FINANCIAL = ("{team} opened with a financial bond ({bond:.2f}) and had {first} of the "
             "market's customers after round 1; {copied}, and its share was {last}. Level-1 "
             "bonds are easy to see and easy to copy.")
COPIED = "by round {round}, {count} other team(s) offered one too ({teams})"
NOT_COPIED = "no other team copied it"
STRUCTURAL = ("{team} built the deepest structural bond ({bond:.2f} on average). Its "
              "established customers left at {churn} a year, against a median of {others} for "
              "the other teams. Level-3 bonds deliver value rivals cannot copy quickly, and "
              "make leaving costly.")
STRUCTURAL_WEAK = ("{team} built the deepest structural bond ({bond:.2f} on average), yet its "
                   "established customers left at {churn} a year, against a median of {others} "
                   "for the other teams. A bond holds customers when the offer behind it is "
                   "worth keeping: what was missing here?")
PRICE = ("{team} charged the most (price {price:.2f}). It kept {share} of the market's "
         "customers and earned {revenue} of its last round's revenue, for a cumulative profit "
         "of {profit:,.0f}. Price splits the gains: mature customers judge whether the split "
         "is fair.")
VALUE_SAME = ("{team} led both on profit ({profit:,.0f}) and on the lifetime value of its "
              "customers ({equity:,.0f}).")
VALUE_SPLIT = ("{team} earned the most ({profit:,.0f}), but {other} built the most valuable "
               "customer base (lifetime value {equity:,.0f}). Which would you rather own next "
               "year?")
VALUE_LOSS = ("Every team lost money over the game. {team} lost the least ({profit:,.0f}); the "
              "customers with the highest lifetime value were {other}'s ({equity:,.0f}). "
              "Innovation and bonds are paid for before customers pay them back.")


def _mean_decision(history: list[list[Report]], team: str, name: str) -> float:
    return mean(r["decisions"][name] for reports in history for r in reports
                if r["team"] == team)


def _final(history: list[list[Report]]) -> dict[str, Report]:
    return {r["team"]: r for r in history[-1]}


def _others_churn(final: dict[str, Report], team: str) -> list[float]:
    """The other teams' annual churn (those with customers a year old)."""
    return [r["annual_churn"] for t, r in final.items()
            if t != team and r["annual_churn"] is not None]


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def basics_lesson(history: list[list[Report]]) -> Lesson | None:
    """The team that spent its innovation on the basics: where did its loyalty end up?

    Against the model's average loyalty level, the ceiling of what satisfied basic
    expectations give (:data:`sim.mechanisms.AVERAGE_LOYALTY`): the satisfaction
    trap's claim is about that level, not about the other teams.
    """
    final = _final(history)
    focus = {t: _mean_decision(history, t, "latent_focus") for t in final}
    innovation = {t: _mean_decision(history, t, "value_innovation") for t in final}
    polishers = [t for t in final if focus[t] <= 0.15 and innovation[t] >= 0.3]
    if not polishers or len(final) < 2:
        return None
    team = max(polishers, key=lambda t: innovation[t])
    others = mean(r["attitude"] for t, r in final.items() if t != team)
    own = final[team]["attitude"]
    gap = own - AVERAGE_LOYALTY
    verdict = "above" if gap > WELL_ABOVE else "below" if gap < -WELL_ABOVE else "near"
    return "basics", team, BASICS, {"team": team, "basics": 100 * (1 - focus[team]),
                                    "own": own, "verdict": verdict,
                                    "average": AVERAGE_LOYALTY, "others": others}


def _basic_points(history: list[list[Report]], team: str) -> float:
    """Innovation points a team put into the basics over the game (budget x its basic share)."""
    return sum(r["decisions"]["value_innovation"] * (1.0 - r["decisions"]["latent_focus"])
               for reports in history for r in reports if r["team"] == team)


def race_lesson(history: list[list[Report]]) -> Lesson | None:
    """The team that led the basics by far: what did its lead do to the others' customers?

    Drawn when one team put at least a point more into the basics than the
    others did on average (a point is a full budget on the basics for one round).
    It says whether the teams left behind lost their customers faster, as the
    comparison level predicts, or held them as well, and then asks why.
    """
    final = _final(history)
    if len(final) < 2:
        return None
    points = {t: _basic_points(history, t) for t in final}
    team = max(final, key=lambda t: points[t])
    others = mean(points[t] for t in final if t != team)
    churn = _others_churn(final, team)
    own = final[team]["annual_churn"]
    if points[team] - others < 1.0 or not churn or own is None:
        return None
    # Which sentence follows depends on what happened: the lead is not always decisive
    # (a dear price or the others' bonds can hold their customers better).
    template = RACE if median(churn) > own else RACE_OFFSET
    return "race", team, template, {"team": team, "lead": points[team], "others": others,
                                    "churn": _pct(median(churn)), "own": _pct(own)}


def financial_lesson(history: list[list[Report]]) -> Lesson | None:
    """The first team with a financial bond: what was its lead worth once others copied?"""
    first = {r["team"]: r for r in history[0]}
    leaders = [t for t, r in first.items() if r["decisions"]["financial_bond"] >= 0.5]
    if not leaders or len(first) < 2:
        return None
    team = max(leaders, key=lambda t: first[t]["decisions"]["financial_bond"])
    final = _final(history)
    copiers = sorted(t for t, r in final.items()
                     if t != team and r["decisions"]["financial_bond"] >= 0.5)
    return "financial", team, FINANCIAL, {
        "team": team, "bond": first[team]["decisions"]["financial_bond"],
        "first": _pct(first[team]["customer_share"]), "copiers": copiers,
        "round": len(history), "last": _pct(final[team]["customer_share"])}


def structural_lesson(history: list[list[Report]]) -> Lesson | None:
    """The team with the deepest structural bond: did its customers stay?"""
    final = _final(history)
    depth = {t: _mean_decision(history, t, "structural_bond") for t in final}
    team = max(final, key=lambda t: depth[t])
    churn = _others_churn(final, team)
    own = final[team]["annual_churn"]
    if depth[team] < 0.3 or not churn or own is None:
        return None
    # The textbook sentence only when this game bears it out (a dear or poor offer
    # behind the bond can lose customers all the same: switching costs are not value).
    template = STRUCTURAL if own < median(churn) else STRUCTURAL_WEAK
    return "structural", team, template, {
        "team": team, "bond": depth[team], "churn": _pct(own), "others": _pct(median(churn))}


def price_lesson(history: list[list[Report]]) -> Lesson | None:
    """The dearest team: what did the higher margin cost in customers?"""
    final = _final(history)
    price = {t: _mean_decision(history, t, "price") for t in final}
    team = max(final, key=lambda t: price[t])
    if price[team] < 1.15 or len(final) < 2:
        return None
    r = final[team]
    return "price", team, PRICE, {"team": team, "price": price[team],
                                  "share": _pct(r["customer_share"]),
                                  "revenue": _pct(r["revenue_share"]), "profit": r["profit"]}


def value_lesson(history: list[list[Report]]) -> Lesson | None:
    """Profit so far against the value of the customer base: the same team?"""
    final = _final(history)
    by_profit = max(final, key=lambda t: final[t]["profit"])
    by_equity = max(final, key=lambda t: final[t]["customer_equity"])
    if final[by_profit]["profit"] < 0:
        return "value", by_profit, VALUE_LOSS, {
            "team": by_profit, "other": by_equity, "profit": final[by_profit]["profit"],
            "equity": final[by_equity]["customer_equity"]}
    if by_profit == by_equity:
        return "value", by_profit, VALUE_SAME, {
            "team": by_profit, "profit": final[by_profit]["profit"],
            "equity": final[by_profit]["customer_equity"]}
    return "value", by_equity, VALUE_SPLIT, {
        "team": by_profit, "other": by_equity, "profit": final[by_profit]["profit"],
        "equity": final[by_equity]["customer_equity"]}


LESSONS = (basics_lesson, race_lesson, financial_lesson, structural_lesson, price_lesson,
           value_lesson)


def word(template: str, values: dict[str, Any], lang: str = "en") -> str:
    """A lesson's text in ``lang`` (``en`` or ``zh``)."""
    if lang == "zh":
        from sim.i18n.market import LESSONS_ZH

        tr, sep = LESSONS_ZH.__getitem__, "、"
    else:
        tr, sep = str, ", "
    values = dict(values)
    if "verdict" in values:
        values["verdict"] = tr(VERDICTS[values["verdict"]])
    if "copiers" in values:
        copiers = values.pop("copiers")
        values["copied"] = (tr(COPIED).format(round=values["round"], count=len(copiers),
                                              teams=sep.join(copiers))
                            if copiers else tr(NOT_COPIED))
    return tr(template).format(**values)


def lessons(history: list[list[Report]], lang: str = "en") -> list[Report]:
    """Every lesson the game shows (none before a round has run), worded in ``lang``."""
    if not history:
        return []
    found = [lesson for rule in LESSONS if (lesson := rule(history)) is not None]
    return [{"topic": topic, "team": team, "text": word(template, values, lang)}
            for topic, team, template, values in found]
