"""Issue 13: a figure of the book speaks its page's language (widget.js in Node).

The book is executed once, in English, and its Chinese edition (``_build/html/zh``,
``<html lang="zh-CN">``) shows the same saved widget state. So a figure built
without a language carries the Chinese of its texts beside the English, and
``sim/static/widget.js`` picks the page's language when it renders. These tests
run widget.js in Node with a small stand-in for the DOM (``tests/widget_node.mjs``):
no browser, no book build, no model runs (the grids are small made-up ones).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sim.i18n import widgets as zh
from sim.widgets import FIGURE_NAMES, interactive_figure
from sim.widgets import widget as widget_module
from sim.widgets.assets import WIDGET_JS
from sim.widgets.catalog import figure_def
from sim.widgets.customer_trace import CAUSE_WORDS, Trace
from sim.widgets.standalone import to_html

HARNESS = Path(__file__).with_name("widget_node.mjs")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"\b(?![IVX]+\b)[A-Za-z]{3,}\b")
LETTERS = "ABCDE"


def _node(job: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    proc = subprocess.run([node, str(HARNESS)], input=json.dumps({"widget": str(WIDGET_JS), **job}),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


def _story(stages: list[int], pattern: str | None, cause: str | None) -> str:
    return Trace(0, {"stage": [float(s) for s in stages]}, pattern, cause).story()


STORIES = [
    _story([0, 0, 1, 1, 2, 2, 3, 4], "III", "unfair"),
    _story([0, 1, 2, 3, 2, 2], "IV", None),
    _story([0, 0, 0], None, None),
    _story([0, 1, 0, 1, 4], "I", "outside"),
    _story([0, 4], None, None),
    *(_story([0, 1, 2, 3, 4], "II", cause) for cause in CAUSE_WORDS),
]
"""Every wording of a traced customer's story (moves, win-backs, returns, each ending)."""


def _customers_grid() -> dict[str, Any]:
    """A made-up grid of the customers figure: five customers, three months each."""
    points = [{"s": {"satisfaction": [0.1, 0.2, None], "trust": [0.0, 0.1, None],
                     "switching": [0.0, 0.0, None], "stage": [0.0, 1.0, 4.0]},
               "n": {"who": f"Customer {letter}", "story": STORIES[i], "customer_id": float(i),
                     "pattern_code": "II"}}
              for i, letter in enumerate(LETTERS)]
    return {"axes": ["customer"], "shape": [5], "points": points, "key": "customers-test"}


def _figure(monkeypatch: pytest.MonkeyPatch, name: str, **options: Any) -> Any:
    grid = _customers_grid() if name == "customers" else {"axes": [], "shape": [], "points": []}
    monkeypatch.setattr(widget_module, "load_grid", lambda _name: grid)
    return interactive_figure(name, **options)


def _traits(fig: Any) -> dict[str, Any]:
    return {"spec": fig.spec, "grid": fig.grid, "values": fig.values, "options": fig.options}


def _english_words(text: str) -> list[str]:
    return _ENGLISH.findall(re.sub(r"Mesa|Jupyter|loyalty-lab classroom|Loyalty Lab|CLV", "", text))


# ---- Python: what a figure carries -----------------------------------------------


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_every_figure_has_no_untranslated_text(name: str) -> None:
    assert zh.untranslated(name) == []


def test_every_figure_text_keeps_its_fields() -> None:
    """Each Chinese text has exactly the {key|fmt} fields of its English (any order)."""
    fields = re.compile(r"\{[^{}]*\}")
    for english, chinese in {**zh.FIGURE_TEXT_ZH, **zh.UI_ZH}.items():
        assert sorted(fields.findall(chinese)) == sorted(fields.findall(english)), english


