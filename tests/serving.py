"""The test HTTP servers' serving loop, on a thread of the test process."""

from __future__ import annotations

import socketserver
import threading

# `shutdown()` returns when the serving loop next polls: every 0.5 s by default, paid at the
# end of every test that serves (about 20 s of the fast tier, asleep).
POLL_SECONDS = 0.02


def serve_in_thread(server: socketserver.BaseServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    return thread
