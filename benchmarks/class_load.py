"""Load test of the class market's server (issue 12).

A class of 60 students in 10 teams, on 127.0.0.1: every student joins,
keeps a websocket open, and submits decisions every round; the instructor
runs each round. Measured:

* **round time**: from the instructor's "run round" request to the moment
  all 60 students' pages have received the round's results (compute and
  broadcast), against the target of 1 s at 5,000 customers, and as a ratio
  to the same round computed directly by :class:`sim.market.MarketModel` in
  this process (the baseline, measured in the same run);
* **server memory**: the server process's peak resident memory (target
  1 GB), and what each connected student adds;
* **errors**: every refused request or dropped connection (target none).

The server runs in a process of its own, started as ``loyalty-lab class``
would start it.

Run: ``python -m benchmarks class_load`` (``--quick`` for a short check).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RESULTS = Path(__file__).with_name("results")
CODE, TOKEN = "LOAD23", "instructor-load-token"
TARGET_MS = 1000.0
TARGET_MB = 1024.0

SERVER = f"""
import sys, uvicorn
from sim.market import MarketSettings
from sim.market.game import Game
from sim.market.server import create_app
customers, rounds, port = map(int, sys.argv[1:4])
game = Game(MarketSettings(customers=customers, rounds=rounds), seed=1, code={CODE!r},
            instructor_token={TOKEN!r})
uvicorn.run(create_app(game), host="127.0.0.1", port=port, log_level="warning",
            ws_max_size=16384)
"""


def _memory_mb(pid: int) -> dict[str, float]:
    """Resident and peak resident memory of a process, in MB (Linux /proc)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return {"rss_mb": fields["VmRSS"], "peak_mb": fields["VmHWM"]}


def decisions_for(rng: random.Random) -> dict[str, float]:
    """A random team's decisions within the default budget."""
    spend = [rng.random() for _ in range(4)]
    scale = min(1.0, 1.5 / sum(spend))
    innovation, financial, social, structural = (math.floor(100 * s * scale) / 100
                                                 for s in spend)
    return {"price": round(rng.uniform(0.8, 1.3), 2), "value_innovation": innovation,
            "latent_focus": round(rng.random(), 2), "financial_bond": financial,
            "social_bond": social, "structural_bond": structural}


