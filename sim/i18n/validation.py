"""The validation report's tables and summary in Chinese (issue 13).

Why: the model appendix shows tables and a summary generated from the
validation report (:mod:`sim.validation.report`, reading
``book/data/validation-report.json``). Their numbers change whenever the
model does, so they cannot be translated in the gettext catalogues; the
chapter glues each twice, ``key`` from the English ``*_markdown`` function and
``key__zh_CN`` from the function of the same name with ``_zh`` here.

Each Chinese function takes the same report and returns a table of the same
shape (same columns, same rows, numbers formatted by the same expressions, so
the digits are identical). Code identifiers (levers, outcomes, presets) stay
as code, in backticks. The report's English sentences are translated:

- fixed sentences (fact claims, directional claims) by their ``name``; the
  English text is stored beside the Chinese and must match, so a claim whose
  wording changed upstream raises :class:`ValueError` instead of showing a
  stale translation;
- sentences carrying numbers (criteria, calibration) by matching the English
  f-string template they came from (:func:`sim.i18n.templates.translate`):
  an unmatched sentence raises :class:`ValueError` naming it.

:mod:`sim.validation` is not changed (it is hashed into the report's key).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sim.i18n.names import PATTERNS_ZH, join_zh, pattern_zh
from sim.i18n.templates import fixed, translate
from sim.validation.report import _cell, _table
from sim.validation.sensitivity import SEED_INPUT

__all__ = [
    "calibration_markdown_zh", "criteria_markdown_zh", "directional_markdown_zh",
    "effects_markdown_zh", "indices_markdown_zh", "levers_markdown_zh",
    "pattern_space_markdown_zh", "robust_facts_markdown_zh", "summary_markdown_zh",
    "to_markdown_zh",
]

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------
YES, NO = "是", "否"

DIRECTIONS_ZH = {
    "increase": "上升",
    "decrease": "下降",
    "no increase": "不上升",
    "no decrease": "不下降",
}
"""Direction of a claim (:data:`sim.validation.robustness.DIRECTIONS`) -> Chinese."""

GROUPS_ZH = {
    "supplier": "供应商",
    "customers": "客户",
    "market": "市场",
    "bonds": "关系联系",
    "run": "运行",
    "economics": "经济",
}
"""Scenario field group -> Chinese, as the appendix's parameter table names it."""

LEVER_NOTES_ZH = {
    "": "",
    "the field's own sampling bound": "该字段自身规定的取样上限",
    "two years of monthly periods: rivals slower than that never copy within the default "
    "horizon": "两年的月度期数：比这更慢的竞争对手在默认期限内根本来不及模仿",
    "three months of an average customer's spend, a generous cost of winning a consumer "
    "customer": "相当于一个普通客户三个月的支出，对赢得一个消费者客户来说是相当宽裕的成本",
    "a tenth of an average customer's monthly spend, five times the default":
        "一个普通客户月支出的十分之一，是默认值的五倍",
    "a fifth of an average customer's monthly spend, five times the default":
        "一个普通客户月支出的五分之一，是默认值的五倍",
}
"""A lever's sampling-bound note (:data:`sim.validation.levers.SAMPLING_BOUNDS`) -> Chinese."""

