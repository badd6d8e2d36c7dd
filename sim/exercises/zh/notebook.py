"""The Chinese notebook's own words: headings, cell comments, option lists, the self-check.

Why a module of its own: :mod:`sim.exercises.render` builds the same cells in
both languages and asks here only for the words of a Chinese one. Whatever
the constructors generate from a question's structure (the list of answer
literals, a simulation's levers, budget, goals and base scenario) is
generated here from the same structure, so numbers, field names and code
cannot differ between the two notebooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.exercises.spec import Chapter, Question
from sim.exercises.zh import base_prompt, translate
from sim.i18n.names import LOYALTY_TYPES_ZH, MEASURES_ZH, PATTERNS_ZH

if TYPE_CHECKING:
    from sim.exercises.simtask import Goal

METRIC_LABELS_ZH = {
    **{f"share_{code}": f"{name}（模式 {code}）所占比例" for code, name in PATTERNS_ZH.items()},
    **{key: f"平均{MEASURES_ZH[key]}"
       for key in ("repurchase", "cross_buy", "referral", "price_tolerance")},
    "profit": MEASURES_ZH["profit"],
    "mean_clv": "平均客户生命周期价值",
    "super_value_share": f"{LOYALTY_TYPES_ZH['super-value']}所占比例",
}
"""Metric of a simulation goal -> its Chinese label (``simtask.METRIC_LABELS``)."""

KEEP_LITERALS = "作答时请照抄反引号中的英文原文，评分按原文进行"
ANSWER_COMMENT = "# 把 None 换成你的答案（只能是普通数据：数字、字符串、列表、字典）。"

#: English fragment of :func:`sim.exercises.selfcheck.self_check`'s source -> Chinese.
#: Applied longest first; ``tests/test_exercises_zh.py`` checks that each one is
#: found and that no English sentence is left in the Chinese copy.
SELF_CHECK_ZH = {
    '"""Print whether ``answer`` has the right form for question ``qid``."""':
        '"""打印 ``answer`` 作为题 ``qid`` 的答案，形式是否正确。"""',
    'f"[{qid}] not answered yet: replace None (or the empty text) with your answer."':
        'f"[{qid}] 尚未作答：请把 None（或空文本）换成你的答案。"',
    '"should be text (a string in quotes)"': '"应为文本（用引号括起来的字符串）"',
    # Chinese is written without spaces: count characters, not words.
    'elif len(answer.split()) < 10:': 'elif len("".join(answer.split())) < 20:',
    '"should be a few sentences (at least 10 words)"': '"应写几句话（至少 20 个字）"',
    '"should be a number (int or float)"': '"应为数字（int 或 float）"',
    '"should be a dict with keys "': '"应为字典，键为 "',
    'f"\'{key}\' should be a number"': 'f"\'{key}\' 应为数字"',
    '"should be one of "': '"应为以下之一："',
    '"should be a dict"': '"应为字典"',
    'f"\'{key}\' is not answered"': 'f"\'{key}\' 尚未作答"',
    'f"\'{key}\' should be one of "': 'f"\'{key}\' 应为以下之一："',
    '"should be a list"': '"应为列表"',
    'f"{item!r} is not one of the options"': 'f"{item!r} 不在选项之中"',
    'f"should list all {len(options)} items"': 'f"应列出全部 {len(options)} 项"',
    '"should be a dict of scenario fields"': '"应为由情景字段组成的字典"',
    'f"\'{key}\' is not a lever of this exercise"': 'f"\'{key}\' 不是本题可以设置的杠杆"',
    'f"\'{key}\' should be a number in [{low}, {high}]"':
        'f"\'{key}\' 应为 [{low}, {high}] 范围内的数字"',
    'f"\'{key}\' = {value} is outside [{low}, {high}]"':
        'f"\'{key}\' = {value} 超出了 [{low}, {high}] 范围"',
    'f"cost {total:.3f} exceeds the budget {spec[\'budget\']}"':
        'f"成本 {total:.3f} 超出了预算 {spec[\'budget\']}"',
    'f"[{qid}] form problems: " + "; ".join(problems)':
        'f"[{qid}] 形式有问题：" + "；".join(problems)',
    'f"[{qid}] form OK (the grader checks correctness with hidden tests)."':
        'f"[{qid}] 形式正确（答案对错由评分程序用隐藏测试判定）。"',
}


def self_check_source() -> str:
    """The public ``self_check`` helper with Chinese messages, for the setup cell.

    Made from the English source by :data:`SELF_CHECK_ZH`, so the checks
    themselves (types, keys, options, bounds, budget) are the same code.

    Raises:
        ValueError: if a fragment is no longer in the English source (the
            helper changed and its Chinese copy would keep English).
    """
    from sim.exercises.render import self_check_source as english

    source = english()
    for old in sorted(SELF_CHECK_ZH, key=len, reverse=True):
        if old not in source:
            raise ValueError(f"self_check no longer contains {old!r}: update SELF_CHECK_ZH")
        source = source.replace(old, SELF_CHECK_ZH[old])
    return source



def chapter_title(chapter: Chapter, solution: bool) -> str:
    """The notebook's first heading."""
    title = f"# 练习：第 {chapter.number} 章　{translate(chapter, chapter.title)}"
    return title + ("（参考答案）" if solution else "")


