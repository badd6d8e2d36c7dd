"""The interactive figures and the classroom app in Chinese (issue 13).

Why a translation layer and not Chinese figure modules: a figure's
description (:class:`sim.widgets.spec.FigureSpec`) keys its precomputed grid
(``sim/widgets/grid.py``, ``grid_key``), so it stays English and unchanged;
:func:`translate_spec` translates the description's JSON (the copy sent to
the browser) when a figure is built with ``lang="zh"``, and
:data:`UI_ZH` gives the widget's own words (buttons, the provenance line,
the verdict of a prediction; ``sim/static/widget.js`` looks them up with
``tr``). The grid, the numbers and the sentence templates' ``{key|fmt}``
fields are the same in both languages.

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
from typing import Any

from sim.i18n.names import BONDS_ZH, PATTERNS_ZH, STAGES_ZH

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
    ("Choosing a scenario sets the levers to that preset's values. In classroom "
     "mode (loyalty-lab classroom) the levers can be moved and a run repeated with "
     "any seed; live runs use one seed, the precomputed ones average seeds 1-3."):
        ("选择一个情景，就把各个杠杆设为该预设情景的取值。在课堂模式（loyalty-lab classroom）中，"
         "可以移动杠杆，并用任意种子重复运行；实时运行使用一个种子，"
         "预先计算的结果是种子 1-3 的平均。"),
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
}
"""Figure-specific text (title, sentence, caption, try-this, reveal) -> Chinese."""

# ---------------------------------------------------------------------------
# The widget's own words (sim/static/widget.js, looked up with ``tr``).

UI_ZH: dict[str, str] = {
    "precomputed": "预先计算",
    "live": "实时",
    "Key numbers of the figure": "图中的关键数字",
    "Quantity": "数量",
    "Value": "数值",
    "Year": "年",
    "Settings": "设置",
    "Reset levers to this scenario": "把杠杆重置为此情景",
    "Re-run": "重新运行",
    "In classroom mode (loyalty-lab classroom) or a running notebook you can also "
    "move this scenario's levers one by one and re-run it with any seed.":
        "在课堂模式（loyalty-lab classroom）或正在运行的笔记本中，还可以逐个移动这个情景的杠杆，"
        "并用任意种子重新运行。",
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
    "Current setting": "当前设置",
    "{title}: chart. The key numbers are in the table of this figure.":
        "{title}：图表。关键数字见本图的表格。",
    "Could not reach the kernel.": "无法连接到内核。",
    "The kernel did not answer in time.": "内核没有及时回答。",
    "{message} Showing precomputed results.": "{message}显示预先计算的结果。",
    "Showing the nearest precomputed value, {value}.": "显示最接近的预先计算值 {value}。",
    "{count} choices": "{count} 个选项",
    "the mean of Mesa model runs with seeds {seeds}": "种子 {seeds} 的 Mesa 模型运行的平均值",
    "one Mesa model run (seed {seeds})": "一次 Mesa 模型运行（种子 {seeds}）",
    "Precomputed: {runs}, {customers} customers × {periods} months, for each of the "
    "{points} choices of “{control}”.":
        "预先计算：{runs}，{customers} 位客户 × {periods} 个月，"
        "“{control}”的 {points} 个选项各一次。",
    "Precomputed: Mesa model runs of {customers} customers × {periods} months, {seeds}, "
    "at {points} settings: {parts}.":
        "预先计算：{customers} 位客户 × {periods} 个月的 Mesa 模型运行，"
        "{seeds}，共 {points} 种设置："
        "{parts}。",
    "mean of seeds {seeds}": "种子 {seeds} 的平均值",
    "seed {seeds}": "种子 {seeds}",
    "mean of seeds": "种子平均",
    "seed": "种子",
    ", updated in {ms} ms": "，{ms} 毫秒内更新",
    "Live: recomputed by the model in the kernel for exactly these settings{seeds}{ms}.":
        "实时：内核中的模型按这些设置重新计算{seeds}{ms}。",
    " With a live kernel (classroom mode or Jupyter) the model reruns for any value in between.":
        "有实时内核时（课堂模式或 Jupyter），模型会对其间的任何取值重新运行。",
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


def _table() -> dict[str, str]:
    return {**_common_text(), **_prediction_text(), **_field_entries(), **_preset_entries(),
            **UNITS_ZH, **FIGURE_TEXT_ZH}


class _Translate:
    """Exact-string translation that remembers what it could not translate."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.left: list[str] = []

    def __call__(self, text: Any) -> Any:
        if not isinstance(text, str) or not _ENGLISH_WORD.search(text):
            return text
        if text in self.table:
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
    the grid and the ``{key|fmt}`` fields of the sentences are never changed.
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
}
"""The classroom dashboard's heading, instructions and the two sides' titles."""
