"""The class market in Chinese (``loyalty-lab class --lang zh``).

The pages, the decisions, the refusals and the debrief, in the course's own
vocabulary (:mod:`sim.i18n.names`). Every English text of the pages
(``sim/static/market``) that passes through ``Market.t`` or carries
``data-t`` has an entry in :data:`PAGE_ZH` (``tests/test_market_zh.py``
checks), and every refusal template one in :data:`MESSAGES_ZH`.
"""

from __future__ import annotations

from typing import Any

from sim.i18n.names import BONDS_ZH, STAGES_ZH

LABELS_ZH = {
    "price": "价格（市场价 = 1.00）",
    "value_innovation": "改进预算",
    "latent_focus": "改进预算中用于未说出需求的比例",
    "financial_bond": f"积分与折扣（{BONDS_ZH['financial_bond']}）",
    "social_bond": f"个人联系（{BONDS_ZH['social_bond']}）",
    "structural_bond": f"定制化系统（{BONDS_ZH['structural_bond']}）",
}
"""Each decision's label (:data:`sim.market.decisions.LABELS`)."""

HELP_ZH = {
    "price": "高于 1.00 时每笔销售赚得更多；客户拿它与价值比较，"
             "稳定期的客户还会判断收益的分配是否公平。",
    "value_innovation": "你的产品与服务每月改进的速度；每服务一位客户都要为它付费。",
    "latent_focus": "0：打磨客户已经期望的基本服务。1：满足客户自己都没意识到的需求（惊喜）。",
    "financial_bond": "折扣与积分：立刻吸引看重优惠的客户，竞争对手也能照样提供。",
    "social_bond": "个人联系：信任增长更快，重视关系的客户更难离开。",
    "structural_bond": "定制化系统：竞争对手难以很快模仿的价值，以及很高的离开成本。",
}
"""One line under each decision's slider (:data:`sim.market.decisions.HELP`)."""

PHASES_ZH = {"lobby": "等待开始", "deciding": "各队决策中", "running": "本轮运行中",
             "finished": "已结束"}
"""The game's phases, as refusals name them."""

