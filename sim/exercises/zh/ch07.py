"""Chinese texts of the chapter 7 exercises (:mod:`sim.exercises.ch07`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

CAUSES_ZH = {
    'price': '价格流失',
    'product': '产品流失',
    'service': '服务流失',
    'technology': '技术流失',
    'promotion': '促销流失',
    'need': '需求流失',
    'management': '管理流失',
    'political': '政治流失',
    'other': '其他原因',
}

ZH: dict[str, str] = {
    # the chapter
    'Churn and loyalty programmes':
        '客户流失与忠诚计划',
    (
        'Why customers leave, when to win them back, what complaints are worth and why loyalty '
        'programmes fail.'
    ):
        '客户为何离开、何时值得挽回、投诉有什么价值，以及忠诚计划为何失败。',
    # question 7.1
    'Causes of churn':
        '客户流失的原因',
    'Classify each lost customer by the cause of churn.':
        '按客户流失的原因，对每一位流失的客户进行分类。',
    'a rival offers the same contract 15% cheaper':
        '竞争对手以便宜 15% 的价格提供同样的合同',
    'the product keeps breaking down':
        '产品总是出故障',
    'the call centre takes a week to answer':
        '呼叫中心要一周才答复',
    'the customer moved to a cloud system the supplier does not support':
        '客户转用了供应商不支持的云系统',
    'the customer closed the business line that used the product':
        '客户关闭了使用该产品的业务线',
    # question 7.2
    'Why programmes fail':
        '忠诚计划为何失败',
    'Which of these are causes of loyalty programme failure?':
        '以下哪些是忠诚计划失败的原因？',
    'weak design':
        '设计欠佳',
    'unattractive rewards':
        '奖励缺乏吸引力',
    'poor execution':
        '执行不力',
    'wrong communication':
        '沟通不当',
    "no integration with the firm's policies and processes":
        '没有与企业的政策和流程整合',
    'rewards in proportion to the revenue the customer brings':
        '奖励与客户带来的收入成比例',
    'measurable goals and a budget':
        '可衡量的目标和预算',
    # question 7.3
    'Worth winning back?':
        '值得挽回吗？',
    (
        'A lost business customer would bring a margin m = 300 a year if won back, with a churn '
        'rate of r = 20% a year from then on; the interest rate is i = 10%. The win-back offer '
        "costs 500. Compute the customer's lifetime value m (1 - r) / (i + r) (`value`) and "
        "decide whether the offer pays (`win_back`: 'yes' or 'no')."
    ):
        (
            '一位已流失的企业客户如果被挽回，每年可带来毛利 m = 300，此后每年的流失率为 r = 20%；'
            '利率为 i = 10%。挽回方案的成本为 500。计算该客户的生命周期价值 m (1 - r) / (i + r)（`'
            "value`），并判断这个方案是否值得（`win_back`：'yes' 或 'no'）。"
        ),
    # question 7.4
    'Silent exits':
        '默默离开',
    'What do most dissatisfied customers do?':
        '大多数不满意的客户会怎么做？',
    'ask for a refund':
        '要求退款',
    'complain loudly':
        '大声投诉',
    'leave silently':
        '默默离开',
    'write to the CEO':
        '写信给首席执行官',
    # question 7.5
    'A programme that pays':
        '一个划算的计划',
    (
        'Marketing insists on a generous points scheme (`financial_bond` at least 0.3; at full '
        'strength it gives back 40% of revenue), which rivals copy after six periods. Add '
        'personal recognition (`social_bond`) so that the programme keeps more customers for the '
        'long term and still pays: the points given back and the bond costs are counted in the '
        'profit.'
    ):
        (
            '市场部坚持要推出一个慷慨的积分方案（`financial_bond` 至少为 0.3；力度最大时会返还 40%'
            ' 的收入），竞争对手会在六期之后模仿。请加入个性化的认可（`social_bond`），使这个计划'
            '能长期留住更多客户，同时仍然划算：返还的积分和各种联系的成本都计入利润。'
        ),
    # question 7.6
    'Design a programme that lasts':
        '设计一个能持久的计划',
    (
        'A regional hotel chain wants a loyalty programme. In five to eight sentences, propose a '
        'measurable goal, who is eligible, and rewards that match the revenue a guest brings and '
        'that rivals find hard to copy; then name one cause of failure and how you would avoid it.'
    ):
        (
            '一家区域性连锁酒店想推出忠诚计划。请用五到八句话提出一个可衡量的目标、参与资格的规定'
            '，以及与客人带来的收入相称、竞争对手难以模仿的奖励；然后指出一个可能导致失败的原因，'
            '并说明你将如何避免它。'
        ),
    'A measurable goal (for example a retention rate of a tier in a given time)':
        '一个可衡量的目标（例如某一等级的客人在给定时间内的保持率）',
    'Eligibility aimed at the guests who bring the most value':
        '参与资格针对带来最多价值的客人',
    (
        'Rewards in proportion to revenue and hard to copy (personal, tied to the service rather '
        'than generic points)'
    ):
        '奖励与收入成比例且难以模仿（个性化、与服务挂钩，而不是通用的积分）',
    (
        'Names a cause of failure (weak design, unattractive rewards, poor execution, wrong '
        'communication, no integration) and a way to prevent it'
    ):
        '指出一个失败原因（设计欠佳、奖励缺乏吸引力、执行不力、沟通不当、缺乏整合）以及预防的办法',
    (
        'Goal: raise the share of gold-tier guests who stay again within twelve months from 60% '
        'to 70% in two years. Eligibility: guests with at least five stays a year, the top fifth '
        'of our revenue. Rewards grow with the revenue a guest brings and are hard to copy: the '
        "guest's preferred room held for them, a late check-out without asking, a personal host "
        'at the front desk, rather than points any rival can match. A common cause of failure is '
        'poor integration: the front desk does not know who the members are. We would avoid it by '
        "putting the member's preferences in the booking system that every hotel uses and "
        'training the staff before launch.'
    ):
        (
            '目标：在两年内，把黄金等级客人在十二个月内再次入住的比例从 60% 提高到 70%。参与资格：'
            '每年至少入住五次的客人，即贡献我们前五分之一收入的客人。奖励随客人带来的收入增长，而'
            '且难以模仿：为客人保留他偏好的房间、无需开口即可延迟退房、前台有专人接待，而不是任何'
            '竞争对手都能追平的积分。常见的失败原因之一是整合不足：前台不知道谁是会员。我们的办法'
            '是把会员的偏好录入每家酒店都使用的预订系统，并在计划推出之前培训员工。'
        ),
}
ZH.update(CAUSES_ZH)
