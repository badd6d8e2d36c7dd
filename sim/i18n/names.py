"""Chinese names of the model's things, in the course's own vocabulary (issue 13).

Why one module: chapters glue Chinese variants of sentences the runs produce
(``key__zh_CN``, see ``book/_ext/translation.py``); the names of patterns,
stages, loyalty types, bonds, exit causes and loyalty measures in those
sentences must be the ones the catalogues (``book/locales/zh_CN``) and the
glossary use, and the same on every page. The English names are the model's
own (:mod:`sim.stages`, :mod:`sim.loyalty_types`); every English name has an
entry here (``tests/test_translation.py`` checks).
"""

from __future__ import annotations

PATTERNS_ZH = {
    "I": "早期流产型",
    "II": "中途夭折型",
    "III": "提前退出型",
    "IV": "长期保持型",
}
"""Relationship pattern code -> its Chinese name (:data:`sim.stages.PATTERN_NAMES`)."""

STAGES_ZH = {
    "exploration": "考察期",
    "formation": "形成期",
    "stability": "稳定期",
    "decline": "退化期",
    "ended": "已结束",
}
"""Lifecycle stage -> its Chinese name (:data:`sim.stages.STAGES`)."""

LOYALTY_TYPES_ZH = {
    "super-value": "超值忠诚",
    "latent": "潜在忠诚",
    "price": "价格忠诚",
    "incentive": "激励忠诚",
    "monopoly": "垄断忠诚",
    "kinship": "亲缘忠诚",
    "inertia": "惰性忠诚",
    "none": "无忠诚",
}
"""Loyalty type -> its Chinese name (:data:`sim.loyalty_types.LOYALTY_TYPES`)."""

BONDS_ZH = {
    "none": "没有联系",
    "financial_bond": "财务联系",
    "social_bond": "社交联系",
    "structural_bond": "结构联系",
}
"""Bond (a scenario parameter, or ``none``) -> its Chinese name (the three levels of
relationship marketing)."""

EXIT_CAUSES_ZH = {
    "dropped": "被供应商放弃",
    "outside": "外部原因",
    "dissatisfied": "不满",
    "value": "竞争对手价值更高",
    "unfair": "分配不公平",
}
"""Exit cause -> its Chinese name (:data:`sim.stages.EXIT_CAUSES`)."""

MEASURES_ZH = {
    "repurchase": "重复购买意向",
    "price_tolerance": "价格忍耐力",
    "cross_buy": "交叉购买意向",
    "referral": "推荐意向",
    "attitude": "态度忠诚",
    "profit": "利润",
    "active": "活跃客户",
}
"""Loyalty measure or outcome -> its Chinese name."""


def pattern_zh(code: str | None) -> str:
    """A pattern code with its Chinese name, for a run's most common pattern.

    A run with no decided relationship has none.

    >>> pattern_zh("IV")
    'IV（长期保持型）'
    """
    if code is None or code == "None":
        return "无（尚无已有定论的关系）"
    return f"{code}（{PATTERNS_ZH[code]}）"


def join_zh(items: list[str]) -> str:
    """Join names with the Chinese enumeration comma: ``考察期、形成期``."""
    return "、".join(items)
