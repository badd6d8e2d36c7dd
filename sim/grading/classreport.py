"""The instructor's report: the class at a glance.

``OUT/report/index.html`` (open it in any browser, offline) shows the score
distribution, per-chapter means, and for every question: its mean, the share
of students with full marks, the share who answered, and the most common
wrong answer with how many gave it (the fastest way to spot a misleading
prompt or a common misconception). ``scores.png`` is the histogram of
scores, ``difficulty.png`` the mean share of points per question, and
``questions.csv`` the per-question statistics for a spreadsheet.

Scores are shown as a percentage of the points *marked so far*: written
answers still to be marked by hand count neither for nor against.
"""

from __future__ import annotations

import csv
import html
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.grading.report import StudentResult, cell

REPORT_DIR = "report"


@dataclass(frozen=True)
class QuestionStats:
    """Class statistics of one question."""

    qid: str
    title: str
    kind: str
    points: float
    students: int
    mean: float
    share_full: float
    share_answered: float
    pending: int
    common_wrong: str
    common_wrong_count: int


def _canonical(answer: Any) -> str:
    text = json.dumps(answer, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def question_stats(results: list[StudentResult]) -> list[QuestionStats]:
    """Per-question statistics over the students (in question order)."""
    order: list[str] = []
    by_qid: dict[str, list] = {}
    for r in results:
        for q in r.questions:
            if q.qid not in by_qid:
                order.append(q.qid)
                by_qid[q.qid] = []
            by_qid[q.qid].append(q)
    stats = []
    for qid in order:
        items = by_qid[qid]
        first = items[0]
        marked = [q for q in items if not q.pending]
        wrong = Counter(_canonical(q.answer) for q in marked
                        if q.answered and q.score < q.max_score - 1e-9 and q.kind != "written")
        common, count = (wrong.most_common(1)[0] if wrong else ("", 0))
        n = len(items)
        stats.append(QuestionStats(
            qid=qid, title=first.title, kind=first.kind, points=first.max_score, students=n,
            mean=sum(q.score for q in marked) / len(marked) if marked else 0.0,
            share_full=sum(q.score >= q.max_score - 1e-9 for q in marked) / len(marked)
            if marked else 0.0,
            share_answered=sum(q.answered for q in items) / n if n else 0.0,
            pending=n - len(marked), common_wrong=common, common_wrong_count=count))
    return stats


def marked_percent(result: StudentResult) -> float | None:
    """Score as a percentage of the points marked so far (None if nothing is marked)."""
    marked = result.max_score - result.pending_points
    return 100.0 * result.score / marked if marked > 0 else None


def _charts(folder: Path, results: list[StudentResult], stats: list[QuestionStats]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    percents = [p for p in (marked_percent(r) for r in results) if p is not None]
    png = {"pil_kwargs": {"compress_level": 1}}  # fast to write; the files stay small
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=100)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.15, top=0.9)
    ax.hist(percents, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0001],
            color="#3b6ea8", edgecolor="white")
    ax.set_xlabel("score (% of the points marked so far)")
    ax.set_ylabel("students")
    ax.set_title(f"Scores of {len(results)} students")
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    fig.savefig(folder / "scores.png", **png)
    plt.close(fig)

    colours = {"numeric": "#3b6ea8", "choice": "#5a9e6f", "simulation": "#c77c2e",
               "written": "#8a63a8"}
    height = max(2.5, 0.22 * len(stats) + 1)
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=100)
    fig.subplots_adjust(left=0.42, right=0.98, bottom=0.7 / height, top=1 - 0.45 / height)
    labels = [f"{s.qid} {s.title[:38]}" for s in stats]
    values = [100.0 * s.mean / s.points if s.points else 0.0 for s in stats]
    ax.barh(range(len(stats)), values, color=[colours.get(s.kind, "#777") for s in stats])
    ax.set_yticks(range(len(stats)), labels, fontsize=7)
    ax.set_ylim(len(stats) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("mean share of the points (%)")
    ax.set_title("Difficulty: mean share of points per question")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    ax.legend(handles, list(colours), fontsize=7, loc="lower right")
    fig.savefig(folder / "difficulty.png", **png)
    plt.close(fig)


def write_report(out: Path, results: list[StudentResult], meta: dict) -> Path:
    """Write ``OUT/report/`` (index.html, the two charts, questions.csv); return index.html."""
    folder = out / REPORT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stats = question_stats(results)
    _charts(folder, results, stats)
    with open(folder / "questions.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "title", "kind", "points", "students", "mean",
                         "share_full_marks", "share_answered", "to_mark",
                         "most_common_wrong_answer", "given_by"])
        for s in stats:
            writer.writerow([s.qid, cell(s.title), s.kind, f"{s.points:g}", s.students,
                             f"{s.mean:.3f}", f"{s.share_full:.3f}", f"{s.share_answered:.3f}",
                             s.pending, cell(s.common_wrong), s.common_wrong_count])
    (folder / "index.html").write_text(_html(results, stats, meta), encoding="utf-8")
    return folder / "index.html"


