"""A class session of the market game: teams, tokens, rounds, and who may see what.

The game holds one :class:`~sim.market.model.MarketModel` and the rules
around it, with no web code, so every rule can be tested directly:

- students join with the session's code and a team name; each gets a
  token of their own that acts for their team only; a team that exists is
  joined only with its own team code, which its members see, so nobody
  takes over another team by typing its name; joining closes when the game
  starts, unless the instructor reopens it;
- only the instructor (a separate token) starts, advances, resets or ends;
- decisions are checked against the ranges and the budget before they are
  kept, and a team sees no other team's decisions until the round has run;
- a team that did not submit keeps its last decisions (the defaults in
  round 1), so a missing phone never stalls the class.
"""

from __future__ import annotations

import csv
import hmac
import io
import math
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sim.market.decisions import DECISION_FIELDS, HELP, LABELS, DecisionError, Decisions
from sim.market.messages import RefusalError
from sim.market.model import MarketModel, MarketSettings, replay
from sim.scenario import Scenario

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Join-code letters: no 0/O, 1/I/L, easy to read off a projector."""
NAME_LIMIT = 24
TEAM_CODE_LENGTH = 5
"""Letters of a team's own code (31**5, about 29 million codes; joins are rate-limited)."""
MAX_TEAMS = 12
TIMER_RANGE = (10, 1800)
"""Shortest and longest round timer, in seconds."""
LOBBY, DECIDING, RUNNING, FINISHED = "lobby", "deciding", "running", "finished"
LANGUAGES = ("en", "zh")


class GameError(RefusalError):
    """A request the game refuses; ``status`` is the HTTP status the server answers with."""


@dataclass
class Seat:
    """One team in the session: its name, members and decisions."""

    name: str
    secret: str = ""  # the team code its members give teammates who join later
    members: int = 0
    draft: Decisions | None = None  # submitted for the round being decided
    last: Decisions = field(default_factory=Decisions)


def clean_team_name(raw: Any) -> str:
    """Return a team name fit to show, or refuse it clearly.

    Names are shown as text (never as HTML) by the pages; here they are
    normalised (NFC), stripped of control and formatting characters (which
    could reorder or hide text on the projector) and limited in length.
    """
    if not isinstance(raw, str):
        raise GameError("team name must be text; got {got}", got=type(raw).__name__)
    name = "".join(ch for ch in unicodedata.normalize("NFC", raw)
                   if unicodedata.category(ch)[0] != "C").strip()
    name = " ".join(name.split())
    if not name:
        raise GameError("team name is empty: type a name of 1 to {limit} letters",
                        limit=NAME_LIMIT)
    if len(name) > NAME_LIMIT:
        raise GameError("team name must be at most {limit} characters; got {length}",
                        limit=NAME_LIMIT, length=len(name))
    return name


