"""The class market's session rules (issue 12): joining, tokens, rounds, privacy, export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sim.market import DecisionError, MarketSettings
from sim.market.game import DECIDING, FINISHED, LOBBY, Game, GameError, replay_export

SETTINGS = MarketSettings(customers=600, rounds=2, periods_per_round=4)
D = {"price": 1.0, "value_innovation": 0.5, "latent_focus": 0.3, "financial_bond": 0.0,
     "social_bond": 0.0, "structural_bond": 0.0}


def new_game(*teams: str) -> tuple[Game, dict[str, str]]:
    game = Game(SETTINGS, seed=11, code="QWE789", instructor_token="teacher")
    return game, {team: game.join("QWE789", team)[1] for team in teams}


def test_students_join_with_the_code_and_teammates_with_their_teams_code_too():
    game, tokens = new_game("Red", "Blue")
    red_code = game.view(tokens["Red"])["team_code"]
    assert len(red_code) == 5 and red_code not in json.dumps(game.view(tokens["Blue"]))
    assert red_code not in json.dumps(game.view(None)) + json.dumps(game.view("teacher"))
    team, second = game.join(" qwe789 ", "Red", red_code.lower())
    assert team == "Red" and second != tokens["Red"]
    assert game.team_of(second) == game.team_of(tokens["Red"]) == "Red"
    assert game.seats["Red"].members == 2
    with pytest.raises(GameError, match="join code is not this session's"):
        game.join("AAAAAA", "Green")


@pytest.mark.parametrize("team_code", [None, "", "WRONG", 12345, "red"])
def test_nobody_takes_over_a_team_by_typing_its_name(team_code):
    game, tokens = new_game("Red")
    with pytest.raises(GameError, match="team 'Red' already exists: to join it, type its "
                                        "team code") as refusal:
        game.join("QWE789", "Red", team_code)
    assert refusal.value.status == 403
    assert game.seats["Red"].members == 1 and len(game.tokens) == 1


def test_joining_closes_when_the_game_starts_unless_the_instructor_reopens_it():
    game, _ = new_game("Red")
    game.control("teacher", "start")
    with pytest.raises(GameError, match="joining is closed"):
        game.join("QWE789", "Red")
    game.control("teacher", "open")
    red_code = game.seats["Red"].secret
    assert game.team_of(game.join("QWE789", "Red", red_code)[1]) == "Red"  # a late member
    with pytest.raises(GameError, match="new teams cannot enter a market already running"):
        game.join("QWE789", "Late")


@pytest.mark.parametrize(("raw", "shown"), [
    ("  <img src=x onerror=f()> ", "<img src=x onerror=f()>"),
    ("Team\u202eevil", "Teamevil"),  # right-to-left override removed
    ("a\x00b\nc", "abc"),
    ("红队", "红队"),
    ("=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"),
])
def test_team_names_are_cleaned_but_kept_as_typed(raw, shown):
    game = Game(SETTINGS, seed=1, code="QWE789")
    assert game.join("QWE789", raw)[0] == shown


@pytest.mark.parametrize(("raw", "words"), [("", "empty"), ("\u200b\u200b", "empty"),
                                            ("x" * 25, "at most 24"), (42, "must be text")])
def test_bad_team_names_are_refused_clearly(raw, words):
    game = Game(SETTINGS, seed=1, code="QWE789")
    with pytest.raises(GameError, match=words):
        game.join("QWE789", raw)


def test_only_the_instructor_controls_the_game():
    game, tokens = new_game("Red")
    for token in (tokens["Red"], None, "teacher ", "TEACHER", ""):
        for action in ("start", "advance", "end", "reset", "open", "close"):
            with pytest.raises(GameError, match="only the instructor") as refusal:
                game.control(token, action)
            assert refusal.value.status == 403
    assert game.phase == LOBBY


def test_a_team_token_acts_for_its_own_team_only():
    game, tokens = new_game("Red", "Blue")
    game.control("teacher", "start")
    game.decide(tokens["Red"], {**D, "price": 1.3})
    assert game.seats["Red"].draft.price == 1.3
    assert game.seats["Blue"].draft is None
    with pytest.raises(GameError, match="unknown team token"):
        game.decide("forged", D)


def test_no_team_sees_another_teams_decisions_before_the_round_has_run():
    game, tokens = new_game("Red", "Blue")
    game.control("teacher", "start")
    game.decide(tokens["Red"], {**D, "price": 1.37})
    for token in (tokens["Blue"], None, "teacher"):
        text = json.dumps(game.view(token))
        assert "1.37" not in text
    assert game.view(tokens["Red"])["draft"]["price"] == 1.37
    assert [t["submitted"] for t in game.view(None)["teams"]] == [True, False]
    game.control("teacher", "advance")
    assert game.view(tokens["Blue"])["market"][0][0]["decisions"]["price"] == 1.37


def test_refused_decisions_change_nothing():
    game, tokens = new_game("Red")
    game.control("teacher", "start")
    game.decide(tokens["Red"], D)
    version = game.version
    for bad in ({**D, "financial_bond": 1.0, "value_innovation": 1.0}, {**D, "price": 9},
                "nonsense", {**D, "price": None}):
        with pytest.raises(DecisionError):
            game.decide(tokens["Red"], bad)
    assert game.version == version and game.seats["Red"].draft.to_dict() == D


def test_rounds_run_with_the_last_decisions_of_teams_that_did_not_submit():
    game, tokens = new_game("Red", "Blue")
    game.control("teacher", "start")
    game.decide(tokens["Red"], {**D, "social_bond": 0.7})
    game.control("teacher", "advance")
    assert game.phase == DECIDING
    game.control("teacher", "advance")  # nobody submitted in round 2
    assert game.phase == FINISHED
    assert game.rounds[1]["Red"]["social_bond"] == 0.7
    assert game.rounds[0]["Blue"] == D
    with pytest.raises(GameError, match="decisions are not open"):
        game.decide(tokens["Red"], D)
    assert game.view(None)["lessons"]


def test_the_export_replays_the_same_market_and_its_csv_is_safe_in_a_spreadsheet():
    game, tokens = new_game("Red", "=cmd|' /C calc'!A0")
    game.control("teacher", "start")
    game.decide(tokens["Red"], {**D, "price": 1.2, "structural_bond": 0.9})
    game.control("teacher", "advance")
    game.control("teacher", "advance")
    data = json.loads(json.dumps(game.export()))
    assert json.dumps(replay_export(data).history) == json.dumps(game.market.history)
    rows = list(csv.DictReader(io.StringIO(game.export_csv())))
    assert len(rows) == 4
    assert {row["team"] for row in rows} == {"Red", "'=cmd|' /C calc'!A0"}
    assert float(rows[0]["price"]) == 1.2


def test_reset_clears_the_session_and_end_finishes_it_early():
    game, tokens = new_game("Red")
    game.control("teacher", "start")
    game.control("teacher", "end")
    assert game.phase == FINISHED
    game.control("teacher", "reset")
    assert game.phase == LOBBY and not game.seats and game.team_of(tokens["Red"]) is None


def test_a_round_timer_is_the_instructors_and_its_length_is_checked():
    game, tokens = new_game("Red")
    with pytest.raises(GameError, match="only while teams decide"):
        game.control("teacher", "timer", {"seconds": 60})
    game.control("teacher", "start")
    with pytest.raises(GameError, match="only the instructor"):
        game.control(tokens["Red"], "timer", {"seconds": 60})
    for bad in ({"seconds": 5}, {"seconds": "soon"}, {}, None, {"seconds": float("inf")}):
        with pytest.raises(GameError, match=r"timer 'seconds' must be a number in \[10, 1800\]"):
            game.control("teacher", "timer", bad)
    game.control("teacher", "timer", {"seconds": 90})
    assert 89 < game.view(None)["seconds_left"] <= 90
    game.control("teacher", "advance")
    assert game.view(None)["seconds_left"] is None


def test_a_round_that_fails_is_not_logged_for_the_export():
    game, _ = new_game("Red")
    game.control("teacher", "start")

    def broken(decisions):
        raise RuntimeError("the model failed")

    game.market.play_round = broken
    with pytest.raises(RuntimeError):
        game.control("teacher", "advance")
    assert game.rounds == [] and game.phase == DECIDING  # the round can be run again
