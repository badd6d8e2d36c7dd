"""The class market's web server: one process and one market per class session.

Built on Starlette (served by uvicorn), chosen over a notebook server or
Solara because a class session is one shared model, not one kernel per
browser tab: 60 students cost 60 websocket connections, not 60 kernels
(see ``benchmarks/README.md``). Everything the pages need is served from the
package (Chart.js is vendored), so it works on a classroom network with no
internet.

Who may do what is decided by :class:`sim.market.game.Game`; the server adds
the network's defences: a request-rate limit per client (a flooding client
is answered "slow down" at once, without delaying others), a size limit on
bodies, strict content-security headers, and pages that show team names as
text only. Every change is pushed to every connected page over a websocket,
each page getting only what its token may see.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from sim.market.game import RUNNING, Game
from sim.market.messages import RefusalError

STATIC = Path(__file__).resolve().parents[1] / "static"
PAGES = STATIC / "market"
MAX_BODY = 4096
"""Largest request body accepted, in bytes (a decision is about 200)."""
RATE = 8.0
"""Requests per second a client may make on average ..."""
BURST = 30.0
"""... and in a burst (a page load and a few quick submissions)."""
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; "
                                "style-src 'self'; script-src 'self'; connect-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class RateLimiter:
    """A token bucket per client: ``rate`` requests a second, bursts up to ``burst``."""

    def __init__(self, rate: float = RATE, burst: float = BURST) -> None:
        self.rate, self.burst = rate, burst
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        """Take one request from ``client``'s bucket; False if it is empty."""
        now = time.monotonic()
        tokens, last = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self.buckets[client] = (tokens, now)
            return False
        self.buckets[client] = (tokens - 1.0, now)
        if len(self.buckets) > 10_000:  # forget idle clients rather than grow forever
            cutoff = now - self.burst / self.rate
            self.buckets = {k: v for k, v in self.buckets.items() if v[1] > cutoff}
        return True


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def _client_key(request: Request, token: str | None) -> str:
    """Rate-limit key: the token if any (each student's own), else the address."""
    return f"token:{token}" if token else f"ip:{request.client.host if request.client else '?'}"


def _error(refusal: RefusalError, lang: str = "en") -> JSONResponse:
    return JSONResponse({"error": refusal.text(lang)}, status_code=refusal.status,
                        headers=SECURITY_HEADERS)


