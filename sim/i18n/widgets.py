"""The interactive figures and the classroom app in Chinese (issue 13).

Why a translation layer and not Chinese figure modules: a figure's
description (:class:`sim.widgets.spec.FigureSpec`) is one for both languages
(the book is executed once, in English, and its Chinese edition shows the
same saved figures), so it stays English and unchanged; :func:`translate_spec`
translates the description's JSON (the copy sent to the browser) when a
figure is built with ``lang="zh"``, and
:data:`UI_ZH` gives the widget's own words (buttons, the provenance line,
the verdict of a prediction; ``sim/static/widget.js`` looks them up with
``tr``). The numbers and the sentence templates' ``{key|fmt}`` fields are
the same in both languages.

Names of the model's things (patterns, stages, bonds, measures) come from
:mod:`sim.i18n.names`; the words follow the glossary and the catalogues
(挽回 win-back, 提供物 offer, 替代选择 alternative, 情景 scenario).

Coverage: the classroom's dashboard figure (``scenarios``), with its
presets, levers, charts, table and sentences, and the chapter-3 figure
(``lifecycle``) are translated completely (``tests/test_cli_zh.py`` checks
that no English sentence is left); other figures show their figure-specific
texts in English until :data:`FIGURE_TEXT_ZH` has them
(:func:`untranslated` lists them).
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from sim.i18n.names import (
    BONDS_ZH,
    LOYALTY_TYPES_ZH,
    MEASURES_ZH,
    PATTERNS_ZH,
    STAGES_ZH,
)

LANGUAGES = ("en", "zh")
"""Languages of the figures and the classroom app."""

_ENGLISH_WORD = re.compile(r"\b(?![IVX]+\b)[A-Za-z]{3,}\b")

# ---------------------------------------------------------------------------
# The sliders' words (sim/widgets/labels.py), by scenario field.

_QUALITY = "在本书 0 到 1 的质量尺度上，新客户的期望约为 0.5。"

FIELD_TEXT_ZH: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "supplier_value": (
        "起初的提供物有多好",
        "供应商在第一个月提供的基本价值。" + _QUALITY,
        ("差", "符合期望", "市场最佳")),
    "value_innovation": (
        "供应商改进提供物的速度",
        "它用于改进的预算。要跟上客户，提供物的改进至少要和客户期望上升得一样快；预算如何在基本服务"
        "和客户没有说出的需求之间分配，是另一个选择。",
        ("从不改进", "稳步改进", "快速改进")),
    "latent_focus": (
        "改进预算中用于未说出需求的比例",
        "其余的用于打磨基本服务。无论怎样分配，预算及其成本都不变：变的只是钱花在哪里。",
        ("全部用于基本服务", "各占一半", "全部用于未说出的需求")),
    "price": (
        "供应商的价格",
        "竞争对手的售价为 1.00。价格越高，每笔销售留给供应商的越多（其毛利），留给客户的收益越少；"
        "处于稳定关系中的客户会判断这种分配是否公平。",
        ("低于市场", "市场价格", "高于市场")),
    "winback_effort": (
        "供应商挽回退化期客户的力度",
        "给处于退化期的客户的挽回方案的大小。"
        "只有当客户的价值高于挽回方案的成本时，供应商才提出它。",
        ("任其离开", "适度的挽回方案", "慷慨的挽回方案")),
    "relational_share": (
        "客户对关系本身的重视程度",
        "交易导向的客户每次都按价格和价值购买；关系导向的客户重视信任、个人联系和收益的公平分配。",
        ("全部交易导向", "两者混合", "全部关系导向")),
    "latent_value": (
        "供应商带来多少惊喜",
        "供应商满足客户未说出的（潜在）需求的比例：这是高于平均水平的忠诚的来源。",
        ("只有基本服务", "满足一半", "全部满足")),
    "expectation_growth": (
        "客户期望上升的速度",
        "去年让客户惊喜的，今年客户就视为理所当然。",
        ("从不上升", "稳步上升", "上升很快")),
    "switching_cost": (
        "客户离开要付出的代价",
        "搜寻、学习、合同和启用的成本，还未计入任何关系联系或共同的历史。",
        ("没有代价", "明显", "代价很高")),
    "financial_bond": (
        f"积分与折扣（{BONDS_ZH['financial_bond']}）",
        "立即增加价值，代价是一部分收入；竞争对手几个月后就会模仿。",
        ("没有", "适中", "慷慨")),
    "social_bond": (
        f"个人认可（{BONDS_ZH['social_bond']}）",
        "了解客户的员工：信任增长更快，离开要失去一段个人联系。每位客户每月需支付一笔费用。",
        ("没有", "每位客户都被叫得出名字")),
    "structural_bond": (
        f"定制化系统（{BONDS_ZH['structural_bond']}）",
        "围绕每位客户构建、竞争对手无法模仿的价值，以及很高的离开障碍。每位客户每月的成本高于"
        f"{BONDS_ZH['social_bond']}。",
        ("没有", "完全嵌入")),
    "market_innovation": (
        "竞争对手改进的速度",
        "竞争对手提供的东西，会成为客户对每个供应商的期望。",
        ("从不改进", "稳步改进", "快速改进")),
    "n_rivals": (
        "竞争供应商的数量",
        "竞争对手越多，其中某一家适合某位客户的可能性就越大。",
        ()),
    "background_churn": (
        "因关系以外的原因流失的客户",
        "无论供应商做什么，每月都会离开的客户比例：他们搬走了，或者不再需要这类产品。",
        ()),
    "imitation_lag": (
        "竞争对手模仿积分所需的月数",
        "积分计划保持独有的时间。与运行时长一样长的滞后意味着这里的竞争对手从不模仿。",
        ()),
    "financial_bond_cost": (
        "最慷慨时返还的收入",
        "计划最慷慨时，每笔销售中以积分和折扣形式返还的比例。",
        ()),
    "initial_expectation": (
        "新客户的期望",
        "一位普通新客户期望的基本价值。" + _QUALITY,
        ("很少", "一般的提供物", "很多")),
    "competitor_value": (
        "最佳竞争对手的提供物有多好",
        "起初最佳替代选择的基本价值。" + _QUALITY,
        ("差", "符合期望", "非常好")),
}
"""Scenario field -> (label, help, anchor words in the order of the English anchors)."""

UNITS_ZH = {"a month": "每月", "months": "个月"}

# ---------------------------------------------------------------------------
# The presets (sim/presets.py), by name: title and description.

PRESETS_ZH: dict[str, tuple[str, str]] = {
    "baseline": (
        "默认市场",
        "一个体面的供应商：满足客户的期望并不断改进，"
        "按市场价格销售，面对两个一般的竞争对手；每个参数"
        "都取默认值。"),
    "aborted": (
        f"模式I：{PATTERNS_ZH['I']}",
        "供应商提供的远少于新客户的期望，"
        "而且没有任何东西（尚无信任、没有转移成本）保护最初的几次购买："
        f"大多数关系在{STAGES_ZH['exploration']}结束。"),
    "stalled": (
        f"模式II：{PATTERNS_ZH['II']}",
        "价值满足客户最初的期望，但不再增长，而客户的期望在上升：关系走过"
        f"{STAGES_ZH['exploration']}，在{STAGES_ZH['formation']}夭折。"),
    "unfair": (
        f"模式III：{PATTERNS_ZH['III']}",
        "价值好且不断增长，却以高于市场价格 30% 的价格卖给重视关系的客户："
        "供应商拿走了大部分共同收益，"
        f"客户一旦进入{STAGES_ZH['stability']}并判断这种分配，就会提前离开。"),
    "lifelong": (
        f"模式IV：{PATTERNS_ZH['IV']}",
        "价值始终高于每个竞争对手，价格略低于市场价格，"
        "因此分配公平，社交联系和结构联系又提高了转移成本："
        f"大多数关系进入长期的{STAGES_ZH['stability']}。"),
    "satisfaction_trap": (
        "客户满意陷阱",
        "一个满足基本期望的供应商把全部创新预算都用于打磨基本服务，几乎不投入潜在需求：客户满意，"
        "忠诚却停留在平均水平。"),
    "delight": (
        "满足潜在期望",
        "同一个供应商、同样的预算，把大部分花在客户自己都不知道的需求上："
        "满意转化为高于平均水平的忠诚。"),
    "financial_bond": (
        f"第一层次：{BONDS_ZH['financial_bond']}",
        "积分和折扣能很快赢得客户，直到竞争对手模仿它们。"),
    "social_bond": (
        f"第二层次：{BONDS_ZH['social_bond']}",
        "个人认可和接触：信任建立得更快，离开要付出心理代价。"),
    "structural_bond": (
        f"第三层次：{BONDS_ZH['structural_bond']}",
        "定制化系统提供竞争对手无法模仿的价值，并提高离开的代价。"),
    "locked_in": (
        "被锁定：转移成本很高",
        "转移成本很高，其他一切不变：客户继续购买，"
        "却并没有更喜欢供应商；他们离开得更慢，而不是从不离开。"),
    "bond_market": (
        "竞争对手创新更快",
        "供应商改进缓慢，而竞争对手改进很快，并在一年后模仿财务联系：客户不断离开，每种联系的好坏"
        "可以用它留住了多少客户来判断。"),
    "constant_churn": (
        "恒定流失：生命周期 1/r",
        "一个满意客户的封闭群体，他们只因关系以外的原因离开，每月 2%：每个年龄的流失率都相同，因此"
        "平均生命周期为 1 / 0.02 = 50 个月。"),
    "rivals_overtake": (
        "竞争对手反超",
        "一个封闭的客户群体：供应商的价值起初远高于竞争对手，但其创新停止了，而竞争对手不断改进；"
        "竞争对手提供的东西成为客户的期望，已进入稳定期的客户一旦发现供应商达不到，就会离开。"),
}
"""Preset name -> (title, description) in Chinese."""

# ---------------------------------------------------------------------------
# The figures' own texts: exact English -> Chinese. Sentence templates keep
# their ``{key|fmt}`` fields unchanged.

_STAGE_CAP = {s: s.capitalize() for s in STAGES_ZH}
_PATTERN_SHORT = {"I": "I aborted early", "II": "II died mid-way", "III": "III early exit",
                  "IV": "IV long-term"}
"""As ``sim.widgets.figures.common.PATTERN_LABELS`` (the charts' short pattern labels)."""


def _common_text() -> dict[str, str]:
    """The texts of the shared panels and table rows (``sim/widgets/figures/common.py``)."""
    out = {
        "Customers by stage over time": "各阶段客户数随时间的变化",
        "Customers by stage in the chosen month": "所选月份各阶段的客户数",
        "Month": "月",
        "Customers": "客户数",
        "Customer life curves by pattern": "各模式的客户生命曲线",
        "Age of the relationship (months)": "关系的年龄（月）",
        "Mean volume": "平均交易量",
        "How the decided relationships ended": "已有定论的关系如何结束",
        "Share of decided relationships": "占已有定论关系的比例",
        "Relationships decided": "已有定论的关系",
        "Relationships still undecided at the end": "运行结束时仍未定论的关系",
        "Still undecided, share of all relationships": "仍未定论的关系占全部关系的比例",
        "Random seed": "随机种子",
        "The same seed gives exactly the same run.": "相同的种子给出完全相同的运行。",
        "Scenario": "情景",
    }
    for stage, word in _STAGE_CAP.items():
        zh = STAGES_ZH[stage]
        out[word] = zh
        out[f"{word} (in the chosen month)"] = f"{zh}（所选月份）"
        out[f"{word}: net change in the chosen month"] = f"{zh}：所选月份的净变化"
        out[f"{word}: net change over the 3 months up to the chosen one"] = (
            f"{zh}：截至所选月份的 3 个月内的净变化")
    for p, short in _PATTERN_SHORT.items():
        out[short] = f"{p} {PATTERNS_ZH[p]}"
        out[f"Pattern {short} (share of decided)"] = f"模式{p} {PATTERNS_ZH[p]}（占已有定论的比例）"
    return out


def _prediction_text() -> dict[str, str]:
    """``Pattern II: died mid-way`` -> ``模式II：中途夭折型`` (the reveals' choices)."""
    from sim.stages import PATTERN_NAMES

    return {f"Pattern {p}: {PATTERN_NAMES[p]}": f"模式{p}：{PATTERNS_ZH[p]}" for p in PATTERNS_ZH}


_TIERS_ZH = {"Platinum (top 10%)": "铂金层（前 10%）", "Gold (next 20%)": "黄金层（其后 20%）",
             "Iron (next 30%)": "钢铁层（其后 30%）", "Lead (bottom 40%)": "重铅层（最后 40%）"}
"""The value pyramid's tiers (``sim.widgets.figures.customer_value.TIERS``), as chapter 6
names them (铂金层, 黄金层, 钢铁层, 重铅层)."""

_MOST_ENDED = ("Most decided relationships ended as {dominant|pattern} ({p_I|pct} I, "
               "{p_II|pct} II, {p_III|pct} III, {p_IV|pct} IV; {unresolved|int} still "
               "undecided)")
_MOST_ENDED_ZH = ("大多数已有定论的关系以{dominant|pattern}结束（I {p_I|pct}，II {p_II|pct}，"
                  "III {p_III|pct}，IV {p_IV|pct}；{unresolved|int} 个仍未定论）")

FIGURE_TEXT_ZH: dict[str, str] = {
    # scenarios (chapter 8 and the classroom dashboard)
    "Class scenarios": "课堂情景",
    ("{preset}: in month {t}, {st_exploration@t|int} customers are exploring, "
     "{st_formation@t|int} forming, {st_stability@t|int} stable, "
     "{st_decline@t|int} declining and {st_ended@t|int} have ended. Of the "
     "{resolved|int} relationships decided by the end, I {p_I|pct}, II {p_II|pct}, "
     "III {p_III|pct}, IV {p_IV|pct}; {unresolved|int} are still undecided."):
        ("{preset}：第 {t} 月，{st_exploration@t|int} 位客户处于考察期，{st_formation@t|int} 位"
         "处于形成期，{st_stability@t|int} 位处于稳定期，{st_decline@t|int} 位处于退化期，"
         "{st_ended@t|int} 位的关系已结束。运行结束时已有定论的 {resolved|int} 个关系中，"
         "I {p_I|pct}，II {p_II|pct}，III {p_III|pct}，"
         "IV {p_IV|pct}；{unresolved|int} 个仍未定论。"),
    ("Choosing a scenario sets the levers to that preset's values; move one lever at "
     "a time to see what it does. Each run uses the seed in the box: the same seed "
     "gives the same run."):
        ("选择一个情景，就把各个杠杆设为该预设情景的取值；每次移动一个杠杆，看看它起什么作用。"
         "每次运行使用框中的种子：同一个种子给出同一次运行。"),
    ("Try this: pick each pattern's scenario in turn and press Play; watch where "
     "the customers pile up before their relationships end."):
        "试一试：依次选择每个模式的情景并按“播放”；观察客户在关系结束之前聚集在哪个阶段。",
    ("Predict: in this scenario the supplier's offer is good and keeps "
     "improving, but it sells at 30% above the market's price and so keeps "
     "most of the relationship's gains for itself. Where will most "
     "relationships end?"):
        ("预测：在这个情景中，供应商的提供物很好并且不断改进，但它以高于市场价格 30% 的价格销售，"
         "因而把关系的大部分收益留给了自己。大多数关系会在哪里结束？"),
    _MOST_ENDED + ".": _MOST_ENDED_ZH + "。",
    # lifecycle (chapter 3)
    "The relationship lifecycle: what makes relationships last": "客户关系生命周期："
    "是什么让关系持久",
    ("Of the {resolved|int} relationships decided after 60 months, {p_I|pct} aborted "
     "early (I), {p_II|pct} died mid-way (II), {p_III|pct} exited early (III) and "
     "{p_IV|pct} lasted long-term (IV); {unresolved|int} ({unresolved_share|pct} of "
     "all) are still undecided. At month {t} there are {st_stability@t|int} customers "
     "in stability and {st_ended@t|int} ended relationships."):
        ("60 个月后已有定论的 {resolved|int} 个关系中，{p_I|pct} 早期流产（I），{p_II|pct} 中途夭折"
         "（II），{p_III|pct} 提前退出（III），{p_IV|pct} 长期保持（IV）；{unresolved|int} 个"
         "（占全部的 {unresolved_share|pct}）仍未定论。第 {t} 月有 {st_stability@t|int} 位客户处于"
         "稳定期，{st_ended@t|int} 个关系已结束。"),
    ("Patterns: I ends in exploration, II in formation, III early in stability, "
     "IV stays in stability for at least 24 months. Curves and the timeline "
     "show every third month."):
        ("模式：I 在考察期结束，II 在形成期结束，"
         "III 在稳定期早期结束，IV 在稳定期至少保持 24 个月。"
         "曲线和时间轴每三个月显示一次。"),
    ("Try this: set expectations to rise fast (0.9) and the offer never to "
     "improve (0). Which pattern takes over? Then give the supplier a strong "
     "offer (0.8, improving at 0.6) and raise its price from 1.0 to 1.2: which "
     "pattern grows?"):
        ("试一试：让期望快速上升（0.9），提供物从不改进（0）。"
         "哪种模式占了上风？然后给供应商一个很强的"
         "提供物（0.8，以 0.6 的速度改进），并把价格从 1.0 提高到 1.2：哪种模式增加了？"),
    ("Predict: customers' expectations rise fast (0.9) while the supplier, "
     "whose offer starts a little above them (0.65), never improves it (0). "
     "Where will most relationships end?"):
        ("预测：客户的期望上升很快（0.9），"
         "而供应商的提供物起初略高于期望（0.65），却从不改进（0）。"
         "大多数关系会在哪里结束？"),
    _MOST_ENDED + ": the offer that met expectations at first fell behind them.":
        _MOST_ENDED_ZH + "：起初符合期望的提供物落在了期望后面。",
    # tour (the book's opening page)
    "A first look: one supplier and its customers": "初识：一个供应商和它的客户",
    "Arrived so far (in the chosen month)": "至今已到来的客户（所选月份）",
    ("In month {t}, {st_stability@t|int} customers are in stability and {st_ended@t|int} "
     "relationships have ended; {arrived@t|int} customers have arrived so far ({start|int} at "
     "the start, then new ones every month). Of the {resolved|int} relationships decided by "
     "the end, {p_IV|pct} lasted long-term (pattern IV) and {p_I|pct} aborted early; "
     "{unresolved|int} are still undecided."):
        ("第 {t} 月，{st_stability@t|int} 位客户处于稳定期，{st_ended@t|int} 个关系已结束；"
         "至今已有 {arrived@t|int} 位客户到来（起初 {start|int} 位，之后每月都有新客户）。"
         "运行结束时已有定论的 {resolved|int} 个关系中，{p_IV|pct} 长期保持（模式IV），"
         "{p_I|pct} 早期流产；{unresolved|int} 个仍未定论。"),
    ("Most decided relationships ended as {dominant|pattern}: {p_I|pct} aborted early, "
     "{p_II|pct} died mid-way, {p_III|pct} exited early and {p_IV|pct} lasted "
     "({unresolved|int} still undecided)."):
        ("大多数已有定论的关系以{dominant|pattern}结束：{p_I|pct} 早期流产，{p_II|pct} 中途夭折，"
         "{p_III|pct} 提前退出，{p_IV|pct} 长期保持（{unresolved|int} 个仍未定论）。"),
    ("Predict: the supplier's offer starts well below what new customers expect (0.3). "
     "Where will most relationships end?"):
        "预测：供应商的提供物起初远低于新客户的期望（0.3）。大多数关系会在哪里结束？",
    ("Press Play to watch customers move between stages month by month. New prospects keep "
     "arriving, from marketing and from referrals, so the total grows."):
        ("按“播放”，逐月观察客户在各阶段之间的移动。"
         "新的潜在客户不断通过营销和推荐到来，因此总数在增长。"),
    ("Try this: lower the offer to 0.3 and press Play. Where do most relationships end now? "
     "Then put it back and raise the price to 1.4."):
        ("试一试：把提供物降到 0.3 并按“播放”。现在大多数关系在哪里结束？"
         "然后把它恢复原值，并把价格提高到 1.4。"),
    # retention (chapter 1)
    "Why retention pays": "为什么客户保持是值得的",
    "Share of relationships still going, by age": "按关系年龄划分的仍在继续的关系比例",
    "Still going": "仍在继续",
    "Share still going": "仍在继续的比例",
    "Cumulative profit": "累计利润",
    "Wallet units": "钱包单位",
    "Relationships still going after a year": "一年后仍在继续的关系",
    "Relationships still going at the end": "运行结束时仍在继续的关系",
    "Churn rate r of established customers per year": "老客户的年流失率 r",
    "Expected lifetime from the survival curve (years)": "由生存曲线得出的预期客户生命周期（年）",
    "1 / r: lifetime if every customer left at rate r (years)":
        "1 / r：假如每位客户都以流失率 r 离开时的客户生命周期（年）",
    "Cumulative profit (wallet units)": "累计利润（钱包单位）",
    "Mean lifetime value per customer": "每位客户的平均客户生命周期价值",
    ("{survival_year|pct} of relationships last a full year and {survival_end|pct} are still "
     "going after {periods} months. Established customers (past their first year) leave at "
     "r = {churn_year|pct1} a year; the survival curve gives an expected lifetime of "
     "{lifetime_text}. Cumulative profit: {profit|int} wallet units."):
        ("{survival_year|pct} 的关系维持满一年，{periods} 个月后仍有 {survival_end|pct} 在继续。"
         "老客户（已过第一年）每年以 r = {churn_year|pct1} 的比率离开；由生存曲线得出的"
         "预期客户生命周期为{lifetime_text}。累计利润：{profit|int} 钱包单位。"),
    ("The survival curve follows every relationship from its first purchase and counts those "
     "still going at the end as lasting at least their age so far (Kaplan-Meier). Profit is "
     "gross margin minus acquisition, bond and innovation costs, in wallet units (one wallet "
     "unit is an average customer's monthly spending in the category)."):
        ("生存曲线从首次购买起跟踪每个关系，运行结束时仍在继续的关系按至少持续到其当前年龄计算"
         "（卡普兰-迈耶估计）。利润是毛利减去获取成本、联系成本和创新成本，以钱包单位计"
         "（一个钱包单位是一位普通客户每月在该品类上的支出）。"),
    ("Try this: keep the offer at 0.6 and stop improving it (0). How much shorter do "
     "relationships last, and what happens to profit?"):
        "试一试：把提供物保持在 0.6，并停止改进（0）。关系的持续时间缩短了多少？利润又会怎样？",
    ("Predict: a supplier starts with a poor offer (0.4) but improves it fast (1). Will at "
     "least half of its relationships last a full year?"):
        "预测：一个供应商起初的提供物很差（0.4），但改进得很快（1）。它的关系中至少有一半能维持满一年吗？",
    "Yes, at least half": "会，至少一半",
    "No, fewer than half": "不会，不到一半",
    ("{survival_year|pct} of its relationships last a year and {survival_end|pct} are still "
     "going after {periods} months; the survival curve gives an expected lifetime of "
     "{lifetime_text}."):
        ("它的关系中有 {survival_year|pct} 维持了一年，{periods} 个月后仍有 {survival_end|pct} "
         "在继续；由生存曲线得出的预期客户生命周期为{lifetime_text}。"),
    # bonding (chapter 2)
    "Three levels of bonding: what lasts when rivals copy":
        "三个层次的联系：竞争对手模仿时什么能持久",
    "Share of customers still active": "仍活跃的客户比例",
    "With these bonds": "采用这些联系",
    "No bonds": "没有联系",
    "Share active": "活跃比例",
    ("With these bonds {retention_end|pct} of customers are still active after {periods} "
     "months, against {retention_base_end|pct} without bonds ({extra_active|signed} "
     "customers); cumulative profit is {profit|int} against {profit_base|int} wallet units. "
     "Rivals copy the points after {imitation_lag|f0} months."):
        ("采用这些联系，{periods} 个月后仍有 {retention_end|pct} 的客户活跃，没有联系时为 "
         "{retention_base_end|pct}（{extra_active|signed} 位客户）；累计利润为 {profit|int}，"
         "没有联系时为 {profit_base|int} 钱包单位。竞争对手在 {imitation_lag|f0} 个月后模仿积分。"),
    "Still active at the end": "运行结束时仍活跃",
    "Still active, no bonds": "仍活跃（没有联系）",
    "Extra customers kept": "多留住的客户",
    "Cumulative profit, no bonds": "累计利润（没有联系）",
    "Long-term relationships (IV, share of decided)": "长期保持型关系（IV，占已有定论的比例）",
    ("The market of chapter 2's experiment: rivals improve their offer faster than the "
     "supplier, so customers keep leaving unless something holds them. Points give back part "
     "of the revenue; recognition and customised systems cost a fee per active customer and "
     "month. Curves show every second month."):
        ("第 2 章实验中的市场：竞争对手改进提供物的速度快于供应商，因此除非有东西留住客户，"
         "客户会不断离开。积分返还一部分收入；个人认可和定制化系统则按每位活跃客户每月收取"
         "一笔费用。曲线每两个月显示一次。"),
    ("Try this: points only, then rivals copying after 0 months and after 24. Then swap the "
     "points for customised systems."):
        "试一试：只用积分，然后让竞争对手分别在 0 个月和 24 个月后模仿。再把积分换成定制化系统。",
    ("Predict: the supplier offers generous points (1) and nothing else, and rivals copy the "
     "points after 6 months. After five years, does the supplier still keep more customers "
     "than with no bond at all?"):
        ("预测：供应商只提供慷慨的积分（1），别无其他，竞争对手在 6 个月后模仿了积分。"
         "五年后，供应商留住的客户是否仍多于完全没有联系时？"),
    "Yes, clearly more": "是，明显更多",
    "No, about the same or fewer": "不是，差不多或更少",
    ("With copied points {retention_end|pct} are still active against {retention_base_end|pct} "
     "with no bond ({extra_active|signed} customers); cumulative profit is {profit|int} "
     "against {profit_base|int} wallet units."):
        ("积分被模仿后，仍有 {retention_end|pct} 的客户活跃，没有联系时为 "
         "{retention_base_end|pct}（{extra_active|signed} 位客户）；累计利润为 {profit|int}，"
         "没有联系时为 {profit_base|int} 钱包单位。"),
    # satisfaction_trap (chapter 4)
    "The satisfaction trap: polishing the basics vs serving latent needs":
        "客户满意陷阱：打磨基本服务还是满足潜在需求",
    "Loyalty (attitude)": "忠诚（态度）",
    "Average loyalty": "平均忠诚",
    "Loyalty as the budget moves to unspoken needs": "预算转向未说出的需求时的忠诚",
    "Share of the budget spent on unspoken needs": "用于未说出需求的预算比例",
    "Loyalty": "忠诚",
    "Profit as the budget moves to unspoken needs": "预算转向未说出的需求时的利润",
    "Profit over five years": "五年利润",
    "Loyalty as the budget grows, split as chosen": "预算增加时的忠诚（按所选比例分配）",
    "Active customers at the end": "运行结束时的活跃客户",
    "Mean": "平均值",
    "Basic satisfaction": "基本满意",
    "Latent satisfaction": "潜在满意",
    "Repurchase intention": MEASURES_ZH["repurchase"],
    ("With {focus|pct} of the budget spent on unspoken needs, basic satisfaction is "
     "{basic_satisfaction|f2} and latent satisfaction {latent_satisfaction|f2}; loyalty is "
     "{loyalty|f2} (average loyalty is {average|f2}): {trap_text}. Profit over {periods} "
     "months: {profit|int} wallet units."):
        ("把 {focus|pct} 的预算用于未说出的需求时，基本满意为 {basic_satisfaction|f2}，"
         "潜在满意为 {latent_satisfaction|f2}；忠诚为 {loyalty|f2}（平均忠诚为 {average|f2}）："
         "{trap_text}。{periods} 个月的利润：{profit|int} 钱包单位。"),
    "Profit (wallet units)": "利润（钱包单位）",
    ("One supplier, whose offer meets basic expectations at the start (0.65), with one "
     "improvement budget that costs the same however it is split. Loyalty is the mean "
     "attitudinal loyalty of customers still active after 60 months; the diamond marks the "
     "current setting, the lines run through it along each lever."):
        ("一个供应商，其提供物起初满足基本期望（0.65），有一笔改进预算，无论怎样分配成本都相同。"
         "忠诚是 60 个月后仍活跃客户的平均态度忠诚；"
         "斜放的方块标出当前设置，各条线沿每个杠杆穿过它。"),
    ("Try this: with the whole budget on the basics (0%), raise the budget from 0.2 to 1. "
     "Then keep the budget at 0.8 and move half of it to unspoken needs. Which change buys "
     "loyalty? Then shrink the budget to 0.2: does the split still help?"):
        ("试一试：把全部预算用于基本服务（0%），把预算从 0.2 提高到 1。然后把预算保持在 0.8，"
         "把一半转向未说出的需求。哪一种改变换来了忠诚？再把预算缩减到 0.2：这种分配还有帮助吗？"),
    ("Predict: a hotel spends its whole improvement budget (0.8) polishing basics that "
     "already meet what guests expect, and nothing on needs they have not voiced. Will its "
     "guests' loyalty rise well above the average level?"):
        ("预测：一家酒店把全部改进预算（0.8）都用于打磨已经满足客人期望的基本服务，"
         "完全不投入客人没有说出的需求。它的客人的忠诚会远高于平均水平吗？"),
    "Yes, well above average": "会，远高于平均水平",
    "No, it stays near the average": "不会，它停留在平均水平附近",
    "Loyalty is {loyalty|f2} against an average level of {average|f2}: {trap_text}.":
        "忠诚为 {loyalty|f2}，平均水平为 {average|f2}：{trap_text}。",
    # drivers (chapter 5)
    "What drives loyalty: four determinants, four measures": "什么驱动忠诚：四个决定因素，四项指标",
    "The four loyalty measures (active customers)": "四项忠诚指标（活跃客户）",
    "These settings": "当前设置",
    "Default scenario": "默认情景",
    "Repurchase": MEASURES_ZH["repurchase"],
    "Cross-buying": MEASURES_ZH["cross_buy"],
    "Referral": MEASURES_ZH["referral"],
    "Price tolerance": MEASURES_ZH["price_tolerance"],
    "Measures as leaving gets costlier": "离开的代价增加时的各项指标",
    "Mean intention": "平均意向",
    "Loyalty types among active customers": "活跃客户中的忠诚类型",
    "Share of active customers": "占活跃客户的比例",
    # The bar chart's categories are the types' own names; "none" is also a slider's
    # scale word (没有, from the field table), which reads right in the chart too.
    **{t: zh for t, zh in LOYALTY_TYPES_ZH.items() if t != "none"},
    **{f"Loyalty type: {t}": f"忠诚类型：{zh}" for t, zh in LOYALTY_TYPES_ZH.items()},
    ("Repurchase intention {repurchase|f2}, cross-buying {cross_buy|f2}, referral "
     "{referral|f2}, price tolerance {price_tolerance|f2}. {t_super-value|pct} of active "
     "customers show super-value (trust) loyalty and {spurious|pct} a spurious kind (price, "
     "incentive, monopoly, kinship or inertia)."):
        ("重复购买意向 {repurchase|f2}，交叉购买意向 {cross_buy|f2}，推荐意向 {referral|f2}，"
         "价格忍耐力 {price_tolerance|f2}。{t_super-value|pct} 的活跃客户表现出超值忠诚"
         "（基于信任），{spurious|pct} 表现出虚假忠诚（价格、激励、垄断、亲缘或惰性忠诚）。"),
    ("Measures are means over customers still active after 60 months. The grey bars repeat "
     "a middling supplier (the starting settings) for comparison."):
        ("各项指标是 60 个月后仍活跃客户的平均值。"
         "灰色柱显示一个中等供应商（起始设置）的结果，以便比较。"),
    ("Try this: move only the cost of leaving from 0 to 1 and watch which lines of the middle "
     "chart rise and which stay flat."):
        "试一试：只把离开的代价从 0 移到 1，观察中间那张图中哪些线上升、哪些保持平稳。",
    ("Predict: the supplier makes leaving very costly (1) and changes nothing else. Will its "
     "customers recommend it more?"):
        "预测：供应商让离开的代价变得很高（1），其他一切不变。它的客户会更多地推荐它吗？",
    "Yes, they recommend it more": "会，他们更多地推荐它",
    "No, recommendations stay about the same": "不会，推荐大致不变",
    ("Repurchase intention went from {repurchase_base|f2} to {repurchase|f2} and price "
     "tolerance from {price_tolerance_base|f2} to {price_tolerance|f2}, but referral only "
     "from {referral_base|f2} to {referral|f2}: locked-in customers keep buying without "
     "recommending."):
        ("重复购买意向从 {repurchase_base|f2} 变为 {repurchase|f2}，价格忍耐力从 "
         "{price_tolerance_base|f2} 变为 {price_tolerance|f2}，而推荐意向只从 {referral_base|f2} "
         "变为 {referral|f2}：被锁定的客户继续购买，却不推荐。"),
    # customer_value (chapter 6)
    "Customer value: lifetime value and the value pyramid":
        "客户价值：客户生命周期价值与客户价值金字塔",
    "Years the customer stays (N)": "客户停留的年数（N）",
    "years": "年",
    "Cost of winning the customer (C0)": "赢得该客户的成本（C0）",
    "First year's purchases (P0)": "第一年的购买额（P0）",
    "Growth of purchases each year": "购买额每年的增长",
    "Interest rate (i)": "利率（i）",
    "When the first year's purchases are paid": "第一年的购买额何时支付",
    "now (t = 0)": "现在（t = 0）",
    "at the end of year 1": "第 1 年年末",
    "Both conventions pay the acquisition cost at t = 0.": "两种约定都在 t = 0 时支付获取成本。",
    "Churn rate r per year (for T = 1 / r)": "年流失率 r（用于 T = 1 / r）",
    "Cash flows and their present value": "现金流及其现值",
    "Cash flow": "现金流",
    "Present value": "现值",
    "Cash-flow table": "现金流表",
    "Acquisition": "获取",
    **{f"Year {k}": f"第 {k} 年" for k in range(1, 11)},
    "Value pyramid of the simulated customers": "模拟客户的客户价值金字塔",
    "Mean lifetime value": "平均客户生命周期价值",
    "Mean lifetime value (wallet units)": "平均客户生命周期价值（钱包单位）",
    "Share of the value customers created, by tier": "各层在客户所创造价值中的占比",
    "Share of value created": "占所创造价值的比例",
    **{english: zh for english, zh in _TIERS_ZH.items()},
    **{f"{english}: mean lifetime value": f"{zh}：平均客户生命周期价值"
       for english, zh in _TIERS_ZH.items()},
    **{f"{english}: share of value created": f"{zh}：占所创造价值的比例"
       for english, zh in _TIERS_ZH.items()},
    ("Lifetime value: {clv|money} (undiscounted {clv_undiscounted|money}). A churn rate of "
     "{churn|pct} a year means an expected lifetime of {lifetime|f1} years. In the simulated "
     "base the platinum tier creates {share_platinum|pct} of the value customers created, "
     "and {negative_share|pct} of customers never paid back what it cost to win them."):
        ("客户生命周期价值：{clv|money}（未折现 {clv_undiscounted|money}）。每年 {churn|pct} 的"
         "流失率意味着预期客户生命周期为 {lifetime|f1} 年。在模拟的客户群中，铂金层创造了客户"
         "所创造价值的 {share_platinum|pct}，{negative_share|pct} 的客户"
         "从未收回赢得他们所花的成本。"),
    "Lifetime value (CLV)": "客户生命周期价值（CLV）",
    "Sum of cash flows, undiscounted": "现金流之和（未折现）",
    "Expected lifetime 1 / r (years)": "预期客户生命周期 1 / r（年）",
    "Customers who never paid back their cost": "从未收回其成本的客户",
    ("The calculator uses the formulas of the book's lifetime-value module: acquisition cost "
     "at t = 0; year k's cash flow at t = k - 1 (first purchase now) or t = k (end of year). "
     "The pyramid ranks every simulated customer by realised lifetime value (wallet units); "
     "a tier's share counts only value created, so customers who lost money add nothing to "
     "it."):
        ("计算器使用本书客户生命周期价值模块的公式：获取成本在 t = 0；第 k 年的现金流在 "
         "t = k - 1（首次购买在现在）或 t = k（年末）。金字塔按实现的客户生命周期价值（钱包单位）"
         "给每位模拟客户排序；一层的占比只计所创造的价值，因此亏钱的客户不计入。"),
    ("Try this: move the first purchase to the end of year 1 and watch every present value "
     "in the table shrink; then set the interest rate to 0."):
        "试一试：把首次购买移到第 1 年年末，观察表中每个现值都变小；然后把利率设为 0。",
    ("Predict: in the worked example, what happens to the lifetime value if every year's "
     "purchases arrive at the end of that year, one year later than now? Does it fall by one "
     "year's interest on the whole lifetime value?"):
        ("预测：在例题中，如果每年的购买额都在当年年末到来，比现在晚一年，客户生命周期价值会怎样？"
         "它会减少整个客户生命周期价值一年的利息吗？"),
    ("Now the lifetime value is {clv|money}. Every purchase arrives a year later and is "
     "discounted once more, but the acquisition cost is still paid at t = 0 and is not: the "
     "drop is a year's interest on the purchases only."):
        ("现在客户生命周期价值为 {clv|money}。每笔购买都晚到一年，因而多折现一次，但获取成本"
         "仍在 t = 0 时支付，不再折现：减少的只是购买额一年的利息。"),
    # programme (chapter 7)
    "A loyalty programme: what it costs and what it buys": "忠诚计划：它的成本与它换来的东西",
    "With the programme": "有计划",
    "No programme": "没有计划",
    "Extra customers kept, by how generous the points are": "按积分慷慨程度划分的多留住的客户",
    "Extra active customers": "多出的活跃客户",
    "Programme cost and profit change, by generosity": "按慷慨程度划分的计划成本与利润变化",
    "Revenue given back": "返还的收入",
    "Profit change": "利润变化",
    ("The programme keeps {extra_active|signed} customers active after {periods} months "
     "compared with no programme ({retention_end|pct} vs {retention_base_end|pct}). It gives "
     "back {programme_cost|int} in revenue and changes cumulative profit by "
     "{profit_change|int}."):
        ("与没有计划相比，该计划在 {periods} 个月后多留住 {extra_active|signed} 位活跃客户"
         "（{retention_end|pct} 对 {retention_base_end|pct}）。它返还了 {programme_cost|int} 的"
         "收入，使累计利润变化 {profit_change|int}。"),
    "Still active, no programme": "仍活跃（没有计划）",
    "Cost per extra customer kept": "每多留住一位客户的成本",
    ("A points-and-discounts programme only (a financial bond). Rivals copying after 60 "
     "months means they never copy it within the five years shown. Money is in wallet units "
     "(an average customer's monthly spending in the category)."):
        ("只有积分和折扣计划（一种财务联系）。竞争对手 60 个月后才模仿，意味着在所显示的五年内"
         "他们从不模仿。金额以钱包单位计（一位普通客户每月在该品类上的支出）。"),
    ("Try this: a generous programme (1) that rivals copy at once (0 months), then one they "
     "never copy (60). Compare the extra customers and the profit."):
        ("试一试：先是一个竞争对手立即模仿（0 个月）的慷慨计划（1），"
         "再是一个他们从不模仿（60）的计划。比较多留住的客户和利润。"),
    ("Predict: rivals copy the points after 12 months. After five years, does a generous "
     "programme (1) still keep extra customers?"):
        "预测：竞争对手在 12 个月后模仿积分。五年后，慷慨的计划（1）还能多留住客户吗？",
    "Yes, it still keeps extra customers": "能，它仍然多留住客户",
    "No, the gain is gone": "不能，收益已经消失",
    ("It keeps {extra_active|signed} customers compared with no programme, and changes "
     "profit by {profit_change|signed} wallet units after giving back {programme_cost|int}."):
        ("与没有计划相比，它多留住 {extra_active|signed} 位客户；返还 {programme_cost|int} 之后，"
         "利润变化 {profit_change|signed} 钱包单位。"),
    # customers (chapter 3: follow one customer)
    "Follow one customer through the lifecycle": "跟随一位客户走过客户关系生命周期",
    "Which customer": "哪位客户",
    **{f"Customer {letter}": f"客户 {letter}" for letter in "ABCDE"},
    "Five customers of the same market, each with their own expectations and luck.":
        "同一个市场中的五位客户，各有自己的期望，也各有偶然的际遇。",
    "Satisfaction and trust": "满意与信任",
    "Satisfaction": "满意",
    "Trust": "信任",
    "Level": "水平",
    "What it would cost to leave": "离开要付出的代价",
    "Cost of leaving": "离开的代价",
    "Switching cost": "转移成本",
    "Stage of the relationship": "关系所处的阶段",
    "Stage": "阶段",
    ("{who} in month {t}: satisfaction {satisfaction@t|f2}, trust {trust@t|f2}, cost of "
     "leaving {switching@t|f2}, stage {stage@t|stage}."):
        ("{who}在第 {t} 月：满意 {satisfaction@t|f2}，信任 {trust@t|f2}，离开的代价 "
         "{switching@t|f2}，阶段为{stage@t|stage}。"),
    "Satisfaction (chosen month)": "满意（所选月份）",
    "Trust (chosen month)": "信任（所选月份）",
    "Cost of leaving (chosen month)": "离开的代价（所选月份）",
    "Stage (chosen month)": "阶段（所选月份）",
    ("Traced from one run of the model (seed 1) in chapter 3's mixed market, the default "
     "scenario: the offer meets what the average new customer expects (0.6 against 0.5) and "
     "keeps improving, at the market's price, but customers differ in what they expect and "
     "in what they care about. Satisfaction below zero means the customer got less than they "
     "expected."):
        ("取自第 3 章混合市场（默认情景）中模型的一次运行（种子 1）：提供物满足普通新客户的期望"
         "（0.6 对 0.5）并不断改进，按市场价格销售，但客户的期望和所看重的东西各不相同。"
         "满意低于零表示客户得到的少于其期望。"),
    ("Try this: play a customer whose relationship ends early, then one who stays. What "
     "happened to trust before each of them moved on?"):
        "试一试：播放一位关系很早就结束的客户，再播放一位留下来的客户。在他们各自离开或继续之前，信任发生了什么变化？",
    ("Predict: watch customer A from their first month. Where will their relationship end?"):
        "预测：从第一个月起观察客户 A。这位客户的关系会在哪里结束？",
    "It is still undecided after five years": "五年后仍未定论",
    "{who}: {story}": "{who}：{story}",
}
"""Figure-specific text (title, sentence, caption, try-this, reveal) -> Chinese."""

# ---------------------------------------------------------------------------
# The widget's own words (sim/static/widget.js, looked up with ``tr``).

UI_ZH: dict[str, str] = {
    "computed in your browser": "在你的浏览器中计算",
    "computed in your browser · refining…": "在你的浏览器中计算 · 细化中…",
    "computed by the Mesa model": "由 Mesa 模型计算",
    "needs a kernel": "需要内核",
    "Key numbers of the figure": "图中的关键数字",
    "Quantity": "数量",
    "Value": "数值",
    "Year": "年",
    "Settings": "设置",
    "Reset levers to this scenario": "把杠杆重置为此情景",
    "Re-run": "重新运行",
    ("This figure's levers need a running notebook or classroom mode "
     "(loyalty-lab classroom), where Python reruns the model for any value."):
        "这张图的杠杆需要一个正在运行的笔记本或课堂模式（loyalty-lab classroom），"
        "在那里 Python 会对任意取值重新运行模型。",
    "Your prediction": "你的预测",
    "Show me": "演示给我看",
    "Your prediction matches the run. ": "你的预测与运行结果一致。",
    "Your prediction differs from the run{match}. ": "你的预测与运行结果不同{match}。",
    " ({answer})": "（{answer}）",
    "▶ Play": "▶ 播放",
    "■ Pause": "■ 暂停",
    "Step ▸": "下一步 ▸",
    "« Start": "« 开始",
    "Month": "月份",
    "Month (every scenario)": "月份（所有情景）",
    "Predict first": "先预测",
    "Levers ({count})": "杠杆（{count} 个）",
    "Current setting": "当前设置",
    "{title}: chart. The key numbers are in the table of this figure.":
        "{title}：图表。关键数字见本图的表格。",
    "Could not reach the kernel.": "无法连接到内核。",
    "The kernel did not answer in time.": "内核没有及时回答。",
    "{message} Computing in your browser instead.": "{message}改为在你的浏览器中计算。",
    "mean of seeds {seeds}": "种子 {seeds} 的平均值",
    "seed {seeds}": "种子 {seeds}",
    ", in {ms} ms": "，用时 {ms} 毫秒",
    ", updated in {ms} ms": "，{ms} 毫秒内更新",
    ("Computed in your browser: the book's JavaScript copy of the Mesa model, "
     "{customers} customers × {periods} months, {seeds}{ms}."):
        "在你的浏览器中计算：本书用 JavaScript 写成的 Mesa 模型副本，"
        "{customers} 位客户 × {periods} 个月，{seeds}{ms}。",
    " Refining: the mean of seeds {seeds} follows.": "细化中：随后给出种子 {seeds} 的平均值。",
    (" Its random numbers differ from Python's, so a run in a notebook (the Mesa model) "
     "gives close but not identical numbers."):
        "它的随机数与 Python 的不同，所以在笔记本中运行（Mesa 模型）得到的数字相近但不完全相同。",
    "Computed by the Mesa model in the kernel for exactly these settings{seeds}{ms}.":
        "由内核中的 Mesa 模型按这些设置计算{seeds}{ms}。",
    "This figure needs a running notebook (a kernel) to compute.":
        "这张图需要一个正在运行的笔记本（内核）才能计算。",
    " (changed: {changes})": "（已改动：{changes}）",
    "Mesa model · computing…": "Mesa 模型 · 计算中…",
    "Mesa model · refining…": "Mesa 模型 · 细化中…",
    "calculated": "计算所得",
    "Calculated in the browser from the book's lifetime-value formulas.":
        "在浏览器中按本书的客户生命周期价值公式计算。",
    "pattern {code} ({name})": "模式{code}（{name}）",
    "no pattern yet": "尚无模式",
    "yes": "是",
    "no": "否",
    **{name: PATTERNS_ZH[code] for code, name in (
        ("I", "aborted early"), ("II", "died mid-way"), ("III", "early exit"),
        ("IV", "long-term retention"))},
    **{stage: zh for stage, zh in STAGES_ZH.items()},
}
"""The widget's words (buttons, notes, provenance; ``{field}`` filled in by the widget)."""

# ---------------------------------------------------------------------------


def _field_entries() -> dict[str, str]:
    """English slider words (labels, help, anchors) -> Chinese, from the field tables."""
    from sim.widgets.labels import FIELD_TEXT

    out: dict[str, str] = {}
    for name, text in FIELD_TEXT.items():
        label, help_text, anchors = FIELD_TEXT_ZH[name]
        out[text.label] = label
        out[text.help] = help_text
        for (_, english), chinese in zip(text.anchors, anchors, strict=True):
            out[english] = chinese
    return out


def _preset_entries() -> dict[str, str]:
    from sim.presets import PRESETS

    out = {}
    for name, preset in PRESETS.items():
        title, description = PRESETS_ZH[name]
        out[preset.title] = title
        out[preset.description] = description
    return out


@cache
def _table() -> dict[str, str]:
    """Every figure text's Chinese, by its exact English (built once; never changed)."""
    return {**_common_text(), **_prediction_text(), **_field_entries(), **_preset_entries(),
            **UNITS_ZH, **FIGURE_TEXT_ZH}


class _Translate:
    """Exact-string translation that remembers what it could not translate."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.left: list[str] = []
        self.used: dict[str, str] = {}

    def __call__(self, text: Any) -> Any:
        if not isinstance(text, str) or not _ENGLISH_WORD.search(text):
            return text
        if text in self.table:
            self.used[text] = self.table[text]
            return self.table[text]
        self.left.append(text)
        return text


def _walk(spec: dict[str, Any], t: _Translate) -> None:
    """Translate, in place, every text a student reads in a figure's JSON description."""
    for key in ("title", "sentence", "caption", "try_this"):
        if spec.get(key):
            spec[key] = t(spec[key])
    for c in spec.get("controls", []):
        for key in ("label", "help", "unit"):
            if c.get(key):
                c[key] = t(c[key])
        c["anchors"] = [[v, t(word)] for v, word in c.get("anchors", [])]
        c["options"] = [[v, t(title)] for v, title in c.get("options", [])]
    for p in spec.get("panels", []):
        for key in ("title", "xlabel", "ylabel", "rowHeader"):
            if p.get(key):
                p[key] = t(p[key])
        for s in p.get("series", []):
            s["label"] = t(s["label"])
        p["categories"] = [t(x) for x in p.get("categories", [])]
        p["ylabels"] = [t(x) for x in p.get("ylabels", [])]
    for row in spec.get("table", []):
        row["label"] = t(row["label"])
    reveal = spec.get("reveal")
    if reveal:
        reveal["question"] = t(reveal["question"])
        reveal["explain"] = t(reveal["explain"])
        reveal["predictions"] = [[v, t(x)] for v, x in reveal.get("predictions", [])]
    for preset in spec.get("presets", []):
        preset["title"] = t(preset["title"])
        preset["description"] = t(preset["description"])


def translate_spec(spec: dict[str, Any], lang: str = "zh") -> tuple[dict[str, Any], list[str]]:
    """A figure's JSON description in ``lang``, and the English texts left untranslated.

    English (``lang="en"``) returns the description unchanged. The numbers,
    and the ``{key|fmt}`` fields of the sentences are never changed.
    """
    if lang == "en":
        return spec, []
    if lang != "zh":
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    out = copy.deepcopy(spec)
    t = _Translate(_table())
    _walk(out, t)
    return out, sorted(set(t.left))


def ui_strings(lang: str) -> dict[str, str]:
    """The widget's own words in ``lang`` (empty for English: the widget's defaults)."""
    return dict(UI_ZH) if lang == "zh" else {}


def spec_text_zh(spec: dict[str, Any]) -> dict[str, str]:
    """English -> Chinese for exactly the texts of one figure's JSON description.

    What a figure built for the page's language (the book's) carries besides
    its English description: ``widget.js`` (``translateSpec``) walks the same
    fields as :func:`translate_spec` and looks each text up here, so the
    Chinese edition of the book shows the description :func:`translate_spec`
    gives, without a second copy of its numbers.
    """
    t = _Translate(_table())
    _walk(copy.deepcopy(spec), t)
    return dict(sorted(t.used.items()))


# ---------------------------------------------------------------------------
# The model's computed phrases (a figure's ``describe`` or ``compute`` puts
# them into the results): the expected lifetime in words (retention), the
# verdict on loyalty (satisfaction_trap), a traced customer's name and story
# (customers). The widget looks them up like its own words.

_TRAP_TEXT_ZH = {
    "well above the average level": "远高于平均水平",
    "below the average level": "低于平均水平",
    "stuck near the average level": "停留在平均水平附近",
}
"""``sim.widgets.figures.satisfaction_trap.describe``'s ``trap_text``."""

CAUSE_WORDS_ZH = {
    "dropped": "供应商认为这位客户不值得发展",
    "outside": "关系以外的事（搬走了，或需求结束了）",
    "dissatisfied": "不满意和信任的丧失",
    "value": "竞争对手更好的提供物",
    "unfair": "客户认为不公平的收益分配",
}
"""Why a relationship ended, in words (``sim.widgets.customer_trace.CAUSE_WORDS``)."""

_NUMBER = r"(\d+(?:\.\d+)?)"
_LIFETIME = (
    (re.compile(rf"about {_NUMBER} years"), "约 {0} 年"),
    (re.compile(rf"more than {_NUMBER} years \(hardly anyone leaves\)"),
     "超过 {0} 年（几乎没有人离开）"),
)
"""``sim.widgets.figures.retention._years_text``'s two wordings."""

_STAGE = "(" + "|".join(STAGES_ZH) + ")"
_MOVES = (
    (re.compile(rf"was won back into {_STAGE} in month (\d+)"), "在第 {1} 月被挽回，重新进入{0}"),
    (re.compile(rf"back to {_STAGE} in month (\d+)"), "在第 {1} 月回到{0}"),
    (re.compile(rf"{_STAGE} in month (\d+)"), "在第 {1} 月进入{0}"),
)
STORY_ZH = {
    "never_left": "它从未离开{0}",
    "moved": "它{0}",
    "then": "，然后",
    "ended": "关系在第 {0} 月结束",
    "pattern": "（模式{0}，{1}）",
    "because": "，原因是{0}",
    "kept": "它算作长期关系（模式IV），运行结束时处于{0}",
    "open": "{0} 个月后它处于{1}，仍未定论",
    "story": "{0}；{1}。",
}
"""The pieces a traced customer's story is told with in Chinese (:func:`story_zh`; the
page's copy of it reads them from here, ``sim.widgets.inpage.zh_phrases``)."""
_ENDED = re.compile(r"the relationship ended in month (\d+)"
                    r"(?: \(pattern (I|II|III|IV), [^)]*\))?(?:, because of (.+))?")
_KEPT = re.compile(rf"it counts as a long-term relationship \(pattern IV\) and is in {_STAGE} "
                   r"at the end")
_OPEN = re.compile(rf"after (\d+) months it is in {_STAGE}, still undecided")


def _stage_zh(match: re.Match[str], template: str) -> str:
    parts = [STAGES_ZH.get(g, g) for g in match.groups()]
    return template.format(*parts)


def story_zh(story: str) -> str | None:
    """A traced customer's story (``customer_trace.Trace.story``) in Chinese; None if unknown.

    >>> story_zh("It moved to formation in month 3; the relationship ended in month 9 "
    ...          "(pattern II, died mid-way), because of a better offer from a rival.")
    '它在第 3 月进入形成期；关系在第 9 月结束（模式II，中途夭折型），原因是竞争对手更好的提供物。'
    """
    from sim.widgets.customer_trace import CAUSE_WORDS

    if not story.endswith(".") or story.count("; ") != 1:
        return None
    path, end = story[:-1].split("; ")
    if path == "It never left exploration":
        path_zh = STORY_ZH["never_left"].format(STAGES_ZH["exploration"])
    elif path.startswith("It moved to "):
        moves = []
        for move in path.removeprefix("It moved to ").split(", then "):
            found = next(((m, zh) for rx, zh in _MOVES if (m := rx.fullmatch(move))), None)
            if found is None:
                return None
            moves.append(_stage_zh(*found))
        path_zh = STORY_ZH["moved"].format(STORY_ZH["then"].join(moves))
    else:
        return None
    causes = {words: CAUSE_WORDS_ZH[cause] for cause, words in CAUSE_WORDS.items()}
    if m := _ENDED.fullmatch(end):
        month, pattern, cause = m.groups()
        end_zh = STORY_ZH["ended"].format(month)
        if pattern:
            end_zh += STORY_ZH["pattern"].format(pattern, PATTERNS_ZH[pattern])
        if cause:
            if cause not in causes:
                return None
            end_zh += STORY_ZH["because"].format(causes[cause])
    elif m := _KEPT.fullmatch(end):
        end_zh = STORY_ZH["kept"].format(STAGES_ZH[m.group(1)])
    elif m := _OPEN.fullmatch(end):
        end_zh = STORY_ZH["open"].format(m.group(1), STAGES_ZH[m.group(2)])
    else:
        return None
    return STORY_ZH["story"].format(path_zh, end_zh)


def result_text_zh(text: str) -> str | None:
    """One of the model's computed phrases in Chinese; None for a text that has none."""
    if text in _TRAP_TEXT_ZH:
        return _TRAP_TEXT_ZH[text]
    if text in FIGURE_TEXT_ZH:  # a traced customer's name, "Customer A"
        return FIGURE_TEXT_ZH[text]
    for pattern, template in _LIFETIME:
        if m := pattern.fullmatch(text):
            return template.format(*m.groups())
    if text.startswith("It "):
        return story_zh(text)
    return None


def result_strings(points: list[dict[str, Any]]) -> dict[str, str]:
    """English -> Chinese for the computed phrases in results ``{"s": ..., "n": ...}``.

    Codes (a pattern's "II", "yes", "none") have no entry: the widget writes
    them out itself or only compares them.
    """
    out: dict[str, str] = {}
    for point in points:
        for value in ((point or {}).get("n") or {}).values():
            if isinstance(value, str) and value not in out and _ENGLISH_WORD.search(value):
                chinese = result_text_zh(value)
                if chinese is not None:
                    out[value] = chinese
    return out


def figure_options(spec: dict[str, Any], lang: str | None) -> dict[str, Any]:
    """The language part of a figure's ``options`` trait (see ``sim/static/widget.js``).

    ``lang`` "en" or "zh": the figure speaks that language (the classroom app);
    ``strings`` holds the widget's words. ``lang`` None: the page's language
    (the book, executed once in English and shown again by its Chinese
    edition): ``strings`` stays empty, as for English, and ``zh`` holds the
    Chinese of the description's texts (:func:`spec_text_zh`) and the widget's
    words, a few kilobytes of text beside the English description. The
    phrases a run computes (a verdict, a customer's story) are put into
    Chinese where they are computed: by the kernel (:func:`result_strings`)
    or in the page (``resultTextZh`` in ``figures.mjs``).
    """
    if lang is None:
        return {"lang": "page", "strings": {},
                "zh": {"spec": spec_text_zh(spec), "strings": dict(UI_ZH)}}
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    return {"lang": lang, "strings": dict(UI_ZH) if lang == "zh" else {}}


# ---------------------------------------------------------------------------
# The kernel's answers to the browser's input (sim/widgets/widget.py).

ERRORS_ZH = {
    "range": "{label}必须在 {low} 到 {high} 之间；收到的是 {value}",
    "select": "{label}必须是 {allowed} 之一；收到的是 {value}",
    "unknown": "图“{figure}”没有这些控件：{names}",
    "number": "{label}必须是一个数；收到的是 {value}",
}
"""The checks of a live request's values, in Chinese (``{field}`` as in the English)."""


def text_zh(text: str) -> str:
    """A figure text (a control's label, say) in Chinese, or as it is if it has none."""
    return _table().get(text, text)


def untranslated(name: str) -> list[str]:
    """The English texts figure ``name`` still shows in Chinese (empty: fully translated)."""
    from sim.widgets.catalog import figure_def

    return translate_spec(figure_def(name).spec().to_json(), "zh")[1]


# ---------------------------------------------------------------------------
# The classroom page around the figures (sim/classroom.py).

CLASSROOM_ZH = {
    "title": "Loyalty Lab：课堂",
    "intro": "在每一侧选择一个情景，"
    "按“播放”观察客户在各阶段之间的移动，改变一个杠杆即可实时重新运行模型。",
    "left": "情景 A",
    "right": "情景 B",
    "dark": "深色",
}
"""The classroom dashboard's heading, instructions and the two sides' titles."""