PAGE_ZH: dict[str, str] = {
    # both pages
    "Loyalty Lab market": "Loyalty Lab 市场",
    "Loyalty Lab class market: your team": "Loyalty Lab 课堂市场：你的团队",
    "Loyalty Lab class market": "Loyalty Lab 课堂市场",
    "● live": "● 已连接",
    "○ reconnecting": "○ 重新连接中",
    "{time} left": "剩余 {time}",
    "the server answered {status}": "服务器返回 {status}",
    "Debrief": "复盘",
    "Round {round}": "第 {round} 轮",
    "Round {round} is running…": "第 {round} 轮运行中…",
    "exploration": STAGES_ZH["exploration"],
    "formation": STAGES_ZH["formation"],
    "stability": STAGES_ZH["stability"],
    "decline": STAGES_ZH["decline"],
    "open": "尚未结束",
    # the team's page
    "Join your team": "加入你的团队",
    "Join code (on the projector)": "加入码（见投影屏幕）",
    "Team name": "团队名称",
    "Team code": "团队码",
    "(only to join a team a teammate has started)": "（只在加入队友已创建的团队时填写）",
    "Join": "加入",
    "The first member of a team starts it and sees its team code; teammates type the same "
    "team name and that code.":
        "团队的第一位成员创建团队并看到团队码；队友输入同样的团队名称和这个团队码。",
    "Investments": "投入",
    "of": "/",
    "budget points": "预算点",
    "Customers by stage": "各阶段的客户",
    "How relationships ended (patterns) and still open": "关系如何结束（模式）以及尚未结束的关系",
    "You joined team {team}.": "你已加入团队 {team}。",
    "Over budget: lower an investment": "超出预算：请降低某项投入",
    "Submit decisions": "提交决策",
    "Decisions submitted. You can change them until the instructor runs the round.":
        "决策已提交。在教师运行本轮之前你还可以修改。",
    "Active customers": "活跃客户",
    "Share of the market's customers": "占市场客户的份额",
    "Profit this round": "本轮利润",
    "Profit so far": "累计利润",
    "Customers' lifetime value": "客户生命周期价值",
    "Annual churn (established)": "老客户年流失率",
    "Share of wallet": "钱包份额",
    "New customers this round": "本轮新客户",
    "Results after round {round}": "第 {round} 轮后的结果",
    "Round": "轮次",
    "Price": "价格",
    "Active": "活跃",
    "Share": "份额",
    "Profit": "利润",
    "Joining is closed: the game has started.": "加入已关闭：游戏已经开始。",
    "team code {code}": "团队码 {code}",
    "Team {team}": "团队 {team}",
    "Waiting for the instructor to start the game.": "等待教师开始游戏。",
    "Round {next} of {rounds}: set your decisions.": "第 {next} 轮（共 {rounds} 轮）：请做出决策。",
    "The game is over: see the debrief.": "游戏结束：请看复盘。",
    "Decisions for round {next} of {rounds}": "第 {next} 轮（共 {rounds} 轮）的决策",
    "Your decisions": "你的决策",
    "Submitted for this round.": "本轮已提交。",
    "Not submitted yet: without a submission your last decisions stand.":
        "尚未提交：如不提交，沿用你上一轮的决策。",
    # the projector
    "Start game": "开始游戏",
    "End game": "结束游戏",
    "Timer": "计时",
    "1 min": "1 分钟",
    "2 min": "2 分钟",
    "3 min": "3 分钟",
    "5 min": "5 分钟",
    "Start timer": "开始计时",
    "Reset": "重置",
    "Code": "加入码",
    "QR code of the join address": "加入地址的二维码",
    "Teams": "团队",
    "Share of the market's customers, by round": "各轮占市场客户的份额",
    "Replay round": "回放轮次",
    "Dark": "深色",
    "Light": "浅色",
    "End the game now and show the debrief?": "现在结束游戏并显示复盘吗？",
    "Reset the session? Every team and result is cleared.":
        "重置本场游戏吗？所有团队和结果都会被清除。",
    "export refused": "导出被拒绝",
    "Customer share by round: {shares}": "各轮客户份额：{shares}",
    "% of active customers": "占活跃客户的百分比",
    "Pattern mix after round {round}": "第 {round} 轮后的模式构成",
    "still open": "尚未结束",
    "pattern {code}": "模式 {code}",
    "% of relationships": "占关系的百分比",
    "Team": "团队",
    "Customer share": "客户份额",
    "Churn / year": "年流失率",
    "Its decisions (bonds: financial/social/structural)": "它的决策（联系：财务/社交/结构）",
    "price {price} · innovation {innovation} ({latent}% latent) · bonds {bonds}":
        "价格 {price} · 改进 {innovation}（{latent}% 用于潜在需求）· 联系 {bonds}",
    "Leaderboard after round {round}": "第 {round} 轮后的排行榜",
    "Leaderboard": "排行榜",
    "Rank by lifetime value": "按客户生命周期价值排名",
    "Rank by profit": "按利润排名",
    "Leaderboard (after the first round)": "排行榜（第一轮之后）",
    "How each team's relationships ended, after round {round}":
        "第 {round} 轮后各团队的关系如何结束",
    "see the instructor": "请看教师",
    "Waiting for teams to join": "等待团队加入",
    "Round {next} of {rounds}: teams decide": "第 {next} 轮（共 {rounds} 轮）：各团队决策中",
    "Game over: debrief": "游戏结束：复盘",
    "Run round {next}": "运行第 {next} 轮",
    "Close joining": "关闭加入",
    "Open joining": "开放加入",
    "✓ ready": "✓ 已提交",
    " ({ready} of {teams} ready)": "（{ready}/{teams} 已提交）",
}
"""The pages' words (``Market.t`` and ``data-t`` in ``sim/static/market``)."""