FACT_CLAIMS_ZH: dict[str, tuple[str, str]] = {
    "fact_1": (
        "Value well below initial expectations: most relationships end as pattern I.",
        "价值远低于初始期望：大多数关系以早期流产型告终。"),
    "fact_2": (
        "Value that meets initial expectations but does not grow while expectations rise: "
        "pattern II is the most common ending.",
        "价值满足初始期望，但在期望上升时停滞不前：中途夭折型是最常见的结局。"),
    "fact_3": (
        "Good, growing value with an unfair split: the pattern III share rises as the split "
        "grows less fair (a higher price keeps more of the joint gain for the supplier).",
        "价值良好且不断提升，但收益分配不公平：分配越不公平，提前退出型的比例越高（价格越高，"
        "供应商留下的共同收益就越多）。"),
    "fact_4": (
        "Value above rivals, fair split, high switching costs: pattern IV is the majority.",
        "价值高于竞争对手、分配公平、转移成本高：长期保持型占多数。"),
    "fact_5": (
        "Satisfaction trap: loyalty against basic-expectation satisfaction is concave and "
        "levels off near average loyalty; against latent-expectation satisfaction it is convex.",
        "客户满意陷阱：客户忠诚随基本期望满意度变化的曲线是凹的，并在平均忠诚水平附近趋于平缓；"
        "随潜在期望满意度变化的曲线则是凸的。"),
    "fact_6": (
        "Raising switching costs raises repurchase intention and price tolerance but not "
        "cross-buying or referral intention.",
        "提高转移成本会提高重复购买意向和价格忍耐力，但不会提高交叉购买意向和推荐意向。"),
    "fact_7": (
        "A financial bond's retention gain fades once rivals imitate it; a structural bond's "
        "gain lasts.",
        "财务联系带来的客户保持提升在竞争对手模仿后逐渐消失；结构联系带来的提升则能持续。"),
    "fact_8": (
        "The lifetime-value functions reproduce the worked example, and the expected lifetime "
        "of a constant churn rate r is 1 / r, in the model itself.",
        "客户生命周期价值函数能重现书中的算例；而且在模型本身中，"
        "恒定客户流失率 r 下的预期生命周期为 1 / r。"),
    "fact_9": (
        "Switching costs hold customers but do not make a poor offer succeed: low value with "
        "high switching costs keeps fewer customers and earns less than high value, and its "
        "customers cross-buy and recommend less.",
        "转移成本能留住客户，却不能让糟糕的提供物成功：低价值加高转移成本，与高价值相比，留住的客户"
        "更少、赚得也更少，而且其客户的交叉购买和推荐也更少。"),
    "fact_10": (
        "A higher margin earns more per period but costs retention as relationships mature: "
        "long-run profit peaks at an interior price.",
        "更高的毛利率每期赚得更多，但随着关系成熟会损失客户保持：长期利润在某个中间价格处达到峰值。"),
    "fact_11": (
        "At equal spending, a supplier that serves latent expectations once the basics are "
        "met ends with more loyal customers and more long-run profit than one that keeps "
        "polishing the basics.",
        "在支出相同的情况下，基本期望得到满足后转而服务潜在期望的供应商，与一味打磨基本价值的供应商"
        "相比，最终拥有更忠诚的客户和更多的长期利润。"),
    "fact_12": (
        "Structural bonds hold more and for longer than social bonds, which hold more than "
        "financial ones.",
        "结构联系比社交联系留住的客户更多、更久，社交联系又比财务联系留住的更多。"),
    "fact_13": (
        "Customers differ: across customers, loyalty rises with satisfaction slowly up to "
        "'satisfied' and steeply towards 'completely satisfied' (Jones and Sasser).",
        "客户各不相同：在客户之间比较，客户忠诚随满意度上升，在达到“满意”之前上升缓慢，趋近“完全满意”"
        "时则陡然上升（Jones 和 Sasser）。"),
    "fact_14": (
        "Churn of established customers is in the range services report (about 10-30 % a "
        "year).",
        "老客户的流失率处于服务业所报告的范围内（每年约 10-30 %）。"),
}
"""Fact name -> (its English claim, as :mod:`sim.facts` words it; its Chinese claim).

The Chinese is the translation in the appendix catalogue
(``book/locales/zh_CN/LC_MESSAGES/book/appendix_model.po``), copied here so no
catalogue is read at run time."""

_SWITCHING_NOTE = ("switching costs hold customers; they do not make them buy more categories "
                   "or recommend")
