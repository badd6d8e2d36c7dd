"""Chinese texts of the chapter 2 exercises (:mod:`sim.exercises.ch02`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

LEVELS_ZH = {
    'financial': '财务层次',
    'social': '社交层次',
    'structural': '结构层次',
}

ZH: dict[str, str] = {
    # the chapter
    'Three levels of bonding':
        '关系营销的三个层次',
    (
        'Financial, social and structural bonds: what each one is, what it does to switching '
        'barriers and value, and how long its effect lasts once rivals react.'
    ):
        (
            '财务联系、社交联系和结构联系：它们各是什么，对转换壁垒和价值有什么作用，竞争对手做出'
            '反应后效果能持续多久。'
        ),
    # question 2.1
    'Which bond is it?':
        '这是哪种联系？',
    'Classify each measure by the level of relationship marketing it builds.':
        '按每项措施所建立的关系营销层次进行分类。',
    'frequent-flyer miles for every flight':
        '每次飞行都累积的常旅客里程',
    '10% off the second purchase':
        '第二次购买享受九折',
    "a personal account manager who knows the client's business":
        '了解客户业务的专属客户经理',
    "an owners' club with events for car buyers":
        '为购车者举办活动的车主俱乐部',
    "a hotel that keeps a regular guest's monogrammed robe and favourite room ready":
        '酒店为常客备好绣有其姓名缩写的浴袍和他最喜欢的房间',
    "a packaging supplier's system integrated with the client's production line":
        '包装供应商的系统与客户的生产线集成在一起',
    # question 2.2
    'The easiest bond to copy':
        '最容易被模仿的联系',
    'Which level of bonding can competitors imitate most easily?':
        '竞争对手最容易模仿哪个层次的关系营销？',
    # question 2.3
    'What a structural bond does':
        '结构联系的作用',
    'Which effects does a structural bond have?':
        '结构联系有哪些效果？',
    'customised value rivals cannot copy quickly':
        '竞争对手无法迅速模仿的定制化价值',
    'high switching barriers':
        '很高的转换壁垒',
    'a price advantage that rivals match within weeks':
        '竞争对手几周内就能追平的价格优势',
    'loyalty without any investment by the supplier':
        '供应商无需任何投入就能获得的忠诚',
    # question 2.4
    'A fading points scheme':
        '失效的积分计划',
    (
        "A supplier's points scheme raised retention for six months; then the gain disappeared "
        'although the scheme is still running. What is the most likely reason?'
    ):
        (
            '某供应商的积分计划在六个月内提高了客户保持率；此后，尽管计划仍在运行，这一效果却消失'
            '了。最可能的原因是什么？'
        ),
    "customers' basic expectations fell":
        '客户的基本期望下降了',
    'rivals copied the incentive':
        '竞争对手模仿了这种激励',
    'the split of gains became fairer':
        '收益分配变得更公平了',
    'the structural bond was too strong':
        '结构联系太强了',
    # question 2.5
    'A bond mix that outlasts imitation':
        '经得起模仿的联系组合',
    (
        "The supplier's offer is a little ahead of the best rival's today, but the rivals keep "
        'improving and copy any financial bond after six periods. Choose a bond mix within the '
        'budget that keeps the most relationships for the long term.'
    ):
        (
            '目前供应商的产品略优于最好的竞争对手，但竞争对手在不断改进，并会在六期后模仿任何财务'
            '联系。请在预算范围内选择一个联系组合，使长期维持的关系最多。'
        ),
    # question 2.6
    'Why points fade and systems last':
        '为什么积分会失效而系统能持久',
    (
        'An airline runs a mileage scheme and also integrates its booking system with its '
        "corporate clients' travel tools. Explain in four to six sentences why the miles' "
        'advantage fades when a rival copies them, while the integration keeps clients, naming '
        'the level of bonding of each.'
    ):
        (
            '一家航空公司既推出了里程计划，又把自己的订票系统与企业客户的差旅工具整合在一起。请用'
            '四到六句话解释：为什么竞争对手模仿里程计划后，里程的优势就会消退，而系统整合却能留住'
            '客户；并指出二者各属于哪个层次的关系营销。'
        ),
    (
        'Miles are a financial bond (level 1): easy to see and copy, so once matched they no '
        'longer set the airline apart'
    ):
        (
            '里程属于财务联系（第一层次）：容易看到、容易模仿，一旦被竞争对手追平，就不再能使这家'
            '航空公司与众不同'
        ),
    (
        'Customers won by price or points leave for a better offer, while the airline keeps '
        'paying for the scheme'
    ):
        '靠价格或积分赢得的客户会为更好的条件而离开，而航空公司仍要继续为该计划付费',
    'The integration is a structural bond (level 3): customised value a rival cannot copy quickly':
        '系统整合属于结构联系（第三层次）：竞争对手无法迅速模仿的定制化价值',
    'It raises switching barriers: sunk investment, procedures and data that would be lost':
        '它提高了转换壁垒：离开就会失去已经投入的资源、建立的流程和积累的数据',
    (
        'The mileage scheme is a financial bond, the first level of relationship marketing. '
        'Rivals can see it and launch their own within months, and once every airline gives miles '
        'the miles no longer tip a traveller towards this one, while the airline still pays for '
        'them; customers who came for the points leave for better points. The integrated booking '
        'system is a structural bond, the third level: it delivers value built around each client '
        'that a rival cannot copy without the same investment in the same client. It also raises '
        'the cost of leaving, because the client would lose the set-up, the data and the '
        'procedures built around the airline.'
    ):
        (
            '里程计划属于财务联系，是关系营销的第一个层次。竞争对手看得见，几个月内就能推出自己的'
            '计划；一旦每家航空公司都送里程，里程就不再能让旅客倾向这一家，而航空公司仍要为此付费'
            '；为积分而来的客户也会为更多的积分而离开。整合的订票系统属于结构联系，即第三个层次：'
            '它提供围绕每个客户打造的价值，竞争对手不对同一客户做同样的投入就无法模仿。它还提高了'
            '离开的代价，因为客户会失去围绕这家航空公司建立起来的设置、数据和流程。'
        ),
}
ZH.update(LEVELS_ZH)