class Game:
    """One class session: the market, the teams and the phase of play.

    Args:
        settings: The market's setup.
        seed: The market's seed (printed so a result can be replayed).
        code: The join code (a fresh random one if not given).
        instructor_token: The instructor's token (a fresh random one if not given).
        max_teams: Most teams that may join.
        lang: The class's language, ``en`` or ``zh`` (pages, refusals, debrief).
    """

    def __init__(self, settings: MarketSettings | None = None, seed: int | None = None, *,
                 code: str | None = None, instructor_token: str | None = None,
                 max_teams: int = MAX_TEAMS, lang: str = "en") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
        self.lang = lang
        self.settings = settings or MarketSettings()
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self.code = code or "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        self.instructor_token = instructor_token or secrets.token_urlsafe(24)
        self.max_teams = max_teams
        self.lock = threading.RLock()
        self.version = 0  # bumped on every change, so clients know to refresh
        self._reset_state()

    def _reset_state(self) -> None:
        self.phase = LOBBY
        self.joining = True
        self.seats: dict[str, Seat] = {}
        self.tokens: dict[str, str] = {}  # member token -> team name
        self.market: MarketModel | None = None
        self.rounds: list[dict[str, dict[str, float]]] = []  # decisions used, per round
        self.deadline: float | None = None  # time.monotonic() when the round runs by itself

    # ------------------------------------------------------------------
    # Who is asking
    # ------------------------------------------------------------------
    def is_instructor(self, token: str | None) -> bool:
        """Whether ``token`` is the instructor's (compared in constant time)."""
        return bool(token) and hmac.compare_digest(str(token).encode(),
                                                   self.instructor_token.encode())

    def team_of(self, token: str | None) -> str | None:
        """The team a member token acts for, or None."""
        return self.tokens.get(token) if isinstance(token, str) else None

    def require_instructor(self, token: str | None) -> None:
        """Refuse anyone but the instructor (403)."""
        if not self.is_instructor(token):
            raise GameError("only the instructor can do that (the instructor's link carries "
                            "its token)", status=403)

    def _require_team(self, token: str | None) -> Seat:
        team = self.team_of(token)
        if team is None:
            raise GameError("unknown team token: join the game first", status=403)
        return self.seats[team]

    # ------------------------------------------------------------------
    # Students
    # ------------------------------------------------------------------
    def join(self, code: Any, team: Any, team_code: Any = None) -> tuple[str, str]:
        """Join team ``team`` with the session's ``code``; return (team name, member token).

        The first member creates the team; later members also give the team's
        own ``team_code`` (shown to its members), so that nobody acts for a
        team by typing its name.
        """
        with self.lock:
            if not isinstance(code, str) or not hmac.compare_digest(
                    code.strip().upper().encode(), self.code.encode()):
                raise GameError("that join code is not this session's: check the code on "
                                "the projector", status=403)
            if not self.joining:
                raise GameError("joining is closed: the game has started (the instructor "
                                "can reopen it)", status=409)
            name = clean_team_name(team)
            if name not in self.seats:
                if len(self.seats) >= self.max_teams:
                    raise GameError("the game is full: at most {limit} teams; join an "
                                    "existing team", status=409, limit=self.max_teams)
                if self.market is not None:
                    raise GameError("new teams cannot enter a market already running; "
                                    "join an existing team", status=409)
                self.seats[name] = Seat(name, secret="".join(
                    secrets.choice(CODE_ALPHABET) for _ in range(TEAM_CODE_LENGTH)))
            elif not isinstance(team_code, str) or not hmac.compare_digest(
                    team_code.strip().upper().encode(), self.seats[name].secret.encode()):
                raise GameError("team {name!r} already exists: to join it, type its team code "
                                "(its members see it on their screen); to start a new team, "
                                "pick another name", status=403, name=name)
            self.seats[name].members += 1
            token = secrets.token_urlsafe(18)
            self.tokens[token] = name
            self._changed()
            return name, token

    def decide(self, token: str | None, data: Any) -> Decisions:
        """Keep a team's decisions for the round being decided (checked first)."""
        with self.lock:
            seat = self._require_team(token)
            if self.phase != DECIDING:
                raise GameError("decisions are not open now (the game is {phase}); wait for "
                                "the instructor to open the next round", status=409,
                                phase=self.phase)
            seat.draft = Decisions.parse(data, self.settings.budget)
            self._changed()
            return seat.draft

    # ------------------------------------------------------------------
    # The instructor
    # ------------------------------------------------------------------
    def control(self, token: str | None, action: str, body: Any = None) -> None:
        """Run an instructor action: start, advance, timer, end, reset, open or close joining.

        ``timer`` takes ``{"seconds": N}``: the round runs by itself N seconds
        from now (the server keeps the clock; see :attr:`deadline`).
        """
        self.require_instructor(token)
        actions = {"start": self._start, "advance": self._advance, "end": self._end,
                   "reset": self._reset, "open": lambda: self._joining(True),
                   "close": lambda: self._joining(False), "timer": lambda: self._timer(body)}
        if action not in actions:
            raise GameError("unknown action {action!r}; the actions are {actions}",
                            status=404, action=str(action)[:20], actions=", ".join(actions))
        actions[action]()

    def _start(self) -> None:
        with self.lock:
            if self.phase != LOBBY:
                raise GameError("the game has already started (it is {phase})", 409,
                                phase=self.phase)
            if not self.seats:
                raise GameError("no team has joined yet", status=409)
            self.market = MarketModel(list(self.seats), self.settings, self.seed)
            self.phase, self.joining = DECIDING, False
            self._changed()

    def _timer(self, body: Any) -> None:
        low, high = TIMER_RANGE
        seconds = body.get("seconds") if isinstance(body, dict) else None
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not (
                math.isfinite(seconds) and low <= seconds <= high):
            raise GameError("timer 'seconds' must be a number in [{low}, {high}]; got {got!r}",
                            low=low, high=high, got=str(seconds)[:20])
        with self.lock:
            if self.phase != DECIDING:
                raise GameError("a timer runs only while teams decide (the game is {phase})",
                                status=409, phase=self.phase)
            self.deadline = time.monotonic() + float(seconds)
            self._changed()

    def _advance(self) -> None:
        """Run the round with every team's decisions (the last ones where none came)."""
        with self.lock:
            if self.phase != DECIDING:
                raise GameError("there is no round to run (the game is {phase})", 409,
                                phase=self.phase)
            self.phase = RUNNING
            self.deadline = None
            decisions = {}
            for seat in self.seats.values():
                seat.last = seat.draft or seat.last
                seat.draft = None
                decisions[seat.name] = seat.last
            self._changed()
        played = False
        try:
            self.market.play_round(decisions)  # outside the lock: views stay served
            played = True
        finally:  # a round that failed is not logged: the export must replay what ran
            with self.lock:
                if played:
                    self.rounds.append({name: d.to_dict() for name, d in decisions.items()})
                self.phase = FINISHED if self.market.finished else DECIDING
                self._changed()

    def _end(self) -> None:
        with self.lock:
            if self.phase == RUNNING:
                raise GameError("a round is running; end the game when it has run", 409)
            if self.phase == LOBBY:
                raise GameError("the game has not started", status=409)
            self.phase = FINISHED
            self.deadline = None
            self._changed()

    def _reset(self) -> None:
        with self.lock:
            if self.phase == RUNNING:
                raise GameError("a round is running; reset when it has run", 409)
            self._reset_state()
            self._changed()

    def _joining(self, open_: bool) -> None:
        with self.lock:
            self.joining = open_
            self._changed()

    def _changed(self) -> None:
        self.version += 1

    # ------------------------------------------------------------------
    # What each client sees
    # ------------------------------------------------------------------
    def view(self, token: str | None = None) -> dict[str, Any]:
        """What the asking client may see: the market, its own team, or the controls.

        Everyone sees the phase, the teams (and whether each has submitted,
        not what) and the results of the rounds that have run, decisions
        included. A team also sees its own draft and its own full reports;
        the instructor also sees the join code and the controls it may use.
        """
        labels, helps, strings = LABELS, HELP, {}
        if self.lang == "zh":
            from sim.i18n.market import HELP_ZH, LABELS_ZH, PAGE_ZH

            labels, helps, strings = LABELS_ZH, HELP_ZH, PAGE_ZH
        with self.lock:
            history = self.market.history if self.market else []
            view: dict[str, Any] = {
                "version": self.version,
                "phase": self.phase,
                "joining": self.joining,
                "round": len(history),
                "rounds": self.settings.rounds,
                "periods_per_round": self.settings.periods_per_round,
                "budget": self.settings.budget,
                "seed": self.seed,
                "seconds_left": (None if self.deadline is None else
                                 max(0.0, self.deadline - time.monotonic())),
                "teams": [{"name": s.name, "members": s.members,
                           "submitted": s.draft is not None} for s in self.seats.values()],
                "market": [[_public(report) for report in reports] for reports in history],
                "decision_fields": [{"name": name, "label": labels[name], "help": helps[name],
                                     "low": Scenario.spec(name).low,
                                     "high": Scenario.spec(name).high}
                                    for name in DECISION_FIELDS],
                "role": "viewer",
                "lang": self.lang,
                "strings": strings,
            }
            team = self.team_of(token)
            if team is not None:
                seat = self.seats[team]
                view.update(role="team", team=team, team_code=seat.secret,
                            draft=seat.draft.to_dict() if seat.draft else None,
                            last=seat.last.to_dict(),
                            reports=[r for reports in history for r in reports
                                     if r["team"] == team])
            elif self.is_instructor(token):
                view.update(role="instructor", code=self.code)
            if self.phase == FINISHED:
                from sim.market.debrief import lessons

                view["lessons"] = lessons(history, self.lang)
            return view

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """Every decision and result, with what is needed to replay the market."""
        with self.lock:
            return {"settings": self.settings.to_dict(), "seed": self.seed,
                    "teams": list(self.seats), "rounds": list(self.rounds),
                    "results": self.market.history if self.market else []}

    def export_csv(self) -> str:
        """One row per team and round: the decisions, then the results."""
        results = ["active", "customers", "new_customers", "customer_share", "revenue_share",
                   "round_profit", "profit", "revenue", "customer_equity", "mean_clv",
                   "share_of_wallet", "annual_churn", "attitude"]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["round", "team", *DECISION_FIELDS, *results,
                         *(f"pattern_{p}" for p in ("I", "II", "III", "IV")), "unresolved"])
        for report in self.export()["results"]:
            for r in report:
                writer.writerow([r["round"], _safe_cell(r["team"]),
                                 *(r["decisions"][f] for f in DECISION_FIELDS),
                                 *(r[f] for f in results), *r["patterns"].values(),
                                 r["unresolved"]])
        return out.getvalue()


def _public(report: dict[str, Any]) -> dict[str, Any]:
    """The part of a team's round report the whole class sees."""
    keys = ("round", "team", "decisions", "active", "customer_share", "revenue_share",
            "profit", "round_profit", "customer_equity", "patterns", "unresolved",
            "annual_churn", "share_of_wallet", "attitude")
    return {key: report[key] for key in keys}


def _safe_cell(text: str) -> str:
    """A team name as a CSV cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def replay_export(data: dict[str, Any]) -> MarketModel:
    """Replay an exported game (see :meth:`Game.export`): the same market, bit for bit."""
    return replay(data["teams"], MarketSettings.from_dict(data["settings"]), data["seed"],
                  data["rounds"])


__all__ = ["DECIDING", "FINISHED", "LOBBY", "RUNNING", "DecisionError", "Game", "GameError",
           "clean_team_name", "replay_export"]