_SWITCHING_NOTE_ZH = "转移成本能留住客户，但不会让他们购买更多品类，也不会让他们推荐"
CLAIMS_ZH: dict[str, tuple[str, str]] = {
    "value_less_I": (
        "More supplier value: fewer relationships aborted early (pattern I).",
        "供应商价值更高：早期流产（模式 I）的关系更少。"),
    "growth_more_II": (
        "Faster-rising expectations with no innovation: more relationships past exploration "
        "die mid-way (pattern II among those that passed exploration).",
        "期望上升更快且没有创新：度过考察期的关系中，更多会中途夭折（度过考察期的关系中模式 II "
        "所占的比例）。"),
    "price_more_III": (
        "A less fair split (a higher price): more relationships that reached stability end "
        "early (pattern III among those that reached stability).",
        "收益分配更不公平（价格更高）：达到稳定期的关系中，更多会提前结束"
        "（达到稳定期的关系中模式 III 所占的比例）。"),
    "slower_imitation_more_wallet": (
        "Rivals slower to copy a full loyalty programme: it keeps a larger share of its "
        "customers' spending over the run (a financial bond's gain lasts until rivals imitate "
        "it).",
        "竞争对手模仿一项完整的忠诚计划越慢，该计划在整个运行期内保住的客户份额（客户支出中流向本供应商"
        "的比例）就越大（财务联系带来的提升会一直持续到竞争对手模仿为止）。"),
    "mixed_orientation_more_kinship": (
        "Customers who differ more in relational orientation, with a full social bond: more "
        "of them are held by personal ties (kinship loyalty), the relational ones most.",
        "在社交联系全力施加时，客户之间的关系导向差异越大，靠私人关系留住的客户（亲缘忠诚）就越多，"
        "其中关系导向型客户最多。"),
    "switching_more_repurchase": (
        "Higher switching cost: higher repurchase.",
        "转移成本更高：重复购买意向更高。"),
    "switching_more_price_tolerance": (
        "Higher switching cost: higher price tolerance.",
        "转移成本更高：价格忍耐力更高。"),
    "switching_no_more_cross_buy": (
        f"Higher switching cost: no higher cross buy intention ({_SWITCHING_NOTE}).",
        f"转移成本更高：交叉购买意向并不更高（{_SWITCHING_NOTE_ZH}）。"),
    "switching_no_more_referral": (
        f"Higher switching cost: no higher referral intention ({_SWITCHING_NOTE}).",
        f"转移成本更高：推荐意向并不更高（{_SWITCHING_NOTE_ZH}）。"),
}
"""Directional claim name -> (its English claim, as :mod:`sim.validation.checks` words it;
its Chinese claim)."""


def _code_list(text: str) -> str:
    """``'a, b'`` (identifiers) -> ``'`a`、`b`'``; refuses anything but identifiers."""
    names = text.split(", ")
    if not all(re.fullmatch(r"\w+", n) for n in names):
        raise ValueError(f"not a list of identifiers: {text!r}")
    return join_zh([f"`{n}`" for n in names])


def _pattern(code: str) -> str:
    if code not in PATTERNS_ZH:
        raise ValueError(f"not a pattern: {code!r}")
    return code


def _pattern_name(values: dict[str, str]) -> dict[str, str]:
    return {"name": PATTERNS_ZH[values["p"]]} if "p" in values else {}


