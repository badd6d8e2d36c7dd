"""The interactive figures in a real browser with the network cut (static mode).

Two hosts: every figure as a self-contained offline page (fast, no book
build), and figures in the built Jupyter Book pages, where the vendored HTML
widget manager renders them from the saved widget state. In both the page
runs the lifecycle model itself (the browser engine). Every chart panel must
draw its series, moving a slider with the keyboard to any value must change
the chart and the numbers, and the numbers must be exactly the browser
engine's at those settings (run again in Node) and, within sampling
tolerance, those of direct ``sim.LoyaltyModel`` runs, at settings off every
old grid position where the checked numbers are non-zero and distinct.
"""

from __future__ import annotations

import functools
import json
import math
import statistics
from pathlib import Path
from typing import Any

import pytest
from figure_checks import assert_charts_drawn, expected_table
from page_engine import SPREAD_SEEDS, mesa_tolerance, off_grid_settings, page_point
from page_engine import pick_distinct as pick_page_distinct

from sim import clv
from sim.widgets import FIGURE_NAMES, interactive_figure
from sim.widgets.catalog import figure_def
from sim.widgets.inpage import engine_key
from sim.widgets.standalone import to_html

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).with_name("vendor") / "axe.min.js"

# The numbers each figure is checked on, and what must differ between them.
DISTINCT = {
    "tour": ["p_I", "p_II", "p_III", "p_IV"],
    "lifecycle": ["p_I", "p_II", "p_III", "p_IV"],
    "scenarios": ["p_I", "p_II", "p_III", "p_IV"],
    "retention": ["survival_year", "churn_year", "lifetime"],
    "bonding": ["retention_end", "retention_base_end"],
    "programme": ["retention_end", "retention_base_end"],
    "satisfaction_trap": ["basic_satisfaction", "latent_satisfaction", "loyalty", "repurchase"],
    "drivers": ["repurchase", "cross_buy", "referral", "price_tolerance"],
    "customer_value": ["share_platinum", "share_gold", "share_iron", "share_lead"],
    "customers": [],
}


def shown_values(fig: Any) -> dict[str, Any]:
    """Read the control values from the figure's inputs."""
    values = {}
    for inp in fig.locator("[data-control]").all():
        name = inp.get_attribute("data-control")
        if name == "__period":
            continue
        raw = inp.input_value()
        values[name] = raw if inp.evaluate("el => el.tagName") == "SELECT" else float(raw)
    return values


def shown_numbers(fig: Any) -> dict[str, Any]:
    """Read the raw numbers of the figure's text-alternative table."""
    out: dict[str, Any] = {}
    for cell in fig.locator("td[data-key]").all():
        raw = cell.get_attribute("data-value")
        try:
            out[cell.get_attribute("data-key")] = float(raw) if raw not in (None, "") else None
        except ValueError:
            out[cell.get_attribute("data-key")] = raw
    return out


def timeline_index(fig: Any) -> int:
    period = fig.locator("input[data-control=__period]")
    return int(period.input_value()) if period.count() else 0


def render_count(fig: Any) -> int:
    return int(fig.get_attribute("data-renders") or 0)


COMPLETE = "el => el.dataset.complete === 'true'"
"""The figure shows its final result: every seed averaged, every response curve drawn."""


def wait_complete(page: Any, fig: Any) -> None:
    page.wait_for_function(COMPLETE, arg=fig.element_handle(), timeout=60_000)


def set_controls(page: Any, fig: Any, values: dict[str, Any]) -> None:
    """Put the figure's controls at ``values`` as a student would leave them."""
    before = render_count(fig)
    for name, value in values.items():
        control = fig.locator(f"[data-control='{name}']")
        if not control.count() or not control.is_visible():
            continue
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(str(value))
        else:
            control.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', "
                             "{bubbles: true})); }", str(value))
    page.wait_for_function("([el, n]) => Number(el.dataset.renders) > n",
                           arg=[fig.element_handle(), before])
    wait_complete(page, fig)


def press_slider(page: Any, fig: Any, control: str, key: str | None = None) -> None:
    """Move a slider one step with the keyboard (left at its maximum, else right)."""
    slider = fig.locator(f"input[data-control={control}]")
    at_max = slider.evaluate("el => Number(el.value) >= Number(el.max)")
    before = render_count(fig)
    slider.focus()
    page.keyboard.press(key or ("ArrowLeft" if at_max else "ArrowRight"))
    page.wait_for_function("([el, n]) => Number(el.dataset.renders) > n",
                           arg=[fig.element_handle(), before])
    wait_complete(page, fig)


