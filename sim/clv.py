r"""Customer lifetime value: the maths of chapter 6.

Customer lifetime value (CLV) is the present value of what a customer
brings over the relationship, net of what it cost to win them. Whether the
first purchase is paid *now* (t = 0, undiscounted) or *at the end of the
first year* changes the answer, so every function here takes an explicit
``timing``:

* ``"start"``: cash flow of year k (k = 1..N) arrives at t = k - 1; the first
  purchase is not discounted.
* ``"end"``: cash flow of year k arrives at t = k; every year is discounted.

The acquisition cost is paid at t = 0 in both conventions.

With a constant margin m per period, retention rate r and discount rate i,
the expected lifetime value of a customer who has just paid is the
geometric series

.. math:: \text{CLV} = \sum_{t=1}^{\infty} m\,\frac{r^t}{(1+i)^t} = \frac{m\,r}{1+i-r},

and the expected lifetime under a constant churn rate c = 1 - r is 1 / c.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

TIMINGS = ("start", "end")


def _check_number(name: str, value: float, low: float, high: float | None = None,
                  *, low_open: bool = False, high_open: bool = False) -> float:
    """Validate one argument, naming it, its allowed range and the value."""
    right = "inf)" if high is None else (f"{high})" if high_open else f"{high}]")
    left = f"({low}" if low_open else f"[{low}"
    where = f"{name} must be a number in {left}, {right}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{where}; got {value!r} of type {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{where}; got {value!r}")
    too_low = value <= low if low_open else value < low
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise ValueError(f"{where}; got {value!r}")
    return value


def _check_timing(timing: str) -> str:
    if timing not in TIMINGS:
        raise ValueError(f"timing must be one of {TIMINGS}; got {timing!r}")
    return timing


def discount_factor(rate: float, t: float) -> float:
    r"""Return :math:`1/(1+i)^t`, the value today of 1 paid at time t."""
    rate = _check_number("rate", rate, -1.0, None, low_open=True)
    return (1.0 + rate) ** (-t)


def growing_cash_flows(first: float, growth: float, years: int) -> list[float]:
    """Return the yearly cash flows first, first + growth, ... (``years`` of them)."""
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ValueError(f"years must be a whole number >= 1; got {years!r}")
    return [first + growth * k for k in range(years)]


def cash_flow_table(
    cash_flows: Sequence[float],
    rate: float,
    acquisition_cost: float = 0.0,
    timing: str = "start",
) -> pd.DataFrame:
    """Return the cash-flow table behind a lifetime value, one row per payment.

    Columns: ``year`` (0 for the acquisition), ``t`` (when it is paid, in
    years), ``cash_flow``, ``discount_factor`` and ``present_value``. The
    lifetime value is the sum of ``present_value``.
    """
    rate = _check_number("rate", rate, -1.0, None, low_open=True)
    acquisition_cost = _check_number("acquisition_cost", acquisition_cost, 0.0)
    timing = _check_timing(timing)
    shift = 1 if timing == "start" else 0
    rows = [{"year": 0, "t": 0, "cash_flow": -acquisition_cost}]
    for k, flow in enumerate(cash_flows, start=1):
        rows.append({"year": k, "t": k - shift,
                     "cash_flow": _check_number(f"cash_flows[{k - 1}]", flow, -math.inf)})
    table = pd.DataFrame(rows)
    table["discount_factor"] = (1.0 + rate) ** (-table["t"].astype(float))
    table["present_value"] = table["cash_flow"] * table["discount_factor"]
    return table


def discounted_clv(
    cash_flows: Sequence[float],
    rate: float,
    acquisition_cost: float = 0.0,
    timing: str = "start",
) -> float:
    """Return the lifetime value: discounted cash flows minus acquisition cost.

    Args:
        cash_flows: Cash flow of each year of the relationship, in order.
        rate: Yearly discount (interest) rate, e.g. 0.09.
        acquisition_cost: Cost of winning the customer, paid at t = 0.
        timing: ``"start"`` (first purchase at t = 0) or ``"end"`` (end-of-year
            cash flows); see the module docstring.
    """
    table = cash_flow_table(cash_flows, rate, acquisition_cost, timing)
    return float(table["present_value"].sum())


def worked_example(timing: str = "start") -> float:
    """The course's worked example: N = 5, C0 = 400, P0 = 2000, +500 a year, 9 %.

    Returns 11,954.96 with the first purchase at t = 0 and 10,934.83 with
    end-of-year cash flows.
    """
    flows = growing_cash_flows(2000.0, 500.0, 5)
    return discounted_clv(flows, 0.09, acquisition_cost=400.0, timing=timing)


def retention_clv(margin: float, retention: float, rate: float) -> float:
    r"""Return :math:`m\,r/(1+i-r)`, the value of a customer with constant retention.

    Args:
        margin: Margin per period the customer brings while retained.
        retention: Chance the customer stays from one period to the next, in [0, 1].
        rate: Discount rate per period, > -1.
    """
    margin = _check_number("margin", margin, -math.inf)
    retention = _check_number("retention", retention, 0.0, 1.0)
    rate = _check_number("rate", rate, -1.0, None, low_open=True)
    if 1.0 + rate - retention <= 0.0:
        raise ValueError(
            f"retention must be below 1 + rate for a finite value; got retention={retention!r} "
            f"and rate={rate!r}")
    return margin * retention / (1.0 + rate - retention)


def expected_lifetime(churn_rate: float) -> float:
    """Return 1 / churn rate: the mean number of periods a customer stays.

    With a constant chance c of leaving each period, the lifetime is
    geometric with mean 1 / c (a 20 % yearly churn means five years).
    """
    churn_rate = _check_number("churn_rate", churn_rate, 0.0, 1.0, low_open=True)
    return 1.0 / churn_rate


def simulated_lifetime(churn_rate: float, customers: int = 100_000, seed: int = 0) -> float:
    """Return the mean lifetime of simulated customers who churn with a fixed chance.

    A check on :func:`expected_lifetime` by brute force: each customer
    stays a geometric number of periods (counting the period they leave).
    """
    import numpy as np

    churn_rate = _check_number("churn_rate", churn_rate, 0.0, 1.0, low_open=True)
    rng = np.random.default_rng(seed)
    return float(rng.geometric(churn_rate, size=customers).mean())
