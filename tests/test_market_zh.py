"""The class market in Chinese (``loyalty-lab class --lang zh``)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import httpx
import pytest
from market_server import serve

from sim.i18n.market import LESSONS_ZH, MESSAGES_ZH, PAGE_ZH
from sim.market import MarketSettings, debrief
from sim.market.game import Game, GameError

MARKET = Path(__file__).resolve().parents[1] / "sim" / "market"
PAGES = Path(__file__).resolve().parents[1] / "sim" / "static" / "market"
REFUSALS = {"GameError", "DecisionError", "RefusalError"}


def raised_templates() -> set[str]:
    """Every refusal template the market's code raises (string constants only)."""
    found = set()
    for path in MARKET.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in REFUSALS and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_refusal_has_chinese_with_the_same_fields():
    templates = raised_templates()
    assert len(templates) >= 25
    for template in templates:
        assert template in MESSAGES_ZH, template
        assert fields(MESSAGES_ZH[template]) == fields(template), template
    assert set(MESSAGES_ZH) == templates  # no stale entries


def test_every_debrief_template_has_chinese_with_the_same_fields():
    english = [value for name, value in vars(debrief).items()
               if name.isupper() and isinstance(value, str)]
    english += list(debrief.VERDICTS.values())
    for template in english:
        assert fields(LESSONS_ZH[template]) == fields(template), template
    assert set(LESSONS_ZH) == set(english)


def test_every_fixed_word_of_the_pages_has_chinese():
    marked = set()
    for page in PAGES.glob("*.html"):
        marked |= set(re.findall(r'data-t(?:-alt)?="([^"]+)"', page.read_text()))
        marked.add(re.search(r"<title>(.*?)</title>", page.read_text()).group(1))
    missing = sorted(m for m in marked if m not in PAGE_ZH)
    assert not missing, missing


def test_refusals_and_lessons_reach_a_chinese_class_in_chinese():
    game = Game(MarketSettings(customers=600, rounds=1, periods_per_round=13), seed=2,
                code="QWE789", instructor_token="teacher", lang="zh")
    with pytest.raises(GameError) as refusal:
        game.control("nobody", "start")
    assert refusal.value.text("zh") == "只有教师可以这样做（教师链接中带有教师令牌）"
    token = game.join("QWE789", "红队")[1]
    game.join("QWE789", "蓝队")
    game.control("teacher", "start")
    with pytest.raises(ValueError) as over:
        game.decide(token, {"price": 1.0, "value_innovation": 1.0, "latent_focus": 0.0,
                            "financial_bond": 1.0, "social_bond": 0.0, "structural_bond": 0.5})
    assert over.value.text("zh").startswith(
        "各项投入（改进 1.00、财务 1.00、社交 0.00、结构 0.50）")
    with pytest.raises(ValueError) as bad:
        game.decide(token, {"price": 1.0})
    assert bad.value.text("zh") == "缺少决策「改进预算」：它必须是 [0.0, 1.0] 之间的数"
    game.decide(token, {"price": 1.3, "value_innovation": 0.2, "latent_focus": 0.0,
                        "financial_bond": 0.0, "social_bond": 0.0, "structural_bond": 0.9})
    game.control("teacher", "advance")
    view = game.view(token)
    assert view["lang"] == "zh" and view["strings"] == PAGE_ZH
    assert view["decision_fields"][0]["label"] == "价格（市场价 = 1.00）"
    texts = [lesson["text"] for lesson in view["lessons"]]
    assert any(text.startswith("红队 建立了最深的结构联系") for text in texts), texts
    assert not any(re.search(r"[A-Za-z]{4,}", text) for text in texts), texts


def test_the_server_refuses_in_the_classs_language():
    game = Game(MarketSettings(customers=600, rounds=1), seed=2, code="QWE789", lang="zh")
    with serve(game) as base:
        answer = httpx.post(f"{base}/api/join", json={"code": "nope", "team": "红队"})
        assert answer.status_code == 403
        assert answer.json()["error"] == "这个加入码不属于本场游戏：请核对投影屏幕上的加入码"
        assert httpx.post(f"{base}/api/decide", content=b"{").json()["error"] == (
            "请求不是有效的 JSON")


ALLOWED = {"Loyalty", "Lab", "CSV", "JSON", "QWE", "http", "code"}
"""The product's name, the export formats, and the join code and address (data, not words)."""


def english_words(page, data: tuple[str, ...] = ()) -> list[str]:
    """English-looking words on the page, beyond the allowed ones and the given data."""
    text = page.evaluate("document.body.innerText")
    for item in data:
        text = text.replace(item, "")
    words = {w for w in re.findall(r"[A-Za-z]{3,}", text) if not re.fullmatch(r"[IVX]+", w)}
    return sorted(words - ALLOWED)  # pattern codes (I-IV) are the course's in Chinese too


def test_a_chinese_class_sees_its_pages_in_chinese(browser):
    """Every visible word of the team page and the projector, through a whole game."""
    game = Game(MarketSettings(customers=600, rounds=1, periods_per_round=13), seed=2,
                code="QWE789", instructor_token="teacher", lang="zh")
    with serve(game) as base:
        projector = browser.new_context(viewport={"width": 1366, "height": 768},
                                        bypass_csp=True).new_page()
        projector.goto(f"{base}/projector#token=teacher")
        team = browser.new_context(viewport={"width": 375, "height": 740},
                                   bypass_csp=True).new_page()
        team.goto(f"{base}/?code=QWE789")
        team.locator("#join").wait_for()
        team.wait_for_function("document.documentElement.lang === 'zh-CN'")
        assert english_words(team) == []
        team.fill("#team", "红队")
        team.click("#join-form button")
        team.wait_for_selector("#play:not([hidden])")
        red = (game.seats["红队"].secret,)  # the team's code: data, not a word
        projector.locator("#teams li").first.wait_for()
        assert english_words(projector) == []
        projector.click("#start")
        team.wait_for_function("!document.getElementById('submit').disabled")
        assert english_words(team, red) == []
        team.click("#submit")
        team.locator("#submitted").filter(has_text="本轮已提交").wait_for()
        projector.click("#advance")
        projector.locator("#debrief:not([hidden])").wait_for()
        team.locator("#debrief:not([hidden])").wait_for()
        assert english_words(projector) == [] and english_words(team, red) == []
        assert projector.locator("#status").text_content() == "游戏结束：复盘"
        assert team.locator(".tile span").first.text_content() == "活跃客户"