def intro(chapter: Chapter) -> str:
    """The chapter introduction, with a word on the English answer literals."""
    return (f"{translate(chapter, chapter.intro)}\n\n"
            "选择题的选项和分类题字典的键保留英文原文（隐藏测试按原文评分），"
            "题目中在每个选项后面给出了它的中文含义。")


def setup_header(chapter: Chapter) -> str:
    """Comment lines at the top of the setup cell."""
    return (f"# Loyalty Lab 练习，第 {chapter.number} 章：准备单元格。请先运行这个单元格。\n"
            "# self_check() 只检查答案的形式；评分程序在另一个进程中用隐藏测试评分，\n"
            "# 模拟题由它自己重新运行模拟。\n\n")


def points(value: float) -> str:
    """``2 分``."""
    return f"{value:g} 分"


def question_heading(question: Question, chapter: Chapter) -> str:
    """``## 题 0.1：预期生命周期（2 分）``."""
    title = translate(chapter, question.title)
    return f"## 题 {question.qid}：{title}（{points(question.points)}）"


def _glossed(chapter: Chapter, literals: list[str]) -> str:
    return "\n".join(f"- `{o!r}`：{translate(chapter, o)}" for o in literals)


def _options_tail(question: Question, chapter: Chapter) -> str:
    spec = question.self_check
    kind = spec.get("kind")
    if kind == "choice":
        return f"选项（{KEEP_LITERALS}）：\n\n{_glossed(chapter, spec['options'])}"
    if kind == "mapping":
        return (f"请为下列每一项选择一个类别（{KEEP_LITERALS}）：\n\n"
                f"{_glossed(chapter, spec['keys'])}\n\n"
                f"类别：\n\n{_glossed(chapter, spec['options'])}")
    if kind == "selection":
        return (f"请赋值一个列表，列出所有适用的选项（{KEEP_LITERALS}）：\n\n"
                f"{_glossed(chapter, spec['options'])}")
    if kind == "ordering":
        return (f"请赋值一个按顺序排列的列表，包含下列各项（{KEEP_LITERALS}）：\n\n"
                f"{_glossed(chapter, spec['options'])}")
    return ""


def goal_text(goal: Goal) -> str:
    """A simulation goal in Chinese, e.g. ``长期保持型（模式 IV）所占比例 >= 0.6``."""
    return f"{METRIC_LABELS_ZH[goal.metric]} {goal.op} {goal.threshold:g}"


def _simulation_tail(question: Question) -> str:
    from sim.exercises.simtask import RUN

    task = question.task
    variable = question.variable
    lines = ["**你要设置的杠杆**（其他一切与基准情景相同）：", ""]
    for key, (low, high) in task.levers.items():
        cost = (task.costs or {}).get(key)
        extra = f"，每单位成本 {cost:g}" if cost else ""
        lines.append(f"- `{key}` 取值范围 [{low:g}, {high:g}]{extra}")
    if task.budget is not None:
        lines += ["", f"**预算：** 总成本不超过 {task.budget:g}。"]
    lines += ["", "**目标**（评分程序各次运行的平均值）：", ""]
    lines += [f"- {goal_text(g)}（{points(g.points)}）" for g in task.goals]
    base = "，".join(f"{k}={v!r}" for k, v in task.base.items()) or "默认设置"
    example = ", ".join(repr(k) + ": ..." for k in task.levers)
    lines += ["", f"**基准情景：** {base}。评分程序以随机种子 "
              f"{'、'.join(map(str, task.seeds))} 分别运行 "
              f"`sim.LoyaltyModel(seed=s, n_customers={RUN['n_customers']}, "
              f"periods={RUN['periods']}, **{{**base, **{variable}}})`，然后取平均值。"
              f"请赋值一个字典，例如 `{variable} = {{{example}}}`。"]
    return "\n".join(lines)


def prompt(question: Question, chapter: Chapter) -> str:
    """The question in Chinese: its words, then what its structure generates."""
    text = translate(chapter, base_prompt(question))
    if question.kind == "simulation" and question.task is not None:
        tail = _simulation_tail(question)
    elif question.kind == "choice":
        tail = _options_tail(question, chapter)
    else:
        tail = ""
    return f"{text}\n\n{tail}" if tail else text


def solution_code(question: Question, chapter: Chapter) -> str:
    """The solution cell; a written question's model answer in Chinese."""
    from sim.exercises.zh import model_answer

    english = model_answer(question)
    if english is None:
        return question.solution
    return f"{question.variable} = {translate(chapter, english)!r}"


def try_code(question: Question) -> str:
    """The optional cell of a simulation question (try a proposal with the simulator)."""
    from sim.exercises.simtask import RUN

    task = question.task
    return (
        "# 可选：用模拟器试一试你的方案（评分程序会自己运行完全相同的模拟，\n"
        "# 所以这里打印什么都不影响评分）。取消注释即可运行。\n"
        f"# import sim\n# base = {dict(task.base)!r}\n"
        f"# for seed in {tuple(task.seeds)!r}:\n"
        f"#     res = sim.LoyaltyModel(seed=seed, n_customers={RUN['n_customers']}, "
        f"periods={RUN['periods']},\n"
        f"#                            **{{**base, **{question.variable}}}).run()\n"
        "#     print(seed, res.pattern_shares, res.loyalty)")
