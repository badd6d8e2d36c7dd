"""The stylized-fact experiments' sentences in Chinese (issue 13).

Why: the chapters glue each fact's ``experiment`` and ``evidence`` sentences
(:mod:`sim.facts`) into their prose; the Chinese edition needs the same
sentences, with the same numbers, in Chinese. :mod:`sim.facts` is not
changed (the validation report is keyed on it), so
the Chinese sentence is made from the English one: each English sentence
comes from one f-string template in :mod:`sim.facts`, and the template below
that matches it gives the values (already formatted as in English, so the two
editions show the same digits) to a Chinese template.

A sentence no template matches raises :class:`ValueError`: when
:mod:`sim.facts` changes its wording, the book build (the chapters call
:func:`evidence_zh` and :func:`experiment_zh`) and
``tests/test_translation.py`` fail instead of showing English on a Chinese page.
"""

from __future__ import annotations

import re

from sim.i18n.names import PATTERNS_ZH

_PATTERN = "{name}"


def _compile(template: str) -> re.Pattern[str]:
    """An English template with ``{name}`` fields -> a regex matching the whole sentence."""
    parts = re.split(r"\{(\w+)\}", template)
    regex = ""
    for i, part in enumerate(parts):
        regex += re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
    return re.compile(regex + r"\Z", re.S)


# English template (as sim.facts words it) -> Chinese template, same field names.
EVIDENCE: tuple[tuple[str, str], ...] = (
    ("Pattern {top} is the most common ending ({share} of resolved relationships; "
     "{unresolved} of all relationships still unresolved).",
     "最常见的结局是模式{top}（{top_name}），占已有定论关系的 {share}；全部关系中仍有 "
     "{unresolved} 尚未定论。"),
    ("Pattern III share goes from {a} at price {p0} (margin {m0}) to {b} at price {p1} "
     "(margin {m1}).",
     "模式III（提前退出型）的占比从价格 {p0}（毛利 {m0}）时的 {a} 变为价格 {p1}（毛利 {m1}）时的 "
     "{b}。"),
    ("Fully met basic expectations give loyalty {basic} (average loyalty {avg}); fully met "
     "latent expectations give {latent}; unmet basic expectations (supplier value {level}) "
     "give {unmet}. Curvature {cb} (basic), {cl} (latent).",
     "基本期望完全得到满足时，忠诚为 {basic}（平均忠诚 {avg}）；潜在期望完全得到满足时为 "
     "{latent}；基本期望未得到满足（供应商价值 {level}）时为 {unmet}。曲率：基本期望 {cb}，"
     "潜在期望 {cl}。"),
    ("Repurchase {r0} -> {r1}; price tolerance {t0} -> {t1}; cross-buying {c0} -> {c1}; "
     "referral {f0} -> {f1}.",
     "重复购买意向 {r0} → {r1}；价格忍耐力 {t0} → {t1}；交叉购买意向 {c0} → {c1}；"
     "推荐意向 {f0} → {f1}。"),
    ("Of the customers won before rivals copy it, the financial bond keeps {fb} more for a "
     "year; of those won after, {fa}. The structural bond: {sb} and {sa}.",
     "在竞争对手模仿财务联系之前赢得的客户中，财务联系使一年后仍在购买的客户比例变化 {fb}；"
     "在模仿之后赢得的客户中为 {fa}。结构联系：分别为 {sb} 和 {sa}。"),
    ("{start} (first purchase at t = 0) and {end} (end of year); the model's survival curve "
     "gives a mean lifetime of {life} periods against 1/r = {inverse}.",
     "{start}（首次购买在 t = 0）和 {end}（现金流在年末）；模型的生存曲线给出的平均生命周期为 "
     "{life} 期，而 1/r = {inverse}。"),
    ("Locked in by poor value: {la} customers, profit {lp}, referral {lr}; good value: {ga} "
     "customers, profit {gp}, referral {gr}.",
     "以低价值锁定客户：{la} 位客户，利润 {lp}，推荐意向 {lr}；高价值：{ga} 位客户，利润 "
     "{gp}，推荐意向 {gr}。"),
    ("Profit over the run peaks at price {price} (margin {margin}): {best} against {low} at "
     "the lowest and {high} at the highest price; established customers' annual churn rises "
     "from {c0} to {c1}.",
     "整个运行期的利润在价格 {price}（毛利 {margin}）时达到峰值：{best}，而最低价格时为 {low}，"
     "最高价格时为 {high}；老客户的年流失率从 {c0} 升至 {c1}。"),
    ("At the same innovation spend, the balanced supplier ends with mean attitude {ba} and "
     "profit {bp}; the one polishing the basics with {ta} and {tp}.",
     "在相同的创新投入下，兼顾潜在期望的供应商最终平均态度为 {ba}，利润为 {bp}；一味打磨基本服务的"
     "供应商分别为 {ta} 和 {tp}。"),
    ("Of the customers won after rivals copy financial bonds, a structural bond keeps {s} "
     "more for a year, a social bond {so} and a financial bond {f}.",
     "在竞争对手模仿财务联系之后赢得的客户中，一年后仍在购买的客户比例：结构联系变化 {s}，"
     "社交联系 {so}，财务联系 {f}。"),
    ("Across customers, repurchase intention rises by {low} per unit of rated satisfaction "
     "in the less satisfied half and by {high} per unit in the more satisfied half.",
     "在客户之间比较：在满意度较低的一半客户中，评定满意度每提高一个单位，重复购买意向上升 "
     "{low}；在满意度较高的一半中，每单位上升 {high}。"),
    ("Too few active customers to draw a curve.",
     "活跃客户太少，无法画出曲线。"),
    ("Established customers (past their first year) leave at {churn} a year; the survival "
     "curve's expected lifetime is {life} periods.",
     "老客户（已过第一年）每年流失 {churn}；生存曲线给出的预期客户生命周期为 {life} 期。"),
)

