"""Chinese feedback for a Chinese submission (issue 13): the same marks, other words.

Why translate at the end instead of judging in Chinese: the hidden tests, the
grader's records (``grades.json``), the gradebook and the instructor's report
stay one language-neutral (English) record, so a notebook's language cannot
change a mark and merging written marks rewrites feedback in the language
the student wrote in. Only what :mod:`sim.grading.report` shows the student
is put into Chinese here.

A message is matched against the English templates the judges use
(:data:`TEMPLATES`); its fields (numbers, answer keys, Python type names)
are kept, and a few (a metric's label, "the answer") are translated. A
message no template matches stays English rather than being guessed;
``tests/test_exercises_zh.py`` runs every judge of every question on many
answers and fails on any message without a template.
"""

from __future__ import annotations

import re
from string import Formatter

from sim.exercises.simtask import METRIC_LABELS

#: English message template (the judges' and the grader's words) -> Chinese.
TEMPLATES: dict[str, str] = {
    # sim.exercises.checks
    "{where} is missing (still None)": "{where}缺失（仍为 None）",
    "{where} should be a finite number, got {type}": "{where}应为有限的数字，实际是 {type}",
    "{where} is correct": "{where}正确",
    "{where} = {value} months is not correct": "{where} = {value} 个月，不正确",
    "{where} = {value} years is not correct": "{where} = {value} 年，不正确",
    "{where} = {value} is not correct": "{where} = {value}，不正确",
    "the answer should be a dict mapping each item to a category":
        "答案应为字典，把每一项对应到一个类别",
    "all {n} items are classified correctly": "全部 {n} 项都分类正确",
    "{right} of {n} items classified correctly": "{n} 项中有 {right} 项分类正确",
    "the answer should be a list of the options you select": "答案应为由你所选选项组成的列表",
    "{hits} correct and {misses} wrong selections ({unknown} not among the options)":
        "选对 {hits} 项，选错 {misses} 项（其中 {unknown} 项不在选项之中）",
    "{hits} correct and {misses} wrong selections": "选对 {hits} 项，选错 {misses} 项",
    "the answer should be a list in order": "答案应为按顺序排列的列表",
    "the order is correct": "顺序正确",
    "{right} of {n} positions correct": "{n} 个位置中有 {right} 个正确",
    # sim.exercises.simtask
    "the answer should be a dict of scenario fields": "答案应为由情景字段组成的字典",
    "{key} is not one of the levers you may set": "{key} 不是你可以设置的杠杆",
    "{key} must be a number in [{low}, {high}]": "{key} 必须是 [{low}, {high}] 范围内的数字",
    "{key} = {value} is outside [{low}, {high}]": "{key} = {value} 超出了 [{low}, {high}] 范围",
    "the cost {spent} exceeds the budget {budget}": "成本 {spent} 超出了预算 {budget}",
    "valid proposal (cost {spent} of {budget})": "方案有效（成本 {spent}，预算 {budget}）",
    "valid proposal": "方案有效",
    "not simulated: the proposal breaks the constraints": "未运行模拟：方案违反了约束条件",
    "{label} could not be computed": "{label}无法计算",
    "goal {verdict}: {label} = {value} in the grader's runs (seeds {seeds}); "
    "target {op} {threshold}":
        "目标{verdict}：评分程序的运行中（随机种子 {seeds}），{label} = {value}；"
        "目标为 {op} {threshold}",
    # sim.exercises.ch08 (the price contrast)
    "the answer should be a dict with 'price_low' and 'price_high'":
        "答案应为包含 'price_low' 和 'price_high' 的字典",
    "{key} is not expected": "{key} 不是本题的键",
    "price_high - price_low must be in (0, {gap}]": "price_high - price_low 必须在 (0, {gap}] 之内",
    "valid pair of scenarios": "两个情景有效",
    "no relationship reached stability in one of the grader's runs, so the split of "
    "gains was never judged":
        "评分程序的某次运行中没有任何关系进入稳定期，因此收益分配无从评判",
    "pattern III among relationships that reached stability: {high} at the higher "
    "price vs {low} at the lower price in the grader's runs: difference {diff}, "
    "target >= {least}":
        "评分程序的运行中，进入稳定期的关系里提前退出型（模式 III）所占比例："
        "较高价格下为 {high}，较低价格下为 {low}；差值 {diff}，目标 >= {least}",
    # sim.grading.judge
    "{var} is not answered (still empty)": "{var} 尚未作答（仍为空）",
    "{var} is not answered (still None or missing)": "{var} 尚未作答（仍为 None 或缺失）",
    "the answer should be text (a string), got {type}": "答案应为文本（字符串），实际是 {type}",
    "to be marked by hand ({points} points)": "待教师手工批改（{points} 分）",
    "could not be evaluated ({error})": "无法评判（{error}）",
    # sim.grading.written (marks merged back)
    "marked by hand": "已由教师手工批改",
    "marked by hand: {comment}": "已由教师手工批改：{comment}",
    "{var} could not be exported: {reason}": "{var} 无法导出：{reason}",
    # sim.grading.batch
    "no notebook of this assignment was found: every question scores 0":
        "没有找到本次作业的 notebook：每道题都得 0 分",
    "{name}, code cell {n}: {error}": "{name}，第 {n} 个代码单元格：{error}",
    "{name}: not a notebook (.ipynb)": "{name}：不是 notebook（.ipynb）",
    "{name}: chapter {n}, not part of this assignment": "{name}：第 {n} 章，不属于本次作业",
    "{name}: no chapter, not part of this assignment": "{name}：未标明章节，不属于本次作业",
    "{name}: another notebook for chapter {n} ({chosen}) was graded":
        "{name}：已评分的是第 {n} 章的另一个 notebook（{chosen}）",
    "{name}: the student's time budget ({seconds} s) was used up":
        "{name}：你的时间预算（{seconds} 秒）已用完",
}