_PATTERN_CRITERION = (
    ("Pattern {p} is the most common ending in at least {share} of the sampled space.",
     "模式 {p}（{name}）在至少 {share} 的取样空间中是最常见的结局。"),
    ("Pattern {p} is the most common ending in {share} of {n} sampled scenarios.",
     "在 {n} 个取样情景中，模式 {p} 在 {share} 的情景中是最常见的结局。"),
)
CRITERIA_ZH: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "every_lever_matters": (
        (("Every lever has a total Sobol' index of at least {threshold}, with the lower end of "
          "its 95 % interval above the noise floor, on at least one outcome; a lever that acts "
          "only through another counts when a directional claim moving it, with that lever "
          "set, holds.",
          "每个杠杆都至少对一个结果指标有不低于 {threshold} 的 Sobol' 总指数，且其 95 % "
          "置信区间的下限高于噪声基底；只通过另一个杠杆起作用的杠杆，如果在设定那个杠杆后"
          "移动它的方向性命题成立，也算数。"),),
        (("{moved} of {total} levers move some outcome, {through} of them only through another "
          "lever: {conditional} (directional claims); negligible everywhere: {weak}.",
          "{total} 个杠杆中有 {moved} 个会影响某个结果指标，其中 {through} 个只通过另一个杠杆"
          "起作用：{conditional}（见方向性命题）；对所有结果指标的影响都可忽略的杠杆：{weak}。"),
         ("{moved} of {total} levers move some outcome, {through} of them only through another "
          "lever: {conditional} (directional claims).",
          "{total} 个杠杆中有 {moved} 个会影响某个结果指标，其中 {through} 个只通过另一个杠杆"
          "起作用：{conditional}（见方向性命题）。"),
         ("{moved} of {total} levers move some outcome; negligible everywhere: {weak}.",
          "{total} 个杠杆中有 {moved} 个会影响某个结果指标；对所有结果指标的影响都可忽略的杠杆："
          "{weak}。"),
         ("{moved} of {total} levers move some outcome.",
          "{total} 个杠杆中有 {moved} 个会影响某个结果指标。")),
    ),
    **{f"pattern_{p}_somewhere": ((_PATTERN_CRITERION[0],), (_PATTERN_CRITERION[1],))
       for p in PATTERNS_ZH},
    "median_unresolved": (
        (("The median share of unresolved relationships is at most {share}.",
          "未定关系所占比例的中位数至多为 {share}。"),),
        (("Median unresolved share {share} over {n} sampled scenarios.",
          "在 {n} 个取样情景中，未定关系比例的中位数为 {share}。"),),
    ),
    "no_runaway": (
        (("No sampled scenario grows without bound (runs stopped by the runaway guard).",
          "没有任何取样情景会无限增长（即没有运行被失控保护机制终止）。"),),
        (("{share} of sampled scenarios had a run stopped for growing past the runaway cap.",
          "{share} 的取样情景中有运行因增长超过失控上限而被终止。"),),
    ),
}
"""Criterion name (:func:`sim.validation.sensitivity.criteria`) -> (its claim templates,
its evidence templates), each ``(English f-string as written there, Chinese)``."""

CALIBRATION_ZH: dict[str, tuple[tuple[str, str], ...]] = {
    "source": (
        ("{a}, {b} and {c} ({year})", "{a}、{b} 和 {c}（{year}）"),
        ("{a} and {b} ({year})", "{a} 和 {b}（{year}）"),
    ),
    "finding": (
        ("completely satisfied vs satisfied customers buying again within {months} months",
         "“完全满意”与“满意”的客户在 {months} 个月内再次购买的比较"),
        ("profit gained from {points} points more annual retention",
         "年客户保持率提高 {points} 个百分点带来的利润增长"),
        ("customer value gained from {points} point more annual retention",
         "年客户保持率提高 {points} 个百分点带来的客户价值增长"),
    ),
    "published": (
        ("{ratio} times the odds (Xerox)", "{ratio} 倍的优势比（施乐公司）"),
        ("{low} to {high}", "{low} 至 {high}"),
        ("about {share}", "约 {share}"),
    ),
    "model_text": (
        ("{ratio} times the odds ({complete} vs {satisfied} still buying)",
         "{ratio} 倍的优势比（仍在购买的比例：{complete} 对 {satisfied}）"),
        ("{change}", "{change}"),
    ),
    "scenario": (
        ("competitive market: {fields}", "竞争激烈的市场：{fields}"),
        ("default scenario, outside churn lowered until retention rises {points} points",
         "默认情景，降低外部原因造成的流失，直到年客户保持率提高 {points} 个百分点"),
        ("one default cohort over {years} years, outside churn lowered until retention rises "
         "{points} point",
         "一个默认情景的客户群，跟踪 {years} 年，降低外部原因造成的流失，直到年客户保持率提高 "
         "{points} 个百分点"),
    ),
}
"""Calibration column -> templates ``(English f-string of
:func:`sim.validation.calibration.calibration_table`, Chinese)``."""


