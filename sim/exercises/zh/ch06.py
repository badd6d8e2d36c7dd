"""Chinese texts of the chapter 6 exercises (:mod:`sim.exercises.ch06`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # the chapter
    'Customer value':
        '客户价值',
    (
        'Lifetime value with an explicit timing convention, expected lifetime, retention '
        'economics, the value pyramid and share of wallet.'
    ):
        (
            '明确时间约定下的客户生命周期价值、预期客户生命周期、客户保持的经济学、客户价值金字塔'
            '和客户份额。'
        ),
    # question 6.1
    'Lifetime value under two timing conventions':
        '两种时间约定下的生命周期价值',
    (
        "A relationship lasts N = 4 years. Winning the customer costs C0 = 300, the first year's "
        'purchases are P0 = 1,500 and they grow by 400 a year; the interest rate is 8%. Compute '
        'the lifetime value (discounted revenue minus the acquisition cost, paid at t = 0) under '
        'two timing conventions: first purchase at t = 0 (`start_of_year`) and all purchases at '
        'the end of each year (`end_of_year`).'
    ):
        (
            '一段关系持续 N = 4 年。赢得这位客户的成本为 C0 = 300，第一年的购买额为 P0 = 1,500，此'
            '后每年增长 400；利率为 8%。请分别在两种时间约定下计算生命周期价值（折现后的收入减去在'
            ' t = 0 支付的获取成本）：首次购买在 t = 0（`start_of_year`），以及所有购买都在各年年'
            '末（`end_of_year`）。'
        ),
    # question 6.2
    'Expected lifetime':
        '预期客户生命周期',
    (
        'A customer base churns at a constant 25% a year. What is the expected lifetime of a '
        'relationship, in years?'
    ):
        '某客户群的流失率固定为每年 25%。一段关系的预期生命周期是多少年？',
    # question 6.3
    'Retention-based lifetime value':
        '基于客户保持率的生命周期价值',
    (
        'A customer brings a margin m = 200 a year; the churn rate is r = 25% a year (so 75% of '
        'customers stay from one year to the next) and the interest rate is i = 10%. Compute the '
        'lifetime value CLV = m (1 - r) / (i + r).'
    ):
        (
            '一位客户每年带来毛利 m = 200；客户流失率为每年 r = 25%（即 75% 的客户会从一年留到下一'
            '年），利率为 i = 10%。请计算生命周期价值 CLV = m (1 - r) / (i + r)。'
        ),
    # question 6.4
    'The value pyramid':
        '客户价值金字塔',
    'Order the tiers of the customer value pyramid from the most valuable to the least valuable.':
        '把客户价值金字塔的各个层级按价值从高到低排序。',
    'gold':
        '黄金',
    'lead':
        '重铅',
    'platinum':
        '铂金',
    'iron':
        '钢铁',
    # question 6.5
    'Share of wallet':
        '客户份额',
    (
        'A business customer spends 8,000 a year on office supplies, 2,000 of it with us. What is '
        'our share of its wallet (a number between 0 and 1)?'
    ):
        (
            '一位企业客户每年在办公用品上花费 8,000，其中 2,000 花在我们这里。我们在它的钱包中所占'
            '的份额（客户份额）是多少（0 到 1 之间的一个数）？'
        ),
    # question 6.6
    'State your timing convention':
        '说明你的时间约定',
    (
        'Two analysts value the same customer and get different lifetime values; one assumes the '
        'first purchase is paid now, the other that every purchase is paid at the end of its '
        'year. Explain in three to five sentences why their answers differ, why the difference is '
        "not a year's interest on the whole lifetime value, and what every analysis should "
        'therefore say.'
    ):
        (
            '两位分析师为同一位客户估值，得出的生命周期价值却不同：一位假定首次购买现在就支付，另'
            '一位假定每次购买都在当年年末支付。请用三到五句话解释：他们的答案为什么不同，为什么这'
            '一差别并不等于整个生命周期价值一年的利息，以及每一项分析因此都应当说明什么。'
        ),
    'With end-of-year flows every purchase arrives a year later and is discounted once more':
        '按年末现金流计算时，每笔购买都晚到一年，因而要多折现一次',
    (
        'The acquisition cost is paid at t = 0 under both conventions and is not discounted, so '
        "only the purchases lose a year's interest"
    ):
        '在两种约定下，获取成本都在 t = 0 支付、不折现，因此只有购买额少了一年的利息',
    'Every lifetime value should state its timing convention':
        '每个生命周期价值都应当说明它采用的时间约定',
    (
        'With end-of-year cash flows each purchase arrives one year later than under the '
        'first-purchase-now convention, so its present value is divided by 1 + i once more. The '
        'acquisition cost, however, is paid at t = 0 under both conventions and is not '
        "discounted, so the gap is a year's interest on the purchases only, not on the whole "
        'lifetime value. Because the choice moves the answer this much, every lifetime value '
        'should say which convention it uses.'
    ):
        (
            '按年末现金流计算时，每笔购买都比“首次购买现在支付”的约定晚到一年，因此其现值要再除以'
            '一次 1 + i。但在两种约定下，获取成本都在 t = 0 支付、不折现，所以差额只是购买额一年的'
            '利息，而不是整个生命周期价值一年的利息。由于这个选择对结果的影响如此之大，每个生命周'
            '期价值都应当说明它采用的是哪种约定。'
        ),
}