def to_last_month(page: Any, fig: Any) -> None:
    """A figure that unfolds with its timeline has drawn nothing at month 0: go to the end."""
    if not figure_def(fig.get_attribute("data-figure")).spec().unfold:
        return
    period = fig.locator("input[data-control=__period]")
    before = render_count(fig)
    period.focus()
    page.keyboard.press("End")
    page.wait_for_function("([el, n]) => Number(el.dataset.renders) > n",
                           arg=[fig.element_handle(), before])


def pick_distinct(name: str) -> dict[str, Any]:
    """Settings off every old grid position where the checked numbers are non-zero and distinct."""
    return pick_page_distinct(name, DISTINCT[name])


@functools.cache
def _seed_table(name: str, values_json: str, t: int, seed: int) -> dict[str, float]:
    return expected_table(name, json.loads(values_json), t, (seed,))


def seed_table(name: str, values: dict[str, Any], t: int, seed: int) -> dict[str, float]:
    """A direct Mesa run's table numbers at ``values`` for one seed (kept: tests ask again)."""
    return _seed_table(name, json.dumps(values, sort_keys=True), t, seed)


def table_value(result: dict[str, Any], key: str, t: int) -> Any:
    """A table row's number from a figure result, as the widget reads it (``lookupNumber``)."""
    for mark in ("@t", "@d", "#"):
        if mark in key:
            base, _, rest = key.partition(mark)
            seq = result["s"].get(base) or []
            if mark == "@t":
                return seq[min(t, len(seq) - 1)] if seq else None
            if mark == "@d":
                t = min(t, len(seq) - 1)
                return seq[t] - seq[t - 1] if t > 0 else 0
            return seq[int(rest)]
    return result["n"].get(key)


def assert_matches_model(fig: Any, name: str) -> dict[str, Any]:
    """The table is the browser engine's result at the shown settings, exactly, and a
    direct Mesa run's within sampling tolerance; return the numbers shown."""
    values = shown_values(fig)
    t = timeline_index(fig)
    shown = shown_numbers(fig)
    computed = page_point(name, values)
    rows = [r.key for r in figure_def(name).spec().table]
    model_rows = [k for k in rows if table_value(computed, k, t) is not None]
    assert model_rows, f"{name}: no model numbers in the table"
    for key in model_rows:
        want, got = table_value(computed, key, t), shown[key]
        if isinstance(want, str):
            assert got == want, (name, key, got, want)
        else:
            assert isinstance(got, int | float), (name, key, got, want)
            assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (name, key, got, want)
    if name == "customers":  # the page follows other customers than Python's run: no comparison
        return shown
    # Each table number is a mean over runs, so the figure's seeds' mean is the mean of the
    # per-seed tables (its seeds are among SPREAD_SEEDS, whose spread sets the tolerance).
    per_seed = {seed: seed_table(name, values, t, seed) for seed in SPREAD_SEEDS}
    figure_seeds = figure_def(name).spec().seeds
    seeds = len(figure_seeds)
    mesa = {k: statistics.fmean(per_seed[s][k] for s in figure_seeds) for k in per_seed[1]}
    compared = [k for k in mesa if k in shown]
    assert set(DISTINCT[name]) & set(rows) <= set(compared), (name, compared)
    # Everyone who has arrived by the month shown (stage counts), else the starting 1,000.
    arrived = sum(v for k, v in shown.items() if k.startswith("st_") and k.endswith("@t")) or 1000
    for key in compared:
        spread = statistics.stdev(run[key] for run in per_seed.values())
        tolerance = mesa_tolerance(key, mesa[key], spread, seeds, arrived)
        assert abs(shown[key] - mesa[key]) <= tolerance, (name, key, shown[key], mesa[key],
                                                          tolerance)
    return shown


def assert_accessible(page: Any, selector: str = "figure.ll-fig") -> None:
    """No axe-core violations (labels, contrast, ARIA) inside the figure."""
    assert AXE.is_file(), "tests/vendor/axe.min.js missing: run scripts/vendor.sh"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        f"async () => (await axe.run(document.querySelector({selector!r})))"
        ".violations.map(v => `${v.id}: ${v.nodes.length} node(s) ${v.nodes[0].target}`)")
    assert not violations, violations