def _number(text: str) -> str:
    """Accept a number as the English shows it (``6``, ``+25 %``, ``+4.7%``), else refuse."""
    if not re.fullmatch(r"[+\-−]?\d[\d,]*(\.\d+)?( ?%)?", text):
        raise ValueError(f"not a number: {text!r}")
    return text


def _name(text: str) -> str:
    """Accept an author's surname (a proper name stays as it is), else refuse."""
    if not re.fullmatch(r"[A-Z][\w'’\-]*", text):
        raise ValueError(f"not a surname: {text!r}")
    return text


def _assignments(text: str) -> str:
    """``'a=1, b=0.5'`` -> ``'`a=1`、`b=0.5`'``; refuses anything else."""
    parts = text.split(", ")
    if not all(re.fullmatch(r"\w+=[\w.+\-]+", p) for p in parts):
        raise ValueError(f"not a list of field=value: {text!r}")
    return join_zh([f"`{p}`" for p in parts])


_CALIBRATION_CONVERT = {
    "a": _name, "b": _name, "c": _name, "year": _number, "months": _number,
    "points": _number, "years": _number, "ratio": _number, "low": _number, "high": _number,
    "share": _number, "complete": _number, "satisfied": _number, "change": _number,
    "fields": _assignments,
}


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------
def _stored(name: str, english: str, table: Mapping[str, tuple[str, str]], what: str) -> str:
    if name not in table:
        raise ValueError(f"no Chinese text for the {what} {name!r}: {english!r}")
    known, chinese = table[name]
    if " ".join(english.split()) != " ".join(known.split()):
        raise ValueError(f"the English {what} {name!r} changed; update its Chinese in "
                         f"sim/i18n/validation.py: {english!r}")
    return chinese


def fact_claim_zh(name: str, claim: str) -> str:
    """The Chinese claim of fact ``name``; refuses an unknown fact or a reworded claim."""
    return _stored(name, claim, FACT_CLAIMS_ZH, "fact claim")


def directional_claim_zh(name: str, claim: str) -> str:
    """The Chinese of directional claim ``name``; refuses an unknown or reworded claim."""
    return _stored(name, claim, CLAIMS_ZH, "directional claim")


def criterion_zh(criterion: Mapping[str, Any]) -> tuple[str, str]:
    """A criterion's ``claim`` and ``evidence`` in Chinese, with the same numbers.

    Raises:
        ValueError: for an unknown criterion name or a sentence no template matches.
    """
    name = criterion["name"]
    if name not in CRITERIA_ZH:
        raise ValueError(f"no Chinese text for the criterion {name!r}: {criterion['claim']!r}")
    claims, evidence = CRITERIA_ZH[name]
    named = re.fullmatch(r"pattern_(\w+)_somewhere", name)

    def same_pattern(code: str) -> str:
        if named and code != named[1]:
            raise ValueError(f"criterion {name!r} is about pattern {named[1]}, not {code}")
        return _pattern(code)

    convert = {"p": same_pattern, "weak": _code_list, "conditional": _code_list,
               "threshold": _number, "share": _number, "moved": _number, "total": _number,
               "through": _number, "n": _number}
    claim = translate(criterion["claim"], claims, convert=convert, extra=_pattern_name,
                      what=f"criterion {name!r}")
    return claim, translate(criterion["evidence"], evidence, convert=convert,
                            what=f"evidence of criterion {name!r}")


def lever_note_zh(note: str) -> str:
    """A lever's sampling-bound note in Chinese."""
    return fixed(" ".join(note.split()), LEVER_NOTES_ZH, "lever note")


def calibration_zh(column: str, text: str) -> str:
    """One cell of the calibration table (``source``, ``finding``, ...) in Chinese."""
    if column not in CALIBRATION_ZH:
        raise ValueError(f"no Chinese templates for the calibration column {column!r}")
    return translate(text, CALIBRATION_ZH[column], convert=_CALIBRATION_CONVERT,
                     what=f"calibration {column}")


