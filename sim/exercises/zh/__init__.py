"""Chinese texts of the exercises (issue 13): one catalogue per chapter, keyed by the English.

Why keyed by the English text: the chapters (``sim.exercises.chNN``) stay the
only structure. Questions, ids, points, starters, self-checks, hidden tests
and answer keys are shared by both languages; only what a student reads is
looked up here. When an English text changes, its old key no longer matches,
so the Chinese notebook cannot silently show a stale translation:
:func:`missing` lists it and ``tests/test_exercises_zh.py`` fails.

Answer literals (the options, the keys of a classification) stay in English
in the code students edit, since the hidden tests compare them; the Chinese
prompt lists each literal with its Chinese meaning.

This package lives under ``sim.exercises`` on purpose: it holds the model
answers of the written questions, so it is masked out of the grader's
sandbox like the English ones.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache

from sim.exercises.spec import Chapter, Question

LANGUAGES = ("en", "zh")
"""Languages ``loyalty-lab exercises --lang`` writes; ``en`` is the default."""

_LEVERS_MARK = "\n\n**Levers you set**"
_OPTION_KINDS = ("choice", "selection", "ordering")


class MissingTranslationError(ValueError):
    """An English exercise text has no Chinese version."""


def check_language(lang: str) -> str:
    """Return ``lang`` if notebooks can be written in it.

    Raises:
        ValueError: naming the allowed values and the value given.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"the language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


@cache
def catalogue(number: int) -> Mapping[str, str]:
    """English text -> Chinese text for the course chapter ``number`` (empty if none)."""
    try:
        module = importlib.import_module(f"sim.exercises.zh.ch{number:02d}")
    except ImportError:
        return {}
    return module.ZH


def base_prompt(question: Question) -> str:
    """The question's own words, without the parts the constructors generate.

    The list of options (``Options: ...``) and a simulation's levers, budget,
    goals and base scenario are built from the question's structure, in
    either language, so only the words before them need a translation.
    """
    from sim.exercises.practice import page_prompt

    prompt = page_prompt(question)
    if question.kind == "simulation" and question.task is not None:
        prompt = prompt.split(_LEVERS_MARK, 1)[0]
    return prompt.strip()


def option_texts(question: Question) -> list[str]:
    """The answer literals a student chooses from, which the Chinese prompt glosses."""
    spec = question.self_check
    kind = spec.get("kind")
    if kind in _OPTION_KINDS:
        return [str(o) for o in spec["options"]]
    if kind == "mapping":
        return [str(k) for k in spec["keys"]] + [str(o) for o in spec["options"]]
    return []


def model_answer(question: Question) -> str | None:
    """The model answer of a written question (None for other kinds)."""
    if question.kind != "written":
        return None
    from sim.exercises.practice import reference_answer

    return str(reference_answer(question))


def texts(chapter: Chapter) -> list[str]:
    """Every English text of the chapter that a Chinese notebook or feedback shows.

    Chapter title and introduction; each question's title, prompt, answer
    literals, rubric criteria and (written questions) model answer.
    """
    found = [chapter.title, chapter.intro.strip()]
    for q in chapter.questions:
        found += [q.title, base_prompt(q), *option_texts(q)]
        found += [item.criterion for item in q.rubric]
        answer = model_answer(q)
        if answer is not None:
            found.append(answer)
    return list(dict.fromkeys(found))


def translate(chapter: Chapter, english: str) -> str:
    """The Chinese version of one of the chapter's texts.

    Raises:
        MissingTranslationError: if it has none (so a Chinese notebook is
            never written with English left in it).
    """
    zh = catalogue(chapter.number).get(english.strip())
    if not zh:
        raise MissingTranslationError(
            f"chapter {chapter.number} has no Chinese text for {english.strip()[:60]!r}")
    return zh


def missing(chapter: Chapter) -> list[str]:
    """The chapter's English texts without a Chinese version."""
    zh = catalogue(chapter.number)
    return [text for text in texts(chapter) if not zh.get(text)]


def unused(chapter: Chapter) -> list[str]:
    """Catalogue entries no text of the chapter uses (left over from an old English)."""
    wanted = set(texts(chapter))
    return [text for text in catalogue(chapter.number) if text not in wanted]


def lookup(english: str, chapter: int | None = None) -> str | None:
    """The Chinese of a text in one chapter's catalogue (or any), None if unknown.

    The grader uses it for question titles and rubric criteria in feedback,
    where a text it cannot find stays English rather than failing.
    """
    numbers = [chapter] if chapter is not None else list(range(9))
    for number in numbers:
        zh = catalogue(number).get(english.strip())
        if zh:
            return zh
    return None