def assert_clean(page: Any) -> None:
    assert not page.page_errors, page.page_errors
    assert not page.failed_requests, page.failed_requests
    assert not page.console_errors, page.console_errors


@pytest.fixture(scope="module")
def standalone_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("figures")
    pages = {}
    for name in FIGURE_NAMES:
        pages[name] = folder / f"{name}.html"
        pages[name].write_text(to_html(interactive_figure(name)), encoding="utf-8")
    return pages


def open_figure(page: Any, url: str, selector: str = "figure.ll-fig") -> Any:
    page.goto(url)
    fig = page.locator(selector).first
    fig.wait_for(timeout=30_000)
    page.wait_for_function("el => Number(el.dataset.renders) > 0", arg=fig.element_handle())
    wait_complete(page, fig)
    return fig


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_figure_offline_draws_every_chart_and_shows_the_model(
        offline_page: Any, standalone_pages: dict, name: str) -> None:
    page = offline_page
    fig = open_figure(page, standalone_pages[name].as_uri())
    # Accessible: labelled keyboard sliders, a polite live text alternative, a legend.
    for slider in fig.locator("input[type=range]").all():
        assert slider.get_attribute("data-lm-suppress-shortcuts") == "true"
        label = fig.locator(f"label[for='{slider.get_attribute('id')}']")
        assert label.count() == 1 and label.inner_text().strip()
    assert fig.locator(".ll-sentence").get_attribute("aria-live") == "polite"
    wait_complete(page, fig)
    assert "Computed in your browser" in fig.locator(".ll-caption").inner_text()
    assert fig.get_attribute("data-source") == "browser"
    assert fig.locator(".ll-badge").inner_text() == "computed in your browser"
    assert_accessible(page)

    values = pick_distinct(name)
    set_controls(page, fig, values)
    to_last_month(page, fig)
    shown = shown_values(fig)
    assert {k: shown[k] for k in values} == {
        k: v if isinstance(v, str) else pytest.approx(v) for k, v in values.items()}
    assert_charts_drawn(fig, name, shown_values(fig), timeline_index(fig))
    first = assert_matches_model(fig, name)
    control = next(c for c in figure_def(name).spec().controls if not c.calc)
    if control.kind == "select":
        other = next(v for v, _ in control.options if v != shown_values(fig)[control.name])
        fig.locator(f"select[data-control={control.name}]").select_option(other)
        wait_complete(page, fig)
    else:
        press_slider(page, fig, control.name)  # one fine step
    assert assert_matches_model(fig, name) != first
    assert_charts_drawn(fig, name, shown_values(fig), timeline_index(fig))
    assert_clean(page)


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_every_control_is_shown_and_takes_any_value(
        offline_page: Any, standalone_pages: dict, name: str) -> None:
    """Help is on the page (not a tooltip), every lever is there offline (none greyed out or
    hidden for want of a kernel), and every slider travels its whole range in its fine steps."""
    page = offline_page
    fig = open_figure(page, standalone_pages[name].as_uri())
    spec = figure_def(name).spec()
    try_line = fig.locator(".ll-try")
    assert try_line.is_visible() and spec.try_this in try_line.inner_text()
    assert fig.locator(".ll-live-note").is_hidden()
    for c in spec.controls:
        row = fig.locator(f"[data-row='{c.name}']")
        assert row.is_visible(), f"{name}: {c.name} hidden in the static page"
        assert row.get_attribute("title") is None
        if c.help:
            help_box = row.locator(".ll-help")
            assert help_box.is_visible() and help_box.inner_text() == c.help
        if c.kind != "range":
            continue
        slider = row.locator("input[type=range]")
        assert slider.is_enabled()
        if c.anchors:
            assert row.locator(".ll-anchors").is_visible()
        assert [float(slider.get_attribute(a)) for a in ("min", "max", "step")] == pytest.approx(
            [c.low, c.high, c.step]), (name, c.name)
        assert slider.get_attribute("list") is None  # no ticks that suggest only some values count
        slider.focus()
        page.keyboard.press("Home")
        assert float(slider.input_value()) == pytest.approx(c.low)
        page.keyboard.press("ArrowRight")
        assert float(slider.input_value()) == pytest.approx(c.low + c.step)
        page.keyboard.press("End")
        assert float(slider.input_value()) == pytest.approx(c.high)
    wait_complete(page, fig)
    assert_clean(page)


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_predict_then_reveal(offline_page: Any, standalone_pages: dict, name: str) -> None:
    """Show me moves the levers to the scenario, plays it and explains it from the run."""
    page = offline_page
    page.clock.install()  # the page's own timers, fast-forwarded through the playback below
    fig = open_figure(page, standalone_pages[name].as_uri())
    reveal = figure_def(name).spec().reveal
    box = fig.locator(".ll-reveal")
    assert box.locator(".ll-question").inner_text() == reveal.question
    if reveal.predictions:
        box.locator("input[type=radio]").first.check()
    box.get_by_role("button", name="Show me").click()
    page.clock.run_for(10_000)  # up to 61 frames of 90 ms, and the refinements between them
    page.wait_for_function("el => el.dataset.state === 'done'",
                           arg=box.element_handle(), timeout=20_000)
    values = shown_values(fig)
    for key, value in reveal.values.items():
        assert values[key] == (value if isinstance(value, str) else pytest.approx(value)), key
    explanation = box.locator(".ll-explain").inner_text()
    assert explanation and "{" not in explanation and "–" not in explanation, explanation
    if reveal.predictions and reveal.answer_key:
        assert "Your prediction" in explanation
        answer = shown_numbers(fig).get(reveal.answer_key)
        if answer is None:  # not in the table: the page's result at these settings
            answer = page_point(name, values)["n"][reveal.answer_key]
        first = reveal.predictions[0][0]
        assert ("matches the run" in explanation) == (answer == first), (answer, explanation)
    assert_charts_drawn(fig, name, values, timeline_index(fig))
    assert_clean(page)


