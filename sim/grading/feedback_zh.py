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
    # sim.grading.execute (what happened to a run; {what} and {why} are PHRASES)
    "{name}: no time left in the budget; later cells were not run":
        "{name}：时间预算已用完，后面的单元格没有运行",
    "{name}: no time left in the budget; the notebook was not run":
        "{name}：时间预算已用完，notebook 没有运行",
    "{name}: {count} process(es) of the run could not be ended":
        "{name}：本次运行有 {count} 个进程未能结束",
    "{name}: {what} in code cell {n}; no more reruns":
        "{name}：运行到第 {n} 个代码单元格时，{what}；不再重新运行",
    "{name}: {what} in code cell {n}; that cell is skipped and the notebook run again":
        "{name}：运行到第 {n} 个代码单元格时，{what}；跳过这个单元格，重新运行 notebook",
    "{name}: {what} in code cell {n}": "{name}：运行到第 {n} 个代码单元格时，{what}",
    "{name}: {what}; {why}": "{name}：{what}；{why}",
    "{name}: {what}": "{name}：{what}",
    # sim.grading.notebooks and sim.grading.batch (files that cannot be graded)
    "cannot open {file}: {error}": "无法打开 {file}：{error}",
    "{file} is not a regular file": "{file} 不是普通文件",
    "{file} is larger than {mb} MB": "{file} 大于 {mb} MB",
    "{file} is not a notebook (not UTF-8 text)": "{file} 不是 notebook（不是 UTF-8 文本）",
    "{file} is not valid notebook JSON ({error})": "{file} 不是有效的 notebook JSON（{error}）",
    "{file} uses nbformat {version}; save it as nbformat 4 (any current Jupyter does)":
        "{file} 使用的是 nbformat {version}；请另存为 nbformat 4（当前的 Jupyter 都是如此）",
    "{file} is JSON but not a Jupyter notebook (no 'cells' list)":
        "{file} 是 JSON，但不是 Jupyter notebook（没有 'cells' 列表）",
    "{file} has more than {n} cells": "{file} 的单元格超过 {n} 个",
    "{file} has a code cell whose source is not text": "{file} 有一个代码单元格的源码不是文本",
    "{file} is a symbolic link; submit the file itself": "{file} 是符号链接；请提交文件本身",
    "{file} is a folder, not a notebook": "{file} 是文件夹，不是 notebook",
    "bubblewrap was requested but does not work on this machine":
        "要求使用 bubblewrap，但它在这台机器上无法运行",
    "a sandbox is required and bubblewrap does not work here":
        "要求使用沙箱，但 bubblewrap 在这里无法运行",
}

#: Phrases that fill a template's ``{what}`` and ``{why}``: why a run ended, what was
#: wrong with its answers file or an answer, why the sandbox could not start.
PHRASES: dict[str, str] = {
    # sim.grading.execute.describe_death
    "the notebook ran out of its time budget and was stopped": "notebook 用完了时间预算，已被停止",
    "the notebook used more than {seconds} s of CPU time (all its processes together) "
    "and was stopped": "notebook 使用的 CPU 时间超过 {seconds} 秒（所有进程合计），已被停止",
    "the notebook went over the memory limit of {mb} MB (all its processes together)":
        "notebook 超出了 {mb} MB 的内存上限（所有进程合计）",
    "the notebook's process was killed by signal {signal}": "notebook 的进程被信号 {signal} 终止",
    "the notebook's process ended abruptly (exit status {code})":
        "notebook 的进程意外结束（退出状态 {code}）",
    # sim.grading.answers (the answers file the run left)
    "the notebook produced no answers file": "notebook 没有生成答案文件",
    "the notebook produced no answers file (it stopped before the first cell ran)":
        "notebook 没有生成答案文件（它在第一个单元格运行之前就停止了）",
    "answers file is not valid JSON ({error})": "答案文件不是有效的 JSON（{error}）",
    "answers file is not a JSON object": "答案文件不是 JSON 对象",
    "too much data": "数据过多",
    "nested too deeply": "嵌套层数过多",
    "integer too large": "整数过大",
    "non-finite number": "不是有限的数",
    "non-finite number {value} is not plain data": "不是有限的数 {value}，不是普通数据",
    "string too long": "字符串过长",
    "unexpected type {type}": "意外的类型 {type}",
    # sim.grading.runner.to_plain (why an answer could not be exported)
    "is not a finite number": "不是有限的数字",
    "string is too long": "字符串过长",
    "has too many items": "项数过多",
    "has a non-string key {type}": "有一个不是字符串的键（{type}）",
    "has type {type}; use numbers, strings, lists or dicts":
        "类型为 {type}；请使用数字、字符串、列表或字典",
    "could not be read ({type})": "无法读取（{type}）",
    # sim.grading.sandbox (a run that failed for a reason outside the notebook)
    "could not put the run in its control group": "无法把本次运行放入它的控制组（cgroup）",
    "bubblewrap failed: {log}": "bubblewrap 运行失败：{log}",
}

UNSANDBOXED_WARNING_ZH = (
    "警告：没有沙箱。bubblewrap（或它需要的命名空间）不可用，所以提交的 notebook 只是作为"
    "普通子进程运行，仅有资源上限、一个无特权的用户 id 和系统调用过滤。学生的代码可以读取"
    "评分机器上其他用户可读的所有文件，其中可能包括答案、隐藏测试和其他学生的作业。"
    "不要相信这些分数；请安装 bubblewrap（apt-get install bubblewrap）后重新评分。"
)
"""The Chinese of :data:`sim.grading.sandbox.UNSANDBOXED_WARNING`."""

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
    # None: not one of the known phrases, so the template does not match after all
    "what": lambda text: _translate(_COMPILED_PHRASES, text),
    "why": lambda text: _translate(_COMPILED_PHRASES, text),
    "reason": lambda text: _translate(_COMPILED_PHRASES, text) or text,
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


def _compile(templates: dict[str, str]) -> list[tuple[re.Pattern[str], str]]:
    """Templates as patterns, the most literal text first.

    So "valid proposal (cost ...)" wins over "valid proposal", and the
    catch-all "{name}: {what}" is tried last.
    """
    return sorted(((_pattern(en), zh) for en, zh in templates.items()),
                  key=lambda item: -len(re.sub(r"\(\?P<\w+>\.\+\?\)", "", item[0].pattern)))


_COMPILED = _compile(TEMPLATES)
_COMPILED_PHRASES = _compile(PHRASES)


def _translate(compiled: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    """The first template that matches ``text`` and whose fields all translate, filled in."""
    for pattern, zh in compiled:
        match = pattern.fullmatch(text)
        if not match:
            continue
        fields = {name: _FIELDS.get(name, str)(value)
                  for name, value in match.groupdict().items()}
        if all(value is not None for value in fields.values()):
            return zh.format(**fields)
    return None


def translate_one(text: str) -> str | None:
    """The Chinese of one English message, or None if no template matches it."""
    return _translate(_COMPILED, text)


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
