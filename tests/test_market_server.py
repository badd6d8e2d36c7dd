"""The class market's server (issue 12): what the network can and cannot do to a session."""

from __future__ import annotations

import json
import threading
import time
import warnings

import httpx
import pytest

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2 for its test client
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

from market_server import serve

from sim.market import MarketSettings
from sim.market.game import Game
from sim.market.server import BURST, MAX_BODY, create_app

SETTINGS = MarketSettings(customers=600, rounds=2, periods_per_round=4)
D = {"price": 1.0, "value_innovation": 0.5, "latent_focus": 0.3, "financial_bond": 0.0,
     "social_bond": 0.0, "structural_bond": 0.0}


@pytest.fixture
def session():
    game = Game(SETTINGS, seed=5, code="ZXC456", instructor_token="teacher-token")
    client = TestClient(create_app(game, "http://class.example/?code=ZXC456"))
    tokens = {}
    for team in ("Red", "Blue"):
        answer = client.post("/api/join", json={"code": "ZXC456", "team": team})
        assert answer.status_code == 200
        tokens[team] = answer.json()["token"]
    return game, client, tokens


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_team_token_cannot_control_the_game_or_read_the_export(session):
    game, client, tokens = session
    for action in ("start", "advance", "end", "reset", "open", "close"):
        answer = client.post(f"/api/control/{action}", headers=auth(tokens["Red"]), json={})
        assert answer.status_code == 403 and "only the instructor" in answer.json()["error"]
    for kind in ("json", "csv"):
        assert client.get(f"/api/export.{kind}", headers=auth(tokens["Red"])).status_code == 403
    assert game.phase == "lobby"
    assert client.post("/api/control/start", headers=auth("teacher-token")).status_code == 200


def test_a_team_token_decides_for_its_own_team_only(session):
    game, client, tokens = session
    client.post("/api/control/start", headers=auth("teacher-token"))
    answer = client.post("/api/decide", headers=auth(tokens["Blue"]), json={**D, "price": 1.1})
    assert answer.status_code == 200
    assert game.seats["Blue"].draft.price == 1.1 and game.seats["Red"].draft is None
    red_view = client.get("/api/view", headers=auth(tokens["Red"])).json()
    assert red_view["team"] == "Red" and red_view["draft"] is None
    assert "1.1" not in json.dumps(red_view["teams"])


@pytest.mark.parametrize(("body", "status", "words"), [
    ({**D, "financial_bond": 1.0, "value_innovation": 1.0}, 400, "at most 1.50"),
    ({**D, "price": 3}, 400, "'price' must be a number in [0.7, 1.5]; got '3'"),
    ({**D, "structural_bond": "1; DROP TABLE"}, 400, "'structural_bond'"),
    ({"price": 1.0}, 400, "is missing"),
])
def test_malformed_or_over_budget_decisions_get_a_clear_message_and_change_nothing(
        session, body, status, words):
    game, client, tokens = session
    client.post("/api/control/start", headers=auth("teacher-token"))
    version = game.version
    answer = client.post("/api/decide", headers=auth(tokens["Red"]), json=body)
    assert answer.status_code == status and words in answer.json()["error"]
    assert game.version == version and game.seats["Red"].draft is None


def test_bodies_that_are_not_json_or_too_large_are_refused(session):
    game, client, tokens = session
    client.post("/api/control/start", headers=auth("teacher-token"))
    bad = client.post("/api/decide", headers={**auth(tokens["Red"]),
                                              "Content-Type": "application/json"},
                      content=b"{not json")
    assert bad.status_code == 400 and "not valid JSON" in bad.json()["error"]
    big = client.post("/api/decide", headers=auth(tokens["Red"]),
                      content=b"[" + b"1," * MAX_BODY + b"1]")
    assert big.status_code == 413
    assert game.seats["Red"].draft is None


def test_pages_carry_a_strict_content_security_policy_and_no_remote_asset(session):
    _, client, _ = session
    for path in ("/", "/projector"):
        page = client.get(path)
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/vendor/chart.umd.min.js").status_code == 200
    assert client.get("/static/../market/server.py").status_code == 404
    qr = client.get("/qr.svg")
    assert qr.headers["content-type"].startswith("image/svg+xml") and b"<svg" in qr.content


def test_each_websocket_gets_only_what_its_token_may_see(session):
    game, client, tokens = session
    client.post("/api/control/start", headers=auth("teacher-token"))
    client.post("/api/decide", headers=auth(tokens["Red"]), json={**D, "price": 1.45})
    with client.websocket_connect("/ws") as red, client.websocket_connect("/ws") as blue, \
            client.websocket_connect("/ws") as anyone:
        red.send_text(json.dumps({"token": tokens["Red"]}))
        blue.send_text(json.dumps({"token": tokens["Blue"]}))
        anyone.send_text("{}")
        assert red.receive_json()["draft"]["price"] == 1.45
        blue_view, anyone_view = blue.receive_json(), anyone.receive_json()
        for other in (blue_view, anyone_view):
            assert "1.45" not in json.dumps(other)
        assert blue_view["role"] == "team" and anyone_view["role"] == "viewer"
        assert "code" not in anyone_view and "code" not in blue_view  # the join code is the
        # instructor's to show; a page that joined needs it no more


