"""Chinese texts of the chapter 8 exercises (:mod:`sim.exercises.ch08`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

from sim.i18n.names import PATTERNS_ZH

ZH: dict[str, str] = {
    # the chapter
    "Instructor's guide":
        '教师指南',
    (
        'Exercises for instructors preparing class scenarios: which scenario shows what, and how '
        'to make a demonstration reproducible.'
    ):
        '供教师准备课堂情景的练习：哪个情景展示什么，以及如何让演示可以复现。',
    # question 8.1
    'Which preset shows what':
        '哪个预设情景展示什么',
    (
        'Match each class scenario (a preset of the simulator) to the lifecycle pattern it is '
        'designed to make the most common ending.'
    ):
        (
            '把每个课堂情景（模拟器的一个预设情景）与它设计用来使之成为最常见结局的生命周期模式对'
            '应起来。'
        ),
    'aborted':
        'aborted（开局夭折）',
    'stalled':
        'stalled（发展停滞）',
    'unfair':
        'unfair（分配不公）',
    'rivals_overtake':
        'rivals_overtake（竞争对手反超）',
    'lifelong':
        'lifelong（终身关系）',
    # question 8.2
    'Fact 1 without an absurd supplier':
        '不借助荒唐的供应商展示典型事实1',
    (
        'Stylized fact 1: value well below initial expectations makes most relationships end as '
        "pattern I. Show it without setting the supplier's value absurdly low: supplier_value "
        "stays at least 0.45; you may raise customers' initial expectation and lower the base "
        'switching cost.'
    ):
        (
            '典型事实1：价值远低于初始期望，会使大多数关系以模式I结束。请在不把供应商的价值设得低'
            '得离谱的情况下展示这一点：supplier_value 至少保持在 0.45；你可以提高客户的初始期望，'
            '并降低基础转移成本。'
        ),
    # question 8.3
    'A price contrast for class':
        '为课堂准备价格对比',
    (
        'Stylized fact 3 says that with good, growing value, a supplier that keeps too much of '
        "the relationship's gains loses customers who reached stability (pattern III): the higher "
        'the price, the less fair the split. Prepare two class runs that differ only in `price`, '
        'at most 0.3 apart, such that pattern III among the relationships that reached stability, '
        'share_III / (share_III + share_IV), is at least 0.4 higher at the higher price than at '
        "the lower one.\n\n**Base scenario:** {'supplier_value': 0.7, 'value_innovation': 0.6, "
        "'latent_value': 0.3, 'relational_share': 0.8}. The grader runs `sim.LoyaltyModel(seed=s, "
        'n_customers=400, periods=120, **base, price=p)` for seeds 11, 12, 13 and each of your '
        'two prices, averages the pattern shares over the seeds and compares share_III / '
        "(share_III + share_IV). Assign `answer_8_3 = {'price_low': ..., 'price_high': ...}`."
    ):
        (
            '典型事实3指出，在价值良好且不断提升的情况下，如果供应商拿走了关系收益中过多的部分，就'
            '会失去已进入稳定期的客户（模式III）：价格越高，分配越不公平。请准备两次只在 `price` '
            '上不同、且两个价格相差不超过 0.3 的课堂运行，使得在进入稳定期的关系中模式III所占的比'
            '例 share_III / (share_III + share_IV)，在较高价格下比在较低价格下至少高 0.4。\n\n**基'
            "准情景**：{'supplier_value': 0.7, 'value_innovation': 0.6, 'latent_value': 0.3, 'rela"
            "tional_share': 0.8}。评分程序以种子 11、12、13 和你给出的两个价格分别运行 `sim.Loyalt"
            'yModel(seed=s, n_customers=400, periods=120, **base, price=p)`，对各种子的模式占比取'
            "平均，再比较 share_III / (share_III + share_IV)。请赋值 `answer_8_3 = {'price_low': ."
            ".., 'price_high': ...}`。"
        ),
    # question 8.4
    'A reproducible demonstration':
        '可复现的演示',
    (
        'What must the guide record for a class scenario so that students can reproduce the '
        'expected outcome exactly?'
    ):
        '对于一个课堂情景，指南必须记录什么，学生才能准确复现预期结果？',
    'the seed':
        '随机种子',
    'the parameters that differ from the defaults':
        '与默认值不同的参数',
    'the expected outcome':
        '预期结果',
    'the screen resolution':
        '屏幕分辨率',
    "the instructor's name":
        '教师的姓名',
    # question 8.5
    'Plan a class demonstration':
        '规划一次课堂演示',
    (
        'Plan a five-minute class demonstration of stylized fact 6 (switching costs raise '
        'repurchase intention and price tolerance but not cross-buying or referral). Say in four '
        'to six sentences which presets you compare, what you ask students to predict, what '
        'outcome you expect, and what you record so that students can reproduce it.'
    ):
        (
            '为典型事实6（转移成本会提高重复购买意向和价格忍耐力，但不会提高交叉购买意向或推荐意向'
            '）规划一次五分钟的课堂演示。请用四到六句话说明：你比较哪些预设情景，请学生预测什么，'
            '你预期得到什么结果，以及你记录哪些信息以便学生复现。'
        ),
    'Compares `locked_in` with the default scenario (or another change of switching costs only)':
        '比较 `locked_in` 与默认情景（或另一组只改变转移成本的情景）',
    'Asks for a prediction of all four measures before running':
        '运行之前请学生预测全部四项指标',
    (
        'Expects repurchase and price tolerance to rise while cross-buying and referral stay '
        'about the same'
    ):
        '预期重复购买和价格忍耐力上升，而交叉购买和推荐大致不变',
    'Records the seed and the parameters that differ from the defaults':
        '记录随机种子以及与默认值不同的参数',
    (
        'I would run the default scenario and then the locked_in preset, which changes only the '
        'base switching cost. Before the second run I would ask students to predict each of the '
        'four loyalty measures. I expect repurchase intention and price tolerance to rise, while '
        'cross-buying and referral stay about where they were. I would write down the seed and '
        'the one parameter that differs from the defaults, so that students can repeat the run '
        'exactly.'
    ):
        (
            '我会先运行默认情景，再运行 locked_in 预设情景，后者只改变基础转移成本。在第二次运行之'
            '前，我会请学生预测四项忠诚指标各会如何变化。我预期重复购买意向和价格忍耐力会上升，而'
            '交叉购买和推荐大致保持原来的水平。我会记下随机种子以及与默认值不同的那一个参数，以便'
            '学生能够准确地重复这次运行。'
        ),
}
ZH.update({key: PATTERNS_ZH[key] for key in ('I', 'II', 'III', 'IV')})