@pytest.mark.parametrize("name", ["lifecycle", "customer_value", "customers"])
def test_dark_theme_keeps_widget_text_readable(browser: Any, standalone_pages: dict,
                                               name: str) -> None:
    """On a dark page the figure is dark too, and its text keeps AA contrast (axe)."""
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.page_errors = []
        page.on("pageerror", lambda error: page.page_errors.append(str(error)))
        fig = open_figure(page, standalone_pages[name].as_uri())
        assert fig.get_attribute("data-theme") == "dark"
        background = fig.evaluate("el => getComputedStyle(el).backgroundColor")
        channels = [int(x) for x in background[background.index("(") + 1:-1].split(",")[:3]]
        assert max(channels) < 80, f"{name}: the figure stays a light panel: {background}"
        assert_accessible(page)
        to_last_month(page, fig)
        assert_charts_drawn(fig, name, shown_values(fig), timeline_index(fig))
        assert not page.page_errors, page.page_errors
    finally:
        context.close()


def test_follow_one_customer_unfolds_month_by_month(offline_page: Any,
                                                    standalone_pages: dict) -> None:
    page = offline_page
    fig = open_figure(page, standalone_pages["customers"].as_uri())
    assert fig.locator("input[data-control=__period]").input_value() == "0"
    for letter in ("A", "C", "E"):
        fig.locator("select[data-control=customer]").select_option(letter)
        for _ in range(7):
            fig.get_by_role("button", name="Step ▸").click()
        assert_matches_model(fig, "customers")
    assert_clean(page)


def assert_clv_exact(fig: Any, values: dict[str, Any]) -> None:
    """The lifetime-value calculator's numbers at ``values`` are sim.clv's, exactly."""
    flows = clv.growing_cash_flows(values["p0"], values["growth"], round(values["years"]))
    shown = shown_numbers(fig)
    assert shown["clv"] == pytest.approx(clv.discounted_clv(
        flows, values["interest"], values["c0"], values["timing"]), rel=1e-12)
    assert shown["lifetime"] == pytest.approx(clv.expected_lifetime(values["churn"]), rel=1e-12)


