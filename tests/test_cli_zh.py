"""Issue 13: the command line and the classroom in Chinese (``--lang zh``)."""

from __future__ import annotations

import contextlib
import io
import re
import string

import pytest

from sim import runcli
from sim.i18n.names import PATTERNS_ZH, STAGES_ZH
from sim.i18n.runtable import TABLE_TEXT_ZH
from sim.stages import ACTIVE_STAGES
from sim.widgets.catalog import FIGURE_NAMES

SMALL = ["--seed", "3", "--n-customers", "300", "--periods", "30"]
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def tables() -> dict[str, str]:
    """The summary table of one small run in English and in Chinese."""
    out = {}
    for lang in runcli.LANGUAGES:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert runcli.main([*SMALL, "--lang", lang]) == 0
        out[lang] = buffer.getvalue()
    return out


def test_zh_table_names_patterns_and_stages(tables: dict[str, str]) -> None:
    zh = tables["zh"]
    for name in PATTERNS_ZH.values():
        assert name in zh
    for stage in ACTIVE_STAGES:
        assert STAGES_ZH[stage] in zh
    assert "尚未定论" in zh and "客户挽回" in zh and "年流失率" in zh


def test_zh_table_has_the_same_numbers(tables: dict[str, str]) -> None:
    en, zh = (_NUMBER.findall(tables[lang]) for lang in ("en", "zh"))
    assert len(en) > 40
    assert zh == en


def test_zh_table_has_no_english_words(tables: dict[str, str]) -> None:
    """A label added in English only would show here (the title keeps the product's name)."""
    body = tables["zh"].replace("Loyalty Lab", "")
    body = re.sub(r"\([a-z_]+=[^)]*\)", "", body)  # the overridden fields, as typed
    words = re.findall(r"\b(?![IVX]+\b)[A-Za-z]{2,}\b", body)
    assert words == []


def test_every_table_label_has_chinese() -> None:
    assert set(TABLE_TEXT_ZH) == set(runcli.TABLE_TEXT)
    fields = string.Formatter()
    for key, english in runcli.TABLE_TEXT.items():
        wanted = {f for _, f, _, _ in fields.parse(english) if f}
        got = {f for _, f, _, _ in fields.parse(TABLE_TEXT_ZH[key]) if f}
        assert got == wanted, key
    _, en_names = runcli.table_vocabulary("en")
    _, zh_names = runcli.table_vocabulary("zh")
    assert set(zh_names) == set(en_names)
    for group, names in en_names.items():
        assert set(names) <= set(zh_names[group]), group


def test_machine_readable_output_stays_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert runcli.main([*SMALL, "--csv"]) == 0
    english = capsys.readouterr().out
    assert runcli.main([*SMALL, "--csv", "--lang", "zh"]) == 0
    assert capsys.readouterr().out == english
    assert runcli.main([*SMALL, "--json", "--lang", "zh"]) == 0
    assert '"pattern_shares"' in capsys.readouterr().out