async def _class(base: str, students: int, teams: int, rounds: int,
                 pid: int) -> dict[str, object]:
    import httpx
    import websockets

    errors: list[str] = []
    rng = random.Random(7)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        memory_idle = _memory_mb(pid)
        tokens = []
        joins_throttled = 0
        team_codes: dict[str, str] = {}  # the first member starts a team, the others join it
        for i in range(students):  # all from 127.0.0.1: one address's rate limit
            team = f"Team {i % teams}"
            while (answer := await http.post("/api/join", json={
                    "code": CODE, "team": team, "team_code": team_codes.get(team)})
                   ).status_code == 429:
                joins_throttled += 1
                await asyncio.sleep(float(answer.headers["Retry-After"]))
            if answer.status_code != 200:
                errors.append(f"join {answer.status_code}")
            team_codes.setdefault(team, answer.json().get("team_code"))
            tokens.append(answer.json().get("token"))
        latest = [0] * students  # rounds each student's page has seen
        received = [asyncio.Event() for _ in range(students)]
        target = [0]

        async def student(i: int) -> None:
            try:
                async with websockets.connect(base.replace("http", "ws") + "/ws") as ws:
                    await ws.send(json.dumps({"token": tokens[i]}))
                    async for message in ws:
                        view = json.loads(message)
                        latest[i] = len(view["market"])
                        if latest[i] >= target[0] > 0:
                            received[i].set()
                        if view["phase"] == "finished":
                            return
            except Exception as error:  # a dropped connection counts as an error
                errors.append(f"websocket {type(error).__name__}: {error}")

        listeners = [asyncio.create_task(student(i)) for i in range(students)]
        await asyncio.sleep(0.5)
        memory_connected = _memory_mb(pid)
        await http.post("/api/control/start", headers={"Authorization": f"Bearer {TOKEN}"})
        times, decided = [], []
        for r in range(rounds):
            by_team = {f"Team {t}": decisions_for(rng) for t in range(teams)}
            decided.append(by_team)
            answers = await asyncio.gather(*(
                http.post("/api/decide", json=by_team[f"Team {i % teams}"],
                          headers={"Authorization": f"Bearer {tokens[i]}"})
                for i in range(students)))
            errors += [f"decide {a.status_code}" for a in answers if a.status_code != 200]
            for event in received:
                event.clear()
            target[0] = r + 1
            start = time.perf_counter()
            answer = await http.post("/api/control/advance",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
            if answer.status_code != 200:
                errors.append(f"advance {answer.status_code}")
            await asyncio.wait_for(asyncio.gather(*(e.wait() for e in received)), timeout=60)
            times.append(1000 * (time.perf_counter() - start))
        await asyncio.wait_for(asyncio.gather(*listeners), timeout=30)
        memory_end = _memory_mb(pid)
    return {"times_ms": times, "decided": decided, "errors": errors,
            "joins_throttled": joins_throttled,
            "memory": {"idle": memory_idle, "connected": memory_connected, "end": memory_end}}


def direct_round_ms(customers: int, decided: list[dict[str, dict[str, float]]]) -> list[float]:
    """The same rounds computed directly, without server or network (the baseline)."""
    from sim.market import Decisions, MarketModel, MarketSettings

    market = MarketModel(list(decided[0]), MarketSettings(customers=customers,
                                                          rounds=len(decided)), seed=1)
    times = []
    for by_team in decided:
        start = time.perf_counter()
        market.play_round({t: Decisions(**d) for t, d in by_team.items()})
        times.append(1000 * (time.perf_counter() - start))
    return times


def run(customers: int = 5000, students: int = 60, teams: int = 10,
        rounds: int = 3) -> dict[str, object]:
    """Start a server, play a class against it, return the figures."""
    from benchmarks.class_servers import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(customers), str(rounds),
                               str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/api/view", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the class server did not start") from None
                time.sleep(0.1)
        # In a thread of its own: the caller may already run an event loop (a test
        # process holding Playwright's sync API does).
        with ThreadPoolExecutor(1) as thread:
            played = thread.submit(asyncio.run, _class(base, students, teams, rounds,
                                                       server.pid)).result()
    finally:
        server.terminate()
        server.wait(timeout=10)
    direct = direct_round_ms(customers, played.pop("decided"))
    times = played["times_ms"]
    memory = played["memory"]
    per_student = (memory["connected"]["rss_mb"] - memory["idle"]["rss_mb"]) / students
    return {
        "customers": customers, "students": students, "teams": teams, "rounds": rounds,
        "round_ms": times, "round_ms_max": max(times), "direct_ms": direct,
        "ratio_to_direct": statistics.median(times) / statistics.median(direct),
        "server_peak_mb": memory["end"]["peak_mb"], "mb_per_student": per_student,
        "errors": played["errors"], "joins_throttled": played["joins_throttled"],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its figures against the targets."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks class_load")
    parser.add_argument("--quick", action="store_true",
                        help="12 students in 4 teams, 1,000 customers, 2 rounds")
    args = parser.parse_args([] if argv is None else argv)
    report = run(1000, students=12, teams=4, rounds=2) if args.quick else run()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "class_load.json").write_text(json.dumps(report, indent=2))
    print(f"class of {report['students']} students in {report['teams']} teams, "
          f"{report['customers']} customers, {report['rounds']} rounds")
    print(f"  round computed and pushed to every page: "
          f"{', '.join(f'{t:.0f}' for t in report['round_ms'])} ms "
          f"(target <= {TARGET_MS:.0f} ms); direct computation "
          f"{', '.join(f'{t:.0f}' for t in report['direct_ms'])} ms; "
          f"ratio {report['ratio_to_direct']:.2f}")
    print(f"  server peak memory {report['server_peak_mb']:.0f} MB (target <= {TARGET_MB:.0f}); "
          f"{report['mb_per_student']:.2f} MB per connected student")
    print(f"  errors: {len(report['errors'])} {report['errors'][:3]} (joins asked to retry, "
          f"all 60 students sharing one address: {report['joins_throttled']})")
    ok = (not report["errors"] and report["round_ms_max"] <= TARGET_MS
          and report["server_peak_mb"] <= TARGET_MB)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