EXPERIMENT: tuple[tuple[str, str], ...] = (
    ("Preset 'unfair' with its price lowered by {steps} and 0 (from the fairest split to "
     "the preset's own).",
     "预设情景“unfair”，价格依次降低 {steps} 和 0（从最公平的分配一直到该预设情景本身的分配）。"),
    ("A closed cohort over {n} periods with a fixed offer: supplier_value over {basic} with "
     "no latent value, and latent_value over {latent} at supplier_value {value}; means per "
     "customer-period.",
     "一个封闭的客户群，{n} 期内提供物固定：没有潜在价值时 supplier_value 取 {basic}，"
     "supplier_value 为 {value} 时 latent_value 取 {latent}；按每位客户每期取平均。"),
    ("Default scenario with switching_cost over {levels}; means over active customers at "
     "the end.",
     "默认情景，switching_cost 取 {levels}；取运行结束时活跃客户的平均值。"),
    ("Rivals out-innovate the supplier and copy financial bonds after the imitation lag; the "
     "share of new customers still buying a year after arrival with each bond at full "
     "strength against no bond, for customers won before imitation and from six periods "
     "after it.",
     "竞争对手的创新快于供应商，并在模仿滞后期之后模仿财务联系；比较每种联系全力施加与没有联系时，"
     "新客户到来一年后仍在购买的比例，分别针对模仿之前赢得的客户和模仿六期之后赢得的客户。"),
    ("sim.clv on the worked example (N = {n}, C0 = {c0}, P0 = {p0}, +{growth} a year, "
     "{rate} %); a closed cohort of contented customers leaving only for outside reasons "
     "(constant churn), its Kaplan-Meier mean lifetime against 1 / (its churn per period).",
     "用 sim.clv 计算实例（N = {n}，C0 = {c0}，P0 = {p0}，每年 +{growth}，{rate}%）；"
     "一个只因外部原因离开的满意客户封闭群体（流失率恒定），比较其 Kaplan-Meier 平均生命周期与 "
     "1 /（每期流失率）。"),
    ("The default scenario against the same supplier with {less} less value and {more} more "
     "switching cost.",
     "默认情景，与价值低 {less}、转移成本高 {more} 的同一供应商比较。"),
    ("Default scenario with price over {prices}.",
     "默认情景，价格取 {prices}。"),
    ("Preset 'satisfaction_trap' (the chapter's market) with latent_focus {trap} (the trap) "
     "and {balanced} (balanced), the same innovation budget.",
     "预设情景“satisfaction_trap”（本章的市场），latent_focus 取 {trap}（陷阱）和 "
     "{balanced}（兼顾），创新预算相同。"),
    ("The bond-durability market; the one-year retention gain of each bond at full strength "
     "for customers won from six periods after rivals copy financial bonds.",
     "联系持久性市场；对竞争对手模仿财务联系六期之后赢得的客户，每种联系全力施加时一年后仍在购买的"
     "比例的提高。"),
    ("Active customers at the end of preset 'delight' in eight equal bands of rated "
     "satisfaction; mean repurchase intention per band.",
     "预设情景“delight”运行结束时的活跃客户，按评定满意度分为八个人数相等的组；每组的平均重复购买意向。"),
    ("Default scenario (a month per period).",
     "默认情景（每期为一个月）。"),
    ("Preset '{preset}'.",
     "预设情景“{preset}”。"),
)

_SEEDS = _compile("{describe} Seeds {seeds}.")


def _translate(text: str, templates: tuple[tuple[str, str], ...]) -> str:
    for english, chinese in templates:
        match = _compile(english).match(text.strip())
        if match:
            values = match.groupdict()
            if "top" in values:
                values["top_name"] = PATTERNS_ZH[values["top"]]
            return chinese.format(**values)
    raise ValueError(f"no Chinese template for the sentence: {text!r}")


def evidence_zh(evidence: str) -> str:
    """A fact's ``evidence`` sentence in Chinese, with the same numbers.

    >>> evidence_zh("Established customers (past their first year) leave at 16% a year; "
    ...             "the survival curve's expected lifetime is 52 periods.")
    '老客户（已过第一年）每年流失 16%；生存曲线给出的预期客户生命周期为 52 期。'
    """
    return _translate(evidence, EVIDENCE)


def experiment_zh(experiment: str) -> str:
    """A fact's ``experiment`` sentence (what was run, and the seeds) in Chinese.

    >>> experiment_zh("Preset 'aborted'. Seeds [1, 2, 3].")
    '预设情景“aborted”。种子 [1, 2, 3]。'
    """
    match = _SEEDS.match(experiment.strip())
    if not match:
        return _translate(experiment, EXPERIMENT)
    return f"{_translate(match['describe'], EXPERIMENT)}种子 {match['seeds']}。"
