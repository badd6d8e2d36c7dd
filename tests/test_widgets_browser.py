"""The interactive figures in a real browser with the network cut (static mode).

Two hosts: every figure as a self-contained offline page (fast, no book
build), and the lifecycle figure in the built Jupyter Book page, where the
vendored HTML widget manager renders it from the saved widget state. In
both, moving a slider with the keyboard must change the chart and the
numbers, and the numbers must be the model's results at that grid point
computed again in Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sim import clv
from sim.widgets import FIGURE_NAMES, interactive_figure
from sim.widgets import grid as gridmod
from sim.widgets.catalog import figure_def
from sim.widgets.standalone import to_html

pytestmark = [pytest.mark.browser]


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


def shown_numbers(fig: Any) -> dict[str, float | None]:
    """Read the raw numbers of the figure's text-alternative table."""
    cells = fig.locator("td[data-key]").all()
    out: dict[str, float | None] = {}
    for cell in cells:
        raw = cell.get_attribute("data-value")
        out[cell.get_attribute("data-key")] = float(raw) if raw not in (None, "") else None
    return out


def expected_numbers(name: str, result: dict[str, Any], keys: list[str], t: int) -> dict:
    """The same table computed from a Python result (``key@t`` = series at period t,
    ``key@d`` = its change from the period before)."""
    out = {}
    for key in keys:
        if key.endswith("@t"):
            seq = result["s"][key[:-2]]
            out[key] = seq[min(t, len(seq) - 1)]
        elif key.endswith("@d"):  # net change from the period before
            seq = result["s"][key[:-2]]
            out[key] = seq[t] - seq[t - 1] if t > 0 else 0
        elif key in result["n"]:
            out[key] = result["n"][key]
    return out


def assert_matches_python(fig: Any, name: str) -> int:
    """Assert the shown numbers equal a fresh Python model run at the shown grid point."""
    values = shown_values(fig)
    index = gridmod.grid_index(name, values)
    assert fig.get_attribute("data-grid-index") == str(index)
    spec = figure_def(name).spec()
    point = gridmod.grid_values(name)[index]
    result = gridmod.compute_point(name, point, spec.seeds)  # reruns the Mesa model
    shown = shown_numbers(fig)
    period = fig.locator("input[data-control=__period]")
    t = int(period.input_value()) if period.count() else 0
    expected = expected_numbers(name, result, list(shown), t)
    assert expected, f"{name}: no model numbers in the table"
    for key, value in expected.items():
        if value is None:
            assert shown[key] is None, (name, key)
        else:
            assert shown[key] == pytest.approx(value, rel=1e-9, abs=1e-12), (name, key)
    return index


def render_count(fig: Any) -> int:
    return int(fig.get_attribute("data-renders") or 0)


def press_slider(page: Any, fig: Any, control: str) -> None:
    """Move a slider one step with the keyboard (left at its maximum, else right)."""
    slider = fig.locator(f"input[data-control={control}]")
    at_max = slider.evaluate("el => Number(el.value) >= Number(el.max)")
    before = render_count(fig)
    slider.focus()
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    page.wait_for_function("([el, n]) => Number(el.dataset.renders) > n",
                           arg=[fig.element_handle(), before])


AXE = Path(__file__).with_name("vendor") / "axe.min.js"


def assert_accessible(page: Any) -> None:
    """No axe-core violations (labels, contrast, ARIA) inside the figure."""
    if not AXE.is_file():
        return
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document.querySelector('figure.ll-fig')))"
        ".violations.map(v => `${v.id}: ${v.nodes.length} node(s)`)")
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


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_figure_offline_keyboard_and_numbers(offline_page: Any, standalone_pages: dict,
                                             name: str) -> None:
    page = offline_page
    page.goto(standalone_pages[name].as_uri())
    fig = page.locator("figure.ll-fig")
    fig.wait_for()
    page.wait_for_function("el => Number(el.dataset.renders) > 0", arg=fig.element_handle())
    # Accessible: labelled keyboard sliders, a polite live text alternative, a legend.
    sliders = fig.locator("input[type=range]").all()
    assert sliders
    for slider in sliders:
        assert slider.get_attribute("data-lm-suppress-shortcuts") == "true"
        label = fig.locator(f"label[for='{slider.get_attribute('id')}']")
        assert label.count() == 1 and label.inner_text().strip()
    assert fig.locator(".ll-sentence").get_attribute("aria-live") == "polite"
    assert "Precomputed" in fig.locator(".ll-caption").inner_text()
    for canvas in fig.locator("canvas").all():
        box = canvas.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50
    assert fig.get_attribute("data-source") == "grid"
    assert_accessible(page)

    assert_matches_python(fig, name)
    control = figure_def(name).spec().grid_controls()[0]
    numbers = shown_numbers(fig)
    index = fig.get_attribute("data-grid-index")
    if control.kind == "select":
        fig.locator(f"select[data-control={control.name}]").select_option(control.grid[2])
    else:
        press_slider(page, fig, control.name)
    assert fig.get_attribute("data-grid-index") != index
    assert shown_numbers(fig) != numbers
    assert_matches_python(fig, name)
    assert_clean(page)


