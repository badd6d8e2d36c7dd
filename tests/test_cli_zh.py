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