def test_one_chinese_text_for_each_english() -> None:
    """The tables merged into one lookup never give one English text two translations."""
    parts = [zh._common_text(), zh._prediction_text(), zh._field_entries(),
             zh._preset_entries(), zh.UNITS_ZH, zh.FIGURE_TEXT_ZH]
    seen: dict[str, str] = {}
    for part in parts:
        for english, chinese in part.items():
            assert seen.setdefault(english, chinese) == chinese, english


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_book_figure_carries_both_languages(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Built without a language (the book): English description, Chinese words beside it."""
    fig = _figure(monkeypatch, name)
    english = figure_def(name).spec().to_json()
    assert fig.spec == english  # the English page is unchanged
    assert fig.options["lang"] == "page" and fig.options["strings"] == {}
    carried = fig.options["zh"]
    assert carried["spec"] == zh.spec_text_zh(english)
    assert carried["spec"][english["title"]] == zh.translate_spec(english)[0]["title"]
    assert set(zh.UI_ZH.items()) <= set(carried["strings"].items())
    # Only text: no second copy of the description's numbers or of the grid.
    assert all(isinstance(v, str) for v in carried["spec"].values())
    size = len(json.dumps(carried, ensure_ascii=False).encode())
    assert size < 20_000, size


def test_offline_page_embeds_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    page = to_html(_figure(monkeypatch, "customers"))
    state = json.loads(re.search(r'id="ll-state">(.*?)</script>', page, re.S).group(1))
    traits = state["traits"]
    assert traits["spec"]["title"] == "Follow one customer through the lifecycle"
    carried = traits["options"]["zh"]
    title = carried["spec"]["Follow one customer through the lifecycle"]
    assert title == "跟随一位客户走过客户关系生命周期"
    assert carried["strings"][STORIES[0]] == zh.story_zh(STORIES[0])  # the grid's phrases too


def test_explicit_language_carries_one(monkeypatch: pytest.MonkeyPatch) -> None:
    chinese = _figure(monkeypatch, "customers", lang="zh")
    assert chinese.options["lang"] == "zh" and "zh" not in chinese.options
    assert chinese.spec["title"] == "跟随一位客户走过客户关系生命周期"
    assert chinese.options["strings"]["Customer B"] == "客户 B"
    english = _figure(monkeypatch, "customers", lang="en")
    assert english.options == {"projector": False, "title": None, "lang": "en", "strings": {}}
    with pytest.raises(ValueError, match="unknown language"):
        _figure(monkeypatch, "customers", lang="fr")


# ---- the model's computed phrases --------------------------------------------------


@pytest.mark.parametrize("story", STORIES)
def test_every_story_wording_has_chinese(story: str) -> None:
    chinese = zh.story_zh(story)
    assert chinese is not None, story
    assert _CJK.search(chinese) and _english_words(chinese) == [], chinese
    assert re.findall(r"\d+", chinese) == re.findall(r"\d+", story)  # the same months
    assert zh.result_text_zh(story) == chinese


def test_other_computed_phrases_have_chinese() -> None:
    from sim.widgets.figures import retention, satisfaction_trap

    for years in (0.4, 3.25, 12.0, 49.9, 51.0, float("nan")):
        text = retention._years_text(years)
        chinese = zh.result_text_zh(text)
        assert chinese is not None and _english_words(chinese) == [], text
        assert re.findall(r"\d+(?:\.\d+)?", chinese) == re.findall(r"\d+(?:\.\d+)?", text)
    for loyalty in (0.2, 0.5, 0.8):
        text = satisfaction_trap.describe({"loyalty": loyalty, "average": 0.5}, {})["trap_text"]
        assert _CJK.search(zh.result_text_zh(text) or ""), text
    for letter in LETTERS:
        assert zh.result_text_zh(f"Customer {letter}") == f"客户 {letter}"
    # Codes the widget writes out itself, or only compares, have none.
    assert zh.result_strings([{"n": {"dominant": "II", "half_stay": "yes", "x": 1.0}}]) == {}


# ---- the kernel answers in the browser's language ---------------------------------


def test_live_answers_in_the_browsers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = interactive_figure("demo")  # engine-free: no model runs
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(fig, "send", lambda msg, *a, **k: sent.append(msg))
    fig._on_message(fig, {"type": "compute", "id": 1, "values": {"a": 7}, "lang": "zh"}, [])
    assert sent[-1]["type"] == "error" and "必须在 0.0 到 1.0 之间" in sent[-1]["message"]
    fig._on_message(fig, {"type": "compute", "id": 2, "values": {"a": 7}}, [])
    assert "must be between" in sent[-1]["message"]  # English, as before
    fig._on_message(fig, {"type": "compute", "id": 3, "values": {"zz": 1}, "lang": "zh"}, [])
    assert "没有这些控件" in sent[-1]["message"]
    fig._on_message(fig, {"type": "compute", "id": 4, "values": {"a": "x"}, "lang": "zh"}, [])
    assert "必须是一个数" in sent[-1]["message"]
    fig._on_message(fig, {"type": "compute", "id": 5, "values": {"a": 0.3}, "lang": "zh"}, [])
    assert sent[-1]["type"] == "result" and sent[-1]["strings"] == {}
    fig._on_message(fig, {"type": "compute", "id": 6, "values": {"a": 0.3}}, [])
    assert sent[-1]["type"] == "result" and "strings" not in sent[-1]


# ---- widget.js in Node -------------------------------------------------------------


def test_js_translates_the_description_like_python() -> None:
    """translateSpec (widget.js) with the carried table gives translate_spec's description."""
    specs = [figure_def(name).spec().to_json() for name in FIGURE_NAMES]
    out = _node({"translate": [{"spec": s, "table": zh.spec_text_zh(s)} for s in specs]})
    for name, spec, shown in zip(FIGURE_NAMES, specs, out["translate"], strict=True):
        assert shown == zh.translate_spec(spec, "zh")[0], name


def test_js_picks_the_pages_language(monkeypatch: pytest.MonkeyPatch) -> None:
    book = _traits(_figure(monkeypatch, "customers"))
    lifecycle = _traits(_figure(monkeypatch, "lifecycle"))
    english = _traits(_figure(monkeypatch, "customers", lang="en"))
    renders = [{"htmlLang": lang, "traits": traits} for lang, traits in (
        ("zh-CN", book), ("en", book), ("en", english), ("", book), ("zh", lifecycle),
        ("en", lifecycle))]
    zh_page, en_page, en_explicit, no_lang, zh_sliders, en_sliders = _node(
        {"renders": renders})["renders"]

    # The Chinese edition: Chinese title, caption, labels, sentence, computed phrases.
    assert zh_page["title"] == "跟随一位客户走过客户关系生命周期"
    assert "取自第 3 章混合市场" in zh_page["caption"]
    assert "哪位客户" in zh_page["labels"]
    assert zh_page["options"] == [f"客户 {letter}" for letter in LETTERS]
    assert zh_page["sentence"].startswith("客户 A在第 0 月")  # "Customer A": a computed phrase
    assert "▶ 播放" in zh_page["buttons"] and "演示给我看" in zh_page["buttons"]
    assert zh_page["panels"][0] == "满意与信任"
    assert zh_page["charts"][0]["datasets"] == ["满意", "信任"]
    assert zh_page["lang"] is None  # the figure speaks its page's language
    assert zh_page["sent"] == [{"type": "hello", "lang": "zh"}]
    for key in ("title", "caption", "sentence", "tryThis", "question"):
        assert _english_words(zh_page[key]) == [], (key, zh_page[key])

    # An English page (or one without lang) shows exactly what an English figure shows.
    assert en_page == en_explicit == no_lang
    assert en_page["title"] == "Follow one customer through the lifecycle"
    assert en_page["sentence"].startswith("Customer A in month 0")
    assert en_page["sent"] == [{"type": "hello", "lang": "en"}]

    # Sliders: Chinese labels, help and scale words on the Chinese page.
    assert "供应商的价格" in zh_sliders["labels"]
    assert "The supplier's price" not in zh_sliders["labels"]
    assert any("竞争对手的售价为 1.00" in h for h in zh_sliders["help"])
    assert any("市场价格" in a for a in zh_sliders["anchors"])
    assert "月" in zh_sliders["charts"][0]["axes"]
    assert "The supplier's price" in en_sliders["labels"]


def test_js_explicit_language_wins_over_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    chinese = _traits(_figure(monkeypatch, "customers", lang="zh"))
    english = _traits(_figure(monkeypatch, "customers", lang="en"))
    on_en, on_zh = _node({"renders": [{"htmlLang": "en", "traits": chinese},
                                      {"htmlLang": "zh-CN", "traits": english}]})["renders"]
    assert on_en["title"] == "跟随一位客户走过客户关系生命周期" and on_en["lang"] == "zh-CN"
    assert on_en["sentence"].startswith("客户 A在第 0 月")
    assert on_zh["title"] == "Follow one customer through the lifecycle" and on_zh["lang"] == "en"
