"""Issue 13: a figure of the book speaks its page's language (widget.js in Node).

The book is executed once, in English, and its Chinese edition (``_build/html/zh``,
``<html lang="zh-CN">``) shows the same saved widget state. So a figure built
without a language carries the Chinese of its texts beside the English, and
``sim/static/widget.js`` picks the page's language when it renders. These tests
run widget.js in Node with a small stand-in for the DOM (``tests/widget_node.mjs``):
no browser, no book build, no model runs (the page's engine is a stand-in that
answers with small made-up results; the Chinese of the phrases a run computes
comes from ``figures.mjs``'s ``resultTextZh``, itself checked against Python in
``tests/test_js_figures.py``).
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
from sim.widgets.assets import FIGURES_JS, WIDGET_JS
from sim.widgets.catalog import figure_def
from sim.widgets.customer_trace import CAUSE_WORDS, Trace
from sim.widgets.inpage import page_config, zh_phrases
from sim.widgets.standalone import to_html

HARNESS = Path(__file__).with_name("widget_node.mjs")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"\b(?![IVX]+\b)[A-Za-z]{3,}\b")
_NAMES = re.compile(r"Mesa|Jupyter|JavaScript|Python|loyalty-lab classroom|Loyalty Lab|CLV")
"""Names that stay in English in the Chinese texts (programs, the app, an abbreviation)."""
LETTERS = "ABCDE"


def _node(job: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    job = {"widget": str(WIDGET_JS), "figures": str(FIGURES_JS), **job}
    proc = subprocess.run([node, str(HARNESS)], input=json.dumps(job),
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


def _customers_page() -> list[list[dict[str, Any]]]:
    """Made-up results of the customers figure: five customers, three months each.

    Each as ``[settings, result]``: the harness's stand-in for the page's engine
    answers the first result whose settings the asked values include.
    """
    return [[{"customer": letter},
             {"s": {"satisfaction": [0.1, 0.2, None], "trust": [0.0, 0.1, None],
                    "switching": [0.0, 0.0, None], "stage": [0.0, 1.0, 4.0]},
              "n": {"who": f"Customer {letter}", "story": STORIES[i], "customer_id": float(i),
                    "pattern_code": "II"}}]
            for i, letter in enumerate(LETTERS)]


EMPTY_PAGE = [[{}, {"s": {}, "n": {}}]]
"""A made-up result for any settings, with nothing in it (for the words around a figure)."""


def _traits(fig: Any) -> dict[str, Any]:
    return {"spec": fig.spec, "inpage": fig.inpage, "values": fig.values,
            "options": fig.options}


def _english_words(text: str) -> list[str]:
    return _ENGLISH.findall(_NAMES.sub("", text))


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
def test_book_figure_carries_both_languages(name: str) -> None:
    """Built without a language (the book): English description, Chinese words beside it,
    and what the page needs to put the phrases it computes into Chinese."""
    fig = interactive_figure(name)
    english = figure_def(name).spec().to_json()
    assert fig.spec == english  # the English page is unchanged
    assert fig.options["lang"] == "page" and fig.options["strings"] == {}
    carried = fig.options["zh"]
    assert carried["spec"] == zh.spec_text_zh(english)
    assert carried["spec"][english["title"]] == zh.translate_spec(english)[0]["title"]
    assert carried["strings"] == zh.UI_ZH  # the widget's words; computed phrases come later
    # Only text: no second copy of the description's numbers.
    assert all(isinstance(v, str) for v in carried["spec"].values())
    size = len(json.dumps(carried, ensure_ascii=False).encode())
    assert size < 20_000, size
    assert fig.inpage["config"] == page_config(name) and fig.inpage["zh"] == zh_phrases()
    size = len(json.dumps(fig.inpage["zh"], ensure_ascii=False).encode())
    assert size < 20_000, size


def test_offline_page_embeds_both_languages() -> None:
    page = to_html(interactive_figure("customers"))
    state = json.loads(re.search(r'id="ll-state">(.*?)</script>', page, re.S).group(1))
    traits = state["traits"]
    assert traits["spec"]["title"] == "Follow one customer through the lifecycle"
    carried = traits["options"]["zh"]
    title = carried["spec"]["Follow one customer through the lifecycle"]
    assert title == "跟随一位客户走过客户关系生命周期"
    # The phrases the page computes are put into Chinese there, from these tables.
    assert traits["inpage"]["zh"] == zh_phrases()
    assert traits["inpage"]["config"] == page_config("customers")
    assert STORIES[0] not in carried["strings"]  # nothing computed in advance


def test_explicit_language_carries_one() -> None:
    chinese = interactive_figure("customers", lang="zh")
    assert chinese.options["lang"] == "zh" and "zh" not in chinese.options
    assert chinese.spec["title"] == "跟随一位客户走过客户关系生命周期"
    assert chinese.options["strings"] == zh.UI_ZH
    assert chinese.inpage["zh"] == zh_phrases()  # the page's computed phrases in Chinese
    english = interactive_figure("customers", lang="en")
    assert english.options == {"projector": False, "compact": False, "group": None,
                               "title": None, "lang": "en", "strings": {}}
    assert "zh" not in english.inpage and english.inpage["config"] == page_config("customers")
    with pytest.raises(ValueError, match="unknown language"):
        interactive_figure("customers", lang="fr")


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
    """The kernel's refusals in the browser's language, and the Chinese of a run's phrases."""
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
    # A live run's phrases travel with its answer (sim.widgets.widget: result_strings).
    result = {"n": {"who": "Customer B", "story": STORIES[0], "pattern_code": "II"}}
    assert zh.result_strings([result]) == {"Customer B": "客户 B",
                                           STORIES[0]: zh.story_zh(STORIES[0])}