MESSAGES_ZH: dict[str, str] = {
    # decisions (sim.market.decisions)
    "decisions must be an object with the fields {fields}; got {got}":
        "决策必须是包含这些字段的对象：{fields}；收到的是 {got}",
    "unknown decision {name!r}; the decisions are {fields}":
        "未知的决策「{name}」；决策包括：{fields}",
    "decision {name!r} is missing: it must be a number in [{low}, {high}]":
        "缺少决策「{name}」：它必须是 [{low}, {high}] 之间的数",
    "decision {name!r} must be a number in [{low}, {high}]; got {got!r}":
        "决策「{name}」必须是 [{low}, {high}] 之间的数；收到的是 {got}",
    "the investments (innovation {innovation:.2f}, financial {financial:.2f}, social "
    "{social:.2f}, structural {structural:.2f}) add up to {spent:.2f}; the budget allows at "
    "most {budget:.2f}":
        "各项投入（改进 {innovation:.2f}、财务 {financial:.2f}、社交 {social:.2f}、结构 "
        "{structural:.2f}）合计 {spent:.2f}；预算最多允许 {budget:.2f}",
    # the market (sim.market.model)
    "the game is over: all {rounds} rounds have been played": "游戏已结束：{rounds} 轮都已进行完",
    "team {name!r} has no decisions for round {round}": "团队「{name}」没有第 {round} 轮的决策",
    # the session (sim.market.game)
    "team name must be text; got {got}": "团队名称必须是文字；收到的是 {got}",
    "team name is empty: type a name of 1 to {limit} letters":
        "团队名称为空：请输入 1 到 {limit} 个字符的名称",
    "team name must be at most {limit} characters; got {length}":
        "团队名称最多 {limit} 个字符；收到 {length} 个",
    "only the instructor can do that (the instructor's link carries its token)":
        "只有教师可以这样做（教师链接中带有教师令牌）",
    "unknown team token: join the game first": "未知的团队令牌：请先加入游戏",
    "that join code is not this session's: check the code on the projector":
        "这个加入码不属于本场游戏：请核对投影屏幕上的加入码",
    "joining is closed: the game has started (the instructor can reopen it)":
        "加入已关闭：游戏已经开始（教师可以重新开放）",
    "the game is full: at most {limit} teams; join an existing team":
        "游戏已满：最多 {limit} 个团队；请加入一个已有的团队",
    "new teams cannot enter a market already running; join an existing team":
        "市场运行后不能再创建新团队；请加入一个已有的团队",
    "team {name!r} already exists: to join it, type its team code (its members see it on "
    "their screen); to start a new team, pick another name":
        "团队「{name}」已经存在：要加入它，请输入它的团队码（其成员在自己的屏幕上能看到）；"
        "要创建新团队，请换一个名称",
    "decisions are not open now (the game is {phase}); wait for the instructor to open the "
    "next round": "现在不能提交决策（游戏状态：{phase}）；请等待教师开放下一轮",
    "unknown action {action!r}; the actions are {actions}":
        "未知的操作「{action}」；可用的操作：{actions}",
    "the game has already started (it is {phase})": "游戏已经开始（状态：{phase}）",
    "no team has joined yet": "还没有团队加入",
    "timer 'seconds' must be a number in [{low}, {high}]; got {got!r}":
        "计时的秒数必须是 [{low}, {high}] 之间的数；收到的是 {got}",
    "a timer runs only while teams decide (the game is {phase})":
        "只有在各团队决策时才能计时（游戏状态：{phase}）",
    "there is no round to run (the game is {phase})": "没有可运行的轮次（游戏状态：{phase}）",
    "a round is running; end the game when it has run": "本轮正在运行；请在它结束后再结束游戏",
    "the game has not started": "游戏还没有开始",
    "a round is running; reset when it has run": "本轮正在运行；请在它结束后再重置",
    # the server (sim.market.server)
    "too many requests: wait a moment and try again": "请求过多：请稍等片刻再试",
    "request too large: at most {limit} bytes": "请求过大：最多 {limit} 字节",
    "the request is not valid JSON": "请求不是有效的 JSON",
}
"""Refusal template (English, as raised) -> its Chinese (``RefusalError`` in sim.market)."""