def test_clv_calculator_is_exact(offline_page: Any, standalone_pages: dict) -> None:
    """The in-browser calculator equals sim.clv for both timing conventions."""
    page = offline_page
    page.goto(standalone_pages["customer_value"].as_uri())
    fig = page.locator("figure.ll-fig")
    page.wait_for_function("el => Number(el.dataset.renders) > 0", arg=fig.element_handle())
    worked = shown_numbers(fig)["clv"]
    assert worked == pytest.approx(clv.worked_example("start"), rel=1e-12)
    press_slider(page, fig, "years")  # 5 -> 6 years
    flows = clv.growing_cash_flows(2000.0, 500.0, 6)
    assert shown_numbers(fig)["clv"] == pytest.approx(
        clv.discounted_clv(flows, 0.09, 400.0, "start"), rel=1e-12)
    fig.locator("select[data-control=timing]").select_option("end")
    assert shown_numbers(fig)["clv"] == pytest.approx(
        clv.discounted_clv(flows, 0.09, 400.0, "end"), rel=1e-12)
    assert shown_numbers(fig)["lifetime"] == pytest.approx(clv.expected_lifetime(0.2))
    assert_clean(page)


def test_lifecycle_in_built_book(built_book: Path, offline_page: Any) -> None:
    """The chapter page renders the figure from saved state; keys move it; numbers match."""
    page = offline_page
    html = built_book / "book" / "ch03_lifecycle.html"
    assert html.is_file(), "the lifecycle chapter was not built"
    page.goto(html.as_uri())
    fig = page.locator("figure.ll-fig[data-figure=lifecycle]")
    fig.wait_for(timeout=30_000)
    page.wait_for_function("el => Number(el.dataset.renders) > 0", arg=fig.element_handle())
    assert fig.get_attribute("data-source") == "grid"  # no kernel: precomputed
    assert fig.get_attribute("data-grid-key") == gridmod.grid_key("lifecycle"), (
        "the built book's lifecycle figure was computed by another version of the engine "
        "or figure: the book is stale, rebuild it")
    first = assert_matches_python(fig, "lifecycle")
    press_slider(page, fig, "fairness")
    second = assert_matches_python(fig, "lifecycle")
    assert second != first
    press_slider(page, fig, "supplier_value")
    assert assert_matches_python(fig, "lifecycle") != second
    assert not page.page_errors, page.page_errors
    assert not page.console_errors, page.console_errors
    assert not [r for r in page.failed_requests if "INTERNET_DISCONNECTED" in r]


def test_play_and_step_through_periods(offline_page: Any, standalone_pages: dict) -> None:
    """The stage-flow view steps and plays through periods; numbers follow the period."""
    page = offline_page
    page.goto(standalone_pages["scenarios"].as_uri())
    fig = page.locator("figure.ll-fig")
    page.wait_for_function("el => Number(el.dataset.renders) > 0", arg=fig.element_handle())
    period = fig.locator("input[data-control=__period]")
    fig.get_by_role("button", name="« Start").click()
    assert period.input_value() == "0"
    fig.get_by_role("button", name="Step ▸").click()
    assert period.input_value() == "1"
    assert_matches_python(fig, "scenarios")  # stage counts and net flows at period 1
    fig.get_by_role("button", name="▶ Play").click()
    page.wait_for_function("el => Number(el.value) >= 6", arg=period.element_handle())
    fig.get_by_role("button", name="■ Pause").click()
    stopped = period.input_value()
    page.wait_for_timeout(400)
    assert period.input_value() == stopped
    assert f"at period {stopped}," in fig.locator(".ll-sentence").inner_text()
    assert_matches_python(fig, "scenarios")
    assert_clean(page)