def test_clv_calculator_is_exact(offline_page: Any, standalone_pages: dict) -> None:
    """The in-browser calculator equals sim.clv for both timing conventions."""
    page = offline_page
    fig = open_figure(page, standalone_pages["customer_value"].as_uri())
    worked = shown_numbers(fig)["clv"]
    assert worked == pytest.approx(clv.worked_example("start"), rel=1e-12)
    press_slider(page, fig, "years")  # 5 -> 6 years
    flows = clv.growing_cash_flows(2000.0, 500.0, 6)
    assert shown_numbers(fig)["clv"] == pytest.approx(
        clv.discounted_clv(flows, 0.09, 400.0, "start"), rel=1e-12)
    fig.locator("select[data-control=timing]").select_option("end")
    assert shown_numbers(fig)["clv"] == pytest.approx(
        clv.discounted_clv(flows, 0.09, 400.0, "end"), rel=1e-12)
    table = clv.cash_flow_table(flows, 0.09, acquisition_cost=400.0, timing="end")
    rows = fig.locator("[data-panel=cashtable] tbody tr")
    assert rows.count() == len(table)
    for i, (_, row) in enumerate(table.iterrows()):
        cells = rows.nth(i).locator("td")
        assert float(cells.nth(0).get_attribute("data-value")) == pytest.approx(row["cash_flow"])
        assert float(cells.nth(1).get_attribute("data-value")) == pytest.approx(
            row["present_value"])
    assert shown_numbers(fig)["lifetime"] == pytest.approx(clv.expected_lifetime(0.2))
    assert_clean(page)


def test_play_and_step_through_periods(offline_page: Any, standalone_pages: dict) -> None:
    """The stage-flow view steps and plays through periods; numbers follow the period."""
    page = offline_page
    fig = open_figure(page, standalone_pages["scenarios"].as_uri())
    period = fig.locator("input[data-control=__period]")
    fig.get_by_role("button", name="« Start").click()
    assert period.input_value() == "0"
    fig.get_by_role("button", name="Step ▸").click()
    assert period.input_value() == "1"
    assert_matches_model(fig, "scenarios")  # stage counts at period 1
    fig.get_by_role("button", name="▶ Play").click()
    page.wait_for_function("el => Number(el.value) >= 6", arg=period.element_handle())
    fig.get_by_role("button", name="■ Pause").click()
    stopped = period.input_value()
    page.wait_for_timeout(400)
    assert period.input_value() == stopped
    assert f"in month {stopped}," in fig.locator(".ll-sentence").inner_text()
    assert_matches_model(fig, "scenarios")
    assert_clean(page)


@pytest.mark.slow
def test_lifecycle_in_built_book(built_book: Path, offline_page: Any) -> None:
    """The chapter page runs the figure in the page; keys move it; numbers match."""
    page = offline_page
    html = built_book / "book" / "ch03_lifecycle.html"
    assert html.is_file(), "the lifecycle chapter was not built"
    fig = open_figure(page, html.as_uri(), "figure.ll-fig[data-figure=lifecycle]")
    assert fig.get_attribute("data-source") == "browser"  # no kernel: computed in the page
    assert fig.get_attribute("data-engine-key") == engine_key("lifecycle"), (
        "the built book's lifecycle figure runs another version of the browser engine "
        "or figure: the book is stale, rebuild it")
    set_controls(page, fig, pick_distinct("lifecycle"))
    first = assert_matches_model(fig, "lifecycle")
    assert_charts_drawn(fig, "lifecycle", shown_values(fig), timeline_index(fig))
    press_slider(page, fig, "price")
    second = assert_matches_model(fig, "lifecycle")
    assert second != first
    press_slider(page, fig, "supplier_value")
    assert assert_matches_model(fig, "lifecycle") != second
    assert not page.page_errors, page.page_errors
    assert not page.console_errors, page.console_errors
    assert not [r for r in page.failed_requests if "INTERNET_DISCONNECTED" in r]


