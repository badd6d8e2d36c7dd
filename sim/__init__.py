"""Loyalty Lab: a simulation of the customer relationship lifecycle.

Quick start::

    import sim
    results = sim.LoyaltyModel(sim.presets.get("lifelong"), seed=1).run()
    results.pattern_shares

The pieces: :class:`Scenario` (the parameters), :mod:`sim.presets` (named
scenarios for class), :class:`LoyaltyModel` (the Mesa model),
:mod:`sim.mechanisms` (the equations), :mod:`sim.clv` (lifetime-value
maths) and :mod:`sim.analysis` (runs over several seeds and sweeps).
"""

from sim import presets
from sim.model import LoyaltyModel
from sim.results import Results
from sim.scenario import FieldSpec, Scenario

__all__ = ["FieldSpec", "LoyaltyModel", "Results", "Scenario", "presets"]
__version__ = "0.1.0"