def _html(results: list[StudentResult], stats: list[QuestionStats], meta: dict) -> str:
    esc = html.escape
    percents = [p for p in (marked_percent(r) for r in results) if p is not None]
    mean = sum(percents) / len(percents) if percents else 0.0
    pending = sum(r.pending_points > 0 for r in results)
    failed = [r for r in results if r.failed]
    chapters: dict[int, list[tuple[float, float]]] = {}
    for r in results:
        for chapter, pair in r.chapter_scores().items():
            chapters.setdefault(chapter, []).append(pair)
    rows = "".join(
        f"<tr><td>Chapter {c}</td><td>{sum(s for s, _ in v) / len(v):.2f}</td>"
        f"<td>{v[0][1]:g}</td></tr>" for c, v in sorted(chapters.items()))
    qrows = "".join(
        f"<tr><td>{esc(s.qid)}</td><td>{esc(s.title)}</td><td>{esc(s.kind)}</td>"
        f"<td>{s.points:g}</td><td>{s.mean:.2f}</td><td>{100 * s.share_full:.0f}%</td>"
        f"<td>{100 * s.share_answered:.0f}%</td><td>{s.pending or ''}</td>"
        f"<td><code>{esc(s.common_wrong)}</code>"
        f"{f' ({s.common_wrong_count})' if s.common_wrong_count else ''}</td></tr>"
        for s in stats)
    warn = ""
    if meta.get("sandbox") not in (None, "bubblewrap"):
        warn += ("<p class='warn'>NO SANDBOX: student code ran without isolation; do not "
                 "trust these grades.</p>")
    if failed:
        warn += (f"<p class='warn'>Grading failed for {len(failed)} student(s): "
                 + esc(", ".join(r.name for r in failed[:20])) + ". Regrade them.</p>")
    title = esc(meta.get("title") or "Loyalty Lab grades")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; max-width: 60em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
td, th {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }}
th {{ background: #f0f0f0; }} .warn {{ color: #a00; font-weight: bold; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>{title}</h1>
{warn}
<p>{len(results)} students; mean score {mean:.1f}% of the points marked so far;
{pending} student(s) with written answers still to mark
(maximum {meta.get('points', 0):g} points, {meta.get('auto_points', 0):g} marked by the
grader).</p>
<img src="scores.png" alt="histogram of scores">
<h2>Chapters</h2>
<table><tr><th>chapter</th><th>mean</th><th>points</th></tr>{rows}</table>
<h2>Questions</h2>
<img src="difficulty.png" alt="mean share of points per question">
<table><tr><th>question</th><th>title</th><th>kind</th><th>points</th><th>mean</th>
<th>full marks</th><th>answered</th><th>to mark</th><th>most common wrong answer</th></tr>
{qrows}</table>
</body></html>
"""