LESSONS_ZH: dict[str, str] = {
    "{team} spent {basics:.0f}% of its innovation on the basics. Its customers' attitudinal "
    "loyalty ended at {own:.2f}, {verdict} ({average:.2f}) that meeting the basics alone can "
    "reach; the other teams' customers ended at {others:.2f}. Can polishing the basics buy "
    "loyalty above the average?":
        "{team} 把 {basics:.0f}% 的改进预算用在了基本服务上。它的客户的态度忠诚最终为 {own:.2f}，"
        "{verdict}（{average:.2f}），即仅靠满足基本期望所能达到的水平；其他团队的客户最终为 "
        "{others:.2f}。打磨基本服务能买来高于平均水平的忠诚吗？",
    "{team} put the most into the basics ({lead:.1f} innovation points over the game, against "
    "{others:.1f} for the other teams on average). Customers expect of every supplier what the "
    "best one offers, so the other teams were judged against {team}'s basics: their established "
    "customers left at {churn} a year (median), {team}'s at {own}. Basics are table stakes: a "
    "supplier that falls behind the best loses customers (pattern II).":
        "{team} 在基本服务上投入最多（整局共 {lead:.1f} 个改进点，其他团队平均 {others:.1f}）。"
        "客户期望每个供应商都做到最好的那一家所做到的，因此其他团队都被拿来与 {team} 的基本服务"
        "相比：它们的老客户每年流失 {churn}（中位数），{team} 为 {own}。基本服务是入场门槛："
        "落后于最好者的供应商会失去客户（模式 II）。",
    "{team} put the most into the basics ({lead:.1f} innovation points over the game, against "
    "{others:.1f} for the other teams on average). Customers expect of every supplier what the "
    "best one offers, so the other teams were judged against {team}'s basics; yet their "
    "established customers left at {churn} a year (median), {team}'s at {own}. What made up "
    "for falling behind on the basics: price, bonds or latent needs?":
        "{team} 在基本服务上投入最多（整局共 {lead:.1f} 个改进点，其他团队平均 {others:.1f}）。"
        "客户期望每个供应商都做到最好的那一家所做到的，因此其他团队都被拿来与 {team} 的基本服务"
        "相比；然而它们的老客户每年流失 {churn}（中位数），{team} 为 {own}。是什么弥补了它们在"
        "基本服务上的落后：价格、联系，还是潜在需求？",
    "stuck near the average level": "停留在平均水平附近",
    "well above the average level": "远高于平均水平",
    "below the average level": "低于平均水平",
    "{team} opened with a financial bond ({bond:.2f}) and had {first} of the market's customers "
    "after round 1; {copied}, and its share was {last}. Level-1 bonds are easy to see and easy "
    "to copy.":
        "{team} 一开始就建立了财务联系（{bond:.2f}），第 1 轮后拥有市场 {first} 的客户；{copied}，"
        "它的份额变为 {last}。第一层次的联系容易被看见，也容易被模仿。",
    "by round {round}, {count} other team(s) offered one too ({teams})":
        "到第 {round} 轮，另有 {count} 个团队也提供了（{teams}）",
    "no other team copied it": "没有其他团队模仿",
    "{team} built the deepest structural bond ({bond:.2f} on average). Its established "
    "customers left at {churn} a year, against a median of {others} for the other teams. "
    "Level-3 bonds deliver value rivals cannot copy quickly, and make leaving costly.":
        "{team} 建立了最深的结构联系（平均 {bond:.2f}）。它的老客户每年流失 {churn}，其他团队的"
        "中位数为 {others}。第三层次的联系带来竞争对手难以很快模仿的价值，并使离开代价高昂。",
    "{team} built the deepest structural bond ({bond:.2f} on average), yet its established "
    "customers left at {churn} a year, against a median of {others} for the other teams. A bond "
    "holds customers when the offer behind it is worth keeping: what was missing here?":
        "{team} 建立了最深的结构联系（平均 {bond:.2f}），然而它的老客户每年流失 {churn}，其他团队的"
        "中位数为 {others}。只有当联系背后的供给值得保留时，联系才能留住客户：这里缺少了什么？",
    "{team} charged the most (price {price:.2f}). It kept {share} of the market's customers and "
    "earned {revenue} of its last round's revenue, for a cumulative profit of {profit:,.0f}. "
    "Price splits the gains: mature customers judge whether the split is fair.":
        "{team} 定价最高（价格 {price:.2f}）。它保有市场 {share} 的客户，赚得最后一轮 {revenue} 的"
        "收入，累计利润 {profit:,.0f}。价格决定收益的分配：成熟的客户会判断这种分配是否公平。",
    "{team} led both on profit ({profit:,.0f}) and on the lifetime value of its customers "
    "({equity:,.0f}).":
        "{team} 在利润（{profit:,.0f}）和客户生命周期价值（{equity:,.0f}）上都领先。",
    "{team} earned the most ({profit:,.0f}), but {other} built the most valuable customer base "
    "(lifetime value {equity:,.0f}). Which would you rather own next year?":
        "{team} 赚得最多（{profit:,.0f}），但 {other} 建立了最有价值的客户群（客户生命周期价值 "
        "{equity:,.0f}）。明年你更愿意拥有哪一个？",
    "Every team lost money over the game. {team} lost the least ({profit:,.0f}); the customers "
    "with the highest lifetime value were {other}'s ({equity:,.0f}). Innovation and bonds are "
    "paid for before customers pay them back.":
        "整局下来，每个团队都亏了钱。{team} 亏得最少（{profit:,.0f}）；客户生命周期价值最高的是 "
        "{other} 的客户（{equity:,.0f}）。改进和联系都要先花钱，之后才由客户慢慢收回。",
}
"""The debrief's templates and verdicts (:mod:`sim.market.debrief`) in Chinese."""

_DECISION_TEMPLATES = {key for key in MESSAGES_ZH
                       if key.startswith(("decision ", "unknown decision", "decisions must"))}


def refusal_zh(template: str, params: dict[str, Any]) -> str:
    """A refusal in Chinese: its template's Chinese, with decision names and phases in Chinese."""
    values = dict(params)
    if template in _DECISION_TEMPLATES:
        if values.get("name") in LABELS_ZH:
            values["name"] = LABELS_ZH[values["name"]]
        if "fields" in values:
            values["fields"] = "、".join(LABELS_ZH.get(f.strip(), f.strip())
                                         for f in values["fields"].split(","))
    if values.get("phase") in PHASES_ZH:
        values["phase"] = PHASES_ZH[values["phase"]]
    return MESSAGES_ZH.get(template, template).format(**values)
