"""Chinese texts of the chapter 0 exercises (:mod:`sim.exercises.ch00`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

from sim.i18n.names import PATTERNS_ZH, STAGES_ZH

ZH: dict[str, str] = {
    # the chapter
    'Start here':
        '从这里开始',
    (
        "Warm-up questions on the book's vocabulary and on how the exercises are graded. Assign "
        'each answer to the variable named in the cell (plain data only: numbers, strings, lists, '
        'dicts), run the self-check, and submit the notebook.'
    ):
        (
            '关于本书术语和练习评分方式的热身题。把每个答案赋值给单元格中指定的变量（只能是普通数'
            '据：数字、字符串、列表、字典），运行自检，然后提交 notebook。'
        ),
    # question 0.1
    'Expected lifetime':
        '预期生命周期',
    (
        'A supplier loses 2.5% of its customers every month, whatever their age (a constant churn '
        'rate). What is the expected length of a relationship, in months?'
    ):
        (
            '某供应商每月流失 2.5% 的客户，与关系已持续多久无关（客户流失率固定）。一段关系的预期'
            '时长是多少个月？'
        ),
    # question 0.2
    'The four stages':
        '四个阶段',
    (
        'Put the four stages of the customer relationship lifecycle in the order a relationship '
        'passes through them.'
    ):
        '按照一段关系经历的先后顺序，排列客户关系生命周期的四个阶段。',
    # question 0.3
    'The pattern suppliers want':
        '供应商想要的模式',
    (
        'A relationship reaches stability and stays there for a long time. Which lifecycle '
        'pattern is it?'
    ):
        '一段关系进入稳定期，并在稳定期保持了很长时间。它属于哪种生命周期模式？',
    # question 0.4
    'How simulation exercises are marked':
        '模拟题如何评分',
    (
        'In a simulation exercise you propose scenario parameters. What does the grader use to '
        'mark your answer?'
    ):
        '在模拟题中，你要提出情景参数。评分程序根据什么来给你的答案评分？',
    'the parameters you assign':
        '你赋值的参数',
    'the pattern shares you print':
        '你打印出来的各模式比例',
    "the grader's own runs with fixed seeds":
        '评分程序以固定随机种子自行运行的结果',
    'the plots in your notebook':
        '你 notebook 中的图表',
    # question 0.5
    'Rescue an aborted start':
        '挽救夭折的开局',
    (
        'In the base scenario the supplier delivers far less than new customers expect and almost '
        "every relationship is aborted in exploration (pattern I). Raise the supplier's value and "
        'its pace of innovation, within the budget, so that long-term relationships (pattern IV) '
        'outnumber aborted ones (pattern I).'
    ):
        (
            '在基准情景中，供应商提供的价值远低于新客户的期望，几乎每段关系都在考察期夭折（早期流'
            '产型）。请在预算范围内提高供应商的价值及其创新速度，使长期关系（长期保持型）多于夭折'
            '的关系（早期流产型）。'
        ),
    # question 0.6
    'Explain a result in your own words':
        '用自己的话解释结果',
    (
        'In the tour figure of *Start here*, a supplier whose offer starts well below what new '
        'customers expect (0.3) sees most of its relationships end as pattern I. Explain in three '
        'to five sentences why, using the words expectation, satisfaction, trust and switching '
        'cost.'
    ):
        (
            '在《从这里开始》的模拟器概览图中，一个供应商的提供物起初远低于新客户的期望（0.3），它'
            '的大多数关系都以早期流产型（模式 I）告终。请用“期望”“满意”“信任”和“转移成本”这几个词'
            '，用三到五句话解释原因。'
        ),
    (
        'Says the offer falls below what new customers expect, so they are dissatisfied with '
        'their first purchases'
    ):
        '指出提供物低于新客户的期望，因此他们对最初几次购买感到不满意',
    (
        'Explains that in exploration no trust and no switching cost protect the relationship, so '
        'one bad experience is enough to leave'
    ):
        '说明在考察期既没有信任、也没有转移成本来维系关系，因此一次糟糕的经历就足以让客户离开',
    'Names pattern I as a relationship that ends in exploration (classified by where it ends)':
        '指出早期流产型（模式 I）是在考察期结束的关系（按关系结束时所处的阶段分类）',
    (
        "New customers expect about 0.5 on the book's scale, so an offer of 0.3 leaves them "
        'dissatisfied from their first purchases. In exploration the customer has not yet built '
        'any trust in the supplier and has invested nothing, so nothing makes leaving costly: one '
        'disappointing purchase is reason enough to go. Because these relationships end while '
        'still in exploration, they are classified as pattern I, aborted early.'
    ):
        (
            '在本书的量表上，新客户的期望约为 0.5，因此 0.3 的提供物从最初几次购买起就让他们不满意'
            '。在考察期，客户对供应商还没有建立任何信任，也没有任何投入，没有什么让离开变得代价高'
            '昂：一次令人失望的购买就足以让他离开。由于这些关系在仍处于考察期时就结束了，它们被归'
            '为早期流产型（模式 I）。'
        ),
}
ZH.update({key: STAGES_ZH[key] for key in ('exploration', 'formation', 'stability', 'decline')})
ZH.update({key: PATTERNS_ZH[key] for key in ('I', 'II', 'III', 'IV')})
