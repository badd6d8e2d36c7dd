"""Chinese texts of the chapter 1 exercises (:mod:`sim.exercises.ch01`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # the chapter
    'From transactions to relationships':
        '从交易到关系',
    (
        'Transaction versus relationship marketing, the traits and types of relationships, and '
        'the arithmetic of retention.'
    ):
        '交易营销与关系营销、关系的特征和类型，以及客户保持的算术。',
    # question 1.1
    'Transaction or relationship marketing':
        '交易营销还是关系营销',
    'Classify each practice as typical of transaction marketing or of relationship marketing.':
        '判断每种做法是典型的交易营销还是典型的关系营销。',
    'focus on the single sale':
        '注重单次销售',
    'focus on keeping customers for repeated business':
        '注重留住客户、获得重复交易',
    'little emphasis on service':
        '不太重视服务',
    'strong emphasis on service':
        '高度重视服务',
    'limited commitment to customers':
        '对客户的承诺有限',
    'frequent, close customer contact':
        '与客户频繁而密切的接触',
    'quality is mainly the concern of production':
        '质量主要是生产部门的事',
    'quality is the concern of every department':
        '质量是所有部门的事',
    'transaction':
        '交易营销',
    'relationship':
        '关系营销',
    # question 1.2
    'Five traits of relationship marketing':
        '关系营销的五个特征',
    'Which of these are the five defining traits of relationship marketing?':
        '下列哪些是关系营销的五个决定性特征？',
    'two-way communication':
        '双向沟通',
    'cooperation':
        '合作',
    'one-off discounts':
        '一次性折扣',
    'win-win':
        '双赢',
    'mass advertising':
        '大众广告',
    'intimacy':
        '亲密',
    'control':
        '控制',
    'transaction speed':
        '交易速度',
    # question 1.3
    'Relationship types by depth':
        '按深度排列关系类型',
    'Order the five relationship types from the shallowest involvement to the deepest.':
        '把五种关系类型按介入程度从浅到深排列。',
    'proactive':
        '能动型',
    'basic':
        '基本型',
    'partnership':
        '伙伴型',
    'reactive':
        '被动型',
    'accountable':
        '负责型',
    # question 1.4
    'Why retention pays':
        '为什么保持客户能带来回报',
    (
        'A customer brings a margin m = 100 a year and the interest rate is i = 10%. With a '
        'yearly churn rate r, the lifetime value is CLV = m (1 - r) / (i + r). Compute it at r = '
        '0.2, when 80% of customers stay each year (`clv_80`), at r = 0.1, when 90% stay '
        '(`clv_90`), and the percentage increase from the first to the second '
        '(`increase_percent`, e.g. 25 for +25%).'
    ):
        (
            '一个客户每年带来利润 m = 100，利率 i = 10%。在年客户流失率为 r 时，客户生命周期价值为'
            ' CLV = m (1 - r) / (i + r)。请分别计算 r = 0.2（每年留下 80% 的客户）时的值（`clv_80`'
            '）、r = 0.1（每年留下 90%）时的值（`clv_90`），以及从前者到后者的增长百分比（`increas'
            'e_percent`，例如 +25% 填 25）。'
        ),
    # question 1.5
    'Customers left after three years':
        '三年后剩下的客户',
    (
        'A supplier keeps 80% of its customers each year. What share of a cohort (a number '
        'between 0 and 1) is still a customer after three years?'
    ):
        '某供应商每年留住 80% 的客户。一批客户在三年后仍是其客户的比例是多少（0 到 1 之间的数）？',
    # question 1.6
    'When relationship marketing does not pay':
        '关系营销何时不划算',
    (
        'A motorway petrol station and a corporate bank both consider a loyalty and relationship '
        'programme. In three to six sentences, argue for each whether relationship marketing '
        'pays, using the economics of retention and the five relationship types.'
    ):
        (
            '一家高速公路加油站和一家公司银行都在考虑推出忠诚与关系计划。请用三到六句话，运用客户'
            '保持的经济学原理和五种关系类型，分别论证关系营销对它们是否划算。'
        ),
    (
        'Petrol station: few customers come back, so there is little repeat business over which '
        'to spread the cost of keeping them'
    ):
        '加油站：回头客很少，几乎没有可以用来分摊客户保持成本的重复交易',
    (
        'Bank: long relationships, growing revenue per customer, acquisition cost paid once, so '
        'retention pays'
    ):
        (
            '银行：关系持续时间长，每位客户带来的收入不断增长，获取成本只需支付一次，因此保持客户'
            '是划算的'
        ),
    (
        'Matches a relationship type to each (basic or reactive for the station; proactive or '
        'partnership for the bank) with a reason'
    ):
        '为二者各匹配一种关系类型并说明理由（加油站为基本型或被动型；银行为能动型或伙伴型）',
    (
        'Most customers of a motorway petrol station pass once and never return, so there is '
        'little repeated business over which to recover the cost of a relationship; a basic or at '
        'most reactive relationship fits. A corporate bank keeps its clients for years: the cost '
        'of winning them is paid once, their revenue grows as they add products, and they cost '
        'less to serve, so even a small gain in retention is worth a lot. With few clients and '
        'high margins the bank can afford a proactive relationship or a partnership.'
    ):
        (
            '高速公路加油站的大多数顾客只路过一次、再也不会回来，几乎没有可以用来收回关系成本的重'
            '复交易；基本型、至多被动型的关系就足够了。公司银行会把客户保留很多年：赢得客户的成本'
            '只需支付一次，客户增加产品后带来的收入不断增长，服务他们的成本也更低，因此客户保持率'
            '哪怕只提高一点也很有价值。客户少、利润率高，银行负担得起能动型关系甚至伙伴型关系。'
        ),
}
