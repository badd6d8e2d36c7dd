"""A class-market server on a free port of 127.0.0.1, run in a thread for tests.

The test keeps the :class:`~sim.market.game.Game` object, so it can compare
what the pages show with a direct replay of the market.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from sim.market.game import Game
from sim.market.server import ClassServer, create_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served(str):
    """The base address of a served game, with its ``ClassServer`` as ``.server``."""

    server: ClassServer


@contextlib.contextmanager
def serve(game: Game) -> Iterator[Served]:
    """Serve ``game`` until the block ends; yield its base address."""
    port = free_port()
    base = Served(f"http://127.0.0.1:{port}")
    app = create_app(game, f"{base}/?code={game.code}")
    base.server = app.state.server
    config = uvicorn.Config(app, host="127.0.0.1",
                            port=port, log_level="warning", ws_max_size=16384)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the class server did not start")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
