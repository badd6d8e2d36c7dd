"""Chinese texts of the chapter 4 exercises (:mod:`sim.exercises.ch04`).

Keys are the English texts (see :mod:`sim.exercises.zh`); answer literals that
name the model's things take the course's names from :mod:`sim.i18n.names`.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # the chapter
    'The satisfaction trap':
        '客户满意陷阱',
    (
        'Basic and latent expectations, the shapes of their loyalty curves, the Kano categories '
        'and what a supplier stuck at average loyalty should do.'
    ):
        (
            '基本期望与潜在期望、它们的忠诚曲线形状、狩野模型的质量类别，以及忠诚度停滞在平均水平'
            '的供应商应当怎么做。'
        ),
    # question 4.1
    'Kano categories in a hotel':
        '酒店中的狩野类别',
    'Classify each hotel feature into its Kano category.':
        '把每项酒店特性归入它所属的狩野类别。',
    'clean sheets':
        '干净的床单',
    'hot water in the shower':
        '淋浴有热水',
    'the size of the room':
        '房间的面积',
    'the waiting time at check-in':
        '办理入住时的等候时间',
    'a handwritten note remembering your last stay':
        '一张记得你上次入住情况的手写便条',
    'an unasked-for upgrade to the room with your favourite view':
        '未经要求就把你升级到能看到你最喜欢的景观的房间',
    'must-be':
        '必备质量',
    'one-dimensional':
        '一元质量',
    'attractive':
        '魅力质量',
    # question 4.2
    'What the trap is':
        '什么是客户满意陷阱',
    'Which situation is the satisfaction trap?':
        '哪种情形属于客户满意陷阱？',
    'guests are delighted by surprises and book again and again':
        '客人因惊喜而感到愉悦，一次又一次地预订',
    'guests are unhappy but keep coming because there is no other hotel in town':
        '客人不满意，但因为城里没有别的酒店而继续入住',
    'guests rate the essentials well, yet they come back no more often than before':
        '客人对基本要素评价很高，但回头入住并不比以前更频繁',
    'prices went up and guests stayed anyway':
        '价格上涨了，客人仍然留了下来',
    # question 4.3
    'Shapes of the response curves':
        '反应曲线的形状',
    'Describe the shape of loyalty as a function of each kind of satisfaction.':
        '描述忠诚度随每一种满意变化的曲线形状。',
    'loyalty vs basic-expectation satisfaction':
        '忠诚与基本期望满意度的关系',
    'loyalty vs latent-expectation satisfaction':
        '忠诚与潜在期望满意度的关系',
    'concave':
        '凹形（曲线向下弯曲）',
    'convex':
        '凸形（曲线向上弯曲）',
    'linear':
        '线性（直线）',
    # question 4.4
    'Where the next euro goes':
        '下一笔钱投向哪里',
    (
        "A supplier already meets its customers' basic expectations well and its loyalty is stuck "
        'at the average. Where should its next investment go?'
    ):
        (
            '一家供应商已经很好地满足了客户的基本期望，而客户忠诚却停滞在平均水平。它的下一笔投资'
            '应当投向哪里？'
        ),
    'advertise to new prospects':
        '向新的潜在客户做广告',
    'cut prices':
        '降价',
    'polish the basics further':
        '进一步完善基本要素',
    'serve latent expectations':
        '满足潜在期望',
    # question 4.5
    'Escape the trap':
        '走出陷阱',
    (
        'Split a quality budget between basic value (`supplier_value`) and latent value (delight, '
        '`latent_value`) so that customers do more than keep buying: they recommend the supplier '
        'and most of them show super-value (trust) loyalty.'
    ):
        (
            '把一笔质量预算分配给基本价值（`supplier_value`）和潜在价值（惊喜，`latent_value`），'
            '使客户不只是继续购买：他们还会推荐该供应商，而且其中大多数表现出超值（信赖）忠诚。'
        ),
    # question 4.6
    'Advice for a satisfied but disloyal hotel':
        '给一家客户满意却不忠诚的酒店的建议',
    (
        "A hotel chain's satisfaction scores rise every year but repeat stays do not. Explain the "
        'satisfaction trap to its managers in four to six sentences and recommend where to invest '
        'next.'
    ):
        (
            '一家连锁酒店的满意度得分逐年上升，回头入住的次数却没有增加。请用四到六句话向其管理者'
            '解释客户满意陷阱，并建议下一步应当投资在哪里。'
        ),
    (
        'Basic expectations are met: further basic improvements have diminishing returns and '
        'loyalty stays near the average level'
    ):
        '基本期望已得到满足：继续改进基本要素的回报递减，忠诚停留在平均水平附近',
    'Latent expectations: delight has increasing returns and builds trust and lasting loyalty':
        '潜在期望：惊喜的回报递增，能建立信任和持久的忠诚',
    'A concrete recommendation that serves a latent need, while keeping the basics met':
        '提出一条满足潜在需求的具体建议，同时保证基本要素仍得到满足',
    (
        'The chain has fallen into the satisfaction trap: its surveys measure basic expectations '
        'such as clean rooms and quick check-in, which it already meets. Beyond that point better '
        'basics add little loyalty, which stays near the average level because every competent '
        'rival meets them too. Loyalty grows with delight, by serving needs guests did not expect '
        'to be met, and repeated delight builds trust. The chain should keep the basics right but '
        "put its next investment into latent needs, for example remembering regular guests' "
        'preferences and preparing their favourite room before they arrive.'
    ):
        (
            '这家连锁酒店陷入了客户满意陷阱：它的调查衡量的是房间干净、入住快捷这类基本期望，而这'
            '些它早已做到。超过这一点之后，更好的基本要素几乎不再增加忠诚，忠诚停留在平均水平附近'
            '，因为每个称职的竞争对手也都做得到。忠诚随惊喜而增长，也就是满足客人没有期望会被满足'
            '的需求，而反复的惊喜会建立信任。连锁酒店应当保证基本要素不出差错，但把下一笔投资投向'
            '潜在需求，例如记住常客的偏好，在他们到达之前就准备好他们最喜欢的房间。'
        ),
}
