"""Chinese texts of the chapter 5 exercises (:mod:`sim.exercises.ch05`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

from sim.i18n.names import LOYALTY_TYPES_ZH, MEASURES_ZH

ZH: dict[str, str] = {
    # the chapter
    'What drives loyalty':
        '什么驱动客户忠诚',
    (
        'Determinants of loyalty, the four loyalty measures, true and spurious loyalty, and the '
        'loyalty ladder.'
    ):
        '客户忠诚的决定因素、四项忠诚指标、真正的忠诚与虚假忠诚，以及忠诚阶梯。',
    # question 5.1
    'What switching costs move':
        '转移成本影响什么',
    'Raising switching costs raises which loyalty measures?':
        '提高转移成本会提高哪些忠诚指标？',
    # question 5.2
    'Loyalty types':
        '忠诚类型',
    'What keeps each customer loyal? Classify by loyalty type.':
        '是什么让每位客户保持忠诚？请按忠诚类型分类。',
    'buys from the only water utility in town':
        '从城里唯一的自来水公司购买',
    "buys from a cousin's shop":
        '在表亲开的店里购买',
    'loves the brand but rarely buys it yet':
        '喜爱这个品牌，但目前还很少购买',
    'keeps the same bank because moving accounts is a hassle':
        '因为转移账户太麻烦而一直使用同一家银行',
    'stays while it is the cheapest':
        '只在它最便宜时才留下',
    'stays to collect points for a free flight':
        '为了攒积分换免费机票而留下',
    'trusts the supplier to look after its interests and recommends it':
        '相信供应商会维护自己的利益，并向他人推荐它',
    # question 5.3
    'The loyalty ladder':
        '忠诚阶梯',
    'Order the rungs of the loyalty ladder from the bottom to the top.':
        '把忠诚阶梯的各级台阶从下到上排序。',
    'advocate':
        '拥护者',
    'client':
        '一般客户',
    'prospect':
        '潜在客户',
    'partner':
        '合伙人',
    'customer':
        '普通购买者',
    'supporter':
        '支持者',
    # question 5.4
    'Determinants acting on all four measures':
        '作用于全部四项指标的决定因素',
    (
        'Which determinants act on all four loyalty measures (repurchase, cross-buying, referral, '
        'price tolerance)?'
    ):
        '哪些决定因素作用于全部四项忠诚指标（重复购买、交叉购买、推荐、价格忍耐力）？',
    'perceived value':
        '客户认知价值',
    'satisfaction':
        '客户满意',
    'trust':
        '信任',
    'switching costs':
        '转移成本',
    # question 5.5
    'Locked in, not loyal':
        '被锁定，而非忠诚',
    (
        'Show spurious loyalty with the simulator: customers who keep buying and accept higher '
        'prices without recommending the supplier. Set the base switching cost and the latent '
        'value so that repurchase intention is high while referral intention stays low.'
    ):
        (
            '用模拟器展示虚假忠诚：客户继续购买、接受更高的价格，却不推荐该供应商。请设置基础转移'
            '成本和潜在价值，使重复购买意向高，而推荐意向保持在低水平。'
        ),
    # question 5.6
    'Longer contracts, more loyalty?':
        '合约更长，忠诚更高？',
    (
        'A mobile operator lengthens its contracts from one year to two. Predict, in three to '
        'five sentences, what happens to each of the four loyalty measures, and explain why.'
    ):
        (
            '一家移动运营商把合约期限从一年延长到两年。请用三到五句话预测四项忠诚指标各会发生什么'
            '变化，并解释原因。'
        ),
    'Repurchase intention and price tolerance rise':
        '重复购买意向和价格忍耐力上升',
    'Cross-buying and referral intention do not rise':
        '交叉购买意向和推荐意向不会上升',
    (
        'Reason: switching costs lock customers in without improving value, satisfaction or trust '
        '(spurious loyalty)'
    ):
        '原因：转移成本把客户锁定，却没有提高价值、满意或信任（虚假忠诚）',
    (
        'Customers will renew more often and accept price rises more readily, because leaving now '
        'costs them more: repurchase intention and price tolerance rise. Cross-buying and '
        "referral do not, because the longer contract does not make the operator's offer better, "
        'its customers more satisfied or more trusting. Switching costs act only on buying again '
        'and on price tolerance; the result is spurious loyalty that looks good in renewal '
        'figures but brings no new customers and no extra business.'
    ):
        (
            '客户会更多地续约，也更愿意接受涨价，因为现在离开的代价更高：重复购买意向和价格忍耐力'
            '上升。交叉购买和推荐则不会上升，因为更长的合约并没有让运营商的提供物变得更好，也没有'
            '让客户更满意、更信任它。转移成本只作用于再次购买和价格忍耐力；结果是虚假忠诚，续约数'
            '字看起来不错，却既带不来新客户，也带不来额外的业务。'
        ),
}
ZH.update({key: MEASURES_ZH[key]
           for key in ('repurchase', 'cross_buy', 'referral', 'price_tolerance')})
ZH.update({key: LOYALTY_TYPES_ZH[key] for key in ('monopoly', 'kinship', 'latent', 'inertia',
                                                  'price', 'incentive', 'super-value')})
