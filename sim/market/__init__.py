"""The class market: student teams run competing suppliers, in rounds.

- :mod:`sim.market.decisions`: what a team decides each round, within a budget;
- :mod:`sim.market.choice`: how prospects choose a supplier, and what rivals offer;
- :mod:`sim.market.team`: one team's customers, as the lifecycle model;
- :mod:`sim.market.model`: the market tying the teams together;
- :mod:`sim.market.debrief`: the lessons a finished game shows;
- :mod:`sim.market.game` and :mod:`sim.market.server`: the class session and
  its web server (``loyalty-lab class``).
"""

from sim.market.decisions import DEFAULT_BUDGET, DecisionError, Decisions
from sim.market.model import MarketModel, MarketSettings, replay

__all__ = ["DEFAULT_BUDGET", "DecisionError", "Decisions", "MarketModel", "MarketSettings",
           "replay"]
