"""The Chinese labels of ``loyalty-lab run``'s results table (issue 13).

``loyalty-lab run --lang zh`` prints the same table as in English, with the
same numbers, in the course's Chinese terms. The names of patterns, stages,
loyalty measures, loyalty types and exit causes come from
:mod:`sim.i18n.names` (one vocabulary for the book, the figures and the
command line); this module holds only the table's own words: its headings
and the labels of the run's outcomes, keyed like the English labels in
:data:`sim.runcli.TABLE_TEXT` (``tests/test_cli_zh.py`` checks that every
English label has a Chinese one). The words follow the glossary
(``book/glossary.md``) and the catalogues (``book/locales/zh_CN``): 已有定论 /
尚未定论 for resolved / unresolved, 客户挽回 for win-back, 客户份额 for share of
wallet, 客户生命周期价值 for lifetime value.
"""

from __future__ import annotations

from sim.i18n.names import MEASURES_ZH

TABLE_TEXT_ZH: dict[str, str] = {
    "title": "Loyalty Lab：{preset}，随机种子 {seed}",
    "default_scenario": "默认情景",
    "patterns": "客户生命周期模式（占已有定论关系的比例）",
    "pattern_count": "（{count} 位客户）",
    "resolved": "已有定论 {resolved}，运行结束时尚未定论 {unresolved}（共 {customers} 位客户）",
    "stages": "运行结束时各阶段的客户（共 {customers} 位曾到来的客户）",
    "measures": "忠诚指标（运行结束时 {active} 位活跃客户的平均值）",
    "types": "忠诚类型（占活跃客户的比例）",
    "retention": "客户保持（老客户：已过第一年）",
    "churn": "年流失率",
    "lifetime": "预期客户生命周期（期）",
    "exits": "流失原因（占已结束关系的比例）",
    "winbacks": "对退化期客户的客户挽回决策",
    "offered": "获得挽回方案",
    "let_go": "供应商放手",
    "won_back": "成功挽回",
    "money": "金额（以平均客户每期的支出为单位）",
    "revenue": "收入",
    "profit": MEASURES_ZH["profit"],
    "mean_clv": "平均客户生命周期价值",
    "share_of_wallet": "客户份额",
}
"""Table heading or label key -> Chinese (``{field}`` placeholders as in English)."""
