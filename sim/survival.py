r"""How long relationships last: Kaplan-Meier survival from a model run.

At the end of a run some relationships have ended and others are still
going: their length is only known to be *at least* their age so far (they
are right-censored). Counting only the ended ones would make relationships
look short; treating the unfinished ones as finished would too. The
Kaplan-Meier estimator uses both honestly:

.. math:: \hat S(t) = \prod_{u \le t} \left(1 - \frac{d_u}{n_u}\right)

where :math:`n_u` relationships were still going at the start of age
:math:`u` and :math:`d_u` of them ended at that age. The expected lifetime
is the area under :math:`\hat S`, and the churn rate of established
customers is the hazard :math:`d_u / n_u` pooled over ages past the first
year. With a constant churn rate :math:`r` the survival curve is
:math:`(1-r)^t` and the expected lifetime :math:`1/r` (:mod:`sim.clv`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Survival:
    r"""A Kaplan-Meier survival curve of relationships.

    Attributes:
        curve: :math:`\hat S(t)` for t = 0, 1, ..., the longest age observed
            (``curve[0] == 1``): the share of relationships still going after
            t periods.
        at_risk: :math:`n_t`, relationships observed at age t (t = 1, ...;
            entry 0 is the number of relationships).
        ended: :math:`d_t`, relationships that ended at age t.
        established_after: Age (periods) from which a customer counts as
            established (a year).
        periods_per_year: Periods in a year, for annual rates.
    """

    curve: np.ndarray
    at_risk: np.ndarray
    ended: np.ndarray
    established_after: int
    periods_per_year: int

    @property
    def restricted_mean(self) -> float:
        """Mean lifetime up to the longest age observed (area under the curve)."""
        return float(self.curve[:-1].sum()) if len(self.curve) > 1 else 0.0

    @property
    def established_hazard(self) -> float:
        """Churn per period of established customers (ages past the first year)."""
        start = self.established_after + 1
        exposure = float(self.at_risk[start:].sum())
        return float(self.ended[start:].sum()) / exposure if exposure else 0.0

    @property
    def annual_churn(self) -> float:
        """Share of established customers lost in a year at the established hazard."""
        return 1.0 - (1.0 - self.established_hazard) ** self.periods_per_year

    @property
    def expected_lifetime(self) -> float:
        """Expected lifetime in periods: the observed area plus the unobserved tail.

        Beyond the longest age observed the tail is extrapolated with the
        established customers' hazard (a constant rate r adds S(T) / r); if
        nobody established ever left, the tail cannot be estimated and the
        result is infinite.
        """
        tail = float(self.curve[-1])
        if tail == 0.0:
            return self.restricted_mean
        hazard = self.established_hazard
        return self.restricted_mean + (tail / hazard if hazard > 0 else float("inf"))

    def at(self, periods: int) -> float:
        """Share of relationships still going after ``periods`` periods (NaN if unobserved)."""
        return float(self.curve[periods]) if periods < len(self.curve) else float("nan")


def kaplan_meier(durations: np.ndarray, ended: np.ndarray, *, established_after: int = 12,
                 periods_per_year: int = 12) -> Survival:
    """Estimate the survival curve of relationships.

    Args:
        durations: Periods each relationship lasted so far (its age: the
            number of purchases made).
        ended: True where the relationship has ended, False where it is
            still going (censored).
        established_after: Age from which a customer counts as established.
        periods_per_year: Periods in a year.
    """
    durations = np.asarray(durations, dtype=np.int64)
    ended = np.asarray(ended, dtype=bool)
    longest = int(durations.max()) if durations.size else 0
    lasted = np.bincount(durations, minlength=longest + 1)
    deaths = np.bincount(durations[ended], minlength=longest + 1)
    # at risk at age t: relationships that lasted t periods or more
    at_risk = np.cumsum(lasted[::-1])[::-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        survive = np.where(at_risk > 0, 1.0 - deaths / np.maximum(at_risk, 1), 1.0)
    survive[0] = 1.0
    return Survival(curve=np.cumprod(survive), at_risk=at_risk, ended=deaths,
                    established_after=established_after, periods_per_year=periods_per_year)