# ---- widget.js in Node -------------------------------------------------------------


def test_js_translates_the_description_like_python() -> None:
    """translateSpec (widget.js) with the carried table gives translate_spec's description."""
    specs = [figure_def(name).spec().to_json() for name in FIGURE_NAMES]
    out = _node({"translate": [{"spec": s, "table": zh.spec_text_zh(s)} for s in specs]})
    for name, spec, shown in zip(FIGURE_NAMES, specs, out["translate"], strict=True):
        assert shown == zh.translate_spec(spec, "zh")[0], name


def test_js_picks_the_pages_language() -> None:
    book = _traits(interactive_figure("customers"))
    lifecycle = _traits(interactive_figure("lifecycle"))
    english = _traits(interactive_figure("customers", lang="en"))
    customers = _customers_page()
    renders = [{"htmlLang": lang, "traits": traits, "page": page} for lang, traits, page in (
        ("zh-CN", book, customers), ("en", book, customers), ("en", english, customers),
        ("", book, customers), ("zh", lifecycle, EMPTY_PAGE), ("en", lifecycle, EMPTY_PAGE))]
    zh_page, en_page, en_explicit, no_lang, zh_sliders, en_sliders = _node(
        {"renders": renders})["renders"]

    # The page computed the figure: the chosen customer, the figure's seed, once.
    assert zh_page["computed"] == [{"values": {"customer": "A"}, "seeds": [1]}]
    assert zh_page["complete"] and zh_page["error"] == ""
    # The Chinese edition: Chinese title, caption, labels, sentence, computed phrases
    # (put into Chinese in the page, by figures.mjs's resultTextZh and the carried tables).
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
    assert zh_page["badge"] == zh.UI_ZH["computed in your browser"]
    assert zh_page["provenance"].startswith("在你的浏览器中计算：")
    for key in ("title", "caption", "sentence", "tryThis", "question"):
        assert _english_words(zh_page[key]) == [], (key, zh_page[key])

    # An English page (or one without lang) shows exactly what an English figure shows
    # (but for the milliseconds the provenance line reports, which vary from render to render).
    def untimed(render: dict[str, Any]) -> dict[str, Any]:
        return {**render, "provenance": re.sub(r"in \d+ ms", "in … ms", render["provenance"])}

    assert untimed(en_page) == untimed(en_explicit) == untimed(no_lang)
    assert en_page["title"] == "Follow one customer through the lifecycle"
    assert en_page["sentence"].startswith("Customer A in month 0")
    assert en_page["sent"] == [{"type": "hello", "lang": "en"}]
    assert en_page["badge"] == "computed in your browser"
    assert en_page["provenance"].startswith("Computed in your browser: ")

    # Sliders: Chinese labels, help and scale words on the Chinese page.
    assert "供应商的价格" in zh_sliders["labels"]
    assert "The supplier's price" not in zh_sliders["labels"]
    assert any("竞争对手的售价为 1.00" in h for h in zh_sliders["help"])
    assert any("市场价格" in a for a in zh_sliders["anchors"])
    assert "月" in zh_sliders["charts"][0]["axes"]
    assert "The supplier's price" in en_sliders["labels"]
    assert zh_sliders["computed"] == [{"values": lifecycle["values"], "seeds": [1]}]


def test_js_without_the_pages_engine_waits_for_a_kernel() -> None:
    """Without the engine's globals (widget.js alone) or a figure's ``inpage`` configuration
    (the demo figure), nothing is computed in the page: the figure says it needs a kernel."""
    lifecycle = _traits(interactive_figure("lifecycle"))
    demo = _traits(interactive_figure("demo"))
    assert demo["inpage"] == {}
    alone, no_config, zh_alone = _node({"renders": [
        {"htmlLang": "en", "traits": lifecycle},
        {"htmlLang": "en", "traits": demo, "page": EMPTY_PAGE},
        {"htmlLang": "zh-CN", "traits": lifecycle}]})["renders"]
    for shown in (alone, no_config):
        assert shown["computed"] == [] and shown["badge"] == "needs a kernel"
        assert shown["provenance"] == "This figure needs a running notebook (a kernel) to compute."
        assert shown["sent"] == [{"type": "hello", "lang": "en"}]  # a kernel may still answer
    assert zh_alone["badge"] == zh.UI_ZH["needs a kernel"]


def test_js_explicit_language_wins_over_the_page() -> None:
    chinese = _traits(interactive_figure("customers", lang="zh"))
    english = _traits(interactive_figure("customers", lang="en"))
    page = _customers_page()
    on_en, on_zh = _node({"renders": [{"htmlLang": "en", "traits": chinese, "page": page},
                                      {"htmlLang": "zh-CN", "traits": english, "page": page}]}
                         )["renders"]
    assert on_en["title"] == "跟随一位客户走过客户关系生命周期" and on_en["lang"] == "zh-CN"
    assert on_en["sentence"].startswith("客户 A在第 0 月")
    assert on_zh["title"] == "Follow one customer through the lifecycle" and on_zh["lang"] == "en"
