"""Chinese texts of the chapter 3 exercises (:mod:`sim.exercises.ch03`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

from sim.i18n.names import PATTERNS_ZH, STAGES_ZH

ZH: dict[str, str] = {
    # the chapter
    'The relationship lifecycle':
        '客户关系生命周期',
    (
        'Stages, transition signals and the four lifecycle patterns. The last two questions are '
        'simulation exercises: the grader runs the model itself with your parameters.'
    ):
        (
            '阶段、阶段转换信号和四种生命周期模式。最后两题是模拟练习：评分程序会用你给出的参数亲'
            '自运行模型。'
        ),
    # question 3.1
    'Recognise the stage':
        '识别阶段',
    'Name the lifecycle stage each description belongs to.':
        '说出下列每段描述所属的生命周期阶段。',
    'trial orders and mutual testing; the supplier invests while the customer contributes little':
        '试探性订单和相互考察；供应商投入，而客户贡献很少',
    'volume grows fast and trust deepens, but the relationship is still unstable':
        '交易量迅速增长、信任加深，但关系仍不稳定',
    (
        "most of the customer's relevant business goes to the supplier, with cross-selling and "
        'referrals'
    ):
        '客户的相关业务大部分交给该供应商，并有交叉销售和推荐',
    'the customer buys less from the supplier while its total business does not shrink':
        '客户从该供应商处的购买减少，而其业务总量并未缩小',
    # question 3.2
    'Recognise the pattern':
        '识别模式',
    'Classify each relationship history by its lifecycle pattern.':
        '按生命周期模式对下列每段关系的经历进行分类。',
    'ended during exploration after one disappointing purchase':
        '一次令人失望的购买之后在考察期结束',
    'the supplier judged the prospect not worth developing':
        '供应商认为该潜在客户不值得发展',
    'passed exploration, then ended in formation as expectations outgrew the offer':
        '度过了考察期，随后因期望超过了提供物而在形成期结束',
    'reached stability, then left early because it found the split of gains unfair':
        '进入稳定期，随后因认为收益分配不公平而提前离开',
    "reached stability, then left early when a rival's innovation overtook the supplier":
        '进入稳定期，随后因竞争对手的创新超过了供应商而提前离开',
    'reached stability and stayed for years':
        '进入稳定期并保持了多年',
    # question 3.3
    'Preventing pattern II':
        '防止中途夭折型',
    'What must a supplier do above all to keep relationships from dying in formation (pattern II)?':
        '要使关系不在形成期夭折（中途夭折型），供应商首先必须做什么？',
    (
        'improve the offer at least as fast as customers come to expect more, until no rival '
        'offers more'
    ):
        '改进提供物的速度至少要跟上客户期望提高的速度，直到没有竞争对手能提供更多',
    'make leaving costly with a long contract':
        '用长期合同使客户离开的代价高昂',
    'spend more on advertising to new prospects':
        '在针对新潜在客户的广告上花更多的钱',
    'win trust early with a large discount in the first month':
        '在第一个月用大幅折扣及早赢得信任',
    # question 3.4
    'Long-term retention on a budget, at a fair price':
        '在预算之内、以公平的价格实现长期保持',
    (
        "The base supplier starts a little above customers' expectations and the best rival, but "
        'the rival keeps innovating and customers come to expect what it offers: with little '
        'innovation and no bonds few relationships last. Using value innovation, price and bonds '
        'within the budget, make pattern IV the most common ending without giving the margin '
        "away: a lower price splits the gains more fairly, and the margin and the bonds' costs "
        'are counted in the profit.'
    ):
        (
            '基准供应商起初略高于客户的期望和最好的竞争对手，但竞争对手不断创新，客户也渐渐期望得'
            '到它所提供的东西：如果创新很少又没有任何联系，能够持久的关系就很少。请在预算之内运用'
            '价值创新、价格和联系，使长期保持型（模式IV）成为最常见的结局，同时不能把利润率让掉：'
            '较低的价格使收益分配更公平，而利润率和各种联系的成本都计入利润。'
        ),
    # question 3.5
    'Stage a pattern II story':
        '演示一个中途夭折型的故事',
    (
        "For a class demonstration, build a scenario in which the supplier meets new customers' "
        'initial expectations (value at least 0.55) and yet pattern II is the most common ending: '
        "customers' expectations rise fast (expectation_growth = 1 in the base) and the offer "
        'does not keep up.'
    ):
        (
            '为了课堂演示，请构建这样一个情景：供应商满足新客户最初的期望（价值至少为 0.55），但最'
            '常见的结局仍是中途夭折型（模式II）：客户的期望上升很快（基准情景中 expectation_growth'
            ' = 1），而供应商的提供物跟不上。'
        ),
    # question 3.6
    'Read the signals of decline':
        '识别退化的信号',
    (
        "A bank notices that a small manufacturer's deposits and payments through it have fallen "
        "for six months while the firm's sales keep growing. In three to five sentences: which "
        'stage is the relationship in, what tells you so, and what should the bank do first?'
    ):
        (
            '一家银行注意到，一家小型制造企业通过它办理的存款和支付已连续六个月下降，而该企业的销'
            '售额仍在增长。请用三到五句话回答：这段关系处于哪个阶段？你从哪里看出来？银行首先应该'
            '做什么？'
        ),
    'Identifies the decline stage':
        '判断出关系处于退化期',
    (
        "Uses the signal: a falling share of the customer's business while its total business "
        'does not fall (it is moving business elsewhere)'
    ):
        '运用信号：客户交给本银行的业务份额下降，而其业务总量并未下降（它正把业务转移到别处）',
    (
        'Diagnoses the cause before acting, then wins the customer back or lets it go according '
        'to its value'
    ):
        '先诊断原因再行动，然后根据客户的价值决定挽回还是放手',
    (
        "The relationship is in decline. The telling signal is that the firm's business with the "
        'bank falls while its own business keeps growing: it is moving its banking elsewhere, so '
        "the bank's share of its wallet is shrinking. The bank should first find out why, for "
        'example by asking the account manager to visit and listen, and only then decide whether '
        'the customer is worth a win-back offer matched to the cause or should be let go.'
    ):
        (
            '这段关系处于退化期。关键信号是：这家企业在银行的业务在下降，而它自身的业务仍在增长，'
            '说明它正把银行业务转移到别处，银行在它那里的客户份额在缩小。银行首先应当弄清原因，例'
            '如请客户经理登门拜访、倾听客户的意见，然后再决定这位客户是否值得用针对原因的挽回方案'
            '去争取，还是应当放手。'
        ),
}
ZH.update({key: STAGES_ZH[key] for key in ('exploration', 'formation', 'stability', 'decline')})
ZH.update({key: PATTERNS_ZH[key] for key in ('I', 'II', 'III', 'IV')})