#: Hidden-test name -> Chinese (the keys of a dict answer are code and stay as they are).
TEST_NAMES = {
    "value": "数值",
    "choice": "选项",
    "classification": "分类",
    "selection": "选择",
    "order": "顺序",
    "decision": "决定",
    "valid proposal (bounds and budget)": "方案有效（取值范围和预算）",
    "valid pair (bounds and gap)": "两个价格有效（取值范围和差距）",
    "pattern III among stable relationships rises with the price":
        "进入稳定期的关系中，提前退出型（模式 III）的比例随价格上升",
}

KINDS = {"numeric": "计算题", "choice": "选择题", "simulation": "模拟题", "written": "文字题"}
"""Question kind -> its Chinese name."""

_GOAL = re.compile(r"^goal: (?P<label>.+) (?P<op>>=|<=) (?P<threshold>\S+)$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = {
    "where": lambda text: "答案" if text == "the answer" else f"{text} ",
    "label": lambda text: _label(text),
    "verdict": lambda text: {"met": "已达成", "not met": "未达成"}.get(text, text),
    "seeds": lambda text: text.replace(", ", "、"),
}


def _label(text: str) -> str:
    from sim.exercises.zh.notebook import METRIC_LABELS_ZH

    for metric, english in METRIC_LABELS.items():
        if english == text:
            return METRIC_LABELS_ZH[metric]
    return text


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, field, _spec, _conv in Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P<{field}>.+?)")
    return re.compile("".join(parts), re.S)


# Most literal text first, so "valid proposal (cost ...)" wins over "valid proposal".
_COMPILED = sorted(((_pattern(en), zh) for en, zh in TEMPLATES.items()),
                   key=lambda item: -len(re.sub(r"\(\?P<\w+>\.\+\?\)", "", item[0].pattern)))


def translate_one(text: str) -> str | None:
    """The Chinese of one English message, or None if no template matches it."""
    for pattern, zh in _COMPILED:
        match = pattern.fullmatch(text)
        if match:
            fields = {name: _FIELDS.get(name, str)(value)
                      for name, value in match.groupdict().items()}
            return zh.format(**fields)
    return None


def message(text: str) -> str:
    """A feedback message in Chinese; parts joined by ``; `` are translated one by one.

    A part no template matches is kept in English (never guessed).
    """
    if not text:
        return text
    whole = translate_one(text)
    if whole is not None:
        return whole
    return "；".join(translate_one(part) or part for part in text.split("; "))


def untranslated(text: str) -> list[str]:
    """The parts of a message :func:`message` would leave in English (for the tests)."""
    if not text or translate_one(text) is not None:
        return []
    return [part for part in text.split("; ") if translate_one(part) is None]


def criterion_name(name: str, qid: str) -> str:
    """A criterion's name: a hidden test's, or a written question's rubric criterion."""
    if name in TEST_NAMES:
        return TEST_NAMES[name]
    goal = _GOAL.match(name)
    if goal:
        return f"目标：{_label(goal['label'])} {goal['op']} {goal['threshold']}"
    if _IDENTIFIER.match(name):
        return name
    from sim.exercises.zh import lookup

    return lookup(name, _chapter(qid)) or name


def title(text: str, qid: str) -> str:
    """A question's title in Chinese (its chapter's catalogue), else as it is."""
    from sim.exercises.zh import lookup

    return lookup(text, _chapter(qid)) or text


def _chapter(qid: str) -> int | None:
    head = qid.split(".", 1)[0]
    return int(head) if head.isdigit() else None