def test_a_websocket_that_floods_the_server_is_closed(session):
    _, client, tokens = session
    with client.websocket_connect("/ws") as flood:
        flood.send_text(json.dumps({"token": tokens["Red"]}))
        assert flood.receive_json()["team"] == "Red"
        for _ in range(int(BURST) + 10):
            flood.send_text("ping")
        with pytest.raises(WebSocketDisconnect) as closed:
            flood.receive_json()
        assert closed.value.code == 1008  # policy violation
    with client.websocket_connect("/ws") as calm:  # others still connect and are served
        calm.send_text(json.dumps({"token": tokens["Blue"]}))
        assert calm.receive_json()["team"] == "Blue"


@pytest.mark.serial
def test_a_flooding_client_is_throttled_and_the_others_are_served():
    game = Game(SETTINGS, seed=5, code="ZXC456", instructor_token="teacher-token")
    with serve(game) as base:
        with httpx.Client(base_url=base) as c:
            flooder = c.post("/api/join", json={"code": "ZXC456", "team": "Flood"}).json()
            calm = c.post("/api/join", json={"code": "ZXC456", "team": "Calm"}).json()
        statuses: list[int] = []

        def flood() -> None:
            with httpx.Client(base_url=base) as c:
                for _ in range(int(4 * BURST)):
                    statuses.append(c.get("/api/view", headers=auth(flooder["token"])).status_code)

        thread = threading.Thread(target=flood)
        thread.start()
        with httpx.Client(base_url=base) as c:
            calm_statuses = [c.get("/api/view", headers=auth(calm["token"])).status_code
                             for _ in range(10)]
        thread.join()
    assert statuses.count(429) >= BURST  # most of the flood is refused at once ...
    assert calm_statuses == [200] * 10  # ... and the calm client is served every time


def test_the_round_runs_by_itself_when_the_instructors_timer_ends(monkeypatch):
    """The server keeps the clock: a 10 s timer, fast-forwarded, runs the round."""
    import time as real_time

    from sim.market import game as game_module
    from sim.market import server as server_module

    offset = [0.0]
    real_clock = real_time.monotonic

    def clock() -> float:
        return real_clock() + offset[0]

    # game.py and server.py read time.monotonic from the one time module.
    assert game_module.time is server_module.time
    monkeypatch.setattr(game_module.time, "monotonic", clock)
    game = Game(SETTINGS, seed=5, code="ZXC456", instructor_token="teacher-token")
    game.join("ZXC456", "Red")
    with serve(game) as base, httpx.Client(base_url=base) as c:
        c.post("/api/control/start", headers=auth("teacher-token"))
        assert c.post("/api/control/timer", json={"seconds": 10},
                      headers=auth("teacher-token")).status_code == 200
        assert len(game.rounds) == 0
        offset[0] = 11.0  # ten seconds later
        deadline = real_clock() + 20
        while len(game.rounds) < 1 and real_clock() < deadline:
            real_time.sleep(0.05)
        assert len(game.rounds) == 1 and game.phase == "deciding"
        assert game.deadline is None


def test_pages_are_served_and_told_while_a_round_runs():
    """The round runs in a worker thread: views keep coming, decisions wait for the next.

    The test holds the round until it has looked, so the check does not race it.
    """
    game = Game(SETTINGS, seed=5, code="ZXC456", instructor_token="teacher-token")
    with serve(game) as base, httpx.Client(base_url=base, timeout=60) as c:
        red = c.post("/api/join", json={"code": "ZXC456", "team": "Red"}).json()["token"]
        c.post("/api/control/start", headers=auth("teacher-token"))
        play, release = game.market.play_round, threading.Event()

        def held_round(decisions):
            assert release.wait(30), "the test never released the round"
            return play(decisions)

        game.market.play_round = held_round
        runner = threading.Thread(target=lambda: httpx.post(
            f"{base}/api/control/advance", headers=auth("teacher-token"), timeout=60))
        runner.start()
        try:
            deadline = time.monotonic() + 20
            while (phase := c.get("/api/view", headers=auth(red)).json()["phase"]) != "running":
                assert time.monotonic() < deadline, phase
                time.sleep(0.15)  # within the rate limit of 8 requests a second
            late = c.post("/api/decide", headers=auth(red), json=D)
            assert late.status_code == 409 and "the game is running" in late.json()["error"]
        finally:
            release.set()
            runner.join()
    assert len(game.rounds) == 1 and game.phase == "deciding"
