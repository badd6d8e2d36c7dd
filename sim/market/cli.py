"""``loyalty-lab class``: run a class market session on the classroom's network.

The instructor runs this on the computer attached to the projector. It
prints three things: the address students open (also shown on the
projector with a QR code and the join code), the join code, and the
instructor's own link, which carries the token that starts and advances
rounds. Only the instructor's link can control the game, so keep it off
the projector's address bar (the page removes it from there on load).
"""

from __future__ import annotations

import argparse
import socket
import sys

from sim.market.decisions import DEFAULT_BUDGET
from sim.market.model import LIMITS, MarketSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loyalty-lab class",
        description="Run the class market game: student teams run competing suppliers "
                    "from their phones or laptops, in rounds, with a debrief.")
    parser.add_argument("--host", default="0.0.0.0",
                        help="address to listen on: 0.0.0.0 (default) lets the classroom's "
                             "network in; 127.0.0.1 keeps it to this computer")
    parser.add_argument("--port", type=int, default=8870, help="port (default 8870)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of decisions (4)")
    parser.add_argument("--periods-per-round", type=int, default=12,
                        help="months each round runs (12)")
    parser.add_argument("--customers", type=int, default=5000,
                        help="customers in the market at the start (5000)")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                        help=f"investment points per round ({DEFAULT_BUDGET})")
    parser.add_argument("--seed", type=int, default=None,
                        help="the market's seed (random if not given; printed either way)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="the class's language: %(choices)s (default en; zh shows the "
                             "pages, refusals and debrief in Chinese)")
    return parser


def lan_address() -> str:
    """This computer's address on the local network (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def main(argv: list[str] | None = None) -> int:
    """Start the session and serve it until Ctrl+C."""
    args = _parser().parse_args(argv)
    try:
        settings = MarketSettings(customers=args.customers, rounds=args.rounds,
                                  periods_per_round=args.periods_per_round, budget=args.budget)
    except ValueError as error:
        print(f"loyalty-lab class: {error}", file=sys.stderr)
        return 2
    if not 1 <= args.port <= 65535:
        print(f"loyalty-lab class: --port must be in [1, 65535]; got {args.port}",
              file=sys.stderr)
        return 2
    import uvicorn

    from sim.market.game import Game
    from sim.market.server import create_app

    game = Game(settings, args.seed, lang=args.lang)
    host = lan_address() if args.host in ("0.0.0.0", "::") else args.host
    base = f"http://{host}:{args.port}"
    join_url = f"{base}/?code={game.code}"
    print(f"Class market (seed {game.seed}; {settings.rounds} rounds of "
          f"{settings.periods_per_round} months; {settings.customers} customers; "
          f"limits {LIMITS['teams'][1]} teams)")
    print(f"  students open:    {base}/   join code {game.code}")
    print(f"  projector:        {base}/projector")
    print(f"  instructor link:  {base}/projector#token={game.instructor_token}")
    print("  (only the instructor link can start and run rounds; Ctrl+C stops)", flush=True)
    uvicorn.run(create_app(game, join_url), host=args.host, port=args.port,
                log_level="warning", ws_max_size=16384)
    return 0
