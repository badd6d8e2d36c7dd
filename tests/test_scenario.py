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
            "price", "latent_focus", "n_rivals", "background_churn", "switching_cost",
            "financial_bond", "social_bond", "structural_bond", "n_customers",
            "periods"} <= names


def test_scenario_is_immutable_and_replace_validates():
    sc = Scenario()
    with pytest.raises(AttributeError):
        sc.price = 1.1
    assert sc.replace(price=1.2).price == 1.2
    with pytest.raises(ValueError, match="price"):
        sc.replace(price=1.6)


def test_margin_follows_from_price():
    sc = Scenario(price=1.4, unit_cost=0.7)
    assert sc.margin == pytest.approx(0.5)
    assert Scenario().margin == pytest.approx(0.3)


@pytest.mark.parametrize("field", ["fairness", "margin"])
def test_removed_fields_say_what_replaced_them(field):
    for make in (lambda: Scenario(**{field: 0.5}), lambda: Scenario().replace(**{field: 0.5}),
                 lambda: sim.LoyaltyModel(**{field: 0.5})):
        with pytest.raises(TypeError, match="price") as info:
            make()
        assert field in str(info.value)


@pytest.mark.parametrize("field,value", [
    ("price", 1.51), ("price", 0.69), ("supplier_value", math.nan),
    ("latent_focus", 1.01), ("n_rivals", 5), ("n_rivals", 0), ("background_churn", 0.03),
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
    ("price", "1.1"), ("n_customers", 10.5), ("periods", "60"), ("financial_bond", None),
    ("latent_focus", True), ("n_rivals", 2.5),
])
def test_wrong_type_names_field(field, value):
    with pytest.raises(TypeError, match=field):
        Scenario(**{field: value})


def test_unknown_field_is_refused_with_suggestion():
    with pytest.raises(TypeError, match="latent_fcus"):
        Scenario().replace(latent_fcus=0.2)
    with pytest.raises(TypeError, match="Did you mean 'latent_focus'"):
        sim.LoyaltyModel(latent_fcus=0.2)
    with pytest.raises(TypeError, match="Did you mean 'price'"):
        Scenario(prise=1.1)


def test_numpy_numbers_are_accepted():
    sc = Scenario(latent_focus=np.float64(0.4), periods=np.int64(12), n_rivals=np.int32(3))
    assert sc.latent_focus == 0.4 and isinstance(sc.periods, int) and sc.n_rivals == 3


def test_whole_float_for_int_field_is_accepted():
    assert Scenario(periods=12.0).periods == 12


def test_model_rejects_bad_seed_and_scenario():
    with pytest.raises(TypeError, match="seed"):
        sim.LoyaltyModel(seed="one")
    with pytest.raises(TypeError, match="scenario"):
        sim.LoyaltyModel(scenario={"price": 1.2})
