"""Scenario validation: bad input is refused clearly, nothing is clamped."""

import math

import numpy as np
import pytest

import sim
from sim.scenario import Scenario


def test_defaults_are_valid_and_documented():
    sc = Scenario()
    for spec in Scenario.field_specs():
        assert getattr(sc, spec.name) == spec.default
        assert spec.doc and spec.label
        assert spec.low <= spec.default
        if spec.high is not None:
            assert spec.default <= spec.high


def test_required_fields_exist():
    names = set(Scenario.field_names())
    assert {"supplier_value", "value_innovation", "expectation_growth", "competitor_value",
            "fairness", "switching_cost", "financial_bond", "social_bond", "structural_bond",
            "n_customers", "periods"} <= names


def test_scenario_is_immutable_and_replace_validates():
    sc = Scenario()
    with pytest.raises(AttributeError):
        sc.fairness = 0.1
    assert sc.replace(fairness=0.3).fairness == 0.3
    with pytest.raises(ValueError, match="fairness"):
        sc.replace(fairness=1.5)


@pytest.mark.parametrize("field,value", [
    ("fairness", 1.01), ("fairness", -0.1), ("supplier_value", math.nan),
    ("switching_cost", math.inf), ("n_customers", 0), ("periods", -3),
    ("social_bond", -math.inf),
])
def test_out_of_range_names_field_range_and_value(field, value):
    with pytest.raises(ValueError) as info:
        Scenario(**{field: value})
    message = str(info.value)
    assert repr(field) in message
    assert "[" in message or ">=" in message  # the allowed range
    assert repr(value) in message or str(value) in message


@pytest.mark.parametrize("field,value", [
    ("fairness", "0.5"), ("n_customers", 10.5), ("periods", "60"), ("financial_bond", None),
    ("fairness", True),
])
def test_wrong_type_names_field(field, value):
    with pytest.raises(TypeError, match=field):
        Scenario(**{field: value})


def test_unknown_field_is_refused_with_suggestion():
    with pytest.raises(TypeError, match="fairnes"):
        Scenario().replace(fairnes=0.2)
    with pytest.raises(TypeError, match="Did you mean 'fairness'"):
        sim.LoyaltyModel(fairnes=0.2)


def test_numpy_numbers_are_accepted():
    sc = Scenario(fairness=np.float64(0.4), periods=np.int64(12))
    assert sc.fairness == 0.4 and isinstance(sc.periods, int)


def test_whole_float_for_int_field_is_accepted():
    assert Scenario(periods=12.0).periods == 12


def test_model_rejects_bad_seed_and_scenario():
    with pytest.raises(TypeError, match="seed"):
        sim.LoyaltyModel(seed="one")
    with pytest.raises(TypeError, match="scenario"):
        sim.LoyaltyModel(scenario={"fairness": 0.2})