def _verdict(holds: bool) -> str:
    return YES if holds else f"**{NO}**"


def _direction(direction: str) -> str:
    return fixed(direction, DIRECTIONS_ZH, "direction")


def _group(group: str) -> str:
    return fixed(group, GROUPS_ZH, "lever group")


def _lever(name: str) -> str:
    if name == SEED_INPUT:
        return "`seed`（噪声基底）"
    return f"`{name}`"


def _pattern_heading(code: str) -> str:
    if code == "none":
        return pattern_zh(None)
    if code not in PATTERNS_ZH:
        raise ValueError(f"not a pattern: {code!r}")
    return pattern_zh(code)


# ---------------------------------------------------------------------------
# Markdown (same shapes as sim.validation.report)
# ---------------------------------------------------------------------------
def summary_markdown_zh(report: dict[str, Any]) -> str:
    """One paragraph: what was run, and how many criteria hold (:func:`summary_markdown`)."""
    study, settings = report["study"], report["settings"]
    verdicts = ([c["holds"] for c in report["criteria"]]
                + [f["holds"] for f in report["robust_facts"]]
                + [c["holds"] for c in report["directional_claims"]])
    return (
        f"敏感性分析：{study['scenarios']:,} 个情景（Sobol' 设计，N = {study['samples']}，"
        f"{len(report['levers'])} 个杠杆），每个情景用 {len(study['seeds'])} 个随机种子、"
        f"{study['n_customers']:,} 个客户运行 {study['periods']} 期。稳健性：每条事实和每个命题各 "
        f"{settings['robust_samples']} 个情景，每个情景 {settings['robust_seeds']} 个随机种子。"
        f"{len(verdicts)} 条标准中有 {sum(verdicts)} 条成立。"
        f"（报告键 `{report['key']}`，计算用时 {report['elapsed_seconds']:.0f} 秒。）")


def criteria_markdown_zh(report: dict[str, Any]) -> str:
    """The sensitivity criteria as a table: criterion, evidence, verdict."""
    rows = []
    for c in report["criteria"]:
        claim, evidence = criterion_zh(c)
        rows.append([claim, evidence, _verdict(c["holds"])])
    return _table(["标准", "证据", "是否成立"], rows)


def effects_markdown_zh(report: dict[str, Any]) -> str:
    """Per lever: its strongest total effect, the noise floor there, and the verdict."""
    rows = [[f"`{e['lever']}`", f"`{e['outcome']}`",
             f"{e['ST']:.2f}\u00a0±\u00a0{e['ST_conf']:.2f}", f"{e['floor']:.2f}",
             e["outcomes"], _verdict(e["non_negligible"])]
            for e in report["effects"]]
    return _table(["杠杆", "影响最强的结果指标", "总指数 ST", "噪声基底", "受影响的结果指标数",
                   "不可忽略"], rows)


def indices_markdown_zh(report: dict[str, Any], key: str = "ST") -> str:
    """The matrix of one index (``ST`` or ``S1``): a row per lever, a column per outcome."""
    by = {(r["lever"], r["outcome"]): r[key] for r in report["indices"]}
    names = list(dict.fromkeys(r["lever"] for r in report["indices"]))
    rows = [[_lever(n)] + [f"{by[(n, o)]:.2f}" for o in report["outcomes"]] for n in names]
    return _table(["杠杆"] + [f"`{o}`" for o in report["outcomes"]], rows)


def pattern_space_markdown_zh(report: dict[str, Any]) -> str:
    """Share of the sampled space where each pattern is the most common ending."""
    space = report["pattern_space"]
    return _table(["最常见的结局"] + [_pattern_heading(p) for p in space],
                  [["占取样情景的比例"] + [f"{v:.1%}" for v in space.values()]])


