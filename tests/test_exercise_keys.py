"""Answer keys that state what the model does must agree with the model.

Exercise 8.1 asks which pattern each class preset makes most common; its
key is typed into the instructor source, so a recalibration of the engine
could silently make it wrong. Here the key is checked against runs.
"""

import ast

import sim
from sim import exercises, facts


def test_preset_pattern_key_matches_the_simulation():
    solution = exercises.question("8.1").solution
    key = ast.literal_eval(solution.split("=", 1)[1].strip())
    for preset, pattern in key.items():
        shares = facts.mean_pattern_shares(sim.presets.get(preset))
        assert max(shares, key=shares.get) == pattern, (preset, shares)