@pytest.mark.slow
def test_every_figure_of_the_book_takes_any_setting_offline(built_book: Path,
                                                            offline_page: Any) -> None:
    """Every figure of every chapter, its controls all moved off the old grid positions, with
    the network cut: the page's numbers are the browser engine's and agree with the Mesa model."""
    page = offline_page
    seen = set()
    for html in sorted((built_book / "book").glob("*.html")):
        if "loyaltyEngine" not in html.read_text(encoding="utf-8"):
            continue  # no interactive figure on this page
        page.goto(html.as_uri())
        page.locator("figure.ll-fig").first.wait_for(timeout=30_000)
        figures = page.locator("figure.ll-fig")
        for i in range(figures.count()):
            fig = figures.nth(i)
            fig.scroll_into_view_if_needed()
            wait_complete(page, fig)
            name = fig.get_attribute("data-figure")
            assert fig.get_attribute("data-source") == "browser", (html.name, name)
            values = off_grid_settings(name, 3, calc=True)[-1]
            set_controls(page, fig, values)
            to_last_month(page, fig)
            assert_matches_model(fig, name)
            if figure_def(name).spec().calc == "clv":
                assert_clv_exact(fig, values)
            assert_charts_drawn(fig, name, shown_values(fig), timeline_index(fig))
            seen.add(name)
        assert_clean(page)
    assert seen == set(FIGURE_NAMES), f"figures not found in the book: {set(FIGURE_NAMES) - seen}"


@pytest.mark.slow
def test_lifecycle_in_the_chinese_edition(built_book: Path, offline_page: Any) -> None:
    """The Chinese edition shows the English execution's figure in its page's language.

    The book is executed once; ``_build/html/zh`` embeds the same widget state, and
    the figure, built without a language, reads ``<html lang="zh-CN">``: Chinese
    slider labels and caption, the English page's numbers.
    """
    from sim.i18n.widgets import FIELD_TEXT_ZH

    page = offline_page
    html = built_book / "zh" / "book" / "ch03_lifecycle.html"
    assert html.is_file(), "the Chinese edition of the lifecycle chapter was not built"
    fig = open_figure(page, html.as_uri(), "figure.ll-fig[data-figure=lifecycle]")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert fig.get_attribute("data-engine-key") == engine_key("lifecycle"), (
        "the built book's lifecycle figure is stale: rebuild the book")
    assert fig.get_attribute("lang") is None  # it speaks its page's language
    assert fig.locator("label[for$='-price']").inner_text() == FIELD_TEXT_ZH["price"][0]
    assert fig.locator("label[for$='-supplier_value']").inner_text() == (
        FIELD_TEXT_ZH["supplier_value"][0])
    caption = fig.locator(".ll-caption").inner_text()
    assert "模式：I 在考察期结束" in caption and "Patterns:" not in caption, caption
    assert "在你的浏览器中计算" in caption  # the provenance line, in the widget's own words
    assert "60 个月后已有定论的" in fig.locator(".ll-sentence").inner_text()
    assert fig.locator("button.ll-show").inner_text() == "演示给我看"
    first = assert_matches_model(fig, "lifecycle")  # the numbers are the model's
    press_slider(page, fig, "price")
    assert assert_matches_model(fig, "lifecycle") != first
    assert "60 个月后已有定论的" in fig.locator(".ll-sentence").inner_text()

    # The English page, from the same execution, is as before.
    english = built_book / "book" / "ch03_lifecycle.html"
    fig = open_figure(page, english.as_uri(), "figure.ll-fig[data-figure=lifecycle]")
    assert fig.locator("label[for$='-price']").inner_text() == "The supplier's price"
    assert "Patterns: I ends in exploration" in fig.locator(".ll-caption").inner_text()
    assert not page.page_errors, page.page_errors
    assert not page.console_errors, page.console_errors
    assert not [r for r in page.failed_requests if "INTERNET_DISCONNECTED" in r]


def test_a_moved_lever_is_named_in_the_scenarios_sentence(offline_page: Any,
                                                          standalone_pages: dict) -> None:
    """After a lever moves, the sentence no longer passes the run off as the preset: it names
    the preset and what was changed; resetting the levers makes it the preset again."""
    page = offline_page
    fig = open_figure(page, standalone_pages["scenarios"].as_uri())
    preset = dict(figure_def("scenarios").spec().controls[0].options)["lifelong"]
    sentence = fig.locator(".ll-sentence")
    assert sentence.inner_text().startswith(f"{preset}: in month")
    press_slider(page, fig, "price")  # 0.95 -> 0.96
    price = shown_values(fig)["price"]
    assert sentence.inner_text().startswith(
        f"{preset} (changed: The supplier's price {price:.2f}): in month"), sentence.inner_text()
    fig.get_by_role("button", name="Reset levers to this scenario").click()
    wait_complete(page, fig)
    assert sentence.inner_text().startswith(f"{preset}: in month")
    assert_clean(page)