def test_bad_language_is_one_plain_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        runcli.main(["--lang", "fr"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert "--lang" in first and "'fr'" in first and "'en', 'zh'" in first
    assert "Traceback" not in err


def test_help_lists_the_languages(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        runcli.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--lang {en,zh}" in text
    assert "--csv and --json stay in English" in text


# ---- the classroom and its figures -------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"\b(?![IVX]+\b)[A-Za-z]{3,}\b")
_KEPT = ("loyalty-lab classroom", "Loyalty Lab", "Mesa", "Jupyter", "CLV")
"""Names shown as they are in the Chinese texts: the command, the product, the tools,
the abbreviation chapter 6 keeps (CLV)."""
CHINESE_FIGURES = FIGURE_NAMES
"""Every figure of the book is translated completely."""


def _texts(spec: dict) -> list[str]:
    """Every text a student reads in a figure's JSON description."""
    out = [spec[k] for k in ("title", "sentence", "caption", "try_this") if spec.get(k)]
    for c in spec["controls"]:
        out += [c[k] for k in ("label", "help", "unit") if c.get(k)]
        out += [word for _, word in c["anchors"]] + [title for _, title in c["options"]]
    for p in spec["panels"]:
        out += [p[k] for k in ("title", "xlabel", "ylabel") if p.get(k)]
        out += [s["label"] for s in p["series"]] + list(p["categories"]) + list(p["ylabels"])
    out += [row["label"] for row in spec["table"]]
    if spec.get("reveal"):
        reveal = spec["reveal"]
        out += [reveal["question"], reveal["explain"], *(x for _, x in reveal["predictions"])]
    for preset in spec.get("presets", []):
        out += [preset["title"], preset["description"]]
    return out


def _english_left(text: str) -> list[str]:
    for kept in _KEPT:
        text = text.replace(kept, "")
    text = re.sub(r"\{[^{}]*\}", "", text)  # the sentences' {key|fmt} fields
    return _ENGLISH.findall(text)


@pytest.mark.parametrize("name", CHINESE_FIGURES)
def test_figure_in_chinese_has_no_english_left(name: str) -> None:
    from sim.i18n.widgets import translate_spec
    from sim.widgets.catalog import figure_def

    english = figure_def(name).spec().to_json()
    chinese, left = translate_spec(english, "zh")
    assert left == []
    assert _CJK.search(chinese["title"]) and _CJK.search(chinese["caption"])
    for control in chinese["controls"]:
        assert _CJK.search(control["label"]), control["name"]
    for text in _texts(chinese):
        assert _english_left(text) == [], text
    # Same machinery: the sentences' fields (Chinese word order may put them in
    # another order, each with its format), the controls, their curve positions.
    fields = re.compile(r"\{[^{}]*\}")
    assert (sorted(fields.findall(chinese["sentence"]))
            == sorted(fields.findall(english["sentence"])))
    if english.get("reveal"):
        assert (sorted(fields.findall(chinese["reveal"]["explain"]))
                == sorted(fields.findall(english["reveal"]["explain"])))
    assert [c["name"] for c in chinese["controls"]] == [c["name"] for c in english["controls"]]
    assert [c["grid"] for c in chinese["controls"]] == [c["grid"] for c in english["controls"]]
    assert chinese["axes"] == english["axes"]
    assert figure_def(name).spec().to_json() == english  # the English description is untouched


def test_widget_built_in_chinese() -> None:
    """LoyaltyFigure(lang="zh") sends the Chinese description and the widget's words, and
    the page what it needs to compute the figure and word its phrases in Chinese."""
    from sim.i18n.widgets import UI_ZH
    from sim.widgets import interactive_figure
    from sim.widgets.inpage import page_config, zh_phrases

    fig = interactive_figure("scenarios", lang="zh", values={"preset": "unfair"})
    assert fig.spec["title"] == "课堂情景"
    assert fig.options["lang"] == "zh" and fig.options["strings"] == UI_ZH
    assert fig.values["preset"] == "unfair"
    assert fig.inpage["config"] == page_config("scenarios") and fig.inpage["zh"] == zh_phrases()
    english = interactive_figure("scenarios")
    assert english.spec["title"] == "Class scenarios" and english.options["strings"] == {}


def test_every_widget_word_has_chinese() -> None:
    """Each tr("...") of widget.js has an entry in UI_ZH, with the same {fields}."""
    from sim.i18n.widgets import UI_ZH
    from sim.widgets.assets import WIDGET_JS

    js = WIDGET_JS.read_text(encoding="utf-8")
    calls = re.findall(r'\btr\(((?:"[^"]*"\s*\+\s*)*"[^"]*")', js)
    literals = re.findall(r'\btr\([^()]*\?\s*"([^"]+)"\s*:\s*(?:\(.*?\?\s*)?"([^"]+)"', js)
    keys = {"".join(re.findall(r'"([^"]*)"', call)) for call in calls}
    keys |= {word for pair in literals for word in pair}
    assert len(keys) > 30
    fields = re.compile(r"\{\w+\}")
    for key in keys:
        assert key in UI_ZH, key
        assert sorted(fields.findall(UI_ZH[key])) == sorted(fields.findall(key)), key


def test_every_slider_and_preset_has_chinese() -> None:
    from sim.i18n.widgets import FIELD_TEXT_ZH, PRESETS_ZH
    from sim.presets import PRESETS
    from sim.widgets.labels import FIELD_TEXT

    assert set(FIELD_TEXT_ZH) == set(FIELD_TEXT)
    for name, text in FIELD_TEXT.items():
        assert len(FIELD_TEXT_ZH[name][2]) == len(text.anchors), name
    assert set(PRESETS_ZH) == set(PRESETS)


def test_classroom_hands_the_language_to_the_kernel() -> None:
    from sim import classroom
    from sim.i18n.widgets import CLASSROOM_ZH

    assert classroom.voila_env(None, "zh")[classroom.LANG_ENV] == "zh"
    assert classroom.voila_env("lifecycle")[classroom.LANG_ENV] == "en"
    assert classroom._parser().parse_args(["--lang", "zh"]).lang == "zh"
    assert set(CLASSROOM_ZH) == set(classroom.DASHBOARD_TEXT)
    assert classroom.dashboard_text("zh")["title"] == CLASSROOM_ZH["title"]


def test_classroom_refuses_a_bad_language(capsys: pytest.CaptureFixture[str]) -> None:
    from sim import classroom

    with pytest.raises(SystemExit) as info:
        classroom.main(["--lang", "fr"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "'fr'" in err and "'en', 'zh'" in err
