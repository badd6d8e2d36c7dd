"""Lifetime-value maths: the worked example, the retention formula, 1/r."""

import math

import pytest

from sim import clv


def test_worked_example_first_purchase_at_t0():
    assert round(clv.worked_example("start"), 2) == 11954.96


def test_worked_example_end_of_year():
    assert round(clv.worked_example("end"), 2) == 10934.83


def test_cash_flow_table_rows_and_sum():
    flows = clv.growing_cash_flows(2000, 500, 5)
    assert flows == [2000, 2500, 3000, 3500, 4000]
    table = clv.cash_flow_table(flows, 0.09, 400, timing="start")
    assert list(table["t"]) == [0, 0, 1, 2, 3, 4]
    assert table["present_value"].iloc[1] == 2000
    assert table["present_value"].sum() == pytest.approx(11954.96, abs=0.005)
    end = clv.cash_flow_table(flows, 0.09, 400, timing="end")
    assert list(end["t"]) == [0, 1, 2, 3, 4, 5]


def test_retention_formula_equals_its_series():
    m, r, i = 100.0, 0.8, 0.1
    series = sum(m * r**t / (1 + i) ** t for t in range(1, 2000))
    assert clv.retention_clv(m, r, i) == pytest.approx(series)
    assert clv.retention_clv(m, r, i) == pytest.approx(m * r / (1 + i - r))


@pytest.mark.parametrize("churn", [0.05, 0.2, 0.5, 1.0])
def test_expected_lifetime_is_one_over_churn(churn):
    assert clv.expected_lifetime(churn) == pytest.approx(1 / churn)
    assert clv.simulated_lifetime(churn, seed=3) == pytest.approx(1 / churn, rel=0.02)


@pytest.mark.parametrize("call,field", [
    (lambda: clv.expected_lifetime(0.0), "churn_rate"),
    (lambda: clv.expected_lifetime(1.5), "churn_rate"),
    (lambda: clv.expected_lifetime(math.nan), "churn_rate"),
    (lambda: clv.retention_clv(10, 1.2, 0.1), "retention"),
    (lambda: clv.discounted_clv([1, 2], -1.0), "rate"),
    (lambda: clv.discounted_clv([1, 2], 0.1, timing="middle"), "timing"),
    (lambda: clv.discounted_clv([1, 2], 0.1, acquisition_cost=-5), "acquisition_cost"),
    (lambda: clv.growing_cash_flows(1, 1, 0), "years"),
])
def test_bad_input_names_the_argument(call, field):
    with pytest.raises(ValueError, match=field):
        call()


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="rate"):
        clv.discounted_clv([1.0], "9%")