def robust_facts_markdown_zh(report: dict[str, Any]) -> str:
    """Each fact: its preset, whether it holds there, and the share of perturbations it survives."""
    step = report["thresholds"]["robust_step"]
    rows = [[fact_claim_zh(f["name"], f["claim"]), f"`{f['preset']}`",
             YES if f["holds_at_base"] else NO,
             f"{f['share']:.0%}（共 {f['n']} 个）", _verdict(f["holds"])]
            for f in report["robust_facts"]]
    need = report["thresholds"]["required_share"]
    return _table(["事实", "预设情景", "在预设情景下成立",
                   f"每个杠杆移动 ≤ ±{step:g} 时成立", f"≥ {need:.0%}"], rows)


def directional_markdown_zh(report: dict[str, Any]) -> str:
    """Each directional claim: the move, the outcome, the share of base scenarios it holds in."""
    need = report["thresholds"]["required_share"]
    rows = []
    for c in report["directional_claims"]:
        fixed_fields = "、".join(f"`{k}` = {v:g}" for k, v in c["fixed"].items())
        move = f"`{c['lever']}` {c['step']:+g}" + (f"（{fixed_fields} 时）" if fixed_fields
                                                   else "")
        thin = c.get("thin", 0)
        held = f"{c['share']:.0%}（共 {c['n']} 个"
        if thin:
            held += (f"；{c['ties']} 个持平；{thin} 个被剔除，其比例所依据的关系少于 "
                     f"{report['thresholds']['min_base']} 个）")
        else:
            held += f"，{c['ties']} 个持平）"
        rows.append([directional_claim_zh(c["name"], c["claim"]), move,
                     f"`{c['outcome']}`：{_direction(c['direction'])}", held,
                     _verdict(c["holds"])])
    return _table(["命题", "移动", "结果指标", "成立比例", f"≥ {need:.0%}"], rows)


def levers_markdown_zh(report: dict[str, Any]) -> str:
    """The levers and the ranges sampled."""
    rows = [[f"`{lv['lever']}`", _group(lv["group"]),
             f"[{lv['low']:g}, {lv['high']:g}]" + ("，整数" if lv["integer"] else ""),
             lever_note_zh(lv["note"])] for lv in report["levers"]]
    return _table(["杠杆", "分组", "取样范围", "说明"], rows)


def calibration_markdown_zh(report: dict[str, Any]) -> str:
    """Published figures beside the model's, with the scenario that shows each."""
    columns = ("source", "finding", "published", "model_text", "scenario")
    rows = [[calibration_zh(k, _cell(r[k])) for k in columns]
            for r in report.get("calibration", [])]
    if not rows:
        return "本报告没有做校准比较。"
    return _table(["来源", "发现", "文献数字", "模型数字", "情景"], rows)


def to_markdown_zh(report: dict[str, Any], level: int = 2) -> str:
    """The whole report as one MyST Markdown document (:func:`to_markdown` in Chinese)."""
    h = "#" * level
    parts = [f"{'#' * (level - 1)} 验证报告" if level > 1 else "",
             summary_markdown_zh(report),
             f"{h} 敏感性判定标准", criteria_markdown_zh(report),
             f"{h} 稳健事实", robust_facts_markdown_zh(report),
             f"{h} 方向性命题", directional_markdown_zh(report),
             f"{h} 与已发表数字的校准比较", calibration_markdown_zh(report),
             f"{h} 每个杠杆最强的效应", effects_markdown_zh(report),
             f"{h} 整个取样空间中最常见的结局", pattern_space_markdown_zh(report),
             f"{h} Sobol' 总指数（ST）", indices_markdown_zh(report, "ST"),
             f"{h} Sobol' 一阶指数（S1）", indices_markdown_zh(report, "S1"),
             f"{h} 杠杆及其取样范围", levers_markdown_zh(report)]
    return "\n\n".join(p for p in parts if p) + "\n"


STALE_NOTE_ZH = (
    "```{warning}\n本次构建显示的验证报告来自较早版本的模型：构建时设置了 "
    "`LOYALTY_LAB_SKIP_VALIDATION=1`，仅供本地工作使用。去掉该设置重新构建即可刷新报告。\n```\n\n")
"""The appendix's warning that the report is stale, in Chinese (its English is in the
appendix's code cell)."""