class ClassServer:
    """The web side of one class session: routes, rate limits, live pushes."""

    def __init__(self, game: Game, join_url: str = "") -> None:
        self.game = game
        self.join_url = join_url
        self.limiter = RateLimiter()
        self.clients: dict[WebSocket, str | None] = {}
        self._timers: set[asyncio.Task] = set()  # kept so they are not collected mid-wait
        self._pushed = -1
        self.app = Starlette(routes=[
            Route("/", self.team_page),
            Route("/projector", self.projector_page),
            Route("/qr.svg", self.qr),
            Route("/favicon.ico", self.icon),
            Route("/api/view", self.view),
            Route("/api/join", self.join, methods=["POST"]),
            Route("/api/decide", self.decide, methods=["POST"]),
            Route("/api/control/{action}", self.control, methods=["POST"]),
            Route("/api/export.json", self.export_json),
            Route("/api/export.csv", self.export_csv),
            WebSocketRoute("/ws", self.websocket),
            Mount("/static", StaticFiles(directory=PAGES), name="static"),
            Mount("/vendor", StaticFiles(directory=STATIC / "vendor"), name="vendor"),
            Mount("/fonts", StaticFiles(directory=STATIC / "fonts"), name="fonts"),
        ])

    # -- pages ------------------------------------------------------------
    async def team_page(self, request: Request) -> Response:
        """The page students open on their phones: join, decide, see results."""
        return FileResponse(PAGES / "team.html", headers=SECURITY_HEADERS)

    async def projector_page(self, request: Request) -> Response:
        """The projector's page: join code, market, leaderboard, debrief, controls."""
        return FileResponse(PAGES / "projector.html", headers=SECURITY_HEADERS)

    async def qr(self, request: Request) -> Response:
        """The join address as a QR code, drawn here (no web service)."""
        import io

        import segno

        out = io.BytesIO()
        segno.make(self.join_url or str(request.base_url), error="m").save(
            out, kind="svg", scale=8, dark="#000", light="#fff", xmldecl=False)
        return Response(out.getvalue(), media_type="image/svg+xml", headers=SECURITY_HEADERS)

    async def icon(self, request: Request) -> Response:
        """No icon: answered without an error, so the pages log none."""
        return Response(status_code=204, headers=SECURITY_HEADERS)

    # -- API --------------------------------------------------------------
    async def _guarded(self, request: Request, action: Any) -> Response:
        """Rate-limit, read and size-check the body, run ``action``, map refusals."""
        token = _bearer(request)
        lang = self.game.lang
        if not self.limiter.allow(_client_key(request, token)):
            answer = _error(RefusalError("too many requests: wait a moment and try again", 429),
                            lang)
            answer.headers["Retry-After"] = "1"
            return answer
        body: Any = None
        if request.method == "POST":
            raw = await request.body()
            if len(raw) > MAX_BODY:
                return _error(RefusalError("request too large: at most {limit} bytes", 413,
                                           limit=MAX_BODY), lang)
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    return _error(RefusalError("the request is not valid JSON"), lang)
        try:
            result = await action(token, body)
        except RefusalError as refusal:  # the game's and the decisions' refusals
            return _error(refusal, lang)
        await self.push()
        if isinstance(result, Response):
            result.headers.update(SECURITY_HEADERS)
            return result
        return JSONResponse(result, headers=SECURITY_HEADERS)

    async def view(self, request: Request) -> Response:
        """What the asking client may see now."""
        return await self._guarded(request, self._view)

    async def _view(self, token: str | None, body: Any) -> dict[str, Any]:
        return self._view_for(token)

    def _view_for(self, token: str | None) -> dict[str, Any]:
        view = self.game.view(token)
        view["join_url"] = self.join_url
        return view

    async def join(self, request: Request) -> Response:
        """Join a team: ``{"code", "team"[, "team_code"]}`` gives the member's token."""
        async def act(token: str | None, body: Any) -> dict[str, Any]:
            body = body if isinstance(body, dict) else {}
            team, member = self.game.join(body.get("code"), body.get("team"),
                                          body.get("team_code"))
            return {"team": team, "token": member,
                    "team_code": self.game.seats[team].secret}
        return await self._guarded(request, act)

    async def decide(self, request: Request) -> Response:
        """Submit the team's decisions for the round being decided."""
        async def act(token: str | None, body: Any) -> dict[str, Any]:
            decisions = self.game.decide(token, body)
            return {"accepted": decisions.to_dict()}
        return await self._guarded(request, act)

    async def control(self, request: Request) -> Response:
        """An instructor action; a round runs in a worker thread, not in the event loop."""
        action = request.path_params["action"]

        async def act(token: str | None, body: Any) -> dict[str, Any]:
            if action == "advance":
                await self._advance(token)
            else:
                self.game.control(token, action, body)
                if action == "timer":
                    timer = asyncio.create_task(self._run_at_deadline())
                    self._timers.add(timer)
                    timer.add_done_callback(self._timers.discard)
            return {"phase": self.game.phase, "round": len(self.game.rounds)}
        return await self._guarded(request, act)

    async def _advance(self, token: str | None) -> None:
        """Run a round off the event loop, so pages keep being served meanwhile.

        The pages are told at once that the round is running (their submit
        buttons close), and again with its results.
        """
        self.game.require_instructor(token)  # refuse others at once
        task = asyncio.ensure_future(asyncio.to_thread(self.game.control, token, "advance"))
        while self.game.phase != RUNNING and not task.done():
            await asyncio.sleep(0.005)
        await self.push()
        await task

    async def _run_at_deadline(self) -> None:
        """Run the round when the instructor's timer ends (unless it was run or replaced)."""
        deadline = self.game.deadline
        while deadline is not None and self.game.deadline == deadline:
            left = deadline - time.monotonic()
            if left <= 0:
                try:
                    await self._advance(self.game.instructor_token)
                except RefusalError:
                    pass  # the round was run or the game ended meanwhile
                await self.push()
                return
            await asyncio.sleep(min(left, 1.0))

    async def export_json(self, request: Request) -> Response:
        """Every decision and result (instructor only), replayable."""
        async def act(token: str | None, body: Any) -> Response:
            self.game.require_instructor(token)
            return JSONResponse(self.game.export(), headers={
                "Content-Disposition": 'attachment; filename="class-market.json"'})
        return await self._guarded(request, act)

    async def export_csv(self, request: Request) -> Response:
        """One row per team and round (instructor only)."""
        async def act(token: str | None, body: Any) -> Response:
            self.game.require_instructor(token)
            return PlainTextResponse(self.game.export_csv(), media_type="text/csv", headers={
                "Content-Disposition": 'attachment; filename="class-market.csv"'})
        return await self._guarded(request, act)

    # -- live updates -----------------------------------------------------
    async def websocket(self, socket: WebSocket) -> None:
        """Push the client's view on every change; the first message may carry a token."""
        await socket.accept()
        token: str | None = None
        key = f"ws:{id(socket)}"
        try:
            hello = await asyncio.wait_for(socket.receive_text(), timeout=10)
            if len(hello) <= MAX_BODY:
                data = json.loads(hello)
                token = data.get("token") if isinstance(data, dict) else None
                token = token if isinstance(token, str) else None
            self.clients[socket] = token
            await socket.send_text(json.dumps(self._view_for(token)))
            while True:  # the page sends nothing more; reading notices it leaving
                await socket.receive_text()
                if not self.limiter.allow(key):
                    await socket.close(code=1008)
                    break
        except (TimeoutError, WebSocketDisconnect, ValueError, RuntimeError):
            pass
        finally:
            self.clients.pop(socket, None)

    async def push(self) -> None:
        """Send every connected page its view, if the game changed since the last push."""
        if self.game.version == self._pushed:
            return
        self._pushed = self.game.version
        cache: dict[str | None, str] = {}
        for socket, token in list(self.clients.items()):
            role = (self.game.team_of(token) or
                    ("\0instructor" if self.game.is_instructor(token) else None))
            if role not in cache:
                cache[role] = json.dumps(self._view_for(token))
            try:
                await socket.send_text(cache[role])
            except Exception:  # a page that left mid-send: forget it
                self.clients.pop(socket, None)


def create_app(game: Game, join_url: str = "") -> Starlette:
    """Return the ASGI app serving ``game`` (for uvicorn or Starlette's test client).

    The :class:`ClassServer` behind it is ``app.state.server``.
    """
    server = ClassServer(game, join_url)
    server.app.state.server = server
    return server.app
